package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import java.time.Duration;
import java.util.Objects;

/**
 * Reserve points or stored value for a checkout. Fails when placed if the customer lacks the
 * available amount (L9), never later at capture.
 *
 * @param key idempotency key
 * @param customer whose value
 * @param asset {@link Asset#POINTS} or a wallet currency
 * @param amount positive amount (points or minor units)
 * @param timeToLive how long until it expires if not captured or voided
 * @param context why
 */
public record PlaceHold(
    IdempotencyKey key,
    CustomerId customer,
    Asset asset,
    long amount,
    Duration timeToLive,
    PostingContext context)
    implements Command {
  /** Validates. */
  public PlaceHold {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(timeToLive, "timeToLive");
    Objects.requireNonNull(context, "context");
    Amounts.positive("hold amount", amount);
    if (timeToLive.isNegative() || timeToLive.isZero()) {
      throw new IllegalArgumentException("hold timeToLive must be positive, got " + timeToLive);
    }
  }
}
