package dev.care.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.care.storage.CareStorage;
import dev.care.storage.jdbc.PostgresStorage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter on an application's DataSource, without Boot's Flyway: care migrates its own schema
 * with its own history table there and leaves the application's {@code public} schema empty (no
 * {@code public.flyway_schema_history}).
 */
class CareFlywayIsolationIT {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(CareAutoConfiguration.class))
          .withPropertyValues(
              Recorders.PROGRAM, "care.nightly.enabled=false", "care.dispatcher.enabled=false");

  @Test
  void storage_onTheApplicationsDataSource_migratesOnlyCaresSchema() {
    try (HikariDataSource dataSource = TestPostgres.newDataSource()) {
      runner
          .withBean(DataSource.class, () -> dataSource, d -> d.setDestroyMethodName(""))
          .withPropertyValues("care.storage.schema=loyalty", "care.storage.table-prefix=shop_")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                PostgresStorage storage = (PostgresStorage) context.getBean(CareStorage.class);
                assertThat(storage.schema()).isEqualTo("loyalty");
                assertThat(storage.tablePrefix()).isEqualTo("shop_");
                assertThat(tables(dataSource, "public")).isEmpty();
                assertThat(tables(dataSource, "loyalty"))
                    .contains("shop_flyway_schema_history", "shop_customer");
              });
    }
  }

  @Test
  void storage_migrateOff_usesTheSchemaAsMigratedBefore() {
    try (HikariDataSource dataSource = TestPostgres.newDataSource()) {
      ApplicationContextRunner onDatabase =
          runner.withBean(DataSource.class, () -> dataSource, d -> d.setDestroyMethodName(""));
      onDatabase.run(context -> assertThat(context).hasNotFailed()); // a deployment step migrated
      onDatabase
          .withPropertyValues("care.storage.migrate=false")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(CareStorage.class)).isInstanceOf(PostgresStorage.class);
                assertThat(tables(dataSource, "public")).isEmpty();
              });
    }
  }

  @Test
  void storage_invalidSchemaName_failsNamingTheProperty() {
    try (HikariDataSource dataSource = TestPostgres.newDataSource()) {
      runner
          .withBean(DataSource.class, () -> dataSource, d -> d.setDestroyMethodName(""))
          .withPropertyValues("care.storage.schema=Bad-Name")
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .hasStackTraceContaining("care.storage.schema: schema must match"));
    }
  }

  private static List<String> tables(DataSource dataSource, String schema) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + schema
                    + "'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
