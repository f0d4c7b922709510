package dev.care.core.consumption;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A purchase. Zero amounts are valid (a free service visit still counts as a visit).
 *
 * @param recordId the order id
 * @param customerId the buyer
 * @param at when it was paid
 * @param amount the total paid
 * @param items the lines; when present they must sum to {@code amount}
 * @param channel where it was bought
 * @param storeId the store, if any
 */
public record Purchase(
    String recordId,
    CustomerId customerId,
    Instant at,
    Money amount,
    List<LineItem> items,
    SalesChannel channel,
    Optional<String> storeId)
    implements ConsumptionRecord {

  /** Validates the purchase. */
  public Purchase {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(storeId, "storeId");
    Records.checkRecordId("purchase", recordId);
    items = List.copyOf(items);
    Records.checkItems("purchase", recordId, amount, items);
  }

  /**
   * A purchase without line detail, in a store.
   *
   * @param recordId the order id
   * @param customerId the buyer
   * @param at when
   * @param amount the total
   * @return the purchase
   */
  public static Purchase of(String recordId, CustomerId customerId, Instant at, Money amount) {
    return new Purchase(
        recordId, customerId, at, amount, List.of(), SalesChannel.STORE, Optional.empty());
  }
}
