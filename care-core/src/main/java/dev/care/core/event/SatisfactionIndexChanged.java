package dev.care.core.event;

import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.SatisfactionIndex;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's satisfaction index was recomputed and changed.
 *
 * @param customerId the customer
 * @param occurredAt when it happened
 * @param from the previous index, if any
 * @param to the new index
 */
public record SatisfactionIndexChanged(
    CustomerId customerId,
    Instant occurredAt,
    Optional<SatisfactionIndex> from,
    SatisfactionIndex to)
    implements CareEvent {
  /** Rejects null fields. */
  public SatisfactionIndexChanged {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
