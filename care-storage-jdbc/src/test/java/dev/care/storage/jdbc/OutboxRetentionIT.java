package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.storage.UnitOfWork;
import dev.care.storage.jdbc.internal.Sql;
import dev.care.storage.jdbc.internal.Tables;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Outbox retention on PostgreSQL: the purge is served by the partial index on finished messages
 * (V5), and purges running on two instances at once take disjoint rows and remove each finished
 * message once, leaving pending ones.
 */
class OutboxRetentionIT {
  static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
  static final int FINISHED = 3_000;
  static final int PENDING = 1_000;

  PostgresStorage storage() {
    PostgresStorage storage = TestDatabase.freshStorage();
    try (UnitOfWork u = storage.begin()) {
      for (int i = 0; i < FINISHED + PENDING; i++) {
        u.enqueue(
            OutboxMessage.pending(
                (i < FINISHED ? "d-" : "p-") + i,
                "event",
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                T0.plusMillis(i)));
      }
      u.commit();
    }
    String outbox = new Tables(storage.schema(), storage.tablePrefix()).table("outbox");
    // finished in bulk, as many dispatcher runs would leave them
    execute(
        "UPDATE "
            + outbox
            + " SET status = 'DELIVERED', doc = jsonb_set(doc, '{status}', '\"DELIVERED\"')"
            + " WHERE id LIKE 'd-%'");
    execute("ANALYZE " + outbox);
    return storage;
  }

  static void execute(String statement) {
    try (Connection c = TestDatabase.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }

  @Test
  @DisplayName("a purge batch reads the partial index of finished messages, not the outbox")
  void purgeUsesTheFinishedIndex() throws SQLException {
    PostgresStorage storage = storage();
    Sql sql = new Sql(new Tables(storage.schema(), storage.tablePrefix()));
    StringBuilder plan = new StringBuilder();
    try (Connection c = TestDatabase.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("EXPLAIN " + sql.purgeFinished)) {
      s.setBigDecimal(1, PostgresStorage.instant(T0.plus(Duration.ofDays(1))));
      s.setInt(2, 100);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
    }
    assertThat(plan.toString()).as(plan.toString()).contains("outbox_finished_ix");
  }

  @Test
  @DisplayName("two instances purging at once remove every finished message once, and no other")
  void concurrentPurgesTakeDisjointRows() throws Exception {
    PostgresStorage storage = storage();
    PostgresStorage other =
        PostgresStorage.builder(TestDatabase.dataSource()).schema(storage.schema()).build();
    Instant cutoff = T0.plus(Duration.ofDays(1));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> removed = new ArrayList<>();
      for (PostgresStorage s : List.of(storage, other)) {
        removed.add(
            pool.submit(
                () -> {
                  start.await();
                  int total = 0;
                  for (int batch = 0; batch < 1_000; batch++) {
                    int n = s.purgeFinished(cutoff, 100);
                    total += n;
                    if (n == 0) {
                      break;
                    }
                  }
                  return total;
                }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : removed) {
        total += f.get(2, TimeUnit.MINUTES);
      }
      assertThat(total).isEqualTo(FINISHED);
    } finally {
      pool.shutdownNow();
    }
    assertThat(storage.messages(DeliveryStatus.DELIVERED)).isEmpty();
    assertThat(storage.messages(DeliveryStatus.PENDING)).hasSize(PENDING);
    assertThat(storage.purgeFinished(cutoff, 100)).isZero();
  }
}
