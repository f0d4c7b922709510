package dev.care.benchmarks;

import dev.care.rules.segment.SegmentEngine;
import java.time.LocalDate;
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
 * Today moves by one day and the date-relative segments of the {@link SegmentWorkload} (recency,
 * tenure, birthday windows) are brought up to date: the engine finds the customers on a moved
 * boundary (range queries on the date indexes, birthday buckets) and re-evaluates only them. Today
 * alternates between two neighbouring days, so every call is a real move with the same amount of
 * work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms12g", "-Xmx12g", "-XX:+UseParallelGC", "-XX:+AlwaysPreTouch"})
public class SegmentAdvanceBenchmark {
  /** Population size. */
  @Param({"100000", "1000000"})
  public int customers;

  private SegmentEngine engine;
  private LocalDate day;

  /** Builds the population and the engine. */
  @Setup(Level.Trial)
  public void setUp() {
    engine =
        SegmentEngine.builder(SegmentWorkload.schema(), SegmentWorkload.TODAY)
            .segments(SegmentWorkload.definitions())
            .parallelism(2)
            .build();
    engine.load(SegmentWorkload.population(customers, SegmentWorkload.SEED));
    day = SegmentWorkload.TODAY;
    System.gc();
  }

  /**
   * Moves today one day forwards or back.
   *
   * @return the number of membership changes
   */
  @Benchmark
  public int advanceOneDay() {
    day = day.equals(SegmentWorkload.TODAY) ? day.plusDays(1) : SegmentWorkload.TODAY;
    return engine.advanceTo(day).size();
  }

  /** Releases the engine. */
  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }
}
