package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.util.Objects;

/**
 * Pay paid value back to the customer; bonus value can never be cashed out (L28).
 *
 * @param key idempotency key
 * @param customer whose wallet
 * @param amount positive amount
 * @param context why
 */
public record CashOut(IdempotencyKey key, CustomerId customer, Money amount, PostingContext context)
    implements Command {
  /** Validates. */
  public CashOut {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(context, "context");
    Amounts.positive("cash-out amount", amount);
  }
}
