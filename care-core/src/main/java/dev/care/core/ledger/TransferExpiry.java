package dev.care.core.ledger;

/** Whether transferred points keep their lots' expiry. */
public enum TransferExpiry {
  /** The receiver's lots keep the giver's expiry dates (the default). */
  KEEP,
  /** The receiver's lots get a fresh lifetime from the transfer. */
  RESET
}
