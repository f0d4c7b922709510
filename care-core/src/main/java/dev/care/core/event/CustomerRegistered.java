package dev.care.core.event;

import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer entered the file.
 *
 * @param customerId the customer
 * @param occurredAt when it happened
 */
public record CustomerRegistered(CustomerId customerId, Instant occurredAt) implements CareEvent {
  /** Rejects null fields. */
  public CustomerRegistered {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}
