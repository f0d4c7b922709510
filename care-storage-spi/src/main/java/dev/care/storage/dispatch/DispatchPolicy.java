package dev.care.storage.dispatch;

import dev.care.core.customer.Channel;
import dev.care.storage.outbox.DeliveryStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the dispatcher retries and how much it may send.
 *
 * @param maxAttempts attempts before a message is marked {@link DeliveryStatus#FAILED}
 * @param baseBackoff wait after the first failure; doubles per attempt
 * @param maxBackoff the longest wait between attempts
 * @param caps frequency caps per channel
 * @param uncappedTypes message types the caps do not apply to (e.g. e-bills the customer expects)
 */
public record DispatchPolicy(
    int maxAttempts,
    Duration baseBackoff,
    Duration maxBackoff,
    List<ChannelCap> caps,
    Set<String> uncappedTypes) {
  /** Validates. */
  public DispatchPolicy {
    Objects.requireNonNull(baseBackoff, "baseBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    caps = List.copyOf(caps);
    uncappedTypes = Set.copyOf(uncappedTypes);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (baseBackoff.isNegative() || baseBackoff.isZero() || maxBackoff.compareTo(baseBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must be positive and maxBackoff >= baseBackoff, got "
              + baseBackoff
              + ", "
              + maxBackoff);
    }
  }

  /**
   * Defaults: 8 attempts, 30 s doubling to 1 h, no caps, e-bills uncapped.
   *
   * @return the defaults
   */
  public static DispatchPolicy defaults() {
    return new DispatchPolicy(
        8, Duration.ofSeconds(30), Duration.ofHours(1), List.of(), Set.of("e-bill"));
  }

  /**
   * A copy with caps.
   *
   * @param newCaps the caps
   * @return a copy
   */
  public DispatchPolicy withCaps(List<ChannelCap> newCaps) {
    return new DispatchPolicy(maxAttempts, baseBackoff, maxBackoff, newCaps, uncappedTypes);
  }

  /**
   * The wait before the next attempt after {@code attempts} failures.
   *
   * @param attempts failures so far, at least 1
   * @return the wait
   */
  public Duration backoff(int attempts) {
    Duration d = baseBackoff;
    for (int i = 1; i < attempts && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  /**
   * At most {@code max} messages per customer on a channel in any {@code period}.
   *
   * @param channel the channel
   * @param max the most messages
   * @param period the sliding window
   */
  public record ChannelCap(Channel channel, int max, Duration period) {
    /** Validates. */
    public ChannelCap {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(period, "period");
      if (max < 1 || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException(
            "cap on "
                + channel
                + " needs max >= 1 and a positive period, got "
                + max
                + ", "
                + period);
      }
    }
  }
}
