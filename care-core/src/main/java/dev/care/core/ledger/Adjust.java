package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import java.util.Objects;

/**
 * A manual points adjustment, up or down, with the reason and actor recorded in the context.
 *
 * @param key idempotency key
 * @param customer whose points
 * @param points signed, non-zero: positive opens a lot, negative draws active lots
 * @param context why and who
 */
public record Adjust(IdempotencyKey key, CustomerId customer, long points, PostingContext context)
    implements Command {
  /** Validates. */
  public Adjust {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(context, "context");
    if (points == 0 || points == Long.MIN_VALUE) {
      throw new IllegalArgumentException("adjust points must be non-zero, got " + points);
    }
  }
}
