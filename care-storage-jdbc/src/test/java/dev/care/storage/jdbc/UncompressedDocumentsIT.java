package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.ledger.DurableLedger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Journal documents and care states over 2 kB (up to a page) are stored as written (V9): PostgreSQL
 * compresses a row's large values from about 2 kB on by default, which cost a compression on every
 * append and state update and a decompression on every read of a typical purchase's document.
 */
class UncompressedDocumentsIT {
  @Test
  void a_journal_document_over_two_kilobytes_is_stored_uncompressed() throws SQLException {
    String schema = TestDatabase.freshSchema();
    PostgresStorage storage =
        PostgresStorage.builder(TestDatabase.dataSource()).schema(schema).build();
    DurableLedger ledger =
        new DurableLedger(
            storage,
            PointsPolicy.defaults(),
            WalletPolicy.defaults(),
            ManualClock.at(Instant.parse("2026-06-01T10:00:00Z")));
    CustomerId customer = CustomerId.of("c-1");
    // a context that compresses well (four texts of 248 characters, each written twice): without
    // the setting pglz
    // would shrink the document
    String text = "a cut and a colour, thank you! ".repeat(8);
    ledger.update(
        List.of(customer),
        a ->
            a.execute(
                Earn.of(
                    IdempotencyKey.of("k-1"),
                    customer,
                    10,
                    PostingContext.of(text, text).withSourceRef(text).withRule(text))));

    try (Connection c = TestDatabase.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String table : List.of("journal", "care_state")) {
        try (ResultSet r =
            s.executeQuery(
                "SELECT array_to_string(c.reloptions, ',') FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = '"
                    + schema
                    + "' AND c.relname = '"
                    + table
                    + "'")) {
          assertThat(r.next()).as(table).isTrue();
          assertThat(r.getString(1)).as(table).contains("toast_tuple_target=8160");
        }
      }
      List<Integer> sizes = new ArrayList<>();
      List<String> methods = new ArrayList<>();
      try (ResultSet r =
          s.executeQuery(
              "SELECT pg_column_size(doc), pg_column_compression(doc) FROM \""
                  + schema
                  + "\".journal")) {
        while (r.next()) {
          sizes.add(r.getInt(1));
          methods.add(r.getString(2));
        }
      }
      assertThat(sizes)
          .as("sizes, compression %s", methods)
          .singleElement()
          .satisfies(n -> assertThat(n).isGreaterThan(2_100));
      assertThat(methods).containsOnlyNulls();
    }
  }
}
