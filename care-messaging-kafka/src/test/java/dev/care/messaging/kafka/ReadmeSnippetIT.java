package dev.care.messaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.dispatch.DispatchPolicy;
import dev.care.storage.dispatch.DispatchReport;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.ledger.DurableLedger;
import dev.care.storage.memory.InMemoryStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's "Kafka" snippet, run against a real broker in this JVM. The lines between the
 * markers are copied verbatim into the README, and this test checks that they still are.
 */
class ReadmeSnippetIT {
  private static final Path SOURCE =
      Path.of("src/test/java/dev/care/messaging/kafka/ReadmeSnippetIT.java");
  private static final Path README = Path.of("../README.md");

  @Test
  @DisplayName("the README snippet runs: earn, then relay the outbox's events to Kafka")
  void snippet_runs() throws Exception {
    try (InProcessKafka kafka = InProcessKafka.start()) {
      InMemoryStorage storage = new InMemoryStorage();
      String bootstrapServers = kafka.bootstrapServers();
      DispatchReport report;

      // README:begin
      KafkaSettings settings =
          KafkaSettings.builder()
              .bootstrapServers(bootstrapServers) // e.g. "kafka-1:9092,kafka-2:9092"
              .topics(TopicNaming.perType("care.")) // care.ledger-transaction, care.ledger-bill
              .sendTimeout(Duration.ofSeconds(10)) // the acknowledgement, retries included
              .build();
      try (KafkaEventPublisher events = KafkaEventPublisher.create(settings)) {
        DurableLedger ledger =
            new DurableLedger(
                storage,
                PointsPolicy.defaults(),
                WalletPolicy.defaults(),
                Clock.systemUTC(),
                DurableLedger.BillDelivery.AS_EVENT); // bills as events, keyed by customer
        ledger.execute(
            Earn.of(
                IdempotencyKey.of("O-1/earn"),
                CustomerId.of("C-1"),
                45,
                PostingContext.of("purchase", "till-2")));
        OutboxDispatcher dispatcher =
            new OutboxDispatcher(
                storage, List.of(), events, DispatchPolicy.defaults(), Clock.systemUTC());
        report = dispatcher.runOnce(); // delivered = acknowledged by Kafka; failures stay pending
      }
      // README:end

      assertThat(report.delivered()).isEqualTo(2);
      List<ConsumerRecord<String, String>> records =
          kafka.readAll(List.of("care.ledger-transaction", "care.ledger-bill"));
      assertThat(records).hasSize(2).allSatisfy(r -> assertThat(r.key()).isEqualTo("C-1"));
      assertThat(records)
          .extracting(
              r ->
                  new String(
                      r.headers().lastHeader(CareHeaders.MESSAGE_ID).value(),
                      StandardCharsets.UTF_8))
          .contains("tx/C-1/1");
    }
  }

  @Test
  @DisplayName("the README carries the snippet verbatim")
  void readme_has_snippet() throws IOException {
    String source = Files.readString(SOURCE);
    String snippet =
        source.substring(
            source.indexOf("// README:begin\n") + "// README:begin\n".length(),
            source.indexOf("      // README:end"));
    StringBuilder unindented = new StringBuilder();
    for (String line : snippet.split("\n", -1)) {
      unindented.append(line.startsWith("      ") ? line.substring(6) : line).append('\n');
    }
    String expected = unindented.toString().strip();
    assertThat(Files.readString(README)).contains(expected);
  }
}
