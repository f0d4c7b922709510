package dev.care.rules.segment.internal;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The customers on each stored epoch day of one date column: a bitmap per day, found by direct
 * indexing into pages of {@link #PAGE} days (allocated on first use) rather than a tree lookup,
 * plus one bitmap for {@link Columns#NEVER}. Days lie in the years 1900 to 9999 ({@code
 * CustomerAttributes} checks). Not thread-safe.
 *
 * <p><b>Deferred moves.</b> Only moving today reads the buckets, and customers' dates change far
 * more often than today does, so a changed date is not moved between buckets on the spot (a
 * RoaringBitmap remove on a cold bucket and an add: about a quarter of a segment update). {@link
 * #moved} marks the customer in a bitset and, the first time since the last flush, remembers the
 * day it had; {@link #collect} first moves every marked customer at once, grouped by day, to the
 * day its row holds then. The deferred work is one entry per distinct customer, whatever the number
 * of updates.
 */
final class DayBuckets {
  private static final int SHIFT = 10;

  /** Days per page. */
  static final int PAGE = 1 << SHIFT;

  private static final int FIRST = Columns.DATE_BASE;
  private static final int PAGES =
      ((int) java.time.LocalDate.of(10000, 1, 1).toEpochDay() - FIRST) / PAGE + 1;

  private final RoaringBitmap[][] pages = new RoaringBitmap[PAGES][];
  private final RoaringBitmap never = new RoaringBitmap();
  private final IntUnaryOperator currentDay;
  private long[] marked = new long[0];
  private int[] movedRows = new int[16];
  private int[] movedFrom = new int[16];
  private int moved;

  /**
   * Creates empty buckets.
   *
   * @param currentDay a customer's stored day now (read when deferred moves are applied)
   */
  DayBuckets(IntUnaryOperator currentDay) {
    this.currentDay = currentDay;
  }

  private RoaringBitmap bucket(int day, boolean create) {
    if (day == Columns.NEVER) {
      return never;
    }
    int d = day - FIRST;
    if (d < 0 || d >= PAGES * PAGE) {
      throw new IllegalArgumentException("day out of range: " + day);
    }
    RoaringBitmap[] page = pages[d >>> SHIFT];
    if (page == null) {
      if (!create) {
        return null;
      }
      page = pages[d >>> SHIFT] = new RoaringBitmap[PAGE];
    }
    RoaringBitmap b = page[d & (PAGE - 1)];
    if (b == null && create) {
      b = page[d & (PAGE - 1)] = new RoaringBitmap();
    }
    return b;
  }

  /**
   * Puts a customer on a day.
   *
   * @param day epoch day or {@link Columns#NEVER}
   * @param row the customer
   */
  void add(int day, int row) {
    bucket(day, true).add(row);
  }

  /**
   * Takes a customer off a day.
   *
   * @param day epoch day or {@link Columns#NEVER}
   * @param row the customer
   */
  void remove(int day, int row) {
    RoaringBitmap b = bucket(day, false);
    if (b != null) {
      b.remove(row);
    }
  }

  /**
   * Notes that a customer's day changed; the customer stays in the bucket of {@code oldDay} until
   * the next {@link #collect}, which moves it to the day its row holds then.
   *
   * @param row the customer
   * @param oldDay the day the customer is filed under now
   */
  void moved(int row, int oldDay) {
    int w = row >>> 6;
    if (w >= marked.length) {
      marked = Arrays.copyOf(marked, Math.max(w + 1, marked.length * 2));
    }
    long bit = 1L << row;
    if ((marked[w] & bit) != 0) {
      return;
    }
    marked[w] |= bit;
    if (moved == movedRows.length) {
      movedRows = Arrays.copyOf(movedRows, moved * 2);
      movedFrom = Arrays.copyOf(movedFrom, moved * 2);
    }
    movedRows[moved] = row;
    movedFrom[moved++] = oldDay;
  }

  /** Applies the deferred moves: takes every moved customer off its old day, puts it on its day. */
  private void applyMoves() {
    if (moved == 0) {
      return;
    }
    long[] keys = new long[moved];
    for (int i = 0; i < moved; i++) {
      keys[i] = (long) movedFrom[i] << 32 | movedRows[i];
    }
    regroup(keys, false);
    for (int i = 0; i < moved; i++) {
      int row = movedRows[i];
      keys[i] = (long) currentDay.applyAsInt(row) << 32 | row;
      marked[row >>> 6] &= ~(1L << row);
    }
    regroup(keys, true);
    moved = 0;
  }

  /** Sorts (day, row) keys and adds or removes each day's rows as one batch. */
  private void regroup(long[] keys, boolean add) {
    Arrays.sort(keys);
    int[] rows = new int[keys.length];
    for (int i = 0; i < keys.length; ) {
      int day = (int) (keys[i] >> 32);
      int n = 0;
      int j = i;
      while (j < keys.length && (int) (keys[j] >> 32) == day) {
        rows[n++] = (int) keys[j++];
      }
      RoaringBitmap b = bucket(day, add);
      if (b != null) {
        if (n == 1) {
          if (add) {
            b.add(rows[0]);
          } else {
            b.remove(rows[0]);
          }
        } else {
          RoaringBitmap batch = RoaringBitmap.bitmapOf(Arrays.copyOf(rows, n));
          if (add) {
            b.or(batch);
          } else {
            b.andNot(batch);
          }
        }
      }
      i = j;
    }
  }

  /**
   * Adds the customers on days {@code [from, to]} to {@code into} (deferred moves applied first).
   *
   * @param from first day
   * @param to last day
   * @param into receives the customers
   * @return number of non-empty days visited
   */
  int collect(long from, long to, RoaringBitmap into) {
    applyMoves();
    if (from > to) {
      return 0;
    }
    int days = 0;
    if (from <= Columns.NEVER && Columns.NEVER <= to && !never.isEmpty()) {
      into.or(never);
      days++;
    }
    // clamp before subtracting, so that unbounded ranges cannot overflow
    long lo = Math.max(from, FIRST) - FIRST;
    long hi = Math.min(to, FIRST + (long) PAGES * PAGE - 1) - FIRST;
    for (long d = lo; d <= hi; ) {
      RoaringBitmap[] page = pages[(int) (d >>> SHIFT)];
      long end = Math.min(hi, (d | (PAGE - 1)));
      if (page != null) {
        for (long x = d; x <= end; x++) {
          RoaringBitmap b = page[(int) (x & (PAGE - 1))];
          if (b != null && !b.isEmpty()) {
            into.or(b);
            days++;
          }
        }
      }
      d = end + 1;
    }
    return days;
  }
}
