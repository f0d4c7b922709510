package dev.care.core.lifecycle;

import dev.care.core.consumption.ConsumptionHistory;
import java.time.Duration;
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
   * change (which the engine publishes as a {@code LifecycleStageChanged} event).
   *
   * @param history the consumption records
   * @param previous the stage last recorded, if any
   * @param at the instant of the review
   * @return the change, or empty when the stage did not change
   */
  default Optional<StageChange> review(
      ConsumptionHistory history, Optional<LifecycleStage> previous, Instant at) {
    Objects.requireNonNull(previous, "previous");
    StageDecision d = infer(history, at);
    if (previous.isPresent() && previous.get() == d.stage()) {
      return Optional.empty();
    }
    return Optional.of(new StageChange(history.customerId(), at, previous, d.stage(), d.reason()));
  }

  /**
   * The first instant at or after {@code after} at which {@link #review} would report a change if
   * no further consumption record arrived: what the nightly run's due index needs. The default
   * cannot see inside {@link #infer}, so it answers {@code after} when a review then changes the
   * stage and otherwise one day later (a daily review); policies whose stages change at known
   * instants override it with the exact instant.
   *
   * @param history the consumption records
   * @param previous the stage last recorded, if any
   * @param after the earliest instant of interest (normally how far the customer was advanced)
   * @return that instant, or empty when the stage never changes again by time alone
   */
  default Optional<Instant> nextChange(
      ConsumptionHistory history, Optional<LifecycleStage> previous, Instant after) {
    Objects.requireNonNull(after, "after");
    return Optional.of(
        review(history, previous, after).isPresent() ? after : after.plus(Duration.ofDays(1)));
  }
}
