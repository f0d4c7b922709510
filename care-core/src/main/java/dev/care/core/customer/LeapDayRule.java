package dev.care.core.customer;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Year;

/** Where a 29 February date falls in a common year. */
public enum LeapDayRule {
  /** Celebrate on 28 February in common years (the default). */
  FEBRUARY_28,
  /** Celebrate on 1 March in common years. */
  MARCH_1;

  /**
   * The date of a month-day in a given year, applying this rule to 29 February.
   *
   * @param monthDay the month and day
   * @param year the year
   * @return the date in that year
   */
  public LocalDate resolve(MonthDay monthDay, int year) {
    if (monthDay.getMonthValue() == 2 && monthDay.getDayOfMonth() == 29 && !Year.isLeap(year)) {
      return this == FEBRUARY_28 ? LocalDate.of(year, 2, 28) : LocalDate.of(year, 3, 1);
    }
    return monthDay.atYear(year);
  }
}
