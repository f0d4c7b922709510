package dev.care.messaging.kafka;

import dev.care.messaging.kafka.internal.OutboxRecords;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
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

  private static final Comparator<OutboxMessage> OUTBOX_ORDER =
      Comparator.comparing(OutboxMessage::createdAt).thenComparing(OutboxMessage::id);

  /** A failed message that holds back the later messages of its key. */
  private record Hold(OutboxMessage message, Instant until) {}

  private final KafkaSettings settings;
  private final Producer<String, String> producer;
  private final boolean ownsProducer;
  private final Map<String, Hold> holds = new HashMap<>();
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
    checkNotHeldBack(m, topic, key);
    try {
      Future<RecordMetadata> ack = producer.send(OutboxRecords.record(m, topic, HEADERS));
      Duration timeout = settings.sendTimeout();
      Duration grace = timeout.compareTo(GRACE) < 0 ? timeout : GRACE;
      ack.get(timeout.plus(grace).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failed(m, topic, key, e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException | RuntimeException e) {
      throw failed(m, topic, key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(m, topic, key, e);
    }
    sent.incrementAndGet();
    synchronized (holds) {
      Hold h = holds.get(key);
      if (h != null && h.message().id().equals(m.id())) {
        holds.remove(key);
      }
    }
  }

  private void checkNotHeldBack(OutboxMessage m, String topic, String key) {
    if (settings.orderHold().isZero()) {
      return;
    }
    synchronized (holds) {
      Hold h = holds.get(key);
      if (h == null || h.message().id().equals(m.id())) {
        return;
      }
      if (!settings.clock().instant().isBefore(h.until())) {
        LOG.warn(
            "outbox message {} held key {} for {} and is still not delivered; releasing the hold",
            h.message().id(),
            key,
            settings.orderHold());
        holds.remove(key);
        return;
      }
      if (OUTBOX_ORDER.compare(m, h.message()) < 0) {
        return; // older than the failed one: sending it keeps the order
      }
      heldBack.incrementAndGet();
      throw new KafkaSendHeldBackException(m.id(), topic, key, h.message().id());
    }
  }

  private KafkaSendFailedException failed(
      OutboxMessage m, String topic, String key, Throwable cause) {
    failed.incrementAndGet();
    if (!settings.orderHold().isZero()) {
      Instant now = settings.clock().instant();
      synchronized (holds) {
        // holds whose time is up go now, so keys that never send again do not pile up
        holds.values().removeIf(h -> !now.isBefore(h.until()));
        Hold h = holds.get(key);
        if (h == null || OUTBOX_ORDER.compare(m, h.message()) < 0) {
          holds.put(key, new Hold(m, now.plus(settings.orderHold())));
        }
      }
    }
    return new KafkaSendFailedException(m.id(), topic, key, cause);
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
