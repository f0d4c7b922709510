package dev.care.rules.segment.internal;

import org.roaringbitmap.RoaringBitmap;

/**
 * The customers on each stored epoch day of one date column: a bitmap per day, found by direct
 * indexing into pages of {@link #PAGE} days (allocated on first use) rather than a tree lookup,
 * plus one bitmap for {@link Columns#NEVER}. Days lie in the years 1900 to 9999 ({@code
 * CustomerAttributes} checks). Not thread-safe.
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
   * Adds the customers on days {@code [from, to]} to {@code into}.
   *
   * @param from first day
   * @param to last day
   * @param into receives the customers
   * @return number of non-empty days visited
   */
  int collect(long from, long to, RoaringBitmap into) {
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
