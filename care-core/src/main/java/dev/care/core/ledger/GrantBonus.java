package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Credit promotional bonus value to a wallet without a payment (an e-voucher, a goodwill credit):
 * posted exactly like the bonus part of a promotional {@link TopUp} — the customer's bonus bucket
 * against the program's bonus funding account, as a new lot that may expire — but with no paid
 * part. The posting is a top-up that cannot be refunded (there is nothing paid to give back).
 *
 * @param key idempotency key
 * @param customer whose wallet
 * @param amount the bonus, positive
 * @param validity how long the bonus lasts; empty: it does not expire
 * @param context why
 */
public record GrantBonus(
    IdempotencyKey key,
    CustomerId customer,
    Money amount,
    Optional<Duration> validity,
    PostingContext context)
    implements Command {
  /** Validates. */
  public GrantBonus {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(context, "context");
    Amounts.positive("bonus grant amount", amount);
    if (validity.isPresent() && (validity.get().isNegative() || validity.get().isZero())) {
      throw new IllegalArgumentException(
          "bonus grant validity must be positive, got " + validity.get());
    }
  }
}
