package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareTask;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.state.CareState;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.CareStorage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The nightly run's due index (DESIGN, "State and scale"): at any instant, the customers storage
 * says are due are exactly those a nightly run visiting every customer ({@link
 * CareEngine#advanceAll}, the old full scan, here the model) would change; and a year of nightly
 * runs visiting only due customers leaves what a year of full scans leaves. A subclass supplies the
 * store.
 */
abstract class DueIndexContract {
  /** A fresh, empty store for one run. */
  abstract StorageFixture newFixture();

  /** The scenario seeds this store runs. */
  abstract LongStream seeds();

  /** Customers per scenario. */
  abstract int customers();

  /** Weeks per scenario. */
  int weeks() {
    return 40;
  }

  @TestFactory
  @DisplayName("at any instant the due index names exactly the customers a full scan would change")
  Stream<DynamicTest> the_due_index_is_exact() {
    return seeds()
        .boxed()
        .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> dueIndexIsExact(seed)));
  }

  @TestFactory
  @DisplayName("nightly runs over due customers only leave what full scans leave")
  Stream<DynamicTest> due_runs_equal_full_scans() {
    return seeds()
        .boxed()
        .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> dueRunsEqualFullScans(seed)));
  }

  private void dueIndexIsExact(long seed) {
    Scenario scenario = Scenario.generate(seed, customers(), weeks());
    SplittableRandom random = new SplittableRandom(seed * 131 + 7);
    int steps = scenario.steps().size();
    int cut = steps / 3 + random.nextInt(steps - steps / 3);
    int dueSeen = 0;
    try (StorageFixture f = newFixture()) {
      Runner runner = new Runner(scenario, f, Runner.Mode.ONE_ENGINE, seed);
      runner.runSteps(cut);
      CareEngine engine = runner.engines().get(0);
      ManualClock clock = runner.clock();
      CareStorage storage = f.storage();
      for (int probe = 0; probe < 5; probe++) {
        // anything from a minute to four months later, to the second
        Instant t = clock.instant().plusSeconds(60 + random.nextLong(120L * 86_400));
        clock.set(t);
        SortedSet<CustomerId> due = due(storage, t);
        SortedMap<CustomerId, Snapshot> before = snapshots(storage, t);
        engine.advanceAll(t);
        SortedMap<CustomerId, Snapshot> after = snapshots(storage, t);
        SortedSet<CustomerId> changed = new TreeSet<>();
        before.forEach(
            (id, s) -> {
              if (!s.equals(after.get(id))) {
                changed.add(id);
              }
            });
        assertThat(due)
            .as(
                "due at %s after %d of %d steps (seed %d); changed by a full scan: %s",
                t, cut, steps, seed, changed)
            .isEqualTo(changed);
        assertThat(due(storage, t))
            .as("after the full scan to %s nobody is due by then", t)
            .isEmpty();
        dueSeen += due.size();
      }
    }
    assertThat(dueSeen).as("customers due over the probes (seed %d)", seed).isPositive();
  }

  private void dueRunsEqualFullScans(long seed) {
    Scenario scenario = Scenario.generate(seed, customers(), weeks());
    Observed due;
    Observed full;
    try (StorageFixture f = newFixture()) {
      due = comparable(new Runner(scenario, f, Runner.Mode.ONE_ENGINE, seed).run());
    }
    try (StorageFixture f = newFixture()) {
      full = comparable(new Runner(scenario, f, Runner.Mode.FULL_SCAN, seed).run());
    }
    assertThat(Observed.differences(full, due, 10))
        .as("differences between full scans and due-only runs (seed %d)", seed)
        .isEmpty();
  }

  /**
   * An observation without what differs by design: the reports of nightly runs (a full scan reports
   * every customer visited), and each care state's version, how far it was advanced and when it is
   * next due (a customer with nothing due is not visited); the rest of the state stays.
   */
  private static Observed comparable(Observed o) {
    List<String> results = o.results().stream().filter(r -> !r.startsWith("advance ")).toList();
    SortedMap<CustomerId, Observed.CustomerView> views = new TreeMap<>();
    o.customers()
        .forEach(
            (id, v) ->
                views.put(
                    id,
                    new Observed.CustomerView(
                        v.file(),
                        v.state()
                            .map(s -> new dev.care.storage.Versioned<>(timeless(s.value()), 1L)),
                        v.actions(),
                        v.tasks(),
                        v.journal(),
                        v.consumption(),
                        v.interactions(),
                        v.vouchers(),
                        v.points(),
                        v.wallet(),
                        v.tier(),
                        v.stage())));
    return new Observed(results, o.outbox(), views, o.segments());
  }

  private static CareState timeless(CareState s) {
    return new CareState(
        s.customer(),
        s.journalLength(),
        s.stage(),
        s.manualTier(),
        s.tierBelowSince(),
        s.winBackSent(),
        Instant.EPOCH,
        Optional.empty(),
        Map.of(),
        s.referrer());
  }

  /**
   * The points a stored projection gives at an instant: its {@code points}, plus the pending ones
   * of its {@code activations} ({@code INSTANT=POINTS,...}) due by then.
   */
  static String pointsAt(Map<String, String> projection, Instant at) {
    if (!projection.containsKey("points")) {
      return "none";
    }
    long points = Long.parseLong(projection.get("points"));
    String activations = projection.getOrDefault("activations", "");
    for (String pending : activations.isEmpty() ? new String[0] : activations.split(",")) {
      String[] parts = pending.split("=");
      if (!Instant.parse(parts[0]).isAfter(at)) {
        points += Long.parseLong(parts[1]);
      }
    }
    return Long.toString(points);
  }

  /** Every customer due at an instant, page by page. */
  static SortedSet<CustomerId> due(CareStorage storage, Instant at) {
    SortedSet<CustomerId> all = new TreeSet<>();
    Optional<CustomerId> after = Optional.empty();
    for (int page = 0; page < 100_000; page++) {
      List<CustomerId> next = storage.dueCustomers(at, after, 7);
      all.addAll(next);
      if (next.size() < 7) {
        return all;
      }
      after = Optional.of(next.get(next.size() - 1));
    }
    throw new AssertionError("the due index does not end");
  }

  /**
   * What time can change about a customer: their file (tier), the care state apart from how far it
   * was advanced, when it is next due and the segment projection (but with the points the
   * projection gives at the instant: the points it holds plus its pending points that became
   * available by then, which the segments count without a visit), their journal, care actions and
   * tasks.
   */
  record Snapshot(
      Customer file,
      CareState state,
      String points,
      int journal,
      List<CareAction> actions,
      List<CareTask> tasks) {}

  static SortedMap<CustomerId, Snapshot> snapshots(CareStorage storage, Instant at) {
    SortedMap<CustomerId, Snapshot> out = new TreeMap<>();
    for (CustomerId id : storage.customerIds(Optional.empty(), Integer.MAX_VALUE)) {
      CareState state = storage.careState(id).orElseThrow().value();
      out.put(
          id,
          new Snapshot(
              storage.customer(id).orElseThrow().value(),
              timeless(state),
              pointsAt(state.attributes(), at),
              storage.journal(id, 0, Integer.MAX_VALUE).size(),
              storage.careActions(id),
              storage.careTasks(id)));
    }
    return out;
  }
}
