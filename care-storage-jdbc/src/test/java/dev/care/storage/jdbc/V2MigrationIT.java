package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.CaptureHold;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.HoldId;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.PostingId;
import dev.care.core.ledger.Reverse;
import dev.care.core.ledger.Transaction;
import dev.care.core.ledger.Transfer;
import dev.care.core.state.CareState;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.CustomerChange;
import dev.care.storage.Versioned;
import dev.care.storage.jdbc.internal.Migrations;
import dev.care.storage.jdbc.internal.RecordCodec;
import dev.care.storage.jdbc.internal.Tables;
import dev.care.storage.ledger.DurableLedger;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a V2 database that holds data: Flyway builds schema version 2, the test fills it with
 * rows in the V2 format, then the adapter's migrations run to the current version and the data is
 * read back through the new API.
 *
 * <p>The V2 journal rows ({@code v2-journal.json}) are real: captured by running the V2 code
 * (commit 4acc5f9: its {@code Ledger} and the V2 adapter's {@code RecordCodec}) over a history with
 * earns, a redemption, a partial return, holds captured, voided and expired, a transfer, a wallet
 * top-up with bonus and a spend, and a lot expiry; the program that captured them is beside the
 * file ({@code v2-journal-capture.java.txt}), with the balances the V2 ledger reported at the end.
 */
class V2MigrationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PointsPolicy POINTS =
      PointsPolicy.defaults().withLotLifetime(Optional.of(Duration.ofDays(30)));
  private static final Instant MIGRATED_AT = Instant.parse("2026-12-04T03:00:00Z");
  private static final List<CustomerId> LEDGER_CUSTOMERS =
      List.of(
          CustomerId.of("C-1"), CustomerId.of("C-2"), CustomerId.of("C-3"), CustomerId.of("C-4"));
  private static final CustomerId NO_JOURNAL = CustomerId.of("C-5");

  @Test
  @DisplayName(
      "a V2 database with data migrates: journals replay to the V2 balances, keys answer, states"
          + " exist")
  void v2_data_survives_the_upgrade() throws Exception {
    DataSource db = TestDatabase.dataSource();
    Tables tables = new Tables(TestDatabase.freshSchema(), "");
    ManualClock migrationClock = ManualClock.at(MIGRATED_AT);
    Migrations.configure(db, tables, migrationClock).target("2").load().migrate();

    JsonNode captured = v2Capture();
    List<String> keys = new ArrayList<>();
    int v2Rows = fillV2(db, tables, captured, keys);
    assertThat(v2Rows).isEqualTo(18);

    Migrations.configure(db, tables, migrationClock).load().migrate();
    PostgresStorage storage =
        PostgresStorage.builder(db).schema(tables.schema()).migrate(false).build();

    // every customer's journal replays to the balances the V2 ledger reported (L7, L30)
    Instant end = Instant.parse(captured.get("time").asText());
    Map<CustomerId, List<Transaction>> journals = new LinkedHashMap<>();
    for (CustomerId c : LEDGER_CUSTOMERS) {
      journals.put(c, storage.journal(c, 0, 1000));
    }
    Ledger replayed =
        Ledger.ofJournals(POINTS, WalletPolicy.defaults(), ManualClock.at(end), journals);
    Currency eur = Currency.getInstance("EUR");
    for (CustomerId c : LEDGER_CUSTOMERS) {
      JsonNode expected = captured.get("balances").get(c.value());
      assertThat(replayed.points(c).toString())
          .as("points of %s", c)
          .isEqualTo(expected.get("points").asText());
      assertThat(replayed.wallet(c, eur).toString())
          .as("wallet of %s", c)
          .isEqualTo(expected.get("wallet").asText());
    }

    // each customer's own transactions are numbered 1, 2, 3... in the old order; the V2 rows
    // are all there once as someone's own, and the transfer also in the receiver's journal
    int own = 0;
    for (CustomerId c : LEDGER_CUSTOMERS) {
      List<Transaction> journal = journals.get(c);
      for (int i = 0; i < journal.size(); i++) {
        Transaction tx = journal.get(i);
        if (tx.customer().equals(c)) {
          own++;
          assertThat(tx.sequence()).as("position of %s's transaction", c).isEqualTo(i + 1);
        } else {
          assertThat(journals.get(tx.customer())).contains(tx);
        }
      }
    }
    assertThat(own).isEqualTo(v2Rows);
    Transaction transfer = storage.transactionFor(IdempotencyKey.of("transfer-1-2")).orElseThrow();
    assertThat(transfer.customer()).isEqualTo(CustomerId.of("C-1"));
    assertThat(journals.get(CustomerId.of("C-2"))).contains(transfer);
    assertThat(transfer.command()).containsInstanceOf(Transfer.class);

    // ids keep their V2 numbers, qualified by their owner: the return names C-2's earn (posting
    // 3 of the old counter), the capture names C-1's hold; expiries belong to the lot's owner
    Transaction ret = storage.transactionFor(IdempotencyKey.of("return-2")).orElseThrow();
    assertThat(ret.customer()).isEqualTo(CustomerId.of("C-2"));
    assertThat(((Reverse) ret.command().orElseThrow()).posting())
        .isEqualTo(new PostingId(CustomerId.of("C-2"), 3));
    Transaction capture = storage.transactionFor(IdempotencyKey.of("capture-1")).orElseThrow();
    assertThat(((CaptureHold) capture.command().orElseThrow()).hold())
        .isEqualTo(new HoldId(CustomerId.of("C-1"), 1));
    List<Transaction> c4 = journals.get(CustomerId.of("C-4"));
    assertThat(c4).hasSize(2);
    assertThat(c4.get(1).command()).as("the lot expiry").isEmpty();
    assertThat(c4.get(1).customer()).isEqualTo(CustomerId.of("C-4"));
    assertThat(replayed.points(CustomerId.of("C-4")).posted()).isZero();

    // every V2 key still answers, with its own command
    for (String key : keys) {
      assertThat(storage.transactionFor(IdempotencyKey.of(key)))
          .as("key %s", key)
          .hasValueSatisfying(
              tx -> assertThat(tx.command().orElseThrow().key().value()).isEqualTo(key));
    }

    // one care state per customer, journal and file alike: version 1, the journal's length,
    // advanced until the migration, nothing else known yet; all in the change feed
    List<CustomerId> everyone = new ArrayList<>(LEDGER_CUSTOMERS);
    everyone.add(NO_JOURNAL);
    List<Versioned<CareState>> states = storage.careStates(Optional.empty(), 100);
    assertThat(states).extracting(v -> v.value().customer()).containsExactlyElementsOf(everyone);
    for (Versioned<CareState> v : states) {
      CareState s = v.value();
      assertThat(v.version()).isOne();
      assertThat(s.journalLength())
          .as("journal length of %s", s.customer())
          .isEqualTo(journals.getOrDefault(s.customer(), List.of()).size());
      assertThat(s.advancedUntil()).isEqualTo(MIGRATED_AT);
      assertThat(s.stage()).isEmpty();
      assertThat(s.manualTier()).isEmpty();
      assertThat(s.winBackSent()).isEmpty();
      assertThat(s.nextDue())
          .as("migrated customers fall due where they were advanced to (V4.1)")
          .contains(MIGRATED_AT);
      assertThat(s.attributes()).isEmpty();
      assertThat(storage.careState(s.customer())).contains(v);
    }
    assertThat(storage.dueCustomers(MIGRATED_AT, Optional.empty(), 100))
        .as("the first nightly run visits every migrated customer")
        .containsExactlyElementsOf(everyone);
    assertThat(storage.changes(0, 100))
        .extracting(CustomerChange::customer)
        .containsExactlyInAnyOrderElementsOf(everyone);
    assertThat(storage.lastChangePosition()).isGreaterThanOrEqualTo(everyone.size());
    assertThat(storage.customer(NO_JOURNAL)).isPresent();
    assertThat(tableExists(db, tables, "journal_v2")).as("the V2 journal is gone").isFalse();

    // and the migrated ledger goes on: a repeat of a V2 key returns the V2 outcome, a new earn
    // numbers its posting after the V2 ones
    DurableLedger ledger =
        new DurableLedger(storage, POINTS, WalletPolicy.defaults(), ManualClock.at(end));
    PostingContext ctx = PostingContext.of("after the upgrade", "test");
    CustomerId c1 = CustomerId.of("C-1");
    Transaction earn1 = storage.transactionFor(IdempotencyKey.of("earn-1")).orElseThrow();
    assertThat(ledger.execute(earn1.command().orElseThrow())).isEqualTo(earn1.outcome());
    Outcome next = ledger.execute(Earn.of(IdempotencyKey.of("after-v3"), c1, 5, ctx));
    long lastV2Posting =
        journals.get(c1).stream()
            .flatMap(tx -> tx.postings().stream())
            .filter(p -> p.id().customer().equals(c1))
            .mapToLong(p -> p.id().value())
            .max()
            .orElseThrow();
    assertThat(next)
        .isInstanceOfSatisfying(
            Outcome.Posted.class,
            p -> assertThat(p.posting().id()).isEqualTo(new PostingId(c1, lastV2Posting + 1)));
    assertThat(ledger.points(c1).posted()).isEqualTo(replayed.points(c1).posted() + 5);
    assertThat(storage.careState(c1).orElseThrow().value().journalLength())
        .isEqualTo(journals.get(c1).size() + 1);
  }

  private static JsonNode v2Capture() throws IOException {
    try (InputStream in = V2MigrationIT.class.getResourceAsStream("v2-journal.json")) {
      return JSON.readTree(in);
    }
  }

  /**
   * Writes V2 rows: the captured journal and the files of five customers (the customer record is
   * stored the same way in V2 and now). Returns the number of journal rows.
   */
  private static int fillV2(DataSource db, Tables t, JsonNode captured, List<String> keys)
      throws SQLException {
    RecordCodec codec = new RecordCodec();
    Instant registered = Instant.parse("2025-01-01T08:00:00Z");
    int rows = 0;
    try (Connection c = db.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO "
                  + t.table("journal")
                  + " (seq, idempotency_key, doc) VALUES (?, ?, ?::jsonb)")) {
        for (JsonNode row : captured.get("journal")) {
          s.setLong(1, row.get("seq").asLong());
          String key = row.get("key").isNull() ? null : row.get("key").asText();
          s.setString(2, key);
          s.setString(3, row.get("doc").asText());
          s.addBatch();
          if (key != null) {
            keys.add(key);
          }
          rows++;
        }
        s.executeBatch();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO "
                  + t.table("customer")
                  + " (id, version, doc) VALUES (?, 1, ?::jsonb)")) {
        for (String id : List.of("C-1", "C-2", "C-3", "C-5")) {
          Customer customer = Customer.register(CustomerId.of(id), Profile.named(id), registered);
          s.setString(1, id);
          s.setString(2, codec.write(customer, Customer.class));
          s.addBatch();
        }
        s.executeBatch();
      }
    }
    return rows;
  }

  private static boolean tableExists(DataSource db, Tables t, String table) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM pg_tables WHERE schemaname = ? AND tablename = ?")) {
      s.setString(1, t.schema());
      s.setString(2, t.prefix() + table);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }
}
