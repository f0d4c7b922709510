package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Earn points into a new lot. The raw amount is rounded once, here, by the program's declared
 * {@link PointsRounding} (L25); a later reversal reuses the rounded amount.
 *
 * @param key idempotency key
 * @param customer who earns
 * @param points the raw (unrounded) points, positive
 * @param qualifying the raw tier-qualifying points, between 0 and {@code points} (L26)
 * @param funding which program account funds them
 * @param pendingUntil points stay pending (visible, not spendable) until then, e.g. the end of the
 *     return window (L23)
 * @param context why
 */
public record Earn(
    IdempotencyKey key,
    CustomerId customer,
    BigDecimal points,
    BigDecimal qualifying,
    Funding funding,
    Optional<Instant> pendingUntil,
    PostingContext context)
    implements Command {
  private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  /** Validates. */
  public Earn {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(points, "points");
    Objects.requireNonNull(qualifying, "qualifying");
    Objects.requireNonNull(funding, "funding");
    Objects.requireNonNull(pendingUntil, "pendingUntil");
    Objects.requireNonNull(context, "context");
    if (points.signum() <= 0 || points.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          "earn points must be positive and at most " + Long.MAX_VALUE + ", got " + points);
    }
    if (qualifying.signum() < 0 || qualifying.compareTo(points) > 0) {
      throw new IllegalArgumentException(
          "earn qualifying points must be between 0 and points ("
              + points
              + "), got "
              + qualifying);
    }
    points = points.stripTrailingZeros();
    qualifying = qualifying.stripTrailingZeros();
  }

  /**
   * Earn whole points that all count toward tiers, funded by regular issuance, active at once.
   *
   * @param key idempotency key
   * @param customer who earns
   * @param points positive points
   * @param context why
   * @return the command
   */
  public static Earn of(
      IdempotencyKey key, CustomerId customer, long points, PostingContext context) {
    BigDecimal p = BigDecimal.valueOf(Amounts.positive("earn points", points));
    return new Earn(key, customer, p, p, Funding.ISSUED, Optional.empty(), context);
  }

  /**
   * This command with the points pending until an instant.
   *
   * @param until activation time
   * @return a copy
   */
  public Earn pendingUntil(Instant until) {
    return new Earn(key, customer, points, qualifying, funding, Optional.of(until), context);
  }

  /**
   * This command with a tier-qualifying amount.
   *
   * @param qualifyingPoints raw qualifying points
   * @return a copy
   */
  public Earn withQualifying(BigDecimal qualifyingPoints) {
    return new Earn(key, customer, points, qualifyingPoints, funding, pendingUntil, context);
  }

  /**
   * This command funded by a promotion.
   *
   * @return a copy
   */
  public Earn promotional() {
    return new Earn(key, customer, points, qualifying, Funding.PROMOTIONAL, pendingUntil, context);
  }
}
