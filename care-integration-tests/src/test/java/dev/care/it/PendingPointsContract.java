package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import dev.care.core.state.CareState;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.CustomerSegmentEvent;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.CareStorage;
import dev.care.storage.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Points earned on a purchase stay pending for the program's window and then become available by
 * time alone: nothing is written then, and the nightly run does not visit the customer for it; a
 * segment on {@code pointsBalance} counts them once the segments' time passes the activation, on
 * the instance that runs the night, on a second one when it moves on, and on a restarted one at
 * once (the stored projection carries the pending points and when they activate). A subclass
 * supplies the store.
 */
abstract class PendingPointsContract {
  abstract StorageFixture newFixture();

  private final ManualClock clock = ManualClock.at(Scenario.START);
  private static final LoyaltyProgram SALON =
      new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
  private static final CustomerId ANN = CustomerId.of("ann");

  private CareEngine engine(CareStorage storage, List<CustomerSegmentEvent> events) {
    return CareEngine.builder()
        .program(SALON)
        .clock(clock)
        .storage(storage)
        .segmentListener(events::add)
        .build();
  }

  private static Versioned<CareState> state(StorageFixture f) {
    return f.storage().careState(ANN).orElseThrow();
  }

  @Test
  @DisplayName(
      "pending points count in a segment once available, with no visit and no write for it, on"
          + " every instance")
  void pending_points_count_when_they_become_available() {
    try (StorageFixture f = newFixture()) {
      List<CustomerSegmentEvent> events = new CopyOnWriteArrayList<>();
      CareEngine first = engine(f.storage(), events);
      first.defineSegment("spendable", "pointsBalance >= 1");
      first.register(Workload.customer(ANN, clock));
      first.advanceTo(clock.instant());
      first.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 3_000)));
      Instant activates = clock.instant().plus(SALON.points().pendingWindow());
      assertThat(first.points(ANN).pending()).as("pending after the purchase").isPositive();
      assertThat(first.points(ANN).available()).isZero();
      assertThat(first.segmentCount("spendable")).isZero();
      CareEngine second = engine(f.secondInstance(), new CopyOnWriteArrayList<>());
      assertThat(second.segmentCount("spendable")).isZero();

      // the nights before the activation (care after the purchase may be due)
      clock.set(activates.minusSeconds(1));
      first.advanceTo(clock.instant());
      assertThat(first.segmentCount("spendable")).as("a second before").isZero();
      Instant night = activates.plus(Duration.ofHours(1));
      assertThat(state(f).value().nextDue())
          .as("the customer is not due for the activation")
          .hasValueSatisfying(due -> assertThat(due).isAfter(night));

      long version = state(f).version();
      clock.set(night);
      assertThat(first.advanceTo(night).customers()).as("customers the night visited").isZero();
      assertThat(first.points(ANN).available()).isPositive();
      assertThat(first.segmentMembers("spendable")).containsExactly(ANN);
      assertThat(events)
          .filteredOn(e -> e.segment().value().equals("spendable"))
          .extracting(CustomerSegmentEvent::change)
          .containsExactly(CustomerSegmentEvent.Change.ENTERED);
      assertThat(state(f).version()).as("nothing written for the activation").isEqualTo(version);

      assertThat(second.segmentCount("spendable")).as("before it moves on").isZero();
      second.advanceTo(night);
      assertThat(second.segmentMembers("spendable")).containsExactly(ANN);
      assertThat(engine(f.reopen(), new CopyOnWriteArrayList<>()).segmentMembers("spendable"))
          .as("a restarted instance")
          .containsExactly(ANN);

      // a redemption after the activation is a unit of work: the projection holds what is left
      clock.advance(Duration.ofMinutes(5));
      first.redeem(
          dev.care.core.ledger.IdempotencyKey.of("R-1"),
          ANN,
          first.points(ANN).available(),
          "a treatment");
      assertThat(first.segmentCount("spendable")).isZero();
    }
  }
}
