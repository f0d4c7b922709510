package dev.care.core.ledger;

/**
 * What a return does when the points it earned were already spent (L10): reject (the default), or
 * allow the balance to go negative down to a limit. A negative balance is a debt that the next
 * credits repay first.
 *
 * @param allowNegative whether the balance may go negative
 * @param limit how far below zero it may go (0 when not allowed)
 */
public record ClawbackPolicy(boolean allowNegative, long limit) {
  /** Validates. */
  public ClawbackPolicy {
    if (limit < 0 || (!allowNegative && limit != 0)) {
      throw new IllegalArgumentException(
          "clawback limit must be >= 0, and 0 when negative balances are not allowed, got "
              + limit);
    }
  }

  /**
   * Reject returns of spent points (the default).
   *
   * @return the policy
   */
  public static ClawbackPolicy reject() {
    return new ClawbackPolicy(false, 0);
  }

  /**
   * Allow a negative balance down to {@code -limit}.
   *
   * @param limit positive limit
   * @return the policy
   */
  public static ClawbackPolicy allowNegative(long limit) {
    return new ClawbackPolicy(true, Amounts.positive("clawback limit", limit));
  }
}
