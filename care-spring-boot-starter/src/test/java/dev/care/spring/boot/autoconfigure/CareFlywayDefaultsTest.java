package dev.care.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

/**
 * Boot's own Flyway stays off for an application without migrations, and is left alone for one with
 * migrations or an explicit setting (the test class path holds {@code
 * db/migration/V1__app_orders.sql}, an application migration).
 */
class CareFlywayDefaultsTest {
  private final CareFlywayDefaults defaults = new CareFlywayDefaults();

  private MockEnvironment run(Map<String, Object> properties) {
    MockEnvironment environment = new MockEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("app", properties));
    defaults.postProcessEnvironment(environment, new SpringApplication());
    return environment;
  }

  @Test
  void noMigrations_switchesBootsFlywayOff() {
    MockEnvironment environment = run(Map.of("spring.flyway.locations", "classpath:no/such/dir"));
    assertThat(environment.getProperty("spring.flyway.enabled")).isEqualTo("false");
    assertThat(environment.getPropertySources().contains(CareFlywayDefaults.SOURCE)).isTrue();
  }

  @Test
  void migrationsAtTheDefaultLocation_leaveFlywayAlone() {
    MockEnvironment environment = run(Map.of());
    assertThat(environment.containsProperty("spring.flyway.enabled")).isFalse();
  }

  @Test
  void explicitSetting_wins() {
    MockEnvironment environment =
        run(Map.of("spring.flyway.enabled", "true", "spring.flyway.locations", "classpath:none"));
    assertThat(environment.getProperty("spring.flyway.enabled")).isEqualTo("true");
    assertThat(environment.getPropertySources().contains(CareFlywayDefaults.SOURCE)).isFalse();
  }

  @Test
  void fileSystemLocation_isTheApplicationsBusiness() {
    MockEnvironment environment =
        run(Map.of("spring.flyway.locations", "filesystem:/opt/app/migrations"));
    assertThat(environment.containsProperty("spring.flyway.enabled")).isFalse();
  }

  @Test
  void careOwnMigrations_doNotCountAsTheApplications() {
    // care's migrations live in the jar at dev/care/storage/jdbc/migration, not db/migration
    MockEnvironment environment =
        run(Map.of("spring.flyway.locations", "classpath:dev/care/storage/jdbc/nothing-here"));
    assertThat(environment.getProperty("spring.flyway.enabled")).isEqualTo("false");
  }
}
