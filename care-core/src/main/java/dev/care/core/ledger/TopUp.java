package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Top up a wallet with paid value and, with a promotion, bonus value that may expire.
 *
 * @param key idempotency key
 * @param customer whose wallet
 * @param paid the paid amount, positive
 * @param bonus the bonus amount, positive and in the same currency, if any
 * @param bonusValidity how long the bonus lasts; empty: it does not expire
 * @param context why
 */
public record TopUp(
    IdempotencyKey key,
    CustomerId customer,
    Money paid,
    Optional<Money> bonus,
    Optional<Duration> bonusValidity,
    PostingContext context)
    implements Command {
  /** Validates. */
  public TopUp {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(paid, "paid");
    Objects.requireNonNull(bonus, "bonus");
    Objects.requireNonNull(bonusValidity, "bonusValidity");
    Objects.requireNonNull(context, "context");
    Amounts.positive("top-up paid", paid);
    bonus.ifPresent(
        b -> {
          Amounts.positive("top-up bonus", b);
          paid.checkSameCurrency(b);
        });
    if (bonusValidity.isPresent()
        && (bonus.isEmpty() || bonusValidity.get().isNegative() || bonusValidity.get().isZero())) {
      throw new IllegalArgumentException(
          "top-up bonusValidity needs a bonus and must be positive, got " + bonusValidity.get());
    }
  }

  /**
   * A top-up of paid value only.
   *
   * @param key idempotency key
   * @param customer whose wallet
   * @param paid positive amount
   * @param context why
   * @return the command
   */
  public static TopUp of(
      IdempotencyKey key, CustomerId customer, Money paid, PostingContext context) {
    return new TopUp(key, customer, paid, Optional.empty(), Optional.empty(), context);
  }

  /**
   * This top-up with a bonus.
   *
   * @param amount positive bonus in the same currency
   * @param validity how long the bonus lasts
   * @return a copy
   */
  public TopUp withBonus(Money amount, Duration validity) {
    return new TopUp(key, customer, paid, Optional.of(amount), Optional.of(validity), context);
  }
}
