package dev.care.rules.analytics;

import dev.care.core.customer.CustomerId;
import java.util.Objects;

/**
 * A customer's RFM quintile scores and segment.
 *
 * @param customerId the customer
 * @param recency 1–5, 5 = bought most recently
 * @param frequency 1–5, 5 = most purchase occasions
 * @param monetary 1–5, 5 = highest total spend
 * @param segment the named segment of {@code (recency, fm())}
 */
public record RfmScore(
    CustomerId customerId, int recency, int frequency, int monetary, RfmSegment segment) {
  /** Validates. */
  public RfmScore {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(segment, "segment");
    check("recency", recency);
    check("frequency", frequency);
    check("monetary", monetary);
  }

  private static void check(String name, int v) {
    if (v < 1 || v > 5) {
      throw new IllegalArgumentException(name + " must be 1..5, got " + v);
    }
  }

  /**
   * The combined frequency-monetary score, {@code ⌊(F + M + 1) / 2⌋}.
   *
   * @return 1–5
   */
  public int fm() {
    return (frequency + monetary + 1) / 2;
  }

  /**
   * The usual three-digit code, e.g. {@code "545"}.
   *
   * @return R, F and M as digits
   */
  public String code() {
    return "" + recency + frequency + monetary;
  }
}
