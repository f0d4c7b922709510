package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.AdvanceReport;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.CareStorage;
import dev.care.storage.ForwardingCareStorage;
import dev.care.storage.UnitOfWork;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The nightly run beside real life (DESIGN, "State and scale"): killed half-way and run again it
 * ends exactly as an uninterrupted run, with nothing done twice; two instances running the same
 * night at once advance every due customer exactly once between them; purchases recorded while it
 * runs all land with their points. Each starts from a half-year salon scenario and runs the night a
 * month after its end, when many customers are due. A subclass supplies the store.
 */
abstract class NightlyRunContract {
  /** A fresh, empty store for one run. */
  abstract StorageFixture newFixture();

  /** The scenario seeds this store runs. */
  abstract LongStream seeds();

  /** Customers per scenario. */
  abstract int customers();

  /** How long a claim hides customers from other runs in these tests. */
  private static final Duration LEASE = Duration.ofMinutes(5);

  /** An unplanned stop of the application: not an exception the run reports and goes on from. */
  static final class Crash extends Error {
    Crash(String message) {
      super(message);
    }
  }

  private static CareEngine engine(CareStorage storage, ManualClock clock, int parallelism) {
    return CareEngine.builder()
        .program(Salon.program())
        .clock(clock)
        .storage(storage)
        .nightlyParallelism(parallelism)
        .nightlyLease(LEASE)
        .surveyTokens(Salon.SURVEY_TOKENS)
        .build();
  }

  /** The scenario run to its end, then the clock at the night a month later. */
  private static Instant night(Runner runner, Scenario scenario) {
    runner.runSteps(scenario.steps().size());
    Instant t = runner.clock().instant().plus(Duration.ofDays(31));
    runner.clock().set(t);
    return t;
  }

  private Scenario scenario(long seed) {
    return Scenario.generate(seed, customers(), 26);
  }

  /** What one uninterrupted run on one instance leaves. */
  private Observed uninterrupted(Scenario scenario, long seed) {
    try (StorageFixture f = newFixture()) {
      Runner runner = new Runner(scenario, f, Runner.Mode.ONE_ENGINE, seed);
      Instant t = night(runner, scenario);
      CareEngine engine = engine(f.reopen(), runner.clock(), 1);
      AdvanceReport report = engine.advanceTo(t);
      assertThat(report.failures()).isEmpty();
      return Observed.of(f.reopen(), engine, scenario.customers(), List.of());
    }
  }

