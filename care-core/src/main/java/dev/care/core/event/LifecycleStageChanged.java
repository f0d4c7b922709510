package dev.care.core.event;

import dev.care.core.customer.CustomerId;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.lifecycle.StageChange;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer moved to another life-cycle stage (or got a first one).
 *
 * @param customerId the customer
 * @param occurredAt when it happened
 * @param from the previous stage, empty for the first review
 * @param to the new stage
 * @param reason why, in plain words
 */
public record LifecycleStageChanged(
    CustomerId customerId,
    Instant occurredAt,
    Optional<LifecycleStage> from,
    LifecycleStage to,
    String reason)
    implements CareEvent {
  /** Rejects null fields. */
  public LifecycleStageChanged {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
    if (from.isPresent() && from.get() == to) {
      throw new IllegalArgumentException("stage change from " + to + " to itself");
    }
  }

  /**
   * The event of a change a life-cycle review found.
   *
   * @param change the change
   * @return the event, occurred at the review's instant
   */
  public static LifecycleStageChanged of(StageChange change) {
    Objects.requireNonNull(change, "change");
    return new LifecycleStageChanged(
        change.customerId(), change.at(), change.from(), change.to(), change.reason());
  }
}
