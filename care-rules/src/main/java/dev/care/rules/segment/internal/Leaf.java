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
   * Scans rows {@code start .. start+rows-1} into {@code out} (bit {@code r} of the chunk is row
   * {@code start + r}); words past the rows are left unspecified.
   *
   * @param c the store
   * @param start first row, a multiple of 64
   * @param rows rows to scan, at most {@code out.length * 64}
   * @param out destination words
   */
  void scan(Columns c, int start, int rows, long[] out);

  /**
   * Evaluates one row.
   *
   * @param c the store
   * @param row the row
   * @return whether the predicate holds
   */
  boolean test(Columns c, int row);

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
    public void scan(Columns c, int start, int rows, long[] out) {
      switch (attribute) {
        case RECENCY_DAYS -> Scans.range(c.lastPurchase, start, rows, lo, hi, out);
        case TENURE_DAYS -> Scans.range(c.enrolled, start, rows, lo, hi, out);
        case FREQUENCY -> Scans.range(c.frequency, start, rows, lo, hi, out);
        case MONETARY, POINTS_BALANCE ->
            Scans.range(
                attribute == Attribute.MONETARY ? c.monetary : c.points, start, rows, lo, hi, out);
        case SATISFACTION_INDEX -> Scans.range(c.satisfaction, start, rows, lo, hi, out);
        case OPEN_COMPLAINTS -> Scans.range(c.complaints, start, rows, lo, hi, out);
        case RFM_R -> Scans.range(c.rfmR, start, rows, lo, hi, out);
        case RFM_F -> Scans.range(c.rfmF, start, rows, lo, hi, out);
        case RFM_M -> Scans.range(c.rfmM, start, rows, lo, hi, out);
        case P_ALIVE -> Scans.range(c.pAlive, start, rows, lo, hi, out);
        default -> throw new IllegalStateException("not numeric: " + attribute);
      }
    }

    @Override
    public boolean test(Columns c, int row) {
      long v = value(c, attribute, row);
      return v >= lo && v <= hi;
    }

    static long value(Columns c, Attribute a, int row) {
      return switch (a) {
        case RECENCY_DAYS -> c.lastPurchase[row];
        case TENURE_DAYS -> c.enrolled[row];
        case FREQUENCY -> c.frequency[row];
        case MONETARY -> c.monetary[row];
        case POINTS_BALANCE -> c.points[row];
        case SATISFACTION_INDEX -> c.satisfaction[row];
        case OPEN_COMPLAINTS -> c.complaints[row];
        case RFM_R -> c.rfmR[row];
        case RFM_F -> c.rfmF[row];
        case RFM_M -> c.rfmM[row];
        case P_ALIVE -> c.pAlive[row];
        default -> throw new IllegalStateException("not numeric: " + a);
      };
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
    public void scan(Columns c, int start, int rows, long[] out) {
      Scans.mask(column(c), start, rows, mask, out);
    }

    @Override
    public boolean test(Columns c, int row) {
      return ((mask >>> column(c)[row]) & 1L) != 0;
    }

    private byte[] column(Columns c) {
      return switch (attribute) {
        case TIER -> c.tier;
        case LIFECYCLE_STAGE -> c.stage;
        case CUSTOMER_TYPE -> c.type;
        default -> throw new IllegalStateException("not an enumeration: " + attribute);
      };
    }
  }

  /**
   * Consent on a channel.
   *
   * @param channel the channel
   */
  record Consent(Channel channel) implements Leaf {
    @Override
    public void scan(Columns c, int start, int rows, long[] out) {
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
   */
  record Tag(String tag) implements Leaf {
    @Override
    public void scan(Columns c, int start, int rows, long[] out) {
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
      RoaringBitmap b = c.tags.get(tag);
      return b != null && b.contains(row);
    }
  }

  /**
   * A constant, for predicates that hold for every or no value of the column's domain.
   *
   * @param value the constant
   */
  record Const(boolean value) implements Leaf {
    @Override
    public void scan(Columns c, int start, int rows, long[] out) {
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
    public void scan(Columns c, int start, int rows, long[] out) {
      Scans.table(c.birthday, start, rows, table, out);
    }

    @Override
    public boolean test(Columns c, int row) {
      return includes(c.birthday[row]);
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
