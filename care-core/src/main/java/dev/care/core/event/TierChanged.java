package dev.care.core.event;

import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's value tier changed.
 *
 * @param customerId the customer
 * @param occurredAt when it happened
 * @param from the previous tier, if any
 * @param to the new tier, if any
 * @param reason why, in plain words
 */
public record TierChanged(
    CustomerId customerId,
    Instant occurredAt,
    Optional<TierId> from,
    Optional<TierId> to,
    String reason)
    implements CareEvent {
  /** Rejects null fields. */
  public TierChanged {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
    if (from.equals(to)) {
      throw new IllegalArgumentException("tier change from " + from + " to itself");
    }
  }
}
