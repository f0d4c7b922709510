package dev.care.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The PostgreSQL the tests run on: an embedded one (zonky) started once per test JVM, or an
 * external database when {@value #URL_VARIABLE} is set (with {@value #USER_VARIABLE} and {@value
 * #PASSWORD_VARIABLE}, default {@code postgres}/{@code postgres}). Every test gets its own schema,
 * so tests never see each other's rows and an external database needs no cleaning.
 */
final class TestDatabase {
  /**
   * The environment variable naming an external database, e.g. jdbc:postgresql://localhost/care.
   */
  static final String URL_VARIABLE = "CARE_TEST_JDBC_URL";

  static final String USER_VARIABLE = "CARE_TEST_JDBC_USER";
  static final String PASSWORD_VARIABLE = "CARE_TEST_JDBC_PASSWORD";

  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
  private static EmbeddedPostgres embedded;
  private static HikariDataSource shared;

  private TestDatabase() {}

  static synchronized String jdbcUrl() {
    String external = System.getenv(URL_VARIABLE);
    if (external != null && !external.isBlank()) {
      return external;
    }
    if (embedded == null) {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      }
      EmbeddedPostgres started = embedded;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      // the JVM is ending; the temporary data directory goes with it
                    }
                  }));
    }
    return embedded.getJdbcUrl("postgres", "postgres");
  }

  static String user() {
    String u = System.getenv(USER_VARIABLE);
    return u == null || u.isBlank() ? "postgres" : u;
  }

  static String password() {
    String p = System.getenv(PASSWORD_VARIABLE);
    return p == null ? "postgres" : p;
  }

  /** A pool shared by the tests that need just one. */
  static synchronized HikariDataSource dataSource() {
    if (shared == null) {
      shared = newPool("care-test-shared", 12);
    }
    return shared;
  }

  /** A pool of its own, as a second application instance would have. */
  static HikariDataSource newPool(String name, int size) {
    return newPool(name, size, config -> {});
  }

  /** A pool of its own, configured further before it starts. */
  static HikariDataSource newPool(
      String name, int size, java.util.function.Consumer<HikariConfig> more) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl());
    config.setUsername(user());
    config.setPassword(password());
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    more.accept(config);
    return new HikariDataSource(config);
  }

  /** An adapter over the shared pool in a schema of its own, migrated. */
  static PostgresStorage freshStorage() {
    return PostgresStorage.builder(dataSource()).schema(freshSchema()).build();
  }

  /** A schema name no other test in this or an earlier run uses. */
  static String freshSchema() {
    return "care_t" + RUN + "_" + SCHEMAS.incrementAndGet();
  }

  /**
   * Waits up to 30 s for another backend to wait on a lock in a statement containing {@code
   * fragment} (for example {@code "my_schema".customer}). The watcher must be in auto-commit mode:
   * activity statistics are a snapshot per transaction.
   *
   * @param watcher a connection of its own
   * @param fragment text of the blocked statement
   * @return the blocked backend's pid
   * @throws SQLException if the query fails
   */
  static int waitForBackendBlockedOn(Connection watcher, String fragment) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (PreparedStatement s =
          watcher.prepareStatement(
              "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                  + " AND wait_event_type = 'Lock' AND query LIKE ?")) {
        s.setString(1, "%" + fragment + "%");
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next()) {
            return rs.getInt(1);
          }
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new AssertionError(
        "no backend waited for a lock in a statement on " + fragment + " within 30 s");
  }

  /** The plan PostgreSQL makes for a query with these parameters ({@code EXPLAIN}), as text. */
  static String plan(String query, Object... params) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Connection c = dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("EXPLAIN " + query)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
    }
    return plan.toString();
  }
}
