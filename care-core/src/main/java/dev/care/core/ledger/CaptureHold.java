package dev.care.core.ledger;

import java.util.Objects;

/**
 * Capture an open hold fully or partly; the rest returns to the customer in the same step (L20).
 *
 * @param key idempotency key
 * @param hold the hold
 * @param amount positive, at most the hold's amount
 * @param context why
 */
public record CaptureHold(IdempotencyKey key, HoldId hold, long amount, PostingContext context)
    implements Command {
  /** Validates. */
  public CaptureHold {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(context, "context");
    Amounts.positive("capture amount", amount);
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
