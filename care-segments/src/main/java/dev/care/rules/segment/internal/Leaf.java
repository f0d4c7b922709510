package dev.care.rules.segment.internal;

import dev.care.core.customer.Channel;
import dev.care.rules.segment.Attribute;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Objects;
import org.roaringbitmap.Container;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.RoaringBitmap;

/**
 * A normalised predicate on one column: the unit that is scanned into a word bitset once per
 * evaluation and shared by every segment that contains it (leaves have value equality).
 */
public sealed interface Leaf {

  /**
   * Evaluates rows {@code start .. start+rows-1} into {@code out} (bit {@code r} of the chunk is
   * row {@code start + r}) from the bit-sliced indexes and bitsets; bits past the rows are left
   * unspecified.
   *
   * @param c the store
   * @param start first row, a multiple of 64
   * @param rows rows, at most {@code out.length * 64}
   * @param out destination words
   * @param scratch six arrays at least as long as {@code out}
   */
  void scan(Columns c, int start, int rows, long[] out, long[][] scratch);

  /**
   * Evaluates one row.
   *
   * @param c the store
   * @param row the row
   * @return whether the predicate holds
   */
  boolean test(Columns c, int row);

  /**
   * Rows whose indexed ordinal is in a 64-bit mask: one range per run of consecutive ordinals.
   *
   * @param bsi the index
   * @param mask the ordinals
   * @param start first row
   * @param rows rows
   * @param out result words
   * @param scratch scratch arrays
   */
  private static void runs(Bsi bsi, long mask, int start, int rows, long[] out, long[][] scratch) {
    int n = (rows + 63) >>> 6;
    java.util.Arrays.fill(out, 0, n, 0L);
    long[] tmp = scratch[4];
    long m = mask;
    while (m != 0) {
      int from = Long.numberOfTrailingZeros(m);
      int to = from + Long.numberOfTrailingZeros(~(m >>> from)) - 1;
      bsi.range(from, to, start >>> 6, n, tmp, scratch);
      for (int w = 0; w < n; w++) {
        out[w] |= tmp[w];
      }
      m &= to >= 63 ? 0 : -1L << (to + 1);
    }
  }

  /**
   * Numeric column value in {@code [lo, hi]}; for days-since attributes the bounds are epoch days
   * on the stored date column. Bounds are clamped to the column's domain, so at least one side is
   * checked and the long arithmetic cannot overflow.
   *
   * @param attribute the column
   * @param lo lowest value included
   * @param hi highest value included
   */
  record Range(Attribute attribute, long lo, long hi) implements Leaf {
    @Override
    public void scan(Columns c, int start, int rows, long[] out, long[][] scratch) {
      int w0 = start >>> 6;
      int n = (rows + 63) >>> 6;
      Bsi bsi = c.index[attribute.ordinal()];
      switch (attribute) {
        case RECENCY_DAYS, TENURE_DAYS -> {
          long[] present =
              attribute == Attribute.RECENCY_DAYS ? c.purchasePresent : c.enrolledPresent;
          long a = Math.max(0, lo - Columns.DATE_BASE);
          long b = hi - Columns.DATE_BASE;
          if (b < 0) {
            java.util.Arrays.fill(out, 0, n, 0L);
          } else {
            bsi.range(a, b, w0, n, out, scratch);
          }
          boolean never = lo <= Columns.NEVER && Columns.NEVER <= hi;
          for (int w = 0; w < n; w++) {
            long p = present[w0 + w];
            out[w] = (out[w] & p) | (never ? ~p : 0L);
          }
        }
        case POINTS_BALANCE -> {
          long[] neg = c.pointsNegative;
          long[] tmp = scratch[5];
          if (hi >= 0) {
            bsi.range(Math.max(lo, 0), hi, w0, n, out, scratch);
          } else {
            java.util.Arrays.fill(out, 0, n, 0L);
          }
          if (lo < 0) {
            bsi.range(Math.max(-hi, 1), -lo, w0, n, tmp, scratch);
            for (int w = 0; w < n; w++) {
              long m = neg[w0 + w];
              out[w] = (out[w] & ~m) | (tmp[w] & m);
            }
          } else {
            for (int w = 0; w < n; w++) {
              out[w] &= ~neg[w0 + w];
            }
          }
        }
        default -> bsi.range(Math.max(lo, 0), hi, w0, n, out, scratch);
      }
    }

    @Override
    public boolean test(Columns c, int row) {
      long v = c.value(attribute, row);
      return v >= lo && v <= hi;
    }
  }

