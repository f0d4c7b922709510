package dev.care.rules.tier;

import dev.care.core.customer.TierId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's tier state between reviews.
 *
 * @param current the tier the customer holds
 * @param floor a tier set by hand (a manager's override): the customer never drops below it
 * @param belowSince when the customer first fell short of the current tier, while in grace
 */
public record TierStatus(TierId current, Optional<TierId> floor, Optional<Instant> belowSince) {
  /** Rejects nulls. */
  public TierStatus {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(floor, "floor");
    Objects.requireNonNull(belowSince, "belowSince");
  }

  /**
   * A new member in a tier, with no override and no grace running.
   *
   * @param tier the tier
   * @return the status
   */
  public static TierStatus of(TierId tier) {
    return new TierStatus(tier, Optional.empty(), Optional.empty());
  }

  /**
   * A copy with a manual floor (or none).
   *
   * @param newFloor the floor
   * @return the new status
   */
  public TierStatus withFloor(Optional<TierId> newFloor) {
    return new TierStatus(current, newFloor, belowSince);
  }
}
