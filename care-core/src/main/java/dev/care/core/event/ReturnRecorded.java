package dev.care.core.event;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A return was recorded.
 *
 * @param customerId the customer
 * @param occurredAt when it happened
 * @param returnId the return id
 * @param purchaseId the order returned
 * @param amount the refund
 */
public record ReturnRecorded(
    CustomerId customerId, Instant occurredAt, String returnId, String purchaseId, Money amount)
    implements CareEvent {
  /** Rejects null fields. */
  public ReturnRecorded {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(returnId, "returnId");
    Objects.requireNonNull(purchaseId, "purchaseId");
    Objects.requireNonNull(amount, "amount");
  }
}
