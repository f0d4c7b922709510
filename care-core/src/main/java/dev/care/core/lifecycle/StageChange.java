package dev.care.core.lifecycle;

import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A change of life-cycle stage a {@link LifecyclePolicy#review} found: the customer moved to
 * another stage (or got a first one). The engine publishes it as the event {@code
 * dev.care.core.event.LifecycleStageChanged} ({@code LifecycleStageChanged.of(change)}).
 *
 * @param customerId the customer
 * @param at the instant of the review
 * @param from the previous stage, empty for the first review
 * @param to the new stage
 * @param reason why, in plain words
 */
public record StageChange(
    CustomerId customerId,
    Instant at,
    Optional<LifecycleStage> from,
    LifecycleStage to,
    String reason) {
  /** Rejects null fields and a change to the same stage. */
  public StageChange {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
    if (from.isPresent() && from.get() == to) {
      throw new IllegalArgumentException("stage change from " + to + " to itself");
    }
  }
}
