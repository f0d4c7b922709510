package dev.care.core.event;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A purchase was recorded.
 *
 * @param customerId the customer
 * @param occurredAt when it happened
 * @param purchaseId the order id
 * @param amount the amount paid
 */
public record PurchaseRecorded(
    CustomerId customerId, Instant occurredAt, String purchaseId, Money amount)
    implements CareEvent {
  /** Rejects null fields. */
  public PurchaseRecorded {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(purchaseId, "purchaseId");
    Objects.requireNonNull(amount, "amount");
  }
}
