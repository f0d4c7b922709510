package dev.care.messaging.kafka;

import dev.care.messaging.kafka.internal.OutboxRecords;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared engine of {@link KafkaEventPublisher} and {@link KafkaMessageChannel}: one
 * acknowledged send at a time per call, per-key hold-back after a failure, counters. Thread-safe.
 */
final class Relay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

  /**
   * Beyond the send timeout, how long at most to wait for the producer to report back before giving
   * up (the producer's own delivery timeout normally ends the wait first).
   */
  private static final Duration GRACE = Duration.ofSeconds(1);

  private static final OutboxRecords.HeaderNames HEADERS =
      new OutboxRecords.HeaderNames(
          CareHeaders.MESSAGE_ID,
          CareHeaders.TYPE,
          CareHeaders.CUSTOMER,
          CareHeaders.CHANNEL,
          CareHeaders.CREATED_AT);

  /** A message's place in the outbox's order: created at, then id. */
  private record Place(Instant createdAt, String id) implements Comparable<Place> {
    static Place of(OutboxMessage m) {
      return new Place(m.createdAt(), m.id());
    }

    @Override
    public int compareTo(Place o) {
      int c = createdAt.compareTo(o.createdAt);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  private final KafkaSettings settings;
  private final Producer<String, String> producer;
  private final boolean ownsProducer;

  /**
   * Per key, the messages that failed or were held back and are not delivered yet, each with the
   * instant it stops holding back later ones. A message is sent only when none of its key is older.
   */
  private final Map<String, NavigableMap<Place, Instant>> undelivered = new HashMap<>();

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong heldBack = new AtomicLong();

  private Relay(KafkaSettings settings, Producer<String, String> producer, boolean ownsProducer) {
    this.settings = settings;
    this.producer = producer;
    this.ownsProducer = ownsProducer;
  }

  static Relay create(KafkaSettings settings) {
    Objects.requireNonNull(settings, "settings");
    if (settings.bootstrapServers().isEmpty()) {
      throw new IllegalArgumentException(
          "settings.bootstrapServers is empty: set it, or pass your own Producer");
    }
    return new Relay(
        settings,
        new KafkaProducer<>(
            settings.producerConfig(), new StringSerializer(), new StringSerializer()),
        true);
  }

  static Relay using(KafkaSettings settings, Producer<String, String> producer) {
    return new Relay(
        Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(producer, "producer"),
        false);
  }

  /** Sends one message and waits for the broker's acknowledgement, or throws. */
  void send(OutboxMessage m) {
    Objects.requireNonNull(m, "message");
    String topic = settings.topics().topicFor(m.type());
    String key = OutboxRecords.key(m);
    Place place = Place.of(m);
    checkNotHeldBack(place, topic, key);
    try {
      Future<RecordMetadata> ack = producer.send(OutboxRecords.record(m, topic, HEADERS));
      Duration timeout = settings.sendTimeout();
      Duration grace = timeout.compareTo(GRACE) < 0 ? timeout : GRACE;
      ack.get(timeout.plus(grace).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failed(place, topic, key, e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException | RuntimeException e) {
      throw failed(place, topic, key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(place, topic, key, e);
    }
    sent.incrementAndGet();
    synchronized (undelivered) {
      NavigableMap<Place, Instant> waiting = undelivered.get(key);
      if (waiting != null) {
        waiting.remove(place);
        if (waiting.isEmpty()) {
          undelivered.remove(key);
        }
      }
    }
  }

  /** Throws if an older message of the same key is still undelivered (and records this one). */
  private void checkNotHeldBack(Place place, String topic, String key) {
    if (settings.orderHold().isZero()) {
      return;
    }
    Instant now = settings.clock().instant();
    synchronized (undelivered) {
      NavigableMap<Place, Instant> waiting = undelivered.get(key);
      if (waiting == null) {
        return;
      }
      releaseExpired(key, waiting, now);
      Place oldest = waiting.isEmpty() ? null : waiting.firstKey();
      if (oldest == null || oldest.compareTo(place) >= 0) {
        return; // nothing older waits: sending this one keeps the order
      }
      waiting.putIfAbsent(place, now.plus(settings.orderHold()));
      heldBack.incrementAndGet();
      throw new KafkaSendHeldBackException(place.id(), topic, key, oldest.id());
    }
  }

  private KafkaSendFailedException failed(Place place, String topic, String key, Throwable cause) {
    failed.incrementAndGet();
    if (!settings.orderHold().isZero()) {
      Instant now = settings.clock().instant();
      synchronized (undelivered) {
        // keys whose waiting messages have all timed out go now, so they do not pile up
        undelivered.entrySet().removeIf(e -> releaseExpired(e.getKey(), e.getValue(), now));
        undelivered
            .computeIfAbsent(key, k -> new TreeMap<>())
            .putIfAbsent(place, now.plus(settings.orderHold()));
      }
    }
    return new KafkaSendFailedException(place.id(), topic, key, cause);
  }

  /** Drops the waiting messages whose hold has ended; true if none is left. */
  private boolean releaseExpired(String key, NavigableMap<Place, Instant> waiting, Instant now) {
    waiting
        .entrySet()
        .removeIf(
            e -> {
              boolean expired = !now.isBefore(e.getValue());
              if (expired) {
                LOG.warn(
                    "outbox message {} (key {}) is still not delivered after {}; later messages"
                        + " of this key no longer wait for it",
                    e.getKey().id(),
                    key,
                    settings.orderHold());
              }
              return expired;
            });
    return waiting.isEmpty();
  }

  KafkaRelayStats stats() {
    return new KafkaRelayStats(sent.get(), failed.get(), heldBack.get());
  }

  @Override
  public void close() {
    if (ownsProducer) {
      producer.close(settings.sendTimeout());
    }
  }
}
