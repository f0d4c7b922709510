package dev.care.rules.engine;

import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.SatisfactionIndex;
import dev.care.rules.trigger.CarePlan;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CareEngine#recordFeedback} or {@link CareEngine#recordReply} recorded.
 *
 * @param customer whose feedback it is
 * @param interactionId the id of the feedback interaction stored for it
 * @param duplicate whether the same answers were recorded before (nothing new was written)
 * @param index the customer's satisfaction index afterwards, if known
 * @param care the care the answers planned (service recovery after a dissatisfier); empty for a
 *     duplicate
 */
public record FeedbackRecorded(
    CustomerId customer,
    String interactionId,
    boolean duplicate,
    Optional<SatisfactionIndex> index,
    CarePlan care) {
  /** Rejects nulls. */
  public FeedbackRecorded {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(interactionId, "interactionId");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(care, "care");
  }
}
