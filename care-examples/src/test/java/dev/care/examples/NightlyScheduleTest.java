package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's scheduling line runs the nightly run on its schedule. */
class NightlyScheduleTest {
  @Test
  @DisplayName("the README's one-line schedule runs the nightly run")
  void theReadmeScheduleRunsTheNight() throws Exception {
    InMemoryStorage storage = new InMemoryStorage();
    ManualClock clock = ManualClock.at(Instant.parse("2026-03-02T09:00:00Z"));
    CareEngine engine =
        CareEngine.builder()
            .program(new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json"))
            .storage(storage)
            .clock(clock)
            .build();
    CustomerId ann = CustomerId.of("ann");
    engine.register(Customer.register(ann, Profile.named("Ann"), clock.instant()));
    Instant night = clock.advance(Duration.ofDays(1));

    ScheduledExecutorService nightly = Executors.newSingleThreadScheduledExecutor();
    nightly.scheduleAtFixedRate(() -> engine.advanceTo(clock.instant()), 0, 1, TimeUnit.HOURS);

    try {
      // the first run starts at once; wait for it (bounded), then stop the schedule
      for (int i = 0; i < 500; i++) {
        if (storage.careState(ann).orElseThrow().value().advancedUntil().equals(night)) {
          break;
        }
        Thread.sleep(10);
      }
    } finally {
      nightly.shutdownNow();
    }
    assertThat(storage.careState(ann).orElseThrow().value().advancedUntil())
        .as("how far the scheduled run advanced Ann")
        .isEqualTo(night);
    assertThat(storage.careState(ann).orElseThrow().value().stage())
        .as("her first review gave her a stage")
        .contains(LifecycleStage.PROSPECT);
  }
}
