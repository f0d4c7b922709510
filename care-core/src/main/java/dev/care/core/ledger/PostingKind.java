package dev.care.core.ledger;

/** What a posting did. */
public enum PostingKind {
  /** Points earned into a new lot. */
  EARN,
  /** Points redeemed (directly or by capturing a hold). */
  REDEEM,
  /** Points or value expired. */
  EXPIRE,
  /** A full or partial reversal of an earlier posting (a return, a refund). */
  REVERSAL,
  /** A manual adjustment with reason and actor. */
  ADJUST,
  /** Points moved from one customer to another. */
  TRANSFER,
  /** Stored value topped up (paid, and any bonus). */
  TOP_UP,
  /** Stored value spent (directly or by capturing a hold). */
  SPEND,
  /** Paid value paid back to the customer. */
  CASH_OUT
}
