package dev.care.storage;

import java.util.Objects;

/**
 * A stored value with its version, for optimistic concurrency: a write names the version it read,
 * and fails with {@link ConcurrencyConflictException} if another writer got there first.
 *
 * @param value the value
 * @param version its version: 1 after the first write, +1 per write
 * @param <T> the value type
 */
public record Versioned<T>(T value, long version) {
  /** Validates. */
  public Versioned {
    Objects.requireNonNull(value, "value");
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, got " + version);
    }
  }
}
