package dev.care.core.wallet;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Command;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.PostingContext;
import dev.care.core.money.Money;
import java.util.Objects;

/**
 * Spend stored value, drawing bonus and paid value in the program's {@link SpendOrder} (L27).
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
    WalletChecks.positive("spend amount", amount);
  }
}
