package dev.care.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.care.storage.CareStorage;
import dev.care.storage.jdbc.PostgresStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PostgreSQL: an embedded server (zonky) started once per test JVM, or an external database when
 * {@code CARE_TEST_JDBC_URL} is set (with {@code CARE_TEST_JDBC_USER} and {@code
 * CARE_TEST_JDBC_PASSWORD}, default postgres/postgres), as care-storage-jdbc's tests do. Every
 * fixture migrates a schema of its own; a restart is a new {@link PostgresStorage} over it, a
 * second instance also gets its own connection pool.
 */
final class PostgresFixture implements StorageFixture {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
  private static EmbeddedPostgres embedded;

  private final String schema = "care_it" + RUN + "_" + SCHEMAS.incrementAndGet();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private final HikariDataSource pool;
  private final PostgresStorage storage;

  PostgresFixture() {
    pool = newPool("it-a", 8);
    storage = PostgresStorage.builder(pool).schema(schema).build();
  }

  @Override
  public CareStorage storage() {
    return storage;
  }

  @Override
  public CareStorage reopen() {
    return PostgresStorage.builder(pool).schema(schema).migrate(false).build();
  }

  @Override
  public CareStorage secondInstance() {
    return PostgresStorage.builder(newPool("it-b", 8)).schema(schema).migrate(false).build();
  }

  @Override
  public void close() {
    pools.forEach(HikariDataSource::close);
  }

  private synchronized HikariDataSource newPool(String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl());
    config.setUsername(env("CARE_TEST_JDBC_USER", "postgres"));
    config.setPassword(env("CARE_TEST_JDBC_PASSWORD", "postgres"));
    config.setPoolName(name + "-" + schema);
    config.setMaximumPoolSize(size);
    HikariDataSource ds = new HikariDataSource(config);
    pools.add(ds);
    return ds;
  }

  private static String env(String name, String otherwise) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? otherwise : v;
  }

  private static synchronized String jdbcUrl() {
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
}
