package dev.care.benchmarks;

import dev.care.rules.segment.CustomerAttributes;
import dev.care.rules.segment.SegmentDefinition;
import dev.care.rules.segment.SegmentEngine;
import java.util.List;
import java.util.Random;
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
 * One customer changes (a purchase, a tier or stage change, a profile edit or new scores) and all
 * 50 segments are brought up to date for it. 4,096 distinct customers each alternate between their
 * original and a changed version, so every call is a real change. {@code care}: {@link
 * SegmentEngine#update}; {@code drools}: modify the fact with the control fact present and fire.
 *
 * <p>The heap is pre-touched ({@code -XX:+AlwaysPreTouch}): otherwise every measured iteration
 * allocates (the returned events) into eden pages never touched before, and the kernel's
 * first-touch faults, zeroing pages under virtualisation, took 17 % of the profile and made the
 * score depend on how far into the fresh heap an iteration had got.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms12g", "-Xmx12g", "-XX:+UseParallelGC", "-XX:+AlwaysPreTouch"})
public class SegmentUpdateBenchmark {
  private static final int M = 4096;

  /** Which engine. */
  @Param({"care", "drools"})
  public String engine;

  /** Population size. */
  @Param({"100000", "1000000"})
  public int customers;

  private SegmentEngine care;
  private DroolsSegmentEngine drools;
  private final int[] index = new int[M];
  private final CustomerAttributes[][] versions = new CustomerAttributes[M][2];
  private int k;

  /** Builds the population, the engine and the changes. */
  @Setup(Level.Trial)
  public void setUp() {
    List<SegmentDefinition> defs = SegmentWorkload.definitions();
    List<CustomerAttributes> pop = SegmentWorkload.population(customers, SegmentWorkload.SEED);
    Random r = new Random(99);
    java.util.Set<Integer> used = new java.util.HashSet<>();
    for (int j = 0; j < M; j++) {
      int i;
      do {
        i = r.nextInt(customers);
      } while (!used.add(i));
      index[j] = i;
      versions[j][0] = SegmentWorkload.mutate(r, pop.get(i));
      versions[j][1] = pop.get(i);
    }
    if (engine.equals("care")) {
      care =
          SegmentEngine.builder(SegmentWorkload.schema(), SegmentWorkload.TODAY)
              .segments(defs)
              .parallelism(2)
              .build();
      care.load(pop);
    } else {
      drools = new DroolsSegmentEngine(defs, pop, SegmentWorkload.TODAY, true);
      drools.startIncremental();
    }
    // building the population leaves gigabytes of garbage; collect it now, or the first young
    // collection lands in a measured iteration and decides the score instead of the code
    System.gc();
  }

  /**
   * Applies the next change.
   *
   * @return the customer changed
   */
  @Benchmark
  public int updateOne() {
    int j = k & (M - 1);
    CustomerAttributes next = versions[j][(k >>> 12) & 1];
    k++;
    if (care != null) {
      care.update(index[j], next);
    } else {
      drools.update(index[j], next);
    }
    return index[j];
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
