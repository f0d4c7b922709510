package dev.care.messaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import dev.care.core.time.ManualClock;
import dev.care.storage.outbox.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The publisher and channel on Kafka's {@link MockProducer}: records, failures, hold-back. */
class KafkaEventPublisherTest {
  static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
  final ManualClock clock = ManualClock.at(T0);
  final MockProducer<String, String> producer =
      new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
  final KafkaSettings settings =
      KafkaSettings.builder()
          .topics(TopicNaming.single("care-events"))
          .sendTimeout(Duration.ofMillis(50))
          .orderHold(Duration.ofMinutes(10))
          .clock(clock)
          .build();

  static OutboxMessage event(String id, String customer, int second) {
    Map<String, String> attributes = new LinkedHashMap<>();
    if (customer != null) {
      attributes.put("customer", customer);
    }
    attributes.put("sequence", id);
    return OutboxMessage.pending(
        id,
        "ledger-transaction",
        Optional.empty(),
        Optional.empty(),
        attributes,
        T0.plusSeconds(second));
  }

  static String header(ProducerRecord<String, String> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("an event becomes a record keyed by its customer, with id and type headers")
  void publish_eventAboutCustomer_keyedByCustomerWithHeaders() {
    KafkaEventPublisher publisher = KafkaEventPublisher.using(settings, producer);
    publisher.publish(event("tx/C-1/1", "C-1", 0));

    ProducerRecord<String, String> r = producer.history().get(0);
    assertThat(r.topic()).isEqualTo("care-events");
    assertThat(r.key()).isEqualTo("C-1");
    assertThat(header(r, CareHeaders.MESSAGE_ID)).isEqualTo("tx/C-1/1");
    assertThat(header(r, CareHeaders.TYPE)).isEqualTo("ledger-transaction");
    assertThat(header(r, CareHeaders.CUSTOMER)).isEqualTo("C-1");
    assertThat(header(r, CareHeaders.CHANNEL)).isNull();
    assertThat(header(r, CareHeaders.CREATED_AT)).isEqualTo("2026-06-01T10:00:00Z");
    assertThat(r.value())
        .isEqualTo(
            "{\"id\":\"tx/C-1/1\",\"type\":\"ledger-transaction\",\"customer\":\"C-1\","
                + "\"channel\":null,\"createdAt\":\"2026-06-01T10:00:00Z\","
                + "\"attributes\":{\"customer\":\"C-1\",\"sequence\":\"tx/C-1/1\"}}");
    assertThat(publisher.stats()).isEqualTo(new KafkaRelayStats(1, 0, 0));
  }

  @Test
  @DisplayName("an event about no customer is keyed by its id; per-type naming picks the topic")
  void publish_eventWithoutCustomerPerTypeTopics_keyedByIdOnTypeTopic() {
    KafkaEventPublisher publisher =
        KafkaEventPublisher.using(
            settings.toBuilder().topics(TopicNaming.perType("care.")).build(), producer);
    publisher.publish(event("campaign/spring", null, 0));

    ProducerRecord<String, String> r = producer.history().get(0);
    assertThat(r.topic()).isEqualTo("care.ledger-transaction");
    assertThat(r.key()).isEqualTo("campaign/spring");
    assertThat(header(r, CareHeaders.CUSTOMER)).isNull();
  }

  @Test
  @DisplayName("JSON values escape quotes, backslashes and control characters")
  void publish_attributesNeedingEscapes_validJson() {
    KafkaEventPublisher publisher = KafkaEventPublisher.using(settings, producer);
    publisher.publish(
        OutboxMessage.pending(
            "m\"1",
            "note",
            Optional.empty(),
            Optional.empty(),
            Map.of("text", "a\\b\n\"c\"\u0001"),
            T0));
    assertThat(producer.history().get(0).value())
        .contains("\"id\":\"m\\\"1\"")
        .contains("\"text\":\"a\\\\b\\n\\\"c\\\"\\u0001\"");
  }

  @Test
  @DisplayName("a broker error is thrown with the message id, topic, key and cause, and counted")
  void publish_brokerRefuses_failureWithIdTopicKeyCause() {
    producer.sendException = new NotEnoughReplicasException("1 of 3 in sync");
    KafkaEventPublisher publisher = KafkaEventPublisher.using(settings, producer);

    assertThatThrownBy(() -> publisher.publish(event("tx/C-1/1", "C-1", 0)))
        .isInstanceOfSatisfying(
            KafkaSendFailedException.class,
            e -> {
              assertThat(e.messageId()).isEqualTo("tx/C-1/1");
              assertThat(e.topic()).isEqualTo("care-events");
              assertThat(e.key()).isEqualTo("C-1");
              assertThat(e.getCause()).isInstanceOf(NotEnoughReplicasException.class);
              assertThat(e.getMessage())
                  .contains("tx/C-1/1", "care-events", "NotEnoughReplicasException: 1 of 3");
            });
    assertThat(publisher.stats()).isEqualTo(new KafkaRelayStats(0, 1, 0));
  }

  @Test
  @DisplayName("no acknowledgement within the send timeout is a failure, not a success")
  void publish_noAcknowledgement_timesOut() {
    MockProducer<String, String> silent =
        new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
    KafkaEventPublisher publisher = KafkaEventPublisher.using(settings, silent);

    assertThatThrownBy(() -> publisher.publish(event("tx/C-1/1", "C-1", 0)))
        .isInstanceOf(KafkaSendFailedException.class)
        .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
    assertThat(publisher.stats().failed()).isEqualTo(1);
  }

  @Test
  @DisplayName("after a failure, later messages of that customer wait; other customers go on")
  void publish_afterFailure_sameCustomerHeldBackUntilEarlierDelivered() {
    KafkaEventPublisher publisher = KafkaEventPublisher.using(settings, producer);
    producer.sendException = new NotEnoughReplicasException("down");
    assertThatThrownBy(() -> publisher.publish(event("tx/C-1/1", "C-1", 0)))
        .isInstanceOf(KafkaSendFailedException.class);
    producer.sendException = null;

    assertThatThrownBy(() -> publisher.publish(event("tx/C-1/2", "C-1", 1)))
        .isInstanceOfSatisfying(
            KafkaSendHeldBackException.class,
            e -> {
              assertThat(e.blockedBy()).isEqualTo("tx/C-1/1");
              assertThat(e.messageId()).isEqualTo("tx/C-1/2");
              assertThat(e.key()).isEqualTo("C-1");
            });
    publisher.publish(event("tx/C-2/1", "C-2", 2)); // another customer is not held
    publisher.publish(event("tx/C-1/1", "C-1", 0)); // the retry of the failed one
    publisher.publish(event("tx/C-1/2", "C-1", 1)); // now free

    assertThat(producer.history())
        .extracting(r -> header(r, CareHeaders.MESSAGE_ID))
        .containsExactly("tx/C-2/1", "tx/C-1/1", "tx/C-1/2");
    assertThat(publisher.stats()).isEqualTo(new KafkaRelayStats(3, 1, 1));
  }

  @Test
  @DisplayName("a held-back message holds back the later ones too, after the failed one went")
  void publish_heldBackStillPending_newerMessageWaitsForIt() {
    KafkaEventPublisher publisher = KafkaEventPublisher.using(settings, producer);
    producer.sendException = new NotEnoughReplicasException("down");
    assertThatThrownBy(() -> publisher.publish(event("tx/C-1/1", "C-1", 0)))
        .isInstanceOf(KafkaSendFailedException.class);
    producer.sendException = null;
    assertThatThrownBy(() -> publisher.publish(event("tx/C-1/2", "C-1", 1)))
        .isInstanceOf(KafkaSendHeldBackException.class);
    publisher.publish(event("tx/C-1/1", "C-1", 0));

    // the 3rd comes before the retry of the 2nd (its back-off is not over yet): it waits
    assertThatThrownBy(() -> publisher.publish(event("tx/C-1/3", "C-1", 2)))
        .isInstanceOfSatisfying(
            KafkaSendHeldBackException.class, e -> assertThat(e.blockedBy()).isEqualTo("tx/C-1/2"));
    publisher.publish(event("tx/C-1/2", "C-1", 1));
    publisher.publish(event("tx/C-1/3", "C-1", 2));

    assertThat(producer.history())
        .extracting(r -> header(r, CareHeaders.MESSAGE_ID))
        .containsExactly("tx/C-1/1", "tx/C-1/2", "tx/C-1/3");
  }

  @Test
  @DisplayName("an earlier message than the failed one is not held back")
  void publish_olderThanFailed_notHeldBack() {
    KafkaEventPublisher publisher = KafkaEventPublisher.using(settings, producer);
    producer.sendException = new NotEnoughReplicasException("down");
    assertThatThrownBy(() -> publisher.publish(event("tx/C-1/2", "C-1", 5)))
        .isInstanceOf(KafkaSendFailedException.class);
    producer.sendException = null;
    publisher.publish(event("tx/C-1/1", "C-1", 1));
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  @DisplayName("the hold ends after orderHold, so a message that failed for good blocks no one")
  void publish_holdExpired_laterMessageSent() {
    KafkaEventPublisher publisher = KafkaEventPublisher.using(settings, producer);
    producer.sendException = new NotEnoughReplicasException("down");
    assertThatThrownBy(() -> publisher.publish(event("tx/C-1/1", "C-1", 0)))
        .isInstanceOf(KafkaSendFailedException.class);
    producer.sendException = null;
    clock.advance(Duration.ofMinutes(10));
    publisher.publish(event("tx/C-1/2", "C-1", 1));
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  @DisplayName("orderHold zero turns holding back off")
  void publish_orderHoldZero_neverHeldBack() {
    KafkaEventPublisher publisher =
        KafkaEventPublisher.using(settings.toBuilder().orderHold(Duration.ZERO).build(), producer);
    producer.sendException = new NotEnoughReplicasException("down");
    assertThatThrownBy(() -> publisher.publish(event("tx/C-1/1", "C-1", 0)))
        .isInstanceOf(KafkaSendFailedException.class);
    producer.sendException = null;
    publisher.publish(event("tx/C-1/2", "C-1", 1));
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  @DisplayName("a customer message goes out keyed by its recipient with the channel header")
  void send_customerMessage_keyedByRecipientWithChannel() {
    KafkaMessageChannel sms = KafkaMessageChannel.using(Channel.SMS, settings, producer);
    sms.send(
        OutboxMessage.pending(
            "care/C-7/birthday",
            "care-action",
            Optional.of(CustomerId.of("C-7")),
            Optional.of(Channel.SMS),
            Map.of("text", "Happy birthday"),
            T0));

    assertThat(sms.channel()).isEqualTo(Channel.SMS);
    ProducerRecord<String, String> r = producer.history().get(0);
    assertThat(r.key()).isEqualTo("C-7");
    assertThat(header(r, CareHeaders.CHANNEL)).isEqualTo("SMS");
    assertThat(header(r, CareHeaders.CUSTOMER)).isEqualTo("C-7");
    assertThat(sms.stats().sent()).isEqualTo(1);
  }

  @Test
  @DisplayName("closing does not close a producer the caller supplied")
  void close_suppliedProducer_leftOpen() {
    KafkaEventPublisher.using(settings, producer).close();
    KafkaMessageChannel.using(Channel.EMAIL, settings, producer).close();
    assertThat(producer.closed()).isFalse();
    assertThat(List.of(producer.history())).hasSize(1);
  }
}
