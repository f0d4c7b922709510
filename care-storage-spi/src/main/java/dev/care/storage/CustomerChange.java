package dev.care.storage;

import dev.care.core.customer.CustomerId;
import java.util.Objects;

/**
 * One committed change of a customer's care state, as the change feed ({@link CareStorage#changes})
 * reports it.
 *
 * @param position the feed position, increasing with commit order
 * @param customer whose state changed
 * @param version the state's version after the change
 */
public record CustomerChange(long position, CustomerId customer, long version) {
  /** Validates. */
  public CustomerChange {
    Objects.requireNonNull(customer, "customer");
    if (position < 1) {
      throw new IllegalArgumentException("position must be >= 1, got " + position);
    }
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, got " + version);
    }
  }
}
