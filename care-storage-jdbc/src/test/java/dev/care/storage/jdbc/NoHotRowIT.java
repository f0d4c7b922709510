package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.ledger.DurableLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * No hot row: concurrent earns on different customers, from two application instances, insert rows
 * and update only their own customer's care state. PostgreSQL records a row's updater or locker in
 * its {@code xmax}; after the race every live row of every table still has {@code xmax = 0}, the
 * table statistics show updates only in {@code care_state} (one per earn after a customer's first,
 * over one row per customer), and no ledger met a conflict — so no earn waited for another on a
 * row: balances and program totals exist only as derivations of the journals.
 */
class NoHotRowIT {
  private static final PostingContext CTX = PostingContext.of("purchase", "no-hot-row");

  @Test
  @DisplayName("racing earns on distinct customers update and lock no row of any table")
  void earns_touch_no_existing_row() throws Exception {
    // own pools: PostgreSQL 14 sends a session's statistics when it ends (or its next
    // transaction), so the probe closes them before it reads the counters
    HikariDataSource poolA = TestDatabase.newPool("no-hot-row-a", 4);
    HikariDataSource poolB = TestDatabase.newPool("no-hot-row-b", 4);
    PostgresStorage a = PostgresStorage.builder(poolA).schema(TestDatabase.freshSchema()).build();
    PostgresStorage b = PostgresStorage.builder(poolB).schema(a.schema()).build();
    ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));
    DurableLedger[] ledgers = {
      new DurableLedger(a, PointsPolicy.defaults(), WalletPolicy.defaults(), clock),
      new DurableLedger(b, PointsPolicy.defaults(), WalletPolicy.defaults(), clock)
    };
    int threads = 4;
    int earns = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < earns; i++) {
                  ledgers[thread % 2].execute(
                      Earn.of(
                          IdempotencyKey.of("nh-" + thread + "-" + i),
                          CustomerId.of("nh-" + thread + "-" + (i % 25)),
                          1 + i % 7,
                          CTX));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    long journalRows = (long) threads * earns;
    long customers = threads * 25L;
    // disjoint customers never conflict (L33): no shared row, no programme-wide counter
    assertThat(ledgers[0].conflicts() + ledgers[1].conflicts()).isZero();
    poolA.close();
    poolB.close();
    Map<String, Long> touched =
        touchedRows(a.schema(), stats -> stats.getOrDefault("journal", NONE)[0] >= journalRows);
    assertThat(touched).containsKeys("journal", "outbox", "idempotency_key", "care_state");
    // the only updates are of care states, one row per customer written only by that customer's
    // earns: the first inserts it, each later one updates it; every other table only grows
    long stateUpdates = touched.remove("care_state");
    assertThat(stateUpdates).isEqualTo(journalRows - customers);
    assertThat(rowCount(a.schema(), "care_state")).isEqualTo(customers);
    assertThat(touched.values())
        .as("rows updated, deleted or locked, per table: %s", touched)
        .containsOnly(0L);

    // control: an update of a versioned row is seen by the same probe
    try (HikariDataSource poolC = TestDatabase.newPool("no-hot-row-c", 1)) {
      PostgresStorage c = PostgresStorage.builder(poolC).schema(a.schema()).migrate(false).build();
      try (var u = c.begin()) {
        u.putSegmentDefinition("control", "tier in (GOLD)", 0);
        u.commit();
      }
      try (var u = c.begin()) {
        u.putSegmentDefinition("control", "tier in (GOLD, PLATINUM)", 1);
        u.commit();
      }
    }
    assertThat(
            touchedRows(a.schema(), stats -> stats.getOrDefault("segment", NONE)[1] >= 1)
                .get("segment"))
        .isEqualTo(1L);
  }

  private static final long[] NONE = {0, 0};

  private static long rowCount(String schema, String table) throws SQLException {
    try (Connection c = TestDatabase.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM \"" + schema + "\"." + table);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Per table of the schema: tuples updated or deleted, plus live rows whose xmax is set (locked or
   * being updated), once the statistics (sent asynchronously) satisfy {@code ready}: a map from
   * table to {inserted, updated + deleted}.
   */
  private static Map<String, Long> touchedRows(
      String schema, java.util.function.Predicate<Map<String, long[]>> ready) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = TestDatabase.dataSource().getConnection()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        Map<String, long[]> stats = new LinkedHashMap<>();
        try (PreparedStatement clear = c.prepareStatement("SELECT pg_stat_clear_snapshot()")) {
          clear.execute();
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT relname, n_tup_ins, n_tup_upd + n_tup_del FROM pg_stat_user_tables"
                    + " WHERE schemaname = ? AND relname NOT LIKE '%flyway%'")) {
          s.setString(1, schema);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              stats.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
          }
        }
        if (ready.test(stats)) {
          stats.forEach((table, counts) -> out.put(table, counts[1]));
          break;
        }
        if (System.nanoTime() > deadline) {
          StringBuilder seen = new StringBuilder();
          stats.forEach(
              (table, counts) ->
                  seen.append(' ')
                      .append(table)
                      .append('=')
                      .append(counts[0])
                      .append('/')
                      .append(counts[1]));
          throw new AssertionError("the statistics never got ready (inserted/updated):" + seen);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
      for (String table : List.copyOf(out.keySet())) {
        // the names come from the catalogue
        try (PreparedStatement s =
                c.prepareStatement(
                    "SELECT count(*) FROM \"" + schema + "\".\"" + table + "\" WHERE xmax <> '0'");
            ResultSet rs = s.executeQuery()) {
          rs.next();
          out.merge(table, rs.getLong(1), Long::sum);
        }
      }
    }
    return out;
  }
}
