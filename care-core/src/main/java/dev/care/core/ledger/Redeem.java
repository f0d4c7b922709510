package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import java.util.Objects;

/**
 * Redeem points now, soonest-expiring active lots first (L22).
 *
 * @param key idempotency key
 * @param customer whose points
 * @param points positive points
 * @param context why (e.g. the reward)
 */
public record Redeem(IdempotencyKey key, CustomerId customer, long points, PostingContext context)
    implements Command {
  /** Validates. */
  public Redeem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(context, "context");
    Amounts.positive("redeem points", points);
  }
}
