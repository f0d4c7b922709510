package dev.care.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole Boot application without migrations of its own, with Boot's Flyway support on the class
 * path (as care-storage-jdbc's {@code flyway-core} puts it there on Boot 3): adding care leaves the
 * application's schema untouched — no {@code public.flyway_schema_history} — while care migrates
 * its own schema. Run on Boot 3.5 too with {@code -Pboot3}.
 */
@SpringBootTest(
    classes = NoApplicationMigrationsIT.App.class,
    properties = {
      Recorders.PROGRAM,
      "care.nightly.enabled=false",
      "care.dispatcher.enabled=false",
      // the test class path holds another test's application migration; this application has none
      "spring.flyway.locations=classpath:no/migrations/here"
    })
class NoApplicationMigrationsIT {
  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String url = TestPostgres.newDatabaseUrl();
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", TestPostgres::user);
    registry.add("spring.datasource.password", TestPostgres::password);
  }

  /** The application: Boot's auto-configuration, nothing of its own. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}

  @Autowired DataSource dataSource;
  @Autowired Environment environment;

  @Test
  void careAlone_leavesTheApplicationsSchemaUntouched() throws SQLException {
    assertThat(environment.getProperty("spring.flyway.enabled")).isEqualTo("false");
    assertThat(tables("public")).as("tables in the application's schema").isEmpty();
    assertThat(tables("care")).contains("flyway_schema_history", "customer", "care_state");
  }

  private List<String> tables(String schema) throws SQLException {
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
