package dev.care.benchmarks;

import dev.care.rules.segment.CustomerAttributes;
import dev.care.rules.segment.SegmentDefinition;
import dev.care.rules.segment.SegmentEngine;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full evaluation of the 50 {@link SegmentWorkload} segments over the synthetic population,
 * returning the total membership count. {@code care}: the columnar bitmap engine (parallelism 2);
 * {@code naive}: a loop over customer objects with one compiled lambda per segment; {@code drools}:
 * the same rules in Drools 10.2.0 (see {@link DroolsSegmentEngine} for how the run is set up).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms12g", "-Xmx12g", "-XX:+UseParallelGC", "-XX:+AlwaysPreTouch"})
public class SegmentationBenchmark {

  /** Which engine. */
  @Param({"care", "naive", "drools"})
  public String engine;

  /** Population size. */
  @Param({"100000", "1000000"})
  public int customers;

  private SegmentEngine care;
  private NaiveSegmentEngine naive;
  private DroolsSegmentEngine drools;

  /** Builds the population and the engine under test. */
  @Setup(Level.Trial)
  public void setUp() {
    List<SegmentDefinition> defs = SegmentWorkload.definitions();
    List<CustomerAttributes> pop = SegmentWorkload.population(customers, SegmentWorkload.SEED);
    switch (engine) {
      case "care" -> {
        care =
            SegmentEngine.builder(SegmentWorkload.schema(), SegmentWorkload.TODAY)
                .segments(defs)
                .parallelism(2)
                .build();
        care.load(pop);
      }
      case "naive" -> naive = new NaiveSegmentEngine(defs, pop, SegmentWorkload.TODAY);
      case "drools" -> drools = new DroolsSegmentEngine(defs, pop, SegmentWorkload.TODAY, false);
      default -> throw new IllegalArgumentException("engine " + engine);
    }
    // the population's construction garbage is collected before measuring (see
    // SegmentUpdateBenchmark)
    System.gc();
  }

  /**
   * Evaluates all 50 segments.
   *
   * @return total membership over all segments
   */
  @Benchmark
  public long evaluateAll() {
    return switch (engine) {
      case "care" -> {
        care.evaluateAll();
        yield care.totalMembership();
      }
      case "naive" -> naive.evaluateAll();
      default -> drools.evaluateAll();
    };
  }

  /** Releases the engine. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (care != null) {
      care.close();
    }
    if (drools != null) {
      drools.close();
    }
  }
}
