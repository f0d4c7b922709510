package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.AccountId;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.Posting;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.InvalidReferralException;
import dev.care.rules.engine.UnknownCustomerException;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.CareStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Referrals through the engine on a real store: a customer registered with a referrer, the salon
 * programme's referral rules (200 points for the referrer, 100 for the friend, a purchase of at
 * least EUR 20.00 within 90 days of the registration) reward both once — across repeats, restarts
 * and two instances racing. A subclass supplies the store.
 */
abstract class ReferralContract {
  abstract StorageFixture newFixture();

  private final ManualClock clock = ManualClock.at(Scenario.START);
  private static final LoyaltyProgram SALON =
      new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
  private static final CustomerId ANN = CustomerId.of("ann");
  private static final CustomerId BEN = CustomerId.of("ben");
  private static final CustomerId CAT = CustomerId.of("cat");

  private CareEngine engine(CareStorage storage) {
    return CareEngine.builder().program(SALON).clock(clock).storage(storage).build();
  }

  private Purchase purchase(String id, CustomerId c, long minor) {
    return Purchase.of(id, c, clock.instant(), Money.ofMinor("EUR", minor));
  }

  /** The points a customer got by a rule (its id after the programme reference). */
  private static long byRule(CareEngine e, CustomerId c, String rule) {
    return e.history(c, false).stream()
        .filter(p -> p.context().rule().orElse("").endsWith("/" + rule))
        .mapToLong(p -> p.amountOn(AccountId.points(c)))
        .sum();
  }

  private static List<Posting> postingsByRule(CareEngine e, CustomerId c, String rule) {
    return e.history(c, false).stream()
        .filter(p -> p.context().rule().orElse("").endsWith("/" + rule))
        .toList();
  }

  @Test
  @DisplayName(
      "the first purchase reaching the minimum rewards referrer and friend once, with rule and"
          + " programme version; smaller, repeated and later purchases add nothing")
  void rewards_both_once() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = engine(f.storage());
      engine.register(Workload.customer(ANN, clock));
      engine.register(Workload.customer(BEN, clock), ANN);
      assertThat(engine.referrer(BEN)).contains(ANN);
      assertThat(engine.referrer(ANN)).isEmpty();

      clock.advance(Duration.ofDays(1));
      engine.recordPurchase(purchase("B-1", BEN, 1_999)); // below the EUR 20.00 minimum
      assertThat(byRule(engine, ANN, "earning.referral.referrer")).isZero();
      assertThat(byRule(engine, BEN, "earning.referral.friend")).isZero();

      engine.recordPurchase(purchase("B-2", BEN, 4_000));
      engine.recordPurchase(purchase("B-2", BEN, 4_000)); // a retry
      clock.advance(Duration.ofDays(1));
      engine.recordPurchase(purchase("B-3", BEN, 9_000));

