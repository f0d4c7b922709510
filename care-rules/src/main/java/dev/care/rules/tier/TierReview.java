package dev.care.rules.tier;

import dev.care.core.event.TierChanged;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a tier review.
 *
 * @param status the status after the review
 * @param change the tier change, if the tier changed
 */
public record TierReview(TierStatus status, Optional<TierChanged> change) {
  /** Rejects nulls. */
  public TierReview {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(change, "change");
  }
}
