package dev.care.core.event;

import dev.care.core.customer.Channel;
import dev.care.core.customer.ConsentStatus;
import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer changed consent for a channel.
 *
 * @param customerId the customer
 * @param occurredAt when it happened
 * @param channel the channel
 * @param status the new status
 */
public record ConsentChanged(
    CustomerId customerId, Instant occurredAt, Channel channel, ConsentStatus status)
    implements CareEvent {
  /** Rejects null fields. */
  public ConsentChanged {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(status, "status");
  }
}
