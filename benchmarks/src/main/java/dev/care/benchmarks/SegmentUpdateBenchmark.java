package dev.care.benchmarks;

import dev.care.rules.segment.CustomerAttributes;
import dev.care.rules.segment.SegmentDefinition;
import dev.care.rules.segment.SegmentEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * 50 segments are brought up to date for it. A fixed set of distinct customers each alternate
 * between their original and a changed version, so every call is a real change; {@code changes}
 * says how many: {@code hot}, 4,096 customers, whose rows, indexes and inputs stay in the CPU
 * caches; {@code spread}, a quarter of the population (262,144 of 1,000,000), each changed once per
 * 262,144 calls, so that the engine's data for a customer is cold. The inputs are prepared so as to
 * be as warm as an application's freshly built ones (see the setup). {@code care}: {@link
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
  /** Which engine. */
  @Param({"care", "drools"})
  public String engine;

  /** Population size. */
  @Param({"100000", "1000000"})
  public int customers;

  /**
   * Which customers change: {@code hot} (4,096) or {@code spread} (a quarter of the population,
   * rounded down to a power of two).
   */
  @Param({"hot", "spread"})
  public String changes;

  private SegmentEngine care;
  private DroolsSegmentEngine drools;
  private int[] index;
  private CustomerAttributes[] changed;
  private CustomerAttributes[] original;
  private int shift;
  private int k;

  /** Builds the population, the engine and the changes. */
  @Setup(Level.Trial)
  public void setUp() {
    List<SegmentDefinition> defs = SegmentWorkload.definitions();
    List<CustomerAttributes> pop = SegmentWorkload.population(customers, SegmentWorkload.SEED);
    Random r = new Random(99);
    int m =
        switch (changes) {
          case "hot" -> 4096;
          case "spread" -> Integer.highestOneBit(customers / 4);
          default ->
              throw new IllegalArgumentException("changes must be hot or spread: " + changes);
        };
    shift = Integer.numberOfTrailingZeros(m);
    index = new int[m];
    changed = new CustomerAttributes[m];
    original = new CustomerAttributes[m];
    java.util.Set<Integer> used = new java.util.HashSet<>();
    for (int j = 0; j < m; j++) {
      int i;
      do {
        i = r.nextInt(customers);
      } while (!used.add(i));
      index[j] = i;
      changed[j] = SegmentWorkload.mutate(r, pop.get(i));
      original[j] = pop.get(i);
    }
    // The inputs an application passes are freshly built, so in its caches. Prepared inputs are
    // not: reading a cold record, then its Optional, then its LocalDate is a chain of cache misses
    // that would be charged to the engine. So the inputs are rebuilt one after another (adjacent
    // in memory) and share their immutable parts (dates, tag sets) with equal ones.
    Map<Object, Object> shared = new HashMap<>();
    for (int j = 0; j < m; j++) {
      changed[j] = sharing(changed[j], shared);
      original[j] = sharing(original[j], shared);
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

  @SuppressWarnings("unchecked")
  private static <T> T share(T value, Map<Object, Object> shared) {
    return (T) shared.computeIfAbsent(value, v -> v);
  }

  /** An equal copy whose dates and tag set are instances shared with every equal one. */
  private static CustomerAttributes sharing(CustomerAttributes a, Map<Object, Object> shared) {
    return new CustomerAttributes(
        share(a.lastPurchase(), shared),
        share(a.enrolled(), shared),
        a.frequency(),
        a.monetary(),
        a.pointsBalance(),
        a.satisfactionIndex(),
        a.openComplaints(),
        a.rfmR(),
        a.rfmF(),
        a.rfmM(),
        a.pAlive(),
        a.tier(),
        a.lifecycleStage(),
        a.customerType(),
        share(a.tags(), shared),
        a.consents(),
        share(a.birthday(), shared));
  }

  /**
   * Applies the next change.
   *
   * @return the customer changed
   */
  @Benchmark
  public int updateOne() {
    int j = k & (index.length - 1);
    CustomerAttributes next = ((k >>> shift) & 1) == 0 ? changed[j] : original[j];
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
