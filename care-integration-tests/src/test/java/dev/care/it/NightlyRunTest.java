package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.CustomerId;
import dev.care.core.state.CareState;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.AdvanceFailure;
import dev.care.rules.engine.AdvanceReport;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.ForwardingCareStorage;
import dev.care.storage.UnitOfWork;
import dev.care.storage.memory.InMemoryStorage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    // every unit of work that writes the hot customer's state meets a conflict at commit
    CareEngine engine =
        CareEngine.builder()
            .program(Salon.program())
            .clock(clock)
            .storage(
                new ForwardingCareStorage(data) {
                  @Override
                  public UnitOfWork begin() {
                    return conflictingOn(hot, super.begin());
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

    assertThat(data.careState(hot).orElseThrow().value().advancedUntil())
        .as("the hot customer's unit never committed")
        .isEqualTo(Scenario.START);
    for (CustomerId id : others) {
      assertThat(data.careState(id).orElseThrow().value().advancedUntil())
          .as("how far %s was advanced", id)
          .isEqualTo(until);
    }
  }

  /** A unit of work that fails its commit with a conflict once it holds the customer's state. */
  private static UnitOfWork conflictingOn(CustomerId customer, UnitOfWork real) {
    boolean[] touches = {false};
    return (UnitOfWork)
        Proxy.newProxyInstance(
            UnitOfWork.class.getClassLoader(),
            new Class<?>[] {UnitOfWork.class},
            (proxy, method, args) -> {
              if (method.getName().equals("putCareState")
                  && args[0] instanceof CareState state
                  && state.customer().equals(customer)) {
                touches[0] = true;
              }
              if (method.getName().equals("commit") && touches[0]) {
                throw new ConcurrencyConflictException("care state of " + customer, 1, 2);
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
