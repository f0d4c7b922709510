package dev.care.messaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaSettingsTest {

  @Nested
  @DisplayName("the producer configuration")
  class ProducerConfig {
    @Test
    @DisplayName("is idempotent, acknowledged by all replicas, at most 5 requests in flight")
    void producerConfig_defaults_idempotentAndAcknowledgedByAll() {
      Map<String, Object> config =
          KafkaSettings.builder().bootstrapServers("localhost:9092").build().producerConfig();
      assertThat(config)
          .containsEntry("bootstrap.servers", "localhost:9092")
          .containsEntry("enable.idempotence", "true")
          .containsEntry("acks", "all")
          .containsEntry("max.in.flight.requests.per.connection", "5")
          .containsEntry("retries", "10")
          .containsEntry("delivery.timeout.ms", "30000")
          .containsEntry("request.timeout.ms", "30000")
          .containsEntry("max.block.ms", "30000")
          .containsEntry("linger.ms", "0")
          .containsEntry("client.id", "care-outbox");
    }

    @Test
    @DisplayName("bounds the delivery by the send timeout and keeps the request timeout inside it")
    void producerConfig_shortSendTimeout_requestTimeoutNotLonger() {
      Map<String, Object> config =
          KafkaSettings.builder()
              .bootstrapServers("a:1,b:2")
              .sendTimeout(Duration.ofSeconds(2))
              .retries(3)
              .producerProperty("compression.type", "zstd")
              .build()
              .producerConfig();
      assertThat(config)
          .containsEntry("delivery.timeout.ms", "2000")
          .containsEntry("request.timeout.ms", "2000")
          .containsEntry("retries", "3")
          .containsEntry("compression.type", "zstd");
    }

    @Test
    @DisplayName("toBuilder keeps every value")
    void toBuilder_build_equalSettings() {
      KafkaSettings s =
          KafkaSettings.builder()
              .bootstrapServers("h:9092")
              .topics(TopicNaming.perType("care."))
              .sendTimeout(Duration.ofSeconds(3))
              .retries(2)
              .clientId("salon")
              .producerProperty("compression.type", "lz4")
              .orderHold(Duration.ZERO)
              .build();
      assertThat(s.toBuilder().build()).isEqualTo(s);
    }
  }

  @Nested
  @DisplayName("bad settings are refused at once, naming the setting and the value")
  class BadSettings {
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "localhost:", ":9092", "h:0", "h:65536", "h:x"})
    void bootstrapServers_malformed_rejected(String servers) {
      assertThatThrownBy(() -> KafkaSettings.builder().bootstrapServers(servers))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bootstrapServers")
          .hasMessageContaining("\"" + servers + "\"");
    }

    @Test
    void bootstrapServers_oneBadEntryOfTwo_rejectedNamingTheEntry() {
      assertThatThrownBy(() -> KafkaSettings.builder().bootstrapServers("a:9092,b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("got \"b\" in \"a:9092,b\"");
    }

    @Test
    void sendTimeout_zeroOrNegativeOrSubMillisecond_rejected() {
      for (Duration d :
          new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(5)}) {
        assertThatThrownBy(() -> KafkaSettings.builder().sendTimeout(d))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("sendTimeout")
            .hasMessageContaining(d.toString());
      }
    }

    @Test
    void sendTimeout_longerThanKafkaAllows_rejected() {
      assertThatThrownBy(() -> KafkaSettings.builder().sendTimeout(Duration.ofDays(30)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sendTimeout")
          .hasMessageContaining("PT720H");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1001, Integer.MAX_VALUE})
    void retries_outOfRange_rejected(int retries) {
      assertThatThrownBy(() -> KafkaSettings.builder().retries(retries))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("retries must be 1..1000")
          .hasMessageContaining("got " + retries);
    }

    @Test
    void clientId_blank_rejected() {
      assertThatThrownBy(() -> KafkaSettings.builder().clientId("  "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("clientId");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "enable.idempotence",
          "acks",
          "max.in.flight.requests.per.connection",
          "retries",
          "delivery.timeout.ms",
          "bootstrap.servers",
          "transactional.id"
        })
    void producerProperty_managedKey_rejected(String key) {
      assertThatThrownBy(() -> KafkaSettings.builder().producerProperty(key, "1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("may not set " + key)
          .hasMessageContaining("\"1\"");
    }

    @Test
    void producerProperties_managedKeyThroughTheRecord_rejected() {
      KafkaSettings ok = KafkaSettings.builder().build();
      assertThatThrownBy(
              () ->
                  new KafkaSettings(
                      ok.bootstrapServers(),
                      ok.topics(),
                      ok.sendTimeout(),
                      ok.retries(),
                      ok.clientId(),
                      Map.of("acks", "0"),
                      ok.orderHold(),
                      ok.clock()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("may not set acks (got \"0\")");
    }

    @Test
    void orderHold_negative_rejected() {
      assertThatThrownBy(() -> KafkaSettings.builder().orderHold(Duration.ofMinutes(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("orderHold")
          .hasMessageContaining("PT-1M");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "care events", "care/events", "é"})
    void topic_illegalName_rejected(String topic) {
      assertThatThrownBy(() -> TopicNaming.single(topic))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("topic must be")
          .hasMessageContaining("\"" + topic + "\"");
    }

    @Test
    void topicPrefix_illegalCharacter_rejected() {
      assertThatThrownBy(() -> TopicNaming.perType("care:"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("topic prefix")
          .hasMessageContaining("\"care:\"");
    }

    @Test
    void create_withoutBootstrapServers_rejected() {
      assertThatThrownBy(() -> KafkaEventPublisher.create(KafkaSettings.builder().build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bootstrapServers is empty");
    }
  }

  @Nested
  @DisplayName("topic naming")
  class Naming {
    @Test
    void perType_legalType_prefixPlusType() {
      assertThat(TopicNaming.perType("care.").topicFor("ledger-transaction"))
          .isEqualTo("care.ledger-transaction");
    }

    @Test
    void perType_illegalCharactersInType_replacedByUnderscore() {
      assertThat(TopicNaming.perType("care.").topicFor("bill/e mail"))
          .isEqualTo("care.bill_e_mail");
      assertThat(TopicNaming.perType("").topicFor("..")).isEqualTo("_..");
    }

    @Test
    void single_anyType_oneTopic() {
      TopicNaming naming = TopicNaming.single("care-events");
      assertThat(naming.topicFor("e-bill")).isEqualTo("care-events");
      assertThat(naming)
          .isEqualTo(TopicNaming.single("care-events"))
          .hasToString("single(care-events)");
    }
  }
}
