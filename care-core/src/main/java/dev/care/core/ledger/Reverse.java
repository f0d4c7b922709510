package dev.care.core.ledger;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Reverse an earlier posting fully or partly: a purchase return (earned points), a refund of a
 * redemption or a wallet spend (value goes back to the lots it came from, L28), a top-up refund
 * (claws back its bonus). Partial reversals of one posting never sum to more than the original
 * (L13).
 *
 * @param key idempotency key
 * @param posting the posting to reverse
 * @param amount how much; empty for all that is left
 * @param context why (e.g. the return's order id)
 */
public record Reverse(
    IdempotencyKey key, PostingId posting, OptionalLong amount, PostingContext context)
    implements Command {
  /** Validates. */
  public Reverse {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(posting, "posting");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(context, "context");
    if (amount.isPresent()) {
      Amounts.positive("reverse amount", amount.getAsLong());
    }
  }

  /**
   * Reverse what is left of a posting.
   *
   * @param key idempotency key
   * @param posting the posting
   * @param context why
   * @return the command
   */
  public static Reverse all(IdempotencyKey key, PostingId posting, PostingContext context) {
    return new Reverse(key, posting, OptionalLong.empty(), context);
  }

  /**
   * Reverse part of a posting.
   *
   * @param key idempotency key
   * @param posting the posting
   * @param amount positive amount
   * @param context why
   * @return the command
   */
  public static Reverse part(
      IdempotencyKey key, PostingId posting, long amount, PostingContext context) {
    return new Reverse(key, posting, OptionalLong.of(amount), context);
  }

  /**
   * The customer whose journal records this command: the owner of the reversed posting.
   *
   * @return the customer
   */
  @Override
  public dev.care.core.customer.CustomerId customer() {
    return posting.customer();
  }
}
