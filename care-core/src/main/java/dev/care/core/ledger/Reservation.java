package dev.care.core.ledger;

import java.util.Objects;

/**
 * The part of one lot a hold reserves.
 *
 * @param lot the lot
 * @param quantity the reserved quantity, positive
 */
public record Reservation(LotId lot, long quantity) {
  /** Validates. */
  public Reservation {
    Objects.requireNonNull(lot, "lot");
    if (quantity <= 0) {
      throw new IllegalArgumentException("reservation on " + lot + " must be positive");
    }
  }
}
