package dev.care.core.consumption;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A return of (part of) an earlier purchase.
 *
 * @param recordId the return id
 * @param customerId the customer
 * @param at when the refund was made
 * @param purchaseId the order it returns
 * @param amount the amount refunded, more than zero
 * @param items the returned lines; when present they must sum to {@code amount}
 */
public record Return(
    String recordId,
    CustomerId customerId,
    Instant at,
    String purchaseId,
    Money amount,
    List<LineItem> items)
    implements ConsumptionRecord {

  /** Validates the return. */
  public Return {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(purchaseId, "purchaseId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(items, "items");
    Records.checkRecordId("return", recordId);
    Records.checkRecordId("purchase", purchaseId);
    if (!amount.isPositive()) {
      throw new IllegalArgumentException(
          "return " + recordId + " amount must be > 0, got " + amount);
    }
    items = List.copyOf(items);
    Records.checkItems("return", recordId, amount, items);
  }

  /**
   * A return without line detail.
   *
   * @param recordId the return id
   * @param customerId the customer
   * @param at when
   * @param purchaseId the order returned
   * @param amount the refund
   * @return the return
   */
  public static Return of(
      String recordId, CustomerId customerId, Instant at, String purchaseId, Money amount) {
    return new Return(recordId, customerId, at, purchaseId, amount, List.of());
  }
}
