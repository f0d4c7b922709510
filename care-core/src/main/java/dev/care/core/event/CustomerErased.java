package dev.care.core.event;

import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer's personal data was erased; the id remains.
 *
 * @param customerId the customer
 * @param occurredAt when it happened
 */
public record CustomerErased(CustomerId customerId, Instant occurredAt) implements CareEvent {
  /** Rejects null fields. */
  public CustomerErased {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}
