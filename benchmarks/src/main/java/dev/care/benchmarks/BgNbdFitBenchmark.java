package dev.care.benchmarks;

import dev.care.rules.analytics.BgNbdFit;
import dev.care.rules.analytics.BgNbdFitter;
import dev.care.rules.analytics.BgNbdModel;
import dev.care.rules.analytics.CustomerSummaries;
import dev.care.rules.analytics.CustomerSummary;
import dev.care.rules.analytics.GammaGammaModel;
import dev.care.rules.analytics.PeriodUnit;
import dev.care.rules.analytics.Simulation;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * BG/NBD maximum-likelihood fit, end to end from customer summaries (grouping the triples, then
 * Nelder–Mead with restarts). The population is drawn once per trial from the CDNOW parameters (r =
 * 0.243, α = 4.414, a = 0.793, b = 2.426; weeks; first purchases over 12 weeks, calibration 39
 * weeks) with a fixed seed. 2,357 is the size of the CDNOW sample. Targets: 2,357 customers ≤ 100
 * ms, 1,000,000 ≤ 5 s on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class BgNbdFitBenchmark {
  @Param({"2357", "1000000"})
  public int customers;

  private List<CustomerSummary> population;

  /** Draws the population. */
  @Setup(Level.Trial)
  public void setUp() {
    LocalDate end = LocalDate.of(1997, 9, 30);
    population =
        CustomerSummaries.of(
            Simulation.transactions(
                new BgNbdModel(0.243, 4.414, 0.793, 2.426),
                new GammaGammaModel(6.25, 3.74, 1544),
                customers,
                end,
                273,
                84,
                PeriodUnit.WEEKS,
                20261123L),
            end,
            PeriodUnit.WEEKS);
  }

  /**
   * Fits the model.
   *
   * @return the fit (consumed by JMH)
   */
  @Benchmark
  public BgNbdFit fit() {
    return BgNbdFitter.defaults().fit(population);
  }
}
