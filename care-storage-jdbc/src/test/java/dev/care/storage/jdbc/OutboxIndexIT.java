package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.storage.jdbc.internal.Sql;
import dev.care.storage.jdbc.internal.Tables;
import dev.care.storage.outbox.DeliveryStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The outbox has no status index (V9: one index fewer for every write of a message), and listing
 * the pending or the failed messages still reads a partial index of that status, not the table.
 */
class OutboxIndexIT {
  @Test
  @DisplayName("the messages of each status are read from that status's index")
  void listingByStatusReadsAnIndex() throws SQLException {
    PostgresStorage storage =
        PostgresStorage.builder(TestDatabase.dataSource())
            .schema(TestDatabase.freshSchema())
            .build();
    Tables tables = new Tables(storage.schema(), storage.tablePrefix());
    Sql sql = new Sql(tables);
    String outbox = tables.table("outbox");
    try (Connection c = TestDatabase.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO "
              + outbox
              + " (id, customer_id, status, next_at, doc) SELECT 'm-' || g, 'c-' || (g % 500),"
              + " CASE WHEN g % 100 = 0 THEN 'FAILED' WHEN g % 100 = 1 THEN 'PENDING'"
              + " WHEN g % 100 = 2 THEN 'SUPPRESSED' ELSE 'DELIVERED' END, 1800000000 + g,"
              + " '{}' FROM generate_series(1, 50000) g");
      s.execute("ANALYZE " + outbox);
    }
    Map<DeliveryStatus, String> index =
        Map.of(DeliveryStatus.FAILED, "outbox_failed_ix", DeliveryStatus.PENDING, "outbox_due_ix");
    for (Map.Entry<DeliveryStatus, String> e : index.entrySet()) {
      String plan =
          TestDatabase.plan(String.format(Locale.ROOT, sql.messagesByStatus, e.getKey().name()));
      assertThat(plan).as(e.getKey() + ": " + plan).contains(e.getValue());
    }
    try (Connection c = TestDatabase.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM ("
                    + String.format(Locale.ROOT, sql.messagesByStatus, "FAILED")
                    + ") q")) {
      assertThat(rs.next() && rs.getLong(1) == 500).as("the failed messages listed").isTrue();
    }
  }
}
