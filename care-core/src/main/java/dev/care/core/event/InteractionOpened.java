package dev.care.core.event;

import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.InteractionKind;
import java.time.Instant;
import java.util.Objects;

/**
 * A service interaction (contact, complaint, repair...) was opened.
 *
 * @param customerId the customer
 * @param occurredAt when it happened
 * @param interactionId the interaction
 * @param kind what kind of contact
 */
public record InteractionOpened(
    CustomerId customerId, Instant occurredAt, String interactionId, InteractionKind kind)
    implements CareEvent {
  /** Rejects null fields. */
  public InteractionOpened {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(interactionId, "interactionId");
    Objects.requireNonNull(kind, "kind");
  }
}
