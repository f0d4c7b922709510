package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The single-engine run of a scenario, computed once per store kind and seed in a test JVM and
 * shared by the tests that compare against it (restarts, two instances): the run is deterministic,
 * so running it again would only repeat the same work. Computing it checks what the scenario
 * exercised ({@link Coverage}) and the ledger invariants over its journals ({@link LedgerChecks}).
 */
final class Baselines {
  private static final Map<String, Observed> RUNS = new ConcurrentHashMap<>();

  private Baselines() {}

  static Observed oneEngine(Scenario scenario, Supplier<StorageFixture> fixtures) {
    try (StorageFixture probe = fixtures.get()) {
      String key =
          probe.getClass().getSimpleName()
              + "/"
              + scenario.seed()
              + "/"
              + scenario.customers().size()
              + "/"
              + scenario.steps().size();
      Observed cached = RUNS.get(key);
      if (cached != null) {
        return cached;
      }
      Runner runner = new Runner(scenario, probe, Runner.Mode.ONE_ENGINE, scenario.seed());
      Observed once = runner.run();
      Coverage.check(once);
      assertThat(LedgerChecks.check(probe.storage(), runner.engines(), runner.clock()))
          .as("customers with a journal")
          .isEqualTo(scenario.customers().size());
      RUNS.put(key, once);
      return once;
    }
  }
}
