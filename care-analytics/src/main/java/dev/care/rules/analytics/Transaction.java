package dev.care.rules.analytics;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One purchase as the analytics models see it: who, on which calendar day, for how much.
 *
 * @param customerId the customer
 * @param date the calendar day of the purchase (in the merchant's zone)
 * @param amountMinor the amount in minor units of one currency, {@code >= 0} (zero is a valid
 *     purchase, e.g. a free service)
 */
public record Transaction(CustomerId customerId, LocalDate date, long amountMinor) {
  /** Validates the fields. */
  public Transaction {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(date, "date");
    if (amountMinor < 0) {
      throw new IllegalArgumentException(
          "amountMinor must be >= 0, got " + amountMinor + " for customer " + customerId);
    }
  }

  /**
   * A transaction from a {@link Money} amount.
   *
   * @param customerId the customer
   * @param date the day
   * @param amount the amount, not negative
   * @return the transaction, in the amount's minor units
   */
  public static Transaction of(CustomerId customerId, LocalDate date, Money amount) {
    Objects.requireNonNull(amount, "amount");
    return new Transaction(customerId, date, amount.minorUnits());
  }
}
