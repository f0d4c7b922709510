package dev.care.benchmarks;

import java.time.LocalDate;
import java.time.MonthDay;

/**
 * The control fact of the Drools peer: carries today; date-relative constraints join against it.
 * Inserting it triggers evaluation of every rule; deleting it withdraws the matches.
 */
public final class SegmentEvaluation {
  private final long today;
  private final boolean[][] birthdayTables = new boolean[367][];
  private final LocalDate date;

  /**
   * Creates the fact.
   *
   * @param today the evaluation date
   */
  public SegmentEvaluation(LocalDate today) {
    this.date = today;
    this.today = today.toEpochDay();
  }

  /**
   * @return today as epoch day
   */
  public long getToday() {
    return today;
  }

  /**
   * Whether a birthday code's next occurrence is within {@code days} of today.
   *
   * @param code day-of-leap-year code, 0 for unknown
   * @param days window
   * @return inclusion
   */
  public boolean birthdayWithin(int code, int days) {
    boolean[] t = birthdayTables[days];
    if (t == null) {
      t = table(date, days);
      birthdayTables[days] = t;
    }
    return t[code];
  }

  /**
   * The codes inside a window.
   *
   * @param today start of the window
   * @param days length
   * @return a table indexed by code
   */
  static boolean[] table(LocalDate today, int days) {
    boolean[] t = new boolean[367];
    for (int k = 0; k <= days; k++) {
      LocalDate d = today.plusDays(k);
      t[MonthDay.from(d).atYear(2000).getDayOfYear()] = true;
      if (d.getMonthValue() == 2 && d.getDayOfMonth() == 28 && !d.isLeapYear()) {
        t[60] = true;
      }
    }
    return t;
  }
}
