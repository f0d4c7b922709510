package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Transaction;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.CustomerRecord;
import dev.care.storage.ForwardingCareStorage;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Building an engine reads no history (DESIGN, "State and scale"): only the segment definitions and
 * one streaming read of the care states — never a journal, a consumption history, the interactions
 * or a customer's whole record — however long the history is.
 */
class StartUpReadsNoHistoryTest {
  @Test
  @DisplayName(
      "building an engine with segments reads care states only, never a customer's history")
  void building_an_engine_reads_no_history() {
    ManualClock clock = ManualClock.at(Scenario.START);
    InMemoryStorage data = new InMemoryStorage();
    CareEngine first =
        CareEngine.builder().program(Salon.program()).clock(clock).storage(data).build();
    first.defineSegment("regulars", "frequency >= 3");
    List<CustomerId> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      CustomerId id = CustomerId.of("S-" + i);
      ids.add(id);
      first.register(Workload.customer(id, clock));
      for (int p = 0; p < 1 + i % 5; p++) {
        clock.advance(Duration.ofMinutes(1));
        first.recordPurchase(
            Purchase.of("O-" + i + "-" + p, id, clock.instant(), Money.ofMinor("EUR", 2_000)));
      }
    }
    AtomicInteger historyReads = new AtomicInteger();
    AtomicInteger stateReads = new AtomicInteger();
    ForwardingCareStorage watched =
        new ForwardingCareStorage(data) {
          @Override
          public List<Transaction> journal(CustomerId customer, long after, int limit) {
            historyReads.incrementAndGet();
            return super.journal(customer, after, limit);
          }

          @Override
          public List<ConsumptionRecord> consumption(CustomerId id) {
            historyReads.incrementAndGet();
            return super.consumption(id);
          }

          @Override
          public List<ServiceInteraction> interactions(CustomerId customer) {
            historyReads.incrementAndGet();
            return super.interactions(customer);
          }

          @Override
          public CustomerRecord record(CustomerId customer) {
            historyReads.incrementAndGet();
            return super.record(customer);
          }

          @Override
          public List<dev.care.storage.Versioned<dev.care.core.state.CareState>> careStates(
              Optional<CustomerId> after, int limit) {
            stateReads.incrementAndGet();
            return super.careStates(after, limit);
          }
        };

    CareEngine second =
        CareEngine.builder().program(Salon.program()).clock(clock).storage(watched).build();

    assertThat(historyReads).as("history reads while building").hasValue(0);
    assertThat(stateReads).as("care-state pages streamed").hasPositiveValue();
    assertThat(second.segmentMembers("regulars"))
        .as("the index built from the stored projections")
        .containsExactlyInAnyOrderElementsOf(first.segmentMembers("regulars"))
        .hasSize(24);
  }
}
