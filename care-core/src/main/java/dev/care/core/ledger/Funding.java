package dev.care.core.ledger;

/** Which program account funds earned points. */
public enum Funding {
  /** The program's regular issuance (purchases, birthdays, referrals). */
  ISSUED,
  /** A promotion's budget. */
  PROMOTIONAL
}
