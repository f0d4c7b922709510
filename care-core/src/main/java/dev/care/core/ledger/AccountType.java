package dev.care.core.ledger;

/**
 * The kinds of account in the journal: a customer's own accounts, and the program's accounts that
 * balance them. Program balances are derived from the entries (sums), never kept as one row that
 * every posting updates, so a database adapter has no hot row.
 */
public enum AccountType {
  /** A customer's points (active and pending lots, less any clawback debt). */
  POINTS(true),
  /** A customer's paid stored value in one currency. */
  WALLET_PAID(true),
  /** A customer's promotional bonus value in one currency. */
  WALLET_BONUS(true),
  /** Points issued by the program (earnings, referrals, birthdays). */
  ISSUED(false),
  /** Points or bonus value funded by promotions. */
  PROMOTIONAL_FUNDING(false),
  /** Points redeemed for rewards or as payment. */
  REDEEMED(false),
  /** Points or value that expired (breakage). */
  EXPIRED(false),
  /** Manual adjustments (with reason and actor). */
  ADJUSTMENTS(false),
  /** Money received for top-ups. */
  CASH_IN(false),
  /** Money paid back to customers (cash-out). */
  CASH_OUT(false),
  /** Stored value spent on goods and services. */
  SALES(false),
  /** Bonus value granted with top-ups. */
  BONUS_FUNDING(false);

  private final boolean customer;

  AccountType(boolean customer) {
    this.customer = customer;
  }

  /**
   * Whether accounts of this type belong to a customer (rather than the program).
   *
   * @return true for customer accounts
   */
  public boolean isCustomerAccount() {
    return customer;
  }
}
