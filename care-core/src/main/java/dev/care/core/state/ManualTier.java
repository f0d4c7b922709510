package dev.care.core.state;

import dev.care.core.customer.TierId;
import java.time.Instant;
import java.util.Objects;

/**
 * A tier set by staff until an instant: a floor (the customer never drops below it, and earns
 * higher tiers as usual) or a fixed tier (the customer holds exactly this tier, whatever they
 * earn). From {@code until} on it no longer applies and the ordinary tier review takes over.
 *
 * @param mode floor or fixed
 * @param tier the tier
 * @param until when the setting ends (exclusive)
 */
public record ManualTier(Mode mode, TierId tier, Instant until) {

  /** How a manual tier applies. */
  public enum Mode {
    /** The customer never drops below the tier; higher earned tiers still apply. */
    FLOOR,
    /** The customer holds exactly the tier, above or below what they earn. */
    FIXED
  }

  /** Rejects nulls. */
  public ManualTier {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(until, "until");
  }

  /**
   * Whether the setting still applies at an instant.
   *
   * @param at the instant
   * @return {@code at} is before {@link #until}
   */
  public boolean activeAt(Instant at) {
    return at.isBefore(until);
  }
}
