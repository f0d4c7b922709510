package dev.care.benchmarks;

import dev.care.rules.engine.CareEngine;
import dev.care.storage.jdbc.PostgresStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * Engine start-up at scale (a timed scale run, not JMH: each measurement is one cold start): fills
 * an embedded PostgreSQL with {@code --customers} members having {@code --purchases} purchases each
 * (made by the engine in memory, copied in), with the demo's five segments defined, then builds a
 * {@link CareEngine} on it three times and reports the build time and the heap the engine retains
 * (used heap after a full collection with the engine reachable, minus the same before).
 *
 * <pre>
 * java -Xmx8g -cp benchmarks/target/benchmarks.jar dev.care.benchmarks.StartupScale \
 *     --customers 100000 --purchases 10
 * </pre>
 */
public final class StartupScale {
  private static final Map<String, String> SEGMENTS =
      Map.of(
          "vip", "tier in (GOLD, PLATINUM)",
          "vip-at-risk", "tier in (GOLD, PLATINUM) and recencyDays > 45",
          "slipping", "lifecycleStage in (DECLINING, LAPSED)",
          "complaint-open", "openComplaints > 0",
          "birthday-this-week", "birthdayWithin 7 days");

  private StartupScale() {}

  /**
   * Runs the scale test.
   *
   * @param args {@code --customers N --purchases N}
   * @throws Exception if PostgreSQL fails
   */
  public static void main(String[] args) throws Exception {
    int customers = 100_000;
    int purchases = 10;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--customers" -> customers = Integer.parseInt(args[i + 1]);
        case "--purchases" -> purchases = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Clock clock = Clock.fixed(Population.START.plus(Duration.ofDays(366)), ZoneOffset.UTC);
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      long t0 = System.nanoTime();
      try (PostgresStorage store =
          PostgresStorage.builder(url, "postgres", "postgres").schema("scale").build()) {
        CareEngine first =
            CareEngine.builder().program(Population.program()).storage(store).clock(clock).build();
        SEGMENTS.forEach(first::defineSegment);
        Population.fill(store, customers, purchases, 20261204L);
      }
      System.out.printf(
          Locale.ROOT,
          "filled %,d customers x %d purchases in %.0f s%n",
          customers,
          purchases,
          (System.nanoTime() - t0) / 1e9);
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      for (int run = 1; run <= 3; run++) {
        try (PostgresStorage store =
            PostgresStorage.builder(url, "postgres", "postgres").schema("scale").build()) {
          long before = usedAfterGc(memory);
          long start = System.nanoTime();
          CareEngine engine =
              CareEngine.builder()
                  .program(Population.program())
                  .storage(store)
                  .clock(clock)
                  .build();
          double seconds = (System.nanoTime() - start) / 1e9;
          long retained = usedAfterGc(memory) - before;
          System.out.printf(
              Locale.ROOT,
              "run %d: build %.2f s, retained %.1f MB (%.0f bytes a customer), vip=%d%n",
              run,
              seconds,
              retained / 1e6,
              (double) retained / customers,
              engine.segmentCount("vip"));
        }
      }
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
