package dev.care.core.ledger;

import java.util.Objects;

/**
 * Void an open hold: everything it reserved returns.
 *
 * @param key idempotency key
 * @param hold the hold
 * @param context why
 */
public record VoidHold(IdempotencyKey key, HoldId hold, PostingContext context) implements Command {
  /** Validates. */
  public VoidHold {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(context, "context");
  }

  /**
   * The customer whose journal records this command: the hold's customer.
   *
   * @return the customer
   */
  @Override
  public dev.care.core.customer.CustomerId customer() {
    return hold.customer();
  }
}
