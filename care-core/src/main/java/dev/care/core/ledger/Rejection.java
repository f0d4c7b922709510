package dev.care.core.ledger;

/** Why the ledger refused a well-formed command: a business rejection, not a caller mistake. */
public enum Rejection {
  /** Not enough available (active, unreserved) points or value. */
  INSUFFICIENT_BALANCE,
  /** The amount rounds to zero points under the program's rounding rule. */
  NOTHING_TO_EARN,
  /** The result would overflow a balance. */
  AMOUNT_OVERFLOW,
  /** No posting with that id. */
  UNKNOWN_POSTING,
  /** The posting cannot be reversed (an expiry, a transfer, a reversal, a cash-out). */
  NOT_REVERSIBLE,
  /** The reversal would exceed what remains of the original (L13). */
  REVERSAL_EXCEEDS_ORIGINAL,
  /** A return would take the balance negative, which the program's clawback policy forbids. */
  CLAWBACK_NOT_ALLOWED,
  /** A return would take the balance below the clawback policy's limit (L10). */
  CLAWBACK_LIMIT_EXCEEDED,
  /** No hold with that id. */
  UNKNOWN_HOLD,
  /** The hold has already ended (L20). */
  HOLD_NOT_OPEN,
  /** The capture is larger than the hold. */
  CAPTURE_EXCEEDS_HOLD,
  /** Value involved is reserved by an open hold. */
  RESERVED_BY_HOLD
}
