package dev.care.core.care;

/** How urgent a care action or task is, lowest first. */
public enum Priority {
  /** Whenever convenient. */
  LOW,
  /** The usual. */
  NORMAL,
  /** Before normal work. */
  HIGH,
  /** At once. */
  URGENT;

  /**
   * This priority raised by some steps, capped at {@link #URGENT}.
   *
   * @param steps how many steps, ≥ 0
   * @return the raised priority
   */
  public Priority raisedBy(int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    return values()[Math.min(values().length - 1, ordinal() + steps)];
  }
}
