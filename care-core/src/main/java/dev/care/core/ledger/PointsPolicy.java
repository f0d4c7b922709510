package dev.care.core.ledger;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The program's points rules as the ledger applies them.
 *
 * @param rounding how raw earned points round (default {@link PointsRounding#DOWN})
 * @param lotLifetime how long a lot lives from earning (default 365 days; empty: never expires)
 * @param clawback returns of spent points (default: reject)
 * @param transferExpiry whether transferred lots keep their expiry (default: keep)
 * @param expiryRule the rule a points lot's expiry posting records (e.g. {@code
 *     salon-rewards@1/points.lotLifetime}); empty: none
 */
public record PointsPolicy(
    PointsRounding rounding,
    Optional<Duration> lotLifetime,
    ClawbackPolicy clawback,
    TransferExpiry transferExpiry,
    Optional<String> expiryRule) {
  /** Validates. */
  public PointsPolicy {
    Objects.requireNonNull(rounding, "rounding");
    Objects.requireNonNull(lotLifetime, "lotLifetime");
    Objects.requireNonNull(clawback, "clawback");
    Objects.requireNonNull(transferExpiry, "transferExpiry");
    Objects.requireNonNull(expiryRule, "expiryRule");
    lotLifetime.ifPresent(
        d -> {
          if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("points lotLifetime must be positive, got " + d);
          }
        });
  }

  /**
   * A policy whose expiry postings record no rule.
   *
   * @param rounding how raw earned points round
   * @param lotLifetime how long a lot lives from earning (empty: never expires)
   * @param clawback returns of spent points
   * @param transferExpiry whether transferred lots keep their expiry
   */
  public PointsPolicy(
      PointsRounding rounding,
      Optional<Duration> lotLifetime,
      ClawbackPolicy clawback,
      TransferExpiry transferExpiry) {
    this(rounding, lotLifetime, clawback, transferExpiry, Optional.empty());
  }

  /**
   * A copy whose points expiry postings record a rule.
   *
   * @param rule the rule reference
   * @return a copy
   */
  public PointsPolicy withExpiryRule(String rule) {
    return new PointsPolicy(
        rounding,
        lotLifetime,
        clawback,
        transferExpiry,
        Optional.of(Objects.requireNonNull(rule, "rule")));
  }

  /**
   * The defaults.
   *
   * @return round down, 365-day lots, no clawback, transfers keep expiry
   */
  public static PointsPolicy defaults() {
    return new PointsPolicy(
        PointsRounding.DOWN,
        Optional.of(Duration.ofDays(365)),
        ClawbackPolicy.reject(),
        TransferExpiry.KEEP);
  }

  /**
   * A copy with another clawback policy.
   *
   * @param policy the policy
   * @return a copy
   */
  public PointsPolicy withClawback(ClawbackPolicy policy) {
    return new PointsPolicy(rounding, lotLifetime, policy, transferExpiry, expiryRule);
  }

  /**
   * A copy with another rounding.
   *
   * @param r the rounding
   * @return a copy
   */
  public PointsPolicy withRounding(PointsRounding r) {
    return new PointsPolicy(r, lotLifetime, clawback, transferExpiry, expiryRule);
  }

  /**
   * A copy with another lot lifetime.
   *
   * @param lifetime the lifetime, or empty for never
   * @return a copy
   */
  public PointsPolicy withLotLifetime(Optional<Duration> lifetime) {
    return new PointsPolicy(rounding, lifetime, clawback, transferExpiry, expiryRule);
  }

  /**
   * A copy with another transfer-expiry rule.
   *
   * @param t the rule
   * @return a copy
   */
  public PointsPolicy withTransferExpiry(TransferExpiry t) {
    return new PointsPolicy(rounding, lotLifetime, clawback, t, expiryRule);
  }
}
