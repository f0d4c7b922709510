package dev.care.benchmarks;

import dev.care.rules.analytics.BgNbdModel;
import dev.care.rules.analytics.GammaGammaModel;
import dev.care.rules.analytics.PeriodUnit;
import dev.care.rules.analytics.Simulation;
import dev.care.rules.analytics.Transaction;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A timed scale run of the whole {@code analyze} command (not JMH: the unit measured is one
 * process, start-up, CSV read, summaries, both fits and the JSON, as a user runs it).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.care.benchmarks.AnalyzeBenchmark
 * CUSTOMERS CSV JAR[,JAR...] [RUNS]} writes {@code CSV} (unless it exists) with {@code CUSTOMERS}
 * customers drawn by the library's own {@link Simulation} from the CDNOW parameters (r = 0.243, α =
 * 4.414, a = 0.793, b = 2.426 in weeks; Gamma-Gamma p = 6.25, q = 3.74, γ = 15.44 EUR; first
 * purchases over 84 days ({@code -DcohortDays}), 830 days of observation ({@code
 * -DobservationDays}): about 3.3 rows per customer; seed 20261123), then runs {@code java -jar JAR
 * analyze CSV --out ... --customers-out ...} {@code RUNS} times (default 3) per jar — several jars
 * (say before and after a change) take turns, so a changing machine load hits them alike — and
 * prints each wall-clock time with the system load average, then the minimum and median per jar.
 */
public final class AnalyzeBenchmark {
  /** Days from the earliest first purchase to the calibration end. */
  static final int OBSERVATION_DAYS = Integer.getInteger("observationDays", 830);

  /** Days over which first purchases are spread. */
  static final int COHORT_DAYS = Integer.getInteger("cohortDays", 84);

  private AnalyzeBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args customers, CSV path, care-examples jars (comma-separated), optional run count
   * @throws Exception when the data cannot be written or the command fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: AnalyzeBenchmark CUSTOMERS CSV CARE_EXAMPLES_JAR[,JAR...] [RUNS]");
      System.exit(2);
    }
    int customers = Integer.parseInt(args[0]);
    Path csv = Path.of(args[1]);
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    if (!Files.exists(csv)) {
      long t0 = System.nanoTime();
      long rows = write(customers, csv);
      System.out.printf(
          Locale.ROOT,
          "wrote %,d rows for %,d customers to %s in %.1f s%n",
          rows,
          customers,
          csv,
          (System.nanoTime() - t0) / 1e9);
    }
    Path scores = Files.createTempFile("analyze-customers", ".csv");
    Path json = Files.createTempFile("analyze", ".json");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jars = List.of(args[2].split(","));
    List<List<Double>> times = new ArrayList<>();
    jars.forEach(j -> times.add(new ArrayList<>()));
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (int i = 1; i <= runs; i++) {
      for (int k = 0; k < jars.size(); k++) {
        List<String> command =
            new ArrayList<>(
                List.of(
                    javaBin,
                    "-jar",
                    jars.get(k),
                    "analyze",
                    csv.toString(),
                    "--out",
                    json.toString(),
                    "--customers-out",
                    scores.toString()));
        double load = os.getSystemLoadAverage();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).inheritIO().start();
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        times.get(k).add(seconds);
        System.out.printf(
            Locale.ROOT,
            "%s run %d: exit %d, %.2f s (load average %.2f before, %.2f after)%n",
            jars.get(k),
            i,
            code,
            seconds,
            load,
            os.getSystemLoadAverage());
      }
    }
    for (int k = 0; k < jars.size(); k++) {
      List<Double> t = new ArrayList<>(times.get(k));
      if (t.isEmpty()) {
        continue;
      }
      t.sort(null);
      double median =
          t.size() % 2 == 1
              ? t.get(t.size() / 2)
              : (t.get(t.size() / 2 - 1) + t.get(t.size() / 2)) / 2;
      System.out.printf(
          Locale.ROOT,
          "%s: %d runs, min %.2f s, median %.2f s, max %.2f s%n",
          jars.get(k),
          t.size(),
          t.get(0),
          median,
          t.get(t.size() - 1));
    }
    Files.deleteIfExists(scores);
    Files.deleteIfExists(json);
  }

  private static long write(int customers, Path csv) throws IOException {
    LocalDate end = LocalDate.of(1997, 9, 30);
    List<Transaction> transactions =
        Simulation.transactions(
            new BgNbdModel(0.243, 4.414, 0.793, 2.426),
            new GammaGammaModel(6.25, 3.74, 1544),
            customers,
            end,
            OBSERVATION_DAYS,
            COHORT_DAYS,
            PeriodUnit.WEEKS,
            20261123L);
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write("customer_id,date,amount\n");
      for (Transaction t : transactions) {
        w.write(t.customerId().value());
        w.write(',');
        w.write(t.date().toString());
        w.write(',');
        w.write(BigDecimal.valueOf(t.amountMinor(), 2).toPlainString());
        w.write('\n');
      }
    }
    return transactions.size();
  }
}
