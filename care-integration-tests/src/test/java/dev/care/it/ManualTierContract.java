package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
import dev.care.core.money.Money;
import dev.care.core.state.ManualTier;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.CareEvents;
import dev.care.rules.engine.UnknownCustomerException;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.CareStorage;
import dev.care.storage.outbox.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A manual tier through the engine on a real store: staff set a floor or a fixed tier until a date;
 * it is in the customer's care state (a restarted and a second instance see it), the nightly review
 * respects it, the due index wakes the customer when it ends, and each tier change is a {@code
 * TierChanged} event in the outbox. A subclass supplies the store.
 */
abstract class ManualTierContract {
  abstract StorageFixture newFixture();

  private final ManualClock clock = ManualClock.at(Scenario.START);
  private static final LoyaltyProgram SALON =
      new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
  private static final CustomerId ANN = CustomerId.of("ann");
  private static final TierId MEMBER = TierId.of("MEMBER");
  private static final TierId GOLD = TierId.of("GOLD");
  private static final TierId PLATINUM = TierId.of("PLATINUM");

  private CareEngine engine(CareStorage storage) {
    return CareEngine.builder().program(SALON).clock(clock).storage(storage).build();
  }

  /** The tier-changed events of a customer in the outbox, as "FROM->TO: reason". */
  private static List<String> tierEvents(CareStorage storage, CustomerId c) {
    return storage.messages(DeliveryStatus.PENDING).stream()
        .filter(m -> m.type().equals(CareEvents.TIER_CHANGED))
        .map(m -> m.attributes())
        .filter(a -> a.get("customer").equals(c.value()))
        .map(a -> a.getOrDefault("from", "NONE") + "->" + a.get("to") + ": " + a.get("reason"))
        .toList();
  }

  @Test
  @DisplayName(
      "a floor until a date: the tier rises at once, survives a restart and a second instance's"
          + " nightly runs, and ends when the due index wakes the customer at its end")
  void floor_until_a_date() {
    try (StorageFixture f = newFixture()) {
      CareEngine first = engine(f.storage());
      first.register(Workload.customer(ANN, clock));
      first.advanceTo(clock.instant());
      Instant until = clock.instant().plus(Duration.ofDays(40));

      assertThat(first.setTierFloor(ANN, GOLD, until, "owner's guest")).isEqualTo(GOLD);
      assertThat(first.tier(ANN)).contains(GOLD);
      assertThat(tierEvents(f.storage(), ANN))
          .anyMatch(e -> e.startsWith("MEMBER->GOLD: ") && e.contains("owner's guest"));

      CareEngine restarted = engine(f.reopen());
      assertThat(restarted.manualTier(ANN))
          .contains(new ManualTier(ManualTier.Mode.FLOOR, GOLD, until));
      CareEngine second = engine(f.secondInstance());
      // well past the 30-day grace: a floor is no grace, it holds until its end
      clock.advance(Duration.ofDays(35));
      second.advanceTo(clock.instant());
      assertThat(second.tier(ANN)).contains(GOLD);
      // the due index wakes the customer when the floor ends
      assertThat(f.storage().careState(ANN).orElseThrow().value().nextDue())
          .hasValueSatisfying(due -> assertThat(due).isBeforeOrEqualTo(until));

      clock.set(until.plus(Duration.ofHours(1)));
      second.advanceTo(clock.instant());
      assertThat(second.tier(ANN)).contains(MEMBER);
      assertThat(second.manualTier(ANN)).isEmpty();
      assertThat(f.storage().careState(ANN).orElseThrow().value().manualTier()).isEmpty();
      assertThat(tierEvents(f.storage(), ANN))
          .anyMatch(e -> e.startsWith("GOLD->MEMBER: ") && e.contains("ended"));
    }
  }

  @Test
  @DisplayName(
      "a fixed tier holds through purchases on another instance, then the customer moves to what"
          + " they earn; clearing ends it at once")
  void fixed_tier_and_clearing() {
    try (StorageFixture f = newFixture()) {
      CareEngine first = engine(f.storage());
      CareEngine second = engine(f.secondInstance());
      first.register(Workload.customer(ANN, clock));
      Instant until = clock.instant().plus(Duration.ofDays(10));
      assertThat(first.fixTier(ANN, PLATINUM, until, "complaint settlement")).isEqualTo(PLATINUM);

      second.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 3_000)));
      assertThat(second.tier(ANN)).contains(PLATINUM);

      clock.set(until.plusSeconds(1));
      second.advanceTo(clock.instant());
      assertThat(second.tier(ANN)).contains(MEMBER);

      first.fixTier(ANN, GOLD, clock.instant().plus(Duration.ofDays(5)), "goodwill");
      assertThat(second.tier(ANN)).contains(GOLD);
      assertThat(second.clearManualTier(ANN, "mistake")).isEqualTo(MEMBER);
      assertThat(first.manualTier(ANN)).isEmpty();
      assertThat(tierEvents(f.storage(), ANN))
          .anyMatch(e -> e.startsWith("GOLD->MEMBER: ") && e.contains("mistake"));
    }
  }

  @Test
  @DisplayName(
      "an undeclared tier, an end not after now, a blank reason or an unknown customer is refused"
          + " and changes nothing")
  void refusals() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = engine(f.storage());
      engine.register(Workload.customer(ANN, clock));
      Instant later = clock.instant().plus(Duration.ofDays(1));
      assertThatThrownBy(() -> engine.setTierFloor(ANN, TierId.of("DIAMOND"), later, "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("DIAMOND")
          .hasMessageContaining("PLATINUM");
      assertThatThrownBy(() -> engine.fixTier(ANN, GOLD, clock.instant(), "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("until");
      assertThatThrownBy(() -> engine.fixTier(ANN, GOLD, later, " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reason");
      assertThatThrownBy(() -> engine.fixTier(CustomerId.of("nobody"), GOLD, later, "x"))
          .isInstanceOf(UnknownCustomerException.class);
      assertThat(engine.manualTier(ANN)).isEmpty();
      assertThat(f.storage().careState(ANN).orElseThrow().value().manualTier()).isEmpty();
      assertThat(tierEvents(f.storage(), ANN)).noneMatch(e -> e.contains("GOLD"));
    }
  }
}
