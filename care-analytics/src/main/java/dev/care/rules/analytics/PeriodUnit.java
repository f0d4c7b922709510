package dev.care.rules.analytics;

/** The unit of the models' time axis: {@code t_x}, {@code T} and forecast horizons. */
public enum PeriodUnit {
  /** One period is one day. */
  DAYS(1),
  /** One period is seven days; a gap of 10 days is 10/7 periods. */
  WEEKS(7);

  private final int days;

  PeriodUnit(int days) {
    this.days = days;
  }

  /**
   * Days in one period.
   *
   * @return 1 or 7
   */
  public int days() {
    return days;
  }

  /**
   * Converts a number of whole days to periods.
   *
   * @param days the days
   * @return {@code days / days()} as a real number
   */
  public double fromDays(long days) {
    return (double) days / this.days;
  }
}
