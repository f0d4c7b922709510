package dev.care.rules.engine;

import dev.care.core.customer.CustomerId;
import java.util.Objects;

/**
 * A customer {@link CareEngine#advanceTo} could not advance: their unit of work failed (after the
 * bounded retries of a conflict, or with a storage or rule failure). Nothing of that customer's
 * unit was written; their watermark stayed where it was, so the next run picks them up again.
 *
 * @param customer the customer
 * @param error the failure's class name
 * @param message the failure's message
 */
public record AdvanceFailure(CustomerId customer, String error, String message) {
  /** Validates. */
  public AdvanceFailure {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(message, "message");
  }

  static AdvanceFailure of(CustomerId customer, RuntimeException e) {
    return new AdvanceFailure(
        customer, e.getClass().getName(), e.getMessage() == null ? "" : e.getMessage());
  }
}
