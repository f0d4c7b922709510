package dev.care.benchmarks;

import dev.care.core.time.internal.InstantText;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The ISO text of instants as the engine's events, stored projections and journal documents read
 * and write it: {@link InstantText#parse}/{@link InstantText#format} against {@link
 * Instant#parse}/{@link Instant#toString}, over 1,024 instants of the years 2025–2027 at second and
 * millisecond precision (as the demo's clock makes them), one operation per instant.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InstantTextBenchmark {
  private static final int N = 1_024;

  private final Instant[] instants = new Instant[N];
  private final String[] texts = new String[N];

  /** Makes the instants and their texts from a fixed seed. */
  @Setup
  public void build() {
    SplittableRandom random = new SplittableRandom(20261205L);
    long from = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2027-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < N; i++) {
      instants[i] =
          Instant.ofEpochSecond(
              random.nextLong(from, to), i % 2 == 0 ? 0 : random.nextInt(1_000) * 1_000_000);
      texts[i] = instants[i].toString();
    }
  }

  /**
   * {@link Instant#parse} of each text.
   *
   * @param bh the sink
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public void parseJdk(Blackhole bh) {
    for (String t : texts) {
      bh.consume(Instant.parse(t));
    }
  }

  /**
   * {@link InstantText#parse} of each text.
   *
   * @param bh the sink
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public void parse(Blackhole bh) {
    for (String t : texts) {
      bh.consume(InstantText.parse(t));
    }
  }

  /**
   * {@link Instant#toString} of each instant.
   *
   * @param bh the sink
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public void formatJdk(Blackhole bh) {
    for (Instant i : instants) {
      bh.consume(i.toString());
    }
  }

  /**
   * {@link InstantText#format} of each instant.
   *
   * @param bh the sink
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public void format(Blackhole bh) {
    for (Instant i : instants) {
      bh.consume(InstantText.format(i));
    }
  }
}
