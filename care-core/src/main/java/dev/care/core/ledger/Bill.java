package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.Objects;

/**
 * The data for an electronic bill, one per customer account movement: amount, purpose and the
 * balance left.
 *
 * @param customer the customer
 * @param asset points or the wallet's currency
 * @param kind what happened
 * @param amount the signed change of the customer's total in this asset
 * @param purpose what it was for (the posting's reason)
 * @param balanceAfter the customer's total in this asset after the movement (points, or paid plus
 *     bonus value)
 * @param bonusAfter bonus value after the movement (0 for points)
 * @param at when
 * @param posting the posting
 */
public record Bill(
    CustomerId customer,
    Asset asset,
    PostingKind kind,
    long amount,
    String purpose,
    long balanceAfter,
    long bonusAfter,
    Instant at,
    PostingId posting) {
  /** Validates. */
  public Bill {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(posting, "posting");
  }
}
