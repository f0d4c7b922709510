package dev.care.rules.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.consumption.ConsumptionHistory;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.Rejection;
import dev.care.core.lifecycle.LifecyclePolicy;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.lifecycle.RuleBasedLifecyclePolicy;
import dev.care.core.lifecycle.StageDecision;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.rules.earning.EarnCalculation;
import dev.care.rules.earning.EarnRequest;
import dev.care.rules.earning.EarningCalculator;
import dev.care.rules.earning.EarningPolicy;
import dev.care.rules.engine.AdvanceReport;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.CommandReport;
import dev.care.rules.engine.EngineObserver;
import dev.care.rules.engine.PurchaseOutcome;
import dev.care.rules.engine.UnknownCustomerException;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.testing.Programs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CareEngineMetricsTest {
  static final CustomerId ANN = CustomerId.of("ann");
  final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final CareEngineMetrics metrics = new CareEngineMetrics();
  final ExecutorService pool = Executors.newSingleThreadExecutor();

  /** An earning step that, once armed, holds the next purchase's decision until released. */
  final AtomicBoolean armed = new AtomicBoolean();

  final CountDownLatch inside = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final EarningPolicy pause =
      new EarningPolicy() {
        @Override
        public String name() {
          return "test.pause";
        }

        @Override
        public EarnCalculation apply(
            EarnCalculation calc, EarnRequest request, LoyaltyProgram program) {
          if (armed.compareAndSet(true, false)) {
            inside.countDown();
            try {
              assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return calc;
        }
      };

  final CareEngine engine =
      CareEngine.builder()
          .program(Programs.salon())
          .clock(clock)
          .earning(EarningCalculator.withExtra(List.of(pause)))
          .observer(metrics)
          .build();

  @AfterEach
  void close() {
    pool.shutdownNow();
  }

  Purchase purchase(String id, long cents) {
    return Purchase.of(id, ANN, clock.instant(), Money.ofMinor("EUR", cents));
  }

  double commands(String kind, String outcome) {
    return registry
        .get("care.engine.commands")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  @Test
  void commands_rejectionsConflictsAndANightlyRun_areMetered() throws Exception {
    metrics.bindTo(registry);
    engine.register(Customer.register(ANN, Profile.named("Ann Lee"), clock.instant()));
    engine.recordPurchase(purchase("O-1", 4_500));
    engine.recordPurchase(purchase("O-1", 4_500));
    Outcome refused = engine.redeem(IdempotencyKey.of("r-1"), ANN, 1_000_000, "a spa day");
    assertThatThrownBy(
            () ->
                engine.update(
                    Customer.register(
                        CustomerId.of("nobody"), Profile.named("N"), clock.instant())))
        .isInstanceOf(UnknownCustomerException.class);

    // a purchase decided while a top-up of the same customer commits: it conflicts once, retries
    armed.set(true);
    Future<PurchaseOutcome> racing =
        pool.submit(() -> engine.recordPurchase(purchase("O-2", 2_000)));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    engine.topUp(IdempotencyKey.of("t-1"), ANN, Money.ofMinor("EUR", 5_000));
    release.countDown();
    assertThat(racing.get(10, TimeUnit.SECONDS).duplicate()).isFalse();

    clock.advance(Duration.ofDays(20));
    AdvanceReport night = engine.advanceTo(clock.instant());

    assertThat(refused)
        .isInstanceOfSatisfying(
            Outcome.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(Rejection.INSUFFICIENT_BALANCE));
    assertThat(commands("register", "committed")).isEqualTo(1);
    assertThat(commands("purchase", "committed")).isEqualTo(2);
    assertThat(commands("purchase", "duplicate")).isEqualTo(1);
    assertThat(commands("redeem", "rejected")).isEqualTo(1);
    assertThat(commands("update", "failed")).isEqualTo(1);
    assertThat(commands("top-up", "committed")).isEqualTo(1);
    assertThat(
            registry
                .get("care.engine.rejections")
                .tag("kind", "redeem")
                .tag("reason", "insufficient-balance")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("care.engine.retries").tag("kind", "purchase").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("care.engine.retries").tag("kind", "top-up").counter().count())
        .isZero();
    assertThat(registry.get("care.engine.conflicts").functionCounter().count()).isEqualTo(1);
    var purchases =
        registry
            .get("care.engine.command.duration")
            .tag("kind", "purchase")
            .tag("outcome", "committed")
            .timer();
    assertThat(purchases.count()).isEqualTo(2);
    assertThat(purchases.totalTime(TimeUnit.NANOSECONDS)).isPositive();

    assertThat(night.customers()).isEqualTo(1);
    assertThat(night.failures()).isEmpty();
    assertThat(commands("advance", "committed")).isEqualTo(1);
    assertThat(
            registry
                .get("care.engine.nightly.customers")
                .tag("outcome", "advanced")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("care.engine.nightly.customers")
                .tag("outcome", "failed")
                .counter()
                .count())
        .isZero();
    assertThat(registry.get("care.engine.nightly.runs").timer().count()).isEqualTo(1);
    assertThat(registry.get("care.engine.nightly.last.customers").gauge().value()).isEqualTo(1);
    assertThat(registry.get("care.engine.nightly.last.failed").gauge().value()).isZero();
    assertThat(registry.get("care.engine.nightly.last.time").gauge().value())
        .isEqualTo(clock.instant().getEpochSecond());
    assertThat(
            registry
                .get("care.engine.nightly.last.duration")
                .timeGauge()
                .value(TimeUnit.NANOSECONDS))
        .isPositive();
  }

  @Test
  void readmeSnippet_bindsTheMetersOfAnEngine() {
    LoyaltyProgram program = Programs.salon();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // the README's lines (ReadmeCodeBlocksTest)
    CareEngineMetrics metrics = new CareEngineMetrics();
    CareEngine engine = CareEngine.builder().program(program).observer(metrics).build();
    metrics.bindTo(registry);

    engine.register(Customer.register(ANN, Profile.named("Ann Lee"), clock.instant()));

    assertThat(
            registry
                .get("care.engine.commands")
                .tag("kind", "register")
                .tag("outcome", "committed")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void nightlyRun_withACustomerThatFails_countsTheFailure() {
    AtomicBoolean broken = new AtomicBoolean();
    RuleBasedLifecyclePolicy rules = RuleBasedLifecyclePolicy.defaults();
    LifecyclePolicy failing =
        new LifecyclePolicy() {
          @Override
          public StageDecision infer(ConsumptionHistory history, Instant at) {
            if (broken.get()) {
              throw new IllegalStateException("life-cycle rules unavailable");
            }
            return rules.infer(history, at);
          }

          @Override
          public Optional<Instant> nextChange(
              ConsumptionHistory history, Optional<LifecycleStage> previous, Instant after) {
            return rules.nextChange(history, previous, after);
          }
        };
    CareEngineMetrics nightly = new CareEngineMetrics();
    CareEngine failingEngine =
        CareEngine.builder()
            .program(Programs.salon())
            .clock(clock)
            .lifecycle(failing)
            .observer(nightly)
            .build();
    nightly.bindTo(registry);
    failingEngine.register(Customer.register(ANN, Profile.named("Ann Lee"), clock.instant()));
    failingEngine.recordPurchase(purchase("O-1", 4_500));
    clock.advance(Duration.ofDays(20));
    broken.set(true);

    AdvanceReport night = failingEngine.advanceTo(clock.instant());

    assertThat(night.failures()).hasSize(1);
    assertThat(commands("advance", "failed")).isEqualTo(1);
    assertThat(
            registry
                .get("care.engine.nightly.customers")
                .tag("outcome", "failed")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("care.engine.nightly.last.customers").gauge().value()).isEqualTo(1);
    assertThat(registry.get("care.engine.nightly.last.failed").gauge().value()).isEqualTo(1);
  }

  @Test
  void commands_beforeBinding_areNotCounted() {
    engine.register(Customer.register(ANN, Profile.named("Ann Lee"), clock.instant()));
    metrics.bindTo(registry);

    assertThat(commands("register", "committed")).isZero();
    assertThat(registry.get("care.engine.nightly.last.time").gauge().value()).isZero();
  }

  @Test
  void observer_thatThrows_leavesTheCommandAlone() {
    List<CommandReport> heard = new ArrayList<>();
    CareEngine observed =
        CareEngine.builder()
            .program(Programs.salon())
            .clock(clock)
            .observer(
                new EngineObserver() {
                  @Override
                  public void commandDone(CommandReport report) {
                    heard.add(report);
                    throw new IllegalStateException("observer broken");
                  }
                })
            .build();

    Customer ann =
        observed.register(Customer.register(ANN, Profile.named("Ann Lee"), clock.instant()));

    assertThat(ann.id()).isEqualTo(ANN);
    assertThat(heard).singleElement().satisfies(r -> assertThat(r.attempts()).isEqualTo(1));
  }

  @Test
  void started_bySecondEngine_isRefused() {
    assertThatThrownBy(
            () ->
                CareEngine.builder()
                    .program(Programs.salon())
                    .clock(clock)
                    .observer(metrics)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one engine");
  }
}
