package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.time.ManualClock;
import dev.care.rules.testing.Programs;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The nightly run's settings: bad values are refused naming them; a paced run still runs. */
class NightlySettingsTest {
  @Test
  @DisplayName("a parallelism, lease or rate out of range is refused, naming the setting and value")
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> CareEngine.builder().nightlyParallelism(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nightlyParallelism")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> CareEngine.builder().nightlyLease(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nightlyLease");
    for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> CareEngine.builder().nightlyRate(rate))
          .as("rate %s", rate)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nightlyRate")
          .hasMessageContaining(Double.toString(rate));
    }
  }

  @Test
  @DisplayName("a paced run advances every due customer")
  void pacedRunAdvancesEveryone() {
    ManualClock clock = ManualClock.at(Instant.parse("2026-03-02T09:00:00Z"));
    InMemoryStorage storage = new InMemoryStorage();
    CareEngine engine =
        CareEngine.builder()
            .program(Programs.salon())
            .storage(storage)
            .clock(clock)
            .nightlyParallelism(2)
            .nightlyRate(1_000)
            .build();
    for (int i = 0; i < 20; i++) {
      engine.register(
          Customer.register(CustomerId.of("c" + i), Profile.named("C " + i), clock.instant()));
    }
    Instant night = clock.advance(Duration.ofDays(1));

    AdvanceReport report = engine.advanceTo(night);

    assertThat(report.customers()).isEqualTo(20);
    assertThat(report.failures()).isEmpty();
    assertThat(storage.dueCustomers(night, java.util.Optional.empty(), 100)).isEmpty();
  }
}
