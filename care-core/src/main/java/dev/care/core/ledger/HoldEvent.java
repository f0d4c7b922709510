package dev.care.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of a hold in the journal: placed, or ended. Holds change only through these events, so
 * replaying the journal rebuilds them.
 *
 * @param hold the hold as it is after the event
 * @param at when it happened
 */
public record HoldEvent(Hold hold, Instant at) {
  /** Validates. */
  public HoldEvent {
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(at, "at");
  }
}
