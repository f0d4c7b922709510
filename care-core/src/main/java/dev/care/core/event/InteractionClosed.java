package dev.care.core.event;

import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A service interaction was closed with an outcome.
 *
 * @param customerId the customer
 * @param occurredAt when it happened
 * @param interactionId the interaction
 * @param kind what kind of contact
 * @param outcome how it ended
 * @param turnaround time from opening to closing
 * @param withinTarget whether the turnaround met its target (true when there was none)
 */
public record InteractionClosed(
    CustomerId customerId,
    Instant occurredAt,
    String interactionId,
    InteractionKind kind,
    InteractionOutcome outcome,
    Duration turnaround,
    boolean withinTarget)
    implements CareEvent {
  /** Rejects null fields. */
  public InteractionClosed {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(interactionId, "interactionId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(turnaround, "turnaround");
  }
}
