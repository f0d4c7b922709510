package dev.care.spring.boot.autoconfigure;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PostgreSQL for the tests, as care-storage-jdbc's tests have it: an embedded server (zonky)
 * started once per test JVM, or an external one when {@code CARE_TEST_JDBC_URL} is set (with {@code
 * CARE_TEST_JDBC_USER} and {@code CARE_TEST_JDBC_PASSWORD}, default postgres/postgres). Each
 * application context gets a database of its own, so the application's {@code public} schema and
 * Flyway history start empty in every test.
 */
final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
  private static EmbeddedPostgres embedded;

  private TestPostgres() {}

  static String user() {
    return env("CARE_TEST_JDBC_USER", "postgres");
  }

  static String password() {
    return env("CARE_TEST_JDBC_PASSWORD", "postgres");
  }

  /** Creates a fresh, empty database and returns its JDBC URL. */
  static String newDatabaseUrl() {
    String admin = adminUrl();
    String name = "boot_t" + RUN + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(admin, user(), password());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    int slash = admin.lastIndexOf('/');
    int query = admin.indexOf('?', slash);
    return admin.substring(0, slash + 1) + name + (query < 0 ? "" : admin.substring(query));
  }

  /** A small pool on a fresh database, as an application's own DataSource. */
  static HikariDataSource newDataSource() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(newDatabaseUrl());
    config.setUsername(user());
    config.setPassword(password());
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  private static synchronized String adminUrl() {
    String external = System.getenv("CARE_TEST_JDBC_URL");
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

  private static String env(String name, String otherwise) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? otherwise : v;
  }
}
