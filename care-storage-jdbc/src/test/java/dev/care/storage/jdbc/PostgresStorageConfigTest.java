package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Configuration is checked at once, before anything touches a database. */
class PostgresStorageConfigTest {
  private static PostgresStorage.Builder builder() {
    return PostgresStorage.builder("jdbc:postgresql://localhost/none", "u", "p");
  }

  @ParameterizedTest(name = "schema \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "Care",
        "care;drop table x",
        "care\"",
        "1care",
        "care-x",
        "care x",
        "a234567890123456789012345678901234567890x"
      })
  @DisplayName("schema names outside the strict pattern are refused, naming the value")
  void schema_refused(String schema) {
    assertThatThrownBy(() -> builder().schema(schema))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema must match")
        .hasMessageContaining("'" + schema + "'");
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"_x", "X_", "a;b", "a b", "a\"", "abcdefghijklmnopq"})
  @DisplayName("table prefixes outside the strict pattern are refused, naming the value")
  void prefix_refused(String prefix) {
    assertThatThrownBy(() -> builder().tablePrefix(prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tablePrefix must match")
        .hasMessageContaining("'" + prefix + "'");
  }

  @Test
  @DisplayName("good names, retry policies and the JDBC URL are accepted or refused clearly")
  void good_names_and_policies() {
    assertThat(builder().schema("care_2026").tablePrefix("salon_")).isNotNull();
    assertThat(builder().tablePrefix("")).isNotNull();
    assertThatThrownBy(() -> PostgresStorage.builder("jdbc:mysql://x/y", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql://x/y");
    assertThatThrownBy(() -> builder().maximumPoolSize(0))
        .hasMessageContaining("maximumPoolSize must be 1..1000, got 0");
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessageContaining("maxAttempts must be 1..100, got 0");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ofMillis(1)))
        .hasMessageContaining("firstBackoff must be positive");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(1)))
        .hasMessageContaining("maxBackoff must be >= firstBackoff");
    RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(30));
    assertThat(p.backoff(1)).isEqualTo(Duration.ofMillis(5));
    assertThat(p.backoff(2)).isEqualTo(Duration.ofMillis(10));
    assertThat(p.backoff(4)).isEqualTo(Duration.ofMillis(30));
  }
}
