package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import java.util.Objects;

/**
 * Move points from one customer to another (e.g. family pooling). Whether the moved lots keep their
 * expiry is the program's {@link TransferExpiry} (default: keep).
 *
 * @param key idempotency key
 * @param from who gives
 * @param to who receives (a different customer)
 * @param points positive points
 * @param context why
 */
public record Transfer(
    IdempotencyKey key, CustomerId from, CustomerId to, long points, PostingContext context)
    implements Command {
  /** Validates. */
  public Transfer {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(context, "context");
    Amounts.positive("transfer points", points);
    if (from.equals(to)) {
      throw new IllegalArgumentException("transfer from and to are the same customer " + from);
    }
  }

  /**
   * The customer whose journal records this command: the sender (the receiver's journal gets the
   * same transaction too).
   *
   * @return the sender
   */
  @Override
  public CustomerId customer() {
    return from;
  }
}
