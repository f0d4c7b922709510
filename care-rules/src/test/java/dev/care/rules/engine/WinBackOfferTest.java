package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.AccountId;
import dev.care.core.ledger.Posting;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.rules.testing.Programs;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The win-back offer (salon: 150 points, follow-up call after 14 days) is credited on the
 * customer's return within the window, once per occasion; a customer who comes back and slips away
 * again gets a new win-back occasion with its own follow-up call.
 */
class WinBackOfferTest {
  private static final CustomerId ANN = CustomerId.of("ann");
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-05T10:00:00Z"));
  private final CareEngine engine =
      CareEngine.builder()
          .program(Programs.salon())
          .storage(new InMemoryStorage())
          .clock(clock)
          .build();
  private int orders;

  private void buy() {
    engine.recordPurchase(
        Purchase.of("O-" + ++orders, ANN, clock.instant(), Money.ofMinor("EUR", 5_000)));
  }

  private void daysUntil(LifecycleStage stage) {
    for (int d = 0; d < 400 && engine.stage(ANN) != stage; d++) {
      clock.advance(Duration.ofDays(1));
      engine.advanceTo(clock.instant());
    }
    assertThat(engine.stage(ANN)).isEqualTo(stage);
  }

  private List<Posting> offers() {
    return engine.ledger().view(ANN).postingsOf(ANN).stream()
        .filter(p -> p.context().rule().orElse("").endsWith("/care.winBack"))
        .toList();
  }

  private long winBackCalls() {
    return engine.careTasks(ANN).stream()
        .filter(t -> t.idempotencyKey().startsWith("win-back-call:"))
        .count();
  }

  @Test
  void offer_creditedOnceOnReturnWithinTheWindow_andASecondSlipIsANewOccasion() {
    engine.register(
        Customer.register(
            ANN,
            Profile.named("Ann")
                .withPhone("+4915112345678")
                .withConsent(Consent.optedIn(Channel.SMS)),
            clock.instant()));
    buy();
    clock.advance(Duration.ofDays(14));
    buy();
    daysUntil(LifecycleStage.DECLINING);
    assertThat(engine.careActions(ANN))
        .anySatisfy(a -> assertThat(a.idempotencyKey()).startsWith("win-back:ann:DECLINING:"));

    clock.advance(Duration.ofDays(3));
    buy(); // back within 14 days of the message
    buy(); // a second purchase earns no second offer
    assertThat(offers())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.amountOn(AccountId.points(ANN))).isEqualTo(150);
              assertThat(p.context().rule()).contains("salon-rewards@1/care.winBack");
            });
    engine.advanceTo(clock.instant());
    assertThat(engine.stage(ANN)).isNotIn(LifecycleStage.DECLINING, LifecycleStage.LAPSED);
    assertThat(winBackCalls()).isZero();

    // slips away again; this time she comes back only after the follow-up call fell due
    daysUntil(LifecycleStage.DECLINING);
    clock.advance(Duration.ofDays(15));
    engine.advanceTo(clock.instant());
    assertThat(winBackCalls()).isEqualTo(1);
    buy();
    assertThat(offers()).hasSize(1);
  }
}
