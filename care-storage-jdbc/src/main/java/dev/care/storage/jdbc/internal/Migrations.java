package dev.care.storage.jdbc.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The Flyway set-up of the adapter's migrations, in one place for the adapter and its tests: SQL
 * migrations from {@code dev/care/storage/jdbc/migration} in the jar, with {@code ${prefix}} as the
 * table prefix, and the Java migrations that SQL alone cannot express.
 */
public final class Migrations {
  /** Where the SQL migrations live on the class path. */
  public static final String LOCATION = "classpath:dev/care/storage/jdbc/migration";

  private Migrations() {}

  /**
   * A Flyway configuration for one schema and prefix.
   *
   * @param dataSource the database
   * @param tables the schema and prefix
   * @param clock the migration time (V3.1 starts every customer's care state there)
   * @return the configuration, ready to {@code load()}
   */
  public static FluentConfiguration configure(DataSource dataSource, Tables tables, Clock clock) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(tables, "tables");
    Objects.requireNonNull(clock, "clock");
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(dataSource)
        .schemas(tables.schema())
        .defaultSchema(tables.schema())
        .table(tables.flywayTable())
        .locations(LOCATION)
        .placeholders(Map.of("prefix", tables.prefix()))
        .javaMigrations(new V3_1__per_customer_journals(clock));
  }
}
