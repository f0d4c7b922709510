package dev.care.storage.jdbc;

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
import dev.care.storage.dispatch.OutboxRetention;
import dev.care.storage.ledger.DurableLedger;
import dev.care.storage.messaging.EventPublisher;
import dev.care.storage.messaging.MessageChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's "PostgreSQL adapter" snippet, run against embedded PostgreSQL. The lines between the
 * markers are copied verbatim into the README, and this test checks that they still are.
 */
class ReadmeSnippetTest {
  private static final Path SOURCE =
      Path.of("src/test/java/dev/care/storage/jdbc/ReadmeSnippetTest.java");
  private static final Path README = Path.of("../README.md");

  private final List<String> published = new ArrayList<>();

  @Test
  @DisplayName("the README snippet runs: migrate, earn in one transaction, dispatch the outbox")
  void snippet_runs() {
    DataSource dataSource = TestDatabase.dataSource();
    String schema = TestDatabase.freshSchema();
    List<MessageChannel> channels = List.of();
    EventPublisher events = event -> published.add(event.id());

    // README:begin
    PostgresStorage storage =
        PostgresStorage.builder(dataSource) // your pool; the storage never closes it
            .schema(schema) // created and migrated by Flyway on build()
            .tablePrefix("salon_") // optional: several stores in one schema
            .build();
    DurableLedger ledger =
        new DurableLedger(
            storage, PointsPolicy.defaults(), WalletPolicy.defaults(), Clock.systemUTC());
    ledger.execute( // journal and outbox rows commit in one database transaction
        Earn.of(
            IdempotencyKey.of("O-1/earn"),
            CustomerId.of("C-1"),
            45,
            PostingContext.of("purchase", "till-2")));
    OutboxDispatcher dispatcher =
        new OutboxDispatcher(
            storage,
            channels,
            events,
            DispatchPolicy.defaults(),
            Clock.systemUTC(),
            OutboxRetention.defaults()); // delivered messages are purged after 30 days
    DispatchReport report = dispatcher.runOnce(); // safe on every instance: batches are claimed
    // README:end

    assertThat(ledger.points(CustomerId.of("C-1")).posted()).isEqualTo(45);
    assertThat(published).contains("tx/C-1/1");
    assertThat(report.delivered()).isGreaterThanOrEqualTo(1);
  }

  @Test
  @DisplayName("the README carries the snippet verbatim")
  void readme_has_snippet() throws IOException {
    String source = Files.readString(SOURCE);
    String snippet =
        source.substring(
            source.indexOf("// README:begin\n") + "// README:begin\n".length(),
            source.indexOf("    // README:end"));
    StringBuilder unindented = new StringBuilder();
    for (String line : snippet.split("\n", -1)) {
      unindented.append(line.startsWith("    ") ? line.substring(4) : line).append('\n');
    }
    String expected = unindented.toString().strip();
    assertThat(Files.readString(README)).contains(expected);
  }
}
