package dev.care.core.ledger;

import java.util.Objects;

/**
 * A caller-supplied key that makes a command safe to retry: the same key with the same command
 * returns the original result; with a different command it is a conflict (invariants L11, L12).
 *
 * @param value 1 to 200 characters, not blank
 */
public record IdempotencyKey(String value) {
  /** Longest key accepted. */
  public static final int MAX_LENGTH = 200;

  /** Validates. */
  public IdempotencyKey {
    Objects.requireNonNull(value, "idempotency key");
    if (value.isBlank() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "idempotency key must be 1.."
              + MAX_LENGTH
              + " characters and not blank, got '"
              + (value.length() > 40 ? value.substring(0, 40) + "..." : value)
              + "'");
    }
  }

  /**
   * A key.
   *
   * @param value the key
   * @return the key
   */
  public static IdempotencyKey of(String value) {
    return new IdempotencyKey(value);
  }

  @Override
  public String toString() {
    return value;
  }

  // written out (the same values as a record's own): the generated ones go through method handles,
  // which cost the JIT more on these keys of every map in the engine
  @Override
  public boolean equals(Object other) {
    return other instanceof IdempotencyKey o && value.equals(o.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
