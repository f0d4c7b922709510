package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.storage.jdbc.internal.Sql;
import dev.care.storage.jdbc.internal.Tables;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The staff task queue and the service counts read indexes, not tables: over 50,000 tasks of which
 * most are finished, the plans of the queue page (with a cursor) and of one period's counts name
 * the V7 indexes.
 */
class TaskQueueIndexIT {
  @Test
  @DisplayName("a queue page and a period's service counts are index scans")
  void queueAndCountsUseTheirIndexes() throws SQLException {
    PostgresStorage storage = TestDatabase.freshStorage();
    Tables tables = new Tables(storage.schema(), storage.tablePrefix());
    Sql sql = new Sql(tables);
    String task = tables.table("care_task");
    String action = tables.table("care_action");
    try (Connection c = TestDatabase.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO "
              + task
              + " (idempotency_key, customer_id, doc, status, urgency, due)"
              + " SELECT 'return-visit:' || g, 'c-' || (g % 5000), '{\"targetLevel\":\"BASIC\"}',"
              + " CASE WHEN g % 50 = 0 THEN 'OPEN' ELSE 'DONE' END, g % 4, 1800000000 + g * 60"
              + " FROM generate_series(1, 50000) g");
      s.execute(
          "INSERT INTO "
              + action
              + " (idempotency_key, customer_id, doc, due)"
              + " SELECT 'e-bill:' || g, 'c-' || (g % 5000), '{\"targetLevel\":\"BASIC\"}',"
              + " 1800000000 + g * 60 FROM generate_series(1, 50000) g");
      s.execute("ANALYZE " + task);
      s.execute("ANALYZE " + action);
    }
    String queue =
        TestDatabase.plan(
            sql.taskQueue(List.of("OPEN", "ASSIGNED"), true),
            1,
            new BigDecimal("1800000600"),
            "c-10",
            "return-visit:10",
            50);
    assertThat(queue).as(queue).contains("care_task_queue_ix").doesNotContain("Sort");
    String done = TestDatabase.plan(sql.taskQueue(List.of("DONE"), false), 50);
    assertThat(done).as(done).contains("care_task_status_ix");
    BigDecimal from = new BigDecimal("1800060000");
    BigDecimal to = new BigDecimal("1800066000");
    String counts = TestDatabase.plan(sql.serviceCounts, from, to, from, to);
    assertThat(counts).as(counts).contains("care_action_due_ix").contains("care_task_due_ix");
  }
}
