package dev.care.core.customer;

import java.util.Objects;

/**
 * A customer's identifier, supplied by the merchant's application. It survives erasure: personal
 * data is removed, the id stays so ledgers still sum.
 *
 * @param value 1 to 128 characters, no control characters, not blank
 */
public record CustomerId(String value) implements Comparable<CustomerId> {
  /** Longest accepted id. */
  public static final int MAX_LENGTH = 128;

  /** Validates the id. */
  public CustomerId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "customerId must be 1.." + MAX_LENGTH + " non-blank characters, got '" + value + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            "customerId must not contain control characters, got '" + value + "'");
      }
    }
  }

  /**
   * Shorthand for {@code new CustomerId(value)}.
   *
   * @param value the id
   * @return the id
   */
  public static CustomerId of(String value) {
    return new CustomerId(value);
  }

  @Override
  public int compareTo(CustomerId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
