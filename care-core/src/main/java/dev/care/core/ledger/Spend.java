package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.util.Objects;

/**
 * Spend stored value, drawing bonus and paid value in the program's {@code SpendOrder} (L27).
 *
 * @param key idempotency key
 * @param customer whose wallet
 * @param amount positive amount
 * @param context why (e.g. the order)
 */
public record Spend(IdempotencyKey key, CustomerId customer, Money amount, PostingContext context)
    implements Command {
  /** Validates. */
  public Spend {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(context, "context");
    Amounts.positive("spend amount", amount);
  }
}
