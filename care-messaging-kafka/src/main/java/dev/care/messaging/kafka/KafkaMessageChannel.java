package dev.care.messaging.kafka;

import dev.care.core.customer.Channel;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.outbox.OutboxMessage;
import java.util.Objects;
import org.apache.kafka.clients.producer.Producer;

/**
 * Hands the outbox's customer messages for one {@link Channel} to Kafka, for a gateway (an SMS or
 * e-mail service) that consumes them: the {@link dev.care.storage.dispatch.OutboxDispatcher} has
 * already checked consent, quiet hours and frequency caps. Same guarantees as {@link
 * KafkaEventPublisher}: keyed by customer, {@link CareHeaders} on every record (with {@link
 * CareHeaders#CHANNEL}), {@link #send} returns after the broker's acknowledgement or throws a
 * {@link KafkaRelayException} so the message stays pending.
 *
 * <p>Thread-safe. Close it when done: that closes the producer it created.
 */
public final class KafkaMessageChannel implements MessageChannel, AutoCloseable {
  private final Channel channel;
  private final Relay relay;

  private KafkaMessageChannel(Channel channel, Relay relay) {
    this.channel = channel;
    this.relay = relay;
  }

  /**
   * A channel with its own idempotent producer, made from the settings.
   *
   * @param channel the channel it sends on
   * @param settings the settings; {@link KafkaSettings#bootstrapServers()} must be set
   * @return the channel
   * @throws IllegalArgumentException if the settings have no bootstrap servers
   */
  public static KafkaMessageChannel create(Channel channel, KafkaSettings settings) {
    Objects.requireNonNull(channel, "channel");
    return new KafkaMessageChannel(channel, Relay.create(settings));
  }

  /**
   * A channel on a producer you configured (see {@link KafkaEventPublisher#using}).
   *
   * @param channel the channel it sends on
   * @param settings topics, send timeout, order hold and clock
   * @param producer the producer; not closed by {@link #close()}
   * @return the channel
   */
  public static KafkaMessageChannel using(
      Channel channel, KafkaSettings settings, Producer<String, String> producer) {
    Objects.requireNonNull(channel, "channel");
    return new KafkaMessageChannel(channel, Relay.using(settings, producer));
  }

  @Override
  public Channel channel() {
    return channel;
  }

  /**
   * Writes the message to Kafka and waits for the acknowledgement.
   *
   * @param message the outbox message
   * @throws KafkaSendFailedException if the broker did not acknowledge it in time or refused it
   * @throws KafkaSendHeldBackException if an earlier message to the same customer has not been
   *     delivered yet
   */
  @Override
  public void send(OutboxMessage message) {
    relay.send(Objects.requireNonNull(message, "message"));
  }

  /**
   * What this channel has done so far.
   *
   * @return the counts
   */
  public KafkaRelayStats stats() {
    return relay.stats();
  }

  /** Closes the producer if this channel created it (waiting up to the send timeout). */
  @Override
  public void close() {
    relay.close();
  }
}
