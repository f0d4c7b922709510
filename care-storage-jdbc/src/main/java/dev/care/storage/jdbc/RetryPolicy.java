package dev.care.storage.jdbc;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a unit of work is re-run when PostgreSQL aborts it for a reason that says nothing about
 * its content: a serialization failure (SQLSTATE 40001) or a deadlock (40P01). The whole unit is
 * re-executed in a new transaction after a back-off that doubles from {@code firstBackoff} up to
 * {@code maxBackoff}, with jitter; after {@code maxAttempts} the commit fails with a {@link
 * dev.care.storage.StorageException} (nothing written). Conflicts of optimistic versions are never
 * retried here: the caller must re-read.
 *
 * @param maxAttempts attempts in all, 1 (no retry) to 100
 * @param firstBackoff the wait after the first failure, positive
 * @param maxBackoff the longest wait, at least {@code firstBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
  /** Validates. */
  public RetryPolicy {
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("maxAttempts must be 1..100, got " + maxAttempts);
    }
    if (firstBackoff.isNegative() || firstBackoff.isZero()) {
      throw new IllegalArgumentException("firstBackoff must be positive, got " + firstBackoff);
    }
    if (maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be >= firstBackoff (" + firstBackoff + "), got " + maxBackoff);
    }
  }

  /**
   * The default: 5 attempts, 5 ms doubling to 200 ms.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(200));
  }

  /**
   * No retry: the first serialization failure or deadlock fails the commit.
   *
   * @return the policy
   */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1));
  }

  /**
   * The wait before the next attempt, without jitter.
   *
   * @param failures failures so far, at least 1
   * @return the wait
   */
  public Duration backoff(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be >= 1, got " + failures);
    }
    Duration d = firstBackoff;
    for (int i = 1; i < failures && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