  @TestFactory
  @DisplayName("a run killed after some customers and run again ends as one uninterrupted run")
  Stream<DynamicTest> crash_and_resume() {
    return seeds()
        .boxed()
        .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> crashAndResume(seed)));
  }

  private void crashAndResume(long seed) {
    Scenario scenario = scenario(seed);
    Observed reference = uninterrupted(scenario, seed);
    try (StorageFixture f = newFixture()) {
      Runner runner = new Runner(scenario, f, Runner.Mode.ONE_ENGINE, seed);
      Instant t = night(runner, scenario);
      ManualClock clock = runner.clock();
      SortedSet<CustomerId> due = DueIndexContract.due(f.storage(), t);
      assertThat(due.size()).as("customers due at %s (seed %d)", t, seed).isGreaterThan(2);
      int k = due.size() / 2;
      CareEngine crashing = engine(crashAfter(f.reopen(), k), clock, 1);
      assertThatThrownBy(() -> crashing.advanceTo(t)).isInstanceOf(Crash.class);
      assertThat(DueIndexContract.due(f.storage(), t))
          .as("customers still due after the crash")
          .hasSize(due.size() - k);

      // the restart comes after the crashed run's lease ended: its claims see the clock one lease
      // later, while its units keep the night's clock, so both nights post at the same instants
      CareEngine restarted = engine(leaseEnded(f.reopen()), clock, 1);
      AdvanceReport resumed = restarted.advanceTo(t);
      assertThat(resumed.customers())
          .as("customers the resumed run advanced")
          .isEqualTo(due.size() - k);
      assertThat(resumed.failures()).isEmpty();
      assertThat(DueIndexContract.due(f.storage(), t)).isEmpty();
      Observed after = Observed.of(f.reopen(), restarted, scenario.customers(), List.of());
      assertThat(Observed.differences(reference, after, 10))
          .as("an interrupted and resumed night against an uninterrupted one (seed %d)", seed)
          .isEmpty();
      LedgerChecks.check(f.reopen(), List.of(restarted), clock);
    }
  }

  /** A store whose claims are made as if one {@link #LEASE} had passed. */
  private static CareStorage leaseEnded(CareStorage real) {
    return new ForwardingCareStorage(real) {
      @Override
      public List<CustomerId> claimDueCustomers(
          Instant at, Instant now, Duration lease, int limit) {
        return super.claimDueCustomers(at, now.plus(LEASE), lease, limit);
      }
    };
  }

  /** A store whose units of work stop the application after {@code units} committed. */
  private static CareStorage crashAfter(CareStorage real, int units) {
    AtomicInteger committed = new AtomicInteger();
    return new ForwardingCareStorage(real) {
      @Override
      public UnitOfWork begin() {
        UnitOfWork unit = super.begin();
        return (UnitOfWork)
            Proxy.newProxyInstance(
                UnitOfWork.class.getClassLoader(),
                new Class<?>[] {UnitOfWork.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("commit") && committed.get() >= units) {
                    throw new Crash("the application stopped after " + units + " customers");
                  }
                  try {
                    Object result = method.invoke(unit, args);
                    if (method.getName().equals("commit")) {
                      committed.incrementAndGet();
                    }
                    return result;
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
      }
    };
  }

  @TestFactory
  @DisplayName("two instances running the same night at once advance every due customer once")
  Stream<DynamicTest> two_instances_at_once() {
    return seeds()
        .boxed()
        .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> twoInstancesAtOnce(seed)));
  }

  private void twoInstancesAtOnce(long seed) throws Exception {
    Scenario scenario = scenario(seed);
    Observed reference = uninterrupted(scenario, seed);
    try (StorageFixture f = newFixture()) {
      Runner runner = new Runner(scenario, f, Runner.Mode.ONE_ENGINE, seed);
      Instant t = night(runner, scenario);
      ManualClock clock = runner.clock();
      SortedSet<CustomerId> due = DueIndexContract.due(f.storage(), t);
      List<CustomerId> claimedByA = Collections.synchronizedList(new ArrayList<>());
      List<CustomerId> claimedByB = Collections.synchronizedList(new ArrayList<>());
      CareEngine a = engine(recordingClaims(f.reopen(), claimedByA), clock, 2);
      CareEngine b = engine(recordingClaims(f.secondInstance(), claimedByB), clock, 2);
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<AdvanceReport> reports = new ArrayList<>();
      try {
        List<Future<AdvanceReport>> runs = new ArrayList<>();
        for (CareEngine e : List.of(a, b)) {
          runs.add(
              pool.submit(
                  () -> {
                    start.await();
                    return e.advanceTo(t);
                  }));
        }
        for (Future<AdvanceReport> r : runs) {
          reports.add(r.get(5, TimeUnit.MINUTES));
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(reports).allSatisfy(r -> assertThat(r.failures()).isEmpty());
      List<CustomerId> both = new ArrayList<>(claimedByA);
      both.addAll(claimedByB);
      assertThat(both)
          .as("claimed by A %s and by B %s", claimedByA, claimedByB)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(due);
      assertThat(reports.get(0).customers() + reports.get(1).customers())
          .as("customers advanced by the two instances")
          .isEqualTo(due.size());
      assertThat(DueIndexContract.due(f.storage(), t)).isEmpty();
      Observed after = Observed.of(f.reopen(), a, scenario.customers(), List.of());
      assertThat(Observed.differences(reference, after, 10))
          .as("two instances at once against one (seed %d)", seed)
          .isEmpty();
    }
  }

  private static CareStorage recordingClaims(CareStorage real, List<CustomerId> claimed) {
    return new ForwardingCareStorage(real) {
      @Override
      public List<CustomerId> claimDueCustomers(
          Instant at, Instant now, Duration lease, int limit) {
        List<CustomerId> got = super.claimDueCustomers(at, now, lease, limit);
        claimed.addAll(got);
        return got;
      }
    };
  }

  @TestFactory
  @DisplayName("purchases recorded while the night runs all land, with their points")
  Stream<DynamicTest> purchases_during_the_run() {
    return seeds()
        .boxed()
        .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> purchasesDuringTheRun(seed)));
  }

  private void purchasesDuringTheRun(long seed) throws Exception {
    Scenario scenario = scenario(seed);
    try (StorageFixture f = newFixture()) {
      Runner runner = new Runner(scenario, f, Runner.Mode.ONE_ENGINE, seed);
      Instant t = night(runner, scenario);
      ManualClock clock = runner.clock();
      List<CustomerId> due = List.copyOf(DueIndexContract.due(f.storage(), t));
      CareEngine nightly = engine(f.reopen(), clock, 2);
      CareEngine till = engine(f.secondInstance(), clock, 1);
      Workload work = new Workload(clock);
      CyclicBarrier start = new CyclicBarrier(3);
      ExecutorService pool = Executors.newFixedThreadPool(3);
      AdvanceReport report;
      try {
        Future<AdvanceReport> run =
            pool.submit(
                () -> {
                  start.await();
                  return nightly.advanceTo(t);
                });
        List<Future<?>> tills = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
          Workload.Writer writer = work.writer("till" + w, seed + w);
          SplittableRandom pick = new SplittableRandom(seed * 7 + w);
          tills.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int n = 0; n < 30; n++) {
                      writer.purchase(till, due.get(pick.nextInt(due.size())), 500 + n * 37L);
                    }
                    return null;
                  }));
        }
        report = run.get(5, TimeUnit.MINUTES);
        for (Future<?> d : tills) {
          d.get(5, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(report.failures()).as("customers the run could not advance").isEmpty();
      // the scenario's commands and the run's goodwill are in the store too: the tills' keys name
      // their writer
      Workload.Tally tally = work.verify(f.storage(), key -> key.contains("till"));
      assertThat(tally.committed()).as("purchases that landed").isEqualTo(work.issued().size());
      assertThat(tally.conflicted()).isZero();
      LedgerChecks.check(f.reopen(), List.of(nightly, till), clock);
      // a purchase after the run reached its customer makes them due again (their stage is
      // reviewed on the next run): the next run takes them, and then nobody is due
      assertThat(nightly.advanceTo(t).failures()).isEmpty();
      assertThat(DueIndexContract.due(f.storage(), t))
          .as("customers still due at %s after the next run", t)
          .isEmpty();
    }
  }
}
