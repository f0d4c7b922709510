package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The ledger invariants hold "identically on every storage adapter": the year-long scenario on one
 * engine leaves the same outcomes on PostgreSQL as in memory.
 */
@DisplayName("the scenario on PostgreSQL leaves what it leaves in memory")
class AdaptersAgreeIT {
  @TestFactory
  Stream<DynamicTest> postgres_equals_memory() {
    return Seeds.postgres()
        .boxed()
        .map(
            seed ->
                DynamicTest.dynamicTest(
                    "seed " + seed,
                    () -> {
                      Scenario scenario = Scenario.generate(seed, 8, 56);
                      Observed memory = Baselines.oneEngine(scenario, InMemoryFixture::new);
                      Observed postgres = Baselines.oneEngine(scenario, PostgresFixture::new);
                      assertThat(Observed.differences(memory, postgres, 10))
                          .as("PostgreSQL vs in memory (seed %d)", seed)
                          .isEmpty();
                    }));
  }
}
