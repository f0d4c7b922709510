package dev.care.core.ledger;

/**
 * A command to the {@link Ledger}: the points commands and the wallet commands ({@link TopUp},
 * {@link Spend}, {@link CashOut}, {@link GrantBonus}), all in this package. Every command carries a
 * caller-supplied idempotency key and the context recorded on its postings. Commands are immutable
 * records that validate their own fields, so a malformed command cannot be built (caller mistakes
 * throw, L4). Implemented only by the library's command records; the ledger refuses other
 * implementations.
 */
public interface Command {
  /**
   * The customer whose journal records this command: the one whose value it moves (for a transfer,
   * the sender; for a reversal or a hold's capture or void, the owner of the posting or hold).
   *
   * @return the customer
   */
  dev.care.core.customer.CustomerId customer();

  /**
   * The caller's idempotency key.
   *
   * @return the key
   */
  IdempotencyKey key();

  /**
   * Why, who, from where, by which rule.
   *
   * @return the context
   */
  PostingContext context();
}
