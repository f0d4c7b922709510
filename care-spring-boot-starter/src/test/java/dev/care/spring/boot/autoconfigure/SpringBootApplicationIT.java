package dev.care.spring.boot.autoconfigure;

import static dev.care.spring.boot.autoconfigure.CareAutoConfigurationTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.CustomerId;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.CareStorage;
import dev.care.storage.jdbc.PostgresStorage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole Boot application on embedded PostgreSQL with every auto-configuration on the test class
 * path, Boot's Flyway and DataSource among them: care stores on the application's DataSource in its
 * own schema, the scheduled nightly run and dispatcher fire, and the application's own Flyway
 * migration ({@code db/migration/V1__app_orders.sql} in {@code public}) and care's coexist.
 */
@SpringBootTest(
    classes = SpringBootApplicationIT.App.class,
    properties = {
      Recorders.PROGRAM,
      "care.nightly.fixed-delay=100ms",
      "care.dispatcher.fixed-delay=100ms"
    })
class SpringBootApplicationIT {
  static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String url = TestPostgres.newDatabaseUrl();
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", TestPostgres::user);
    registry.add("spring.datasource.password", TestPostgres::password);
  }

  /** The application: Boot's auto-configuration and the beans it gives care. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {
    @Bean
    ManualClock clock() {
      return ManualClock.at(START);
    }

    @Bean
    Recorders.EmailChannel email() {
      return new Recorders.EmailChannel();
    }

    @Bean
    Recorders.Events events() {
      return new Recorders.Events();
    }
  }

  @Autowired CareEngine engine;
  @Autowired CareStorage storage;
  @Autowired CareScheduler scheduler;
  @Autowired CareHealth health;
  @Autowired ManualClock clock;
  @Autowired Recorders.EmailChannel email;
  @Autowired Recorders.Events events;
  @Autowired DataSource dataSource;

  @Test
  void engine_recordsAPurchase_onTheApplicationsDataSourceInCaresSchema() {
    assertThat(storage).isInstanceOf(PostgresStorage.class);
    assertThat(((PostgresStorage) storage).schema()).isEqualTo("care");
    assertThat(engine.storage()).isSameAs(storage);
    assertThat(clock).isInstanceOf(Clock.class);

    CustomerId ann = Recorders.annBuys(engine, clock);

    assertThat(engine.points(ann).posted()).isEqualTo(45);
    assertThat(health.check().healthy()).isTrue();
  }

  @Test
  void schedule_nightlyRunAndDispatcher_fireOnTheirOwn() {
    CustomerId ann = Recorders.annBuys(engine, clock); // idempotent if the other test ran first
    // her purchase leaves her due at once (her stage is reviewed): let a run at this instant
    // advance her first, so that no run still deciding about her sees the clock jump (a unit
    // that began before the jump would plan from after it)
    Instant bought = clock.instant();
    await(
        () ->
            storage
                .careState(ann)
                .map(v -> v.value().nextDue().map(d -> d.isAfter(bought)).orElse(true))
                .orElse(false));
    // on to the next instant at which time changes something for her (her pending points
    // becoming available is none: it needs no visit)
    Instant due = storage.careState(ann).flatMap(v -> v.value().nextDue()).orElseThrow();
    Instant later = clock.advance(Duration.between(clock.instant(), due).plusMinutes(1));

    // Ann is due: a run advances her; the runs after it, every 100 ms at the same clock, find
    // nobody due
    await(
        () ->
            storage.careState(ann).map(v -> v.value().advancedUntil().equals(later)).orElse(false));
    await(() -> scheduler.lastNightlyRun().map(r -> r.startedAt().equals(later)).orElse(false));
    await(() -> !email.sent.isEmpty() && !events.received.isEmpty());

    NightlyRun run = scheduler.lastNightlyRun().orElseThrow();
    assertThat(run.succeeded()).isTrue();
    assertThat(storage.dueCustomers(later, java.util.Optional.empty(), 10)).isEmpty();
    assertThat(email.sent).allSatisfy(m -> assertThat(m.customer()).isPresent());
    assertThat(events.received).extracting(m -> m.type()).contains("ledger-transaction");
  }

  @Test
  void flyway_applicationsMigrationsAndCaresCoexistInOneDatabase() throws SQLException {
    assertThat(tables("public")).containsExactlyInAnyOrder("app_order", "flyway_schema_history");
    assertThat(strings("SELECT version FROM public.flyway_schema_history WHERE success"))
        .containsExactly("1");
    assertThat(tables("care")).contains("flyway_schema_history", "customer", "outbox");
    assertThat(strings("SELECT version FROM care.flyway_schema_history WHERE success"))
        .contains("1", "2", "3");
  }

  private List<String> tables(String schema) throws SQLException {
    return strings(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'");
  }

  private List<String> strings(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