      assertThat(byRule(engine, ANN, "earning.referral.referrer")).isEqualTo(200);
      assertThat(byRule(engine, BEN, "earning.referral.friend")).isEqualTo(100);
      Posting reward = postingsByRule(engine, ANN, "earning.referral.referrer").get(0);
      assertThat(reward.context().rule())
          .contains(SALON.id() + "@" + SALON.version() + "/earning.referral.referrer");
      assertThat(reward.context().sourceRef()).contains("B-2");
      assertThat(engine.points(ANN).available()).isEqualTo(200);
      // the referrer's e-bill tells them
      assertThat(engine.careActions(ANN))
          .anyMatch(a -> a.idempotencyKey().contains("referral/" + BEN.value()));
    }
  }

  private Return returnOf(String id, CustomerId c, String purchase, long minor) {
    return Return.of(id, c, clock.instant(), purchase, Money.ofMinor("EUR", minor));
  }

  /** The postings made by a return (its id is their source). */
  private static List<Posting> bySource(CareEngine e, CustomerId c, String source) {
    return e.history(c, false).stream()
        .filter(p -> p.context().sourceRef().equals(java.util.Optional.of(source)))
        .toList();
  }

  private static long pointsOf(List<Posting> postings, CustomerId c) {
    return postings.stream().mapToLong(p -> p.amountOn(AccountId.points(c))).sum();
  }

  @Test
  @DisplayName(
      "returning the qualifying purchase reverses both referral rewards once, through the return"
          + " reversal with rule and programme version; repeats and further returns add nothing")
  void return_reverses_both_once() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = engine(f.storage());
      engine.register(Workload.customer(ANN, clock));
      engine.register(Workload.customer(BEN, clock), ANN);
      clock.advance(Duration.ofDays(1));
      engine.recordPurchase(purchase("B-1", BEN, 4_000));
      engine.recordPurchase(purchase("B-2", BEN, 3_000)); // not the qualifying one
      assertThat(engine.points(ANN).available()).isEqualTo(200);

      engine.recordReturn(returnOf("RB-2", BEN, "B-2", 3_000)); // another purchase: no reversal
      assertThat(bySource(engine, ANN, "RB-2")).isEmpty();
      assertThat(engine.points(ANN).available()).isEqualTo(200);

      clock.advance(Duration.ofHours(1));
      engine.recordReturn(returnOf("RB-1", BEN, "B-1", 4_000));
      engine.recordReturn(returnOf("RB-1", BEN, "B-1", 4_000)); // a retry
      List<Posting> referrerSide = bySource(engine, ANN, "RB-1");
      assertThat(referrerSide)
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.context().rule())
                      .contains(SALON.id() + "@" + SALON.version() + "/returns.reversal"));
      assertThat(pointsOf(referrerSide, ANN)).isEqualTo(-200);
      assertThat(engine.points(ANN).posted()).isZero();
      assertThat(byRule(engine, BEN, "earning.referral.friend")).isEqualTo(100);
      List<Posting> friendSide = bySource(engine, BEN, "RB-1");
      assertThat(friendSide)
          .allSatisfy(
              p ->
                  assertThat(p.context().rule())
                      .contains(SALON.id() + "@" + SALON.version() + "/returns.reversal"));
      // the purchase's own points (40) and the friend reward (100) are both taken back
      assertThat(pointsOf(friendSide, BEN)).isEqualTo(-140);
      long benPoints = engine.points(BEN).posted() + engine.points(BEN).pending();
      // the referrer hears about it
      assertThat(engine.careActions(ANN))
          .anyMatch(a -> a.idempotencyKey().equals("e-bill:referral/ben/reversal"));

      // a restarted engine, another instance: nothing more
      CareEngine restarted = engine(f.reopen());
      restarted.recordReturn(returnOf("RB-1", BEN, "B-1", 4_000));
      assertThat(bySource(restarted, ANN, "RB-1")).hasSize(1);
      assertThat(restarted.points(ANN).posted()).isZero();
      assertThat(restarted.points(BEN).posted() + restarted.points(BEN).pending())
          .isEqualTo(benPoints);
      // a later qualifying purchase does not earn the referral again
      restarted.recordPurchase(purchase("B-3", BEN, 5_000));
      assertThat(postingsByRule(restarted, ANN, "earning.referral.referrer")).hasSize(1);
      assertThat(LedgerChecks.check(f.storage(), List.of(restarted), clock)).isEqualTo(2);
    }
  }

  @Test
  @DisplayName(
      "a partial return reverses the referral only once what is left of the purchase falls below"
          + " the referral minimum, and only once")
  void partial_returns() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = engine(f.storage());
      engine.register(Workload.customer(ANN, clock));
      engine.register(Workload.customer(BEN, clock), ANN);
      engine.recordPurchase(purchase("B-1", BEN, 4_000));
      engine.recordReturn(returnOf("R-1", BEN, "B-1", 1_000)); // EUR 30.00 left: still qualifies
      engine.recordReturn(returnOf("R-2", BEN, "B-1", 1_000)); // EUR 20.00 left: the minimum
      assertThat(bySource(engine, ANN, "R-1")).isEmpty();
      assertThat(bySource(engine, ANN, "R-2")).isEmpty();
      assertThat(engine.points(ANN).available()).isEqualTo(200);

      engine.recordReturn(returnOf("R-3", BEN, "B-1", 1)); // EUR 19.99 left: below
      assertThat(pointsOf(bySource(engine, ANN, "R-3"), ANN)).isEqualTo(-200);
      assertThat(
              bySource(engine, BEN, "R-3").stream()
                  .filter(p -> p.context().reason().contains("referral")))
          .singleElement()
          .satisfies(p -> assertThat(p.amountOn(AccountId.points(BEN))).isEqualTo(-100));

      engine.recordReturn(returnOf("R-4", BEN, "B-1", 1_999)); // the rest
      assertThat(bySource(engine, ANN, "R-4")).isEmpty();
      assertThat(
              bySource(engine, BEN, "R-4").stream()
                  .filter(p -> p.context().reason().contains("referral")))
          .isEmpty();
      assertThat(engine.points(ANN).posted()).isZero();
      assertThat(LedgerChecks.check(f.storage(), List.of(engine), clock)).isEqualTo(2);
    }
  }

  @Test
  @DisplayName(
      "a referrer who spent the reward is clawed back like any return of spent points: the"
          + " salon allows a negative balance down to its limit")
  void spent_reward_is_clawed_back_by_the_return_policy() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = engine(f.storage());
      engine.register(Workload.customer(ANN, clock));
      engine.register(Workload.customer(BEN, clock), ANN);
      engine.recordPurchase(purchase("B-1", BEN, 4_000));
      engine.redeem(IdempotencyKey.of("ann-treat"), ANN, 150, "treat");
      assertThat(engine.points(ANN).available()).isEqualTo(50);

      List<Outcome> outcomes = engine.recordReturn(returnOf("R-1", BEN, "B-1", 4_000));
      assertThat(outcomes).allMatch(Outcome.Posted.class::isInstance);
      assertThat(pointsOf(bySource(engine, ANN, "R-1"), ANN)).isEqualTo(-200);
      assertThat(engine.points(ANN).posted()).isEqualTo(-150);
      assertThat(LedgerChecks.check(f.storage(), List.of(engine), clock)).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("a purchase after the referral window rewards nobody")
  void window_closes() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = engine(f.storage());
      engine.register(Workload.customer(ANN, clock));
      engine.register(Workload.customer(BEN, clock), ANN);
      clock.advance(Duration.ofDays(91));
      engine.recordPurchase(purchase("B-1", BEN, 5_000));
      assertThat(byRule(engine, ANN, "earning.referral.referrer")).isZero();
      assertThat(byRule(engine, BEN, "earning.referral.friend")).isZero();
    }
  }

  @Test
  @DisplayName(
      "an unknown, erased or self referrer, or another referrer on a repeat, is refused and"
          + " writes nothing; the same referrer on a repeat is harmless")
  void invalid_referrers() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = engine(f.storage());
      engine.register(Workload.customer(ANN, clock));
      engine.register(Workload.customer(CAT, clock));
      engine.erase(CAT);

      assertThatThrownBy(() -> engine.register(Workload.customer(BEN, clock), CustomerId.of("x")))
          .isInstanceOf(InvalidReferralException.class)
          .hasMessageContaining("ben")
          .hasMessageContaining("x")
          .hasMessageContaining("not registered");
      assertThatThrownBy(() -> engine.register(Workload.customer(BEN, clock), CAT))
          .isInstanceOf(InvalidReferralException.class)
          .hasMessageContaining("erased");
      assertThatThrownBy(() -> engine.register(Workload.customer(BEN, clock), BEN))
          .isInstanceOf(InvalidReferralException.class)
          .hasMessageContaining("themselves");
      assertThatThrownBy(() -> engine.points(BEN)).isInstanceOf(UnknownCustomerException.class);

      engine.register(Workload.customer(BEN, clock), ANN);
      engine.register(Workload.customer(BEN, clock), ANN);
      assertThatThrownBy(() -> engine.register(Workload.customer(BEN, clock), CustomerId.of("zz")))
          .isInstanceOf(InvalidReferralException.class)
          .hasMessageContaining("referred by ann");
      assertThatThrownBy(() -> engine.register(Workload.customer(ANN, clock), BEN))
          .isInstanceOf(InvalidReferralException.class)
          .hasMessageContaining("without a referrer");
      assertThat(engine.referrer(BEN)).contains(ANN);
    }
  }

  @Test
  @DisplayName("an erased referrer gets nothing; the friend still gets their points")
  void erased_referrer() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = engine(f.storage());
      engine.register(Workload.customer(ANN, clock));
      engine.register(Workload.customer(BEN, clock), ANN);
      engine.erase(ANN);
      engine.recordPurchase(purchase("B-1", BEN, 5_000));
      assertThat(byRule(engine, ANN, "earning.referral.referrer")).isZero();
      assertThat(byRule(engine, BEN, "earning.referral.friend")).isEqualTo(100);
    }
  }

  @Test
  @DisplayName(
      "registered on one instance, purchases on two instances at once and a restarted one: the"
          + " referral is rewarded exactly once")
  void two_instances_and_a_restart() throws Exception {
    try (StorageFixture f = newFixture()) {
      List<CareEngine> engines = List.of(engine(f.storage()), engine(f.secondInstance()));
      engines.get(0).register(Workload.customer(ANN, clock));
      for (int i = 0; i < 6; i++) {
        engines.get(1).register(Workload.customer(CustomerId.of("f" + i), clock), ANN);
      }
      CyclicBarrier start = new CyclicBarrier(4);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          running.add(
              pool.submit(
                  () -> {
                    start.await();
                    CareEngine e = engines.get(thread % 2);
                    e.recordPurchase(purchase("A-" + thread, ANN, 1_000)); // the referrer buys too
                    for (int i = 0; i < 6; i++) {
                      CustomerId friend = CustomerId.of("f" + i);
                      // each friend's purchase on both instances, twice each
                      e.recordPurchase(
                          purchase(
                              "P-" + i + "-" + (thread % 2), friend, 2_500 + (thread % 2) * 100L));
                    }
                    return null;
                  }));
        }
        for (Future<?> r : running) {
          r.get();
        }
      } finally {
        pool.shutdownNow();
      }
      CareEngine restarted = engine(f.reopen());
      for (int i = 0; i < 6; i++) {
        restarted.recordPurchase(purchase("P-" + i + "-0", CustomerId.of("f" + i), 2_500));
        restarted.recordPurchase(purchase("R-" + i, CustomerId.of("f" + i), 3_000));
      }
      assertThat(byRule(restarted, ANN, "earning.referral.referrer")).isEqualTo(6 * 200);
      assertThat(postingsByRule(restarted, ANN, "earning.referral.referrer")).hasSize(6);
      for (int i = 0; i < 6; i++) {
        assertThat(byRule(restarted, CustomerId.of("f" + i), "earning.referral.friend"))
            .as("friend f%d", i)
            .isEqualTo(100);
      }
      assertThat(LedgerChecks.check(f.storage(), List.of(restarted), clock)).isEqualTo(7);
    }
  }
}
