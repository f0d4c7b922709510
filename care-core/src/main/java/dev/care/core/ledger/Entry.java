package dev.care.core.ledger;

import java.util.Objects;

/**
 * One leg of a posting: a signed, non-zero amount on one account. Positive increases the account's
 * balance. A customer's balance is what the customer holds; program accounts carry the opposite.
 *
 * @param account the account
 * @param amount the signed amount, never zero (points, or currency minor units)
 */
public record Entry(AccountId account, long amount) {
  /** Validates. */
  public Entry {
    Objects.requireNonNull(account, "account");
    if (amount == 0) {
      throw new IllegalArgumentException("entry amount on " + account + " must not be zero");
    }
  }
}
