package dev.care.core.consumption;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.time.Instant;

/** A purchase or a return: one entry in a customer's consumption history. */
public sealed interface ConsumptionRecord permits Purchase, Return {
  /**
   * The merchant's id of this record (order or return number), unique per customer.
   *
   * @return the record id
   */
  String recordId();

  /**
   * Whose record it is.
   *
   * @return the customer
   */
  CustomerId customerId();

  /**
   * When it happened.
   *
   * @return the instant
   */
  Instant at();

  /**
   * The amount paid (purchase) or refunded (return), never negative.
   *
   * @return the amount
   */
  Money amount();
}
