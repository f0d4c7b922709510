package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.CustomerId;
import dev.care.core.state.CareState;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.AdvanceFailure;
import dev.care.rules.engine.AdvanceReport;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.CustomerRecord;
import dev.care.storage.ForwardingCareStorage;
import dev.care.storage.Versioned;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The nightly run is one unit of work per customer (DESIGN, "State and scale"): a customer whose
 * unit cannot commit — here one that every attempt finds changed meanwhile, as a customer hammered
 * by commands on other instances can — must not keep time from moving for the customers after them.
 */
class NightlyRunTest {
  @Test
  @DisplayName(
      "a customer whose nightly unit keeps conflicting does not stop the run for the others")
  void one_conflicting_customer_does_not_stop_the_nightly_run() {
    ManualClock clock = ManualClock.at(Scenario.START);
    InMemoryStorage data = new InMemoryStorage();
    CustomerId hot = CustomerId.of("a-hot");
    List<CustomerId> others = List.of(CustomerId.of("b"), CustomerId.of("c"));
    CareEngine setup =
        CareEngine.builder().program(Salon.program()).clock(clock).storage(data).build();
    setup.register(Workload.customer(hot, clock));

    others.forEach(id -> setup.register(Workload.customer(id, clock)));
    // every care state at version 2, so a stale read of the hot customer can be one behind
    setup.advanceTo(clock.advance(Duration.ofSeconds(1)));
    // every read of the hot customer's state is one version behind what the commit will find
    CareEngine engine =
        CareEngine.builder()
            .program(Salon.program())
            .clock(clock)
            .storage(
                new ForwardingCareStorage(data) {
                  @Override
                  public Optional<Versioned<CareState>> careState(CustomerId customer) {
                    Optional<Versioned<CareState>> s = super.careState(customer);
                    return customer.equals(hot)
                        ? s.map(v -> new Versioned<>(v.value(), v.version() - 1))
                        : s;
                  }

                  @Override
                  public CustomerRecord record(CustomerId customer) {
                    CustomerRecord r = super.record(customer);
                    return new CustomerRecord(
                        customer, r.file(), careState(customer), r.consumption(), r.interactions());
                  }
                })
            .build();
    Instant until = clock.advance(Duration.ofDays(7));

    AdvanceReport report = engine.advanceTo(until);

    assertThat(report.failures())
        .extracting(AdvanceFailure::customer)
        .as("the customer that could not be advanced is reported")
        .containsExactly(hot);
    assertThat(report.failures().get(0).error())
        .isEqualTo(ConcurrencyConflictException.class.getName());

    for (CustomerId id : others) {
      assertThat(data.careState(id).orElseThrow().value().advancedUntil())
          .as("how far %s was advanced", id)
          .isEqualTo(until);
    }
  }
}
