package dev.care.messaging.kafka;

import dev.care.storage.messaging.EventPublisher;
import dev.care.storage.outbox.OutboxMessage;
import java.util.Objects;
import org.apache.kafka.clients.producer.Producer;

/**
 * Publishes the outbox's domain events to Kafka; give it to an {@link
 * dev.care.storage.dispatch.OutboxDispatcher}. {@link #publish} returns only once the broker has
 * acknowledged the record from every in-sync replica, so the dispatcher marks a message delivered
 * only when it is in Kafka; otherwise it throws a {@link KafkaRelayException} and the message stays
 * pending, is retried, and is never dropped (at least once).
 *
 * <p>Each record is keyed by the customer the event is about (its {@code customer} attribute; the
 * message id for an event about no customer), so one customer's events share a partition and keep
 * their order, and carries the {@link CareHeaders} — a consumer de-duplicates on {@link
 * CareHeaders#MESSAGE_ID}. The value is JSON: {@code {"id", "type", "customer", "channel",
 * "createdAt", "attributes": {...}}}.
 *
 * <p>Thread-safe. Close it when done: that closes the producer it created (a producer you supplied
 * stays yours to close).
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {
  private final Relay relay;

  private KafkaEventPublisher(Relay relay) {
    this.relay = relay;
  }

  /**
   * A publisher with its own idempotent producer, made from the settings.
   *
   * @param settings the settings; {@link KafkaSettings#bootstrapServers()} must be set
   * @return the publisher
   * @throws IllegalArgumentException if the settings have no bootstrap servers
   */
  public static KafkaEventPublisher create(KafkaSettings settings) {
    return new KafkaEventPublisher(Relay.create(settings));
  }

  /**
   * A publisher on a producer you configured, e.g. from {@link KafkaSettings#producerConfig()} plus
   * your security settings. Keep it idempotent ({@code enable.idempotence=true}, {@code acks=all})
   * for the guarantees above.
   *
   * @param settings topics, send timeout, order hold and clock ({@code bootstrapServers} unused)
   * @param producer the producer; not closed by {@link #close()}
   * @return the publisher
   */
  public static KafkaEventPublisher using(
      KafkaSettings settings, Producer<String, String> producer) {
    return new KafkaEventPublisher(Relay.using(settings, producer));
  }

  /**
   * Writes the event to Kafka and waits for the acknowledgement.
   *
   * @param event the outbox message
   * @throws KafkaSendFailedException if the broker did not acknowledge it in time or refused it
   * @throws KafkaSendHeldBackException if an earlier event about the same customer has not been
   *     delivered yet
   */
  @Override
  public void publish(OutboxMessage event) {
    relay.send(Objects.requireNonNull(event, "event"));
  }

  /**
   * What this publisher has done so far.
   *
   * @return the counts
   */
  public KafkaRelayStats stats() {
    return relay.stats();
  }

  /** Closes the producer if this publisher created it (waiting up to the send timeout). */
  @Override
  public void close() {
    relay.close();
  }
}
