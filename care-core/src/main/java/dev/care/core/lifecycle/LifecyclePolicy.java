package dev.care.core.lifecycle;

import dev.care.core.consumption.ConsumptionHistory;
import dev.care.core.event.LifecycleStageChanged;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Infers a customer's life-cycle stage from their consumption records at a given instant.
 * Implementations are pure functions of their inputs, so a stage can be recomputed for any past
 * instant and replay gives the same answer. {@link RuleBasedLifecyclePolicy} uses recency and
 * frequency thresholds; a probability-of-being-alive policy lives in the analytics package.
 */
public interface LifecyclePolicy {
  /**
   * The stage at an instant.
   *
   * @param history the customer's consumption records (only those at or before {@code at} count)
   * @param at the instant
   * @return the stage with the reason it was chosen
   */
  StageDecision infer(ConsumptionHistory history, Instant at);

  /**
   * Reviews a customer: infers the stage and, when it differs from the previous one, returns the
   * transition event.
   *
   * @param history the consumption records
   * @param previous the stage last recorded, if any
   * @param at the instant of the review
   * @return the event, or empty when the stage did not change
   */
  default Optional<LifecycleStageChanged> review(
      ConsumptionHistory history, Optional<LifecycleStage> previous, Instant at) {
    Objects.requireNonNull(previous, "previous");
    StageDecision d = infer(history, at);
    if (previous.isPresent() && previous.get() == d.stage()) {
      return Optional.empty();
    }
    return Optional.of(
        new LifecycleStageChanged(history.customerId(), at, previous, d.stage(), d.reason()));
  }
}
