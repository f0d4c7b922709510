package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * L31, restart anywhere: a year-long scenario run on one engine, and again with the engine rebuilt
 * on the same storage at random (seeded) points, leaves the same outbox (ids, types, attributes,
 * statuses), care actions, tasks, journals, customer files (tiers), care states and stages, and
 * every step returned the same; after each run, every customer's stored journal replays alone to
 * what the engine reports (L30) and L1, L2 hold. A subclass supplies the store.
 */
abstract class RestartAnywhereContract {
  /** A fresh, empty store for one run. */
  abstract StorageFixture newFixture();

  /** The scenario seeds this store runs. */
  abstract LongStream seeds();

  /** Customers per scenario. */
  abstract int customers();

  /** Weeks per scenario. */
  int weeks() {
    return 56;
  }

  @TestFactory
  @DisplayName("rebuilding the engine between any two commands changes no outcome")
  Stream<DynamicTest> restarts_change_nothing() {
    return seeds()
        .boxed()
        .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> restarts_change_nothing(seed)));
  }

  private void restarts_change_nothing(long seed) {
    Scenario scenario = Scenario.generate(seed, customers(), weeks());
    Observed once = Baselines.oneEngine(scenario, this::newFixture);
    try (StorageFixture f = newFixture()) {
      Runner runner = new Runner(scenario, f, Runner.Mode.RESTARTS, seed * 31 + 17);
      Observed restarted = runner.run();
      assertThat(runner.restarts()).as("restarts").isGreaterThan(10);
      List<String> differences = Observed.differences(once, restarted, 10);
      assertThat(differences)
          .as("differences after %d restarts (seed %d)", runner.restarts(), seed)
          .isEmpty();
      LedgerChecks.check(f.reopen(), runner.engines(), runner.clock());
    }
  }
}
