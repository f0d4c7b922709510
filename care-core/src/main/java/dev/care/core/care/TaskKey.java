package dev.care.core.care;

import dev.care.core.customer.CustomerId;
import java.util.Objects;

/**
 * What names one staff task: its customer and its idempotency key (keys are scoped per customer).
 *
 * @param customerId the customer
 * @param key the task's idempotency key
 */
public record TaskKey(CustomerId customerId, String key) {
  /** Validates. */
  public TaskKey {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(key, "key");
    Keys.check("care task", key);
  }

  @Override
  public String toString() {
    return customerId.value() + "/" + key;
  }
}