  /**
   * Enumeration ordinal in a set, as a 64-bit mask of ordinals.
   *
   * @param attribute the column
   * @param mask bit {@code o} set when ordinal {@code o} is included
   */
  record Mask(Attribute attribute, long mask) implements Leaf {
    @Override
    public void scan(Columns c, int start, int rows, long[] out, long[][] scratch) {
      runs(c.index[attribute.ordinal()], mask, start, rows, out, scratch);
    }

    @Override
    public boolean test(Columns c, int row) {
      return ((mask >>> c.value(attribute, row)) & 1L) != 0;
    }
  }

  /**
   * Consent on a channel.
   *
   * @param channel the channel
   */
  record Consent(Channel channel) implements Leaf {
    @Override
    public void scan(Columns c, int start, int rows, long[] out, long[][] scratch) {
      System.arraycopy(c.consent[channel.ordinal()], start >>> 6, out, 0, (rows + 63) >>> 6);
    }

    @Override
    public boolean test(Columns c, int row) {
      return c.consent(channel.ordinal(), row);
    }
  }

  /**
   * Carries a tag.
   *
   * @param tag the tag
   * @param id its id in the store, {@link Columns#tagId(String)}
   */
  record Tag(String tag, int id) implements Leaf {
    @Override
    public void scan(Columns c, int start, int rows, long[] out, long[][] scratch) {
      int words = (rows + 63) >>> 6;
      java.util.Arrays.fill(out, 0, words, 0L);
      RoaringBitmap b = c.tags.get(tag);
      if (b == null) {
        return;
      }
      char key = (char) (start >>> 16);
      ContainerPointer p = b.getContainerPointer();
      while (p.getContainer() != null && p.key() < key) {
        p.advance();
      }
      Container ct = p.getContainer();
      if (ct != null && p.key() == key) {
        ct.copyBitmapTo(out, 0);
      }
    }

    @Override
    public boolean test(Columns c, int row) {
      return c.hasTag(id, row);
    }
  }

  /**
   * A constant, for predicates that hold for every or no value of the column's domain.
   *
   * @param value the constant
   */
  record Const(boolean value) implements Leaf {
    @Override
    public void scan(Columns c, int start, int rows, long[] out, long[][] scratch) {
      java.util.Arrays.fill(out, 0, (rows + 63) >>> 6, value ? -1L : 0L);
    }

    @Override
    public boolean test(Columns c, int row) {
      return value;
    }
  }

  /**
   * Next birthday within {@code days} days of {@code today}: a lookup table over the 367 birthday
   * codes, built once per today.
   */
  final class Birthday implements Leaf {
    private final int days;
    private final LocalDate today;
    private final long[] table = new long[6];

    /**
     * Builds the table.
     *
     * @param days window length
     * @param today the day the window starts
     */
    public Birthday(int days, LocalDate today) {
      this.days = days;
      this.today = today;
      for (int k = 0; k <= days; k++) {
        LocalDate d = today.plusDays(k);
        set(Columns.birthdayCode(java.util.Optional.of(MonthDay.from(d))));
        if (d.getMonthValue() == 2 && d.getDayOfMonth() == 28 && !d.isLeapYear()) {
          set(Columns.birthdayCode(java.util.Optional.of(MonthDay.of(2, 29))));
        }
      }
    }

    private void set(int code) {
      table[code >>> 6] |= 1L << code;
    }

    /**
     * Whether a birthday code is inside the window.
     *
     * @param code birthday code
     * @return membership
     */
    public boolean includes(int code) {
      return ((table[code >>> 6] >>> code) & 1L) != 0;
    }

    @Override
    public void scan(Columns c, int start, int rows, long[] out, long[][] scratch) {
      int n = (rows + 63) >>> 6;
      java.util.Arrays.fill(out, 0, n, 0L);
      long[] tmp = scratch[4];
      int code = 1;
      while (code <= 366) {
        if (!includes(code)) {
          code++;
          continue;
        }
        int from = code;
        while (code <= 366 && includes(code)) {
          code++;
        }
        c.index[Attribute.BIRTHDAY.ordinal()].range(from, code - 1, start >>> 6, n, tmp, scratch);
        for (int w = 0; w < n; w++) {
          out[w] |= tmp[w];
        }
      }
    }

    @Override
    public boolean test(Columns c, int row) {
      return includes((int) c.value(Attribute.BIRTHDAY, row));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Birthday b && b.days == days && b.today.equals(today);
    }

    @Override
    public int hashCode() {
      return Objects.hash(days, today);
    }

    @Override
    public String toString() {
      return "Birthday[days=" + days + ", today=" + today + "]";
    }
  }
}
