package dev.care.rules.program;

import dev.care.core.customer.Channel;
import java.time.Duration;
import java.util.Objects;

/**
 * "Enough and not too much": at most {@code max} marketing and care messages per customer on a
 * channel within a rolling period. Transactional messages (electronic bills) are not capped.
 *
 * @param channel the channel
 * @param max most messages, at least 1
 * @param period the rolling period
 */
public record FrequencyCap(Channel channel, int max, Duration period) {
  /** Validates. */
  public FrequencyCap {
    Objects.requireNonNull(channel, "channel");
    Checks.range("frequencyCap " + channel + " max", max, 1, 10_000);
    Checks.positive("frequencyCap " + channel + " period", period);
  }
}
