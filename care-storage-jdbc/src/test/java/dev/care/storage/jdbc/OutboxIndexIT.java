package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.storage.UnitOfWork;
import dev.care.storage.jdbc.internal.Sql;
import dev.care.storage.jdbc.internal.Tables;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The outbox has no status index (V9: one index fewer for every write of a message), and listing
 * the pending or the failed messages still reads a partial index of that status, not the table; its
 * pages keep room for the dispatcher's lease (V10), so a claim rewrites a message in place.
 */
class OutboxIndexIT {
  @Test
  @DisplayName("the messages of each status are read from that status's index")
  void listingByStatusReadsAnIndex() throws SQLException {
    PostgresStorage storage = TestDatabase.freshStorage();
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

  @Test
  @DisplayName("a claim leaves each message on its page: a heap-only update, no index written")
  void claimIsAHeapOnlyUpdate() throws SQLException {
    PostgresStorage storage = TestDatabase.freshStorage();
    Instant t0 = Instant.parse("2026-06-01T10:00:00Z");
    int messages = 2_000;
    try (UnitOfWork u = storage.begin()) {
      for (int i = 0; i < messages; i++) {
        u.enqueue(
            OutboxMessage.pending(
                "m-" + i, "event", Optional.empty(), Optional.empty(), Map.of(), t0.plusMillis(i)));
      }
      u.commit();
    }
    String outbox = new Tables(storage.schema(), storage.tablePrefix()).table("outbox");
    Map<String, Long> before = pages(outbox);
    assertThat(new java.util.HashSet<>(before.values()))
        .as("the messages fill several pages")
        .hasSizeGreaterThan(5);
    List<OutboxMessage> claimed =
        storage.claimDue(t0.plusSeconds(60), messages, Duration.ofMinutes(1));
    assertThat(claimed).hasSize(messages);
    Map<String, Long> after = pages(outbox);
    // an update that writes an index, or finds no room on the page, puts the new row version on
    // another page; a heap-only update keeps it on the page of the old one
    List<String> moved =
        before.keySet().stream().filter(id -> !before.get(id).equals(after.get(id))).toList();
    assertThat(moved)
        .as("%d of %d messages moved to another page by their claim", moved.size(), messages)
        .isEmpty();
  }

  /** Each message's heap page (the block of its {@code ctid}). */
  private static Map<String, Long> pages(String outbox) throws SQLException {
    Map<String, Long> pages = new java.util.HashMap<>();
    try (Connection c = TestDatabase.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, (ctid::text::point)[0]::bigint FROM " + outbox)) {
      while (rs.next()) {
        pages.put(rs.getString(1), rs.getLong(2));
      }
    }
    return pages;
  }
}
