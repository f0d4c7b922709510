package dev.care.core.ledger;

/** Where a hold is in its life: open, or ended exactly once (L20). */
public enum HoldStatus {
  /** Reserving value. */
  OPEN,
  /** Captured, fully or partly; the rest went back to the source. */
  CAPTURED,
  /** Voided: everything went back. */
  VOIDED,
  /** Expired by the clock: everything went back. */
  EXPIRED
}
