package dev.care.benchmarks;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.Profile;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.AdvanceReport;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.CareStorage;
import dev.care.storage.jdbc.PostgresStorage;
import dev.care.storage.memory.InMemoryStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.MonthDay;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nightly run at scale (a timed scale run, not JMH: a night happens once): fills an embedded
 * PostgreSQL with {@code --customers} members (half with a birthday; {@code --purchases} purchases
 * each at random instants over a year, made by the engine in memory, advanced to the end of that
 * year and copied in), picks the night at which {@code --due} percent of them have something due
 * (the quantile of their next due instants), and then:
 *
 * <ol>
 *   <li>records purchases from one thread for twice {@code --seconds} (warm-up), then for {@code
 *       --seconds} without a run (the till's rate);
 *   <li>runs {@code advanceTo(night)} with {@code --parallelism} threads while the same thread
 *       keeps recording purchases, and reports the run's time, the cost per due customer and the
 *       till's rate meanwhile.
 * </ol>
 *
 * With {@code --data DIR} the database lives in DIR and a second invocation reuses it (only the
 * measurement runs, on a copy of the schema's state as filled: the run moves customers' due
 * instants, so each measurement restores them first).
 *
 * <pre>
 * java -Xmx6g -cp benchmarks/target/benchmarks.jar dev.care.benchmarks.NightlyRunBenchmark \
 *     --customers 1000000 --purchases 2 --due 2 --parallelism 2 --data /tmp/nightly-pg
 * </pre>
 */
public final class NightlyRunBenchmark {
  private NightlyRunBenchmark() {}

  /** How many members the till buys for. */
  static final int TILL_MEMBERS = 1_000;

  /** Where the filled population's year ends: every member is advanced to here. */
  static final Instant SETTLED = Population.START.plus(Duration.ofDays(366));

  /**
   * Runs the benchmark.
   *
   * @param args {@code --customers N --purchases N --due PERCENT --parallelism N --seconds N --data
   *     DIR}
   * @throws Exception if PostgreSQL fails
   */
  public static void main(String[] args) throws Exception {
    int customers = 1_000_000;
    int purchases = 2;
    double duePercent = 2;
    int parallelism = 2;
    int seconds = 20;
    double rate = 0;
    Optional<Path> data = Optional.empty();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--customers" -> customers = Integer.parseInt(args[i + 1]);
        case "--purchases" -> purchases = Integer.parseInt(args[i + 1]);
        case "--due" -> duePercent = Double.parseDouble(args[i + 1]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--rate" -> rate = Double.parseDouble(args[i + 1]);
        case "--data" -> data = Optional.of(Path.of(args[i + 1]));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    EmbeddedPostgres.Builder pg = EmbeddedPostgres.builder();
    if (data.isPresent()) {
      Files.createDirectories(data.get());
      pg.setDataDirectory(data.get()).setCleanDataDirectory(false);
    }
    pg.setServerConfig("max_connections", "50");
    try (EmbeddedPostgres postgres = pg.start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      try (PostgresStorage store =
          PostgresStorage.builder(url, "postgres", "postgres").schema("nightly").build()) {
        if (store.customerIds(Optional.empty(), 1).isEmpty()) {
          long t0 = System.nanoTime();
          int each = purchases;
          Population.fill(store, customers, (from, to) -> make(from, to, each, 20261204L + from));
          System.out.printf(
              Locale.ROOT,
              "filled %,d customers x %d purchases in %.0f s%n",
              customers,
              purchases,
              (System.nanoTime() - t0) / 1e9);
          try (var c = postgres.getPostgresDatabase().getConnection();
              var s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS nightly.filled_due");
            s.execute(
                "CREATE TABLE nightly.filled_due AS SELECT customer_id, next_due, version,"
                    + " advanced_until FROM nightly.care_state");
            s.execute("VACUUM ANALYZE");
          }
        } else {
          try (var c = postgres.getPostgresDatabase().getConnection();
              var s = c.createStatement()) {
            // back to the state as filled: due instants, watermarks, no leases
            s.execute(
                "UPDATE nightly.care_state s SET next_due = f.next_due, advanced_until ="
                    + " f.advanced_until, due_lease_until = NULL FROM nightly.filled_due f"
                    + " WHERE s.customer_id = f.customer_id AND (s.next_due IS DISTINCT FROM"
                    + " f.next_due OR s.advanced_until <> f.advanced_until)");
            s.execute("VACUUM ANALYZE nightly.care_state");
          }
        }
        int total = count(store);
        Instant night = quantile(postgres, duePercent / 100);
        int due = dueCount(store, night);
        System.out.printf(
            Locale.ROOT,
            "%,d customers; the night %s has %,d due (%.2f %%)%n",
            total,
            night,
            due,
            100.0 * due / total);
        ManualClock clock = ManualClock.at(night);
        CareEngine till =
            CareEngine.builder().program(Population.program()).storage(store).clock(clock).build();
        // warm-up: the till's commands run the same decision and storage code as the night's units
        tillRate(till, clock, total, Duration.ofSeconds(2L * seconds), () -> {});
        double alone = tillRate(till, clock, total, Duration.ofSeconds(seconds), () -> {});
        System.out.printf(Locale.ROOT, "till alone: %.0f purchases/s%n", alone);
        CareEngine.Builder nightlyBuilder =
            CareEngine.builder()
                .program(Population.program())
                .storage(store)
                .clock(clock)
                .nightlyParallelism(parallelism);
        if (rate > 0) {
          nightlyBuilder.nightlyRate(rate);
        }
        CareEngine nightly = nightlyBuilder.build();
        AdvanceReport[] report = new AdvanceReport[1];
        long[] runNanos = new long[1];
        double during =
            tillRate(
                till,
                clock,
                total,
                Duration.ZERO,
                () -> {
                  long start = System.nanoTime();
                  report[0] = nightly.advanceTo(night);
                  runNanos[0] = System.nanoTime() - start;
                });
        double runSeconds = runNanos[0] / 1e9;
        System.out.printf(
            Locale.ROOT,
            "run: %,d customers advanced in %.1f s (%.2f ms a customer, parallelism %d, rate %s),"
                + " %d failed; stage changes %d, tier changes %d, care actions %d, tasks %d%n",
            report[0].customers(),
            runSeconds,
            runSeconds * 1000 / Math.max(1, report[0].customers()),
            parallelism,
            rate > 0 ? String.format(Locale.ROOT, "%.0f/s", rate) : "unlimited",
            report[0].failures().size(),
            report[0].stageChanges(),
            report[0].tierChanges(),
            report[0].careActions(),
            report[0].careTasks());
        report[0].failures().stream().limit(3).forEach(f -> System.out.println("  failed: " + f));
        System.out.printf(
            Locale.ROOT,
            "till during the run: %.0f purchases/s (%.0f %% of alone)%n",
            during,
            100 * during / alone);
      }
    }
  }

  /**
   * Records purchases from one thread on random members, either for {@code length} or while {@code
   * meanwhile} runs on another thread; returns purchases per second.
   */
  private static double tillRate(
      CareEngine till, java.time.Clock clock, int customers, Duration length, Runnable meanwhile)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    SplittableRandom random = new SplittableRandom(System.nanoTime());
    String run = Long.toString(System.nanoTime(), 36);
    Thread t =
        new Thread(
            () -> {
              while (!stop.get()) {
                // the till's members: a fixed thousand, so its purchases add few due customers
                int i = random.nextInt(Math.min(customers, TILL_MEMBERS));
                till.recordPurchase(
                    Purchase.of(
                        "T-" + run + "-" + done.get(),
                        Population.id(i),
                        clock.instant(),
                        Money.ofMinor("EUR", 2_500)));
                done.incrementAndGet();
              }
            });
    long start = System.nanoTime();
    t.start();
    if (length.isZero()) {
      meanwhile.run();
    } else {
      Thread.sleep(length.toMillis());
    }
    stop.set(true);
    t.join();
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static int count(CareStorage store) {
    int n = 0;
    Optional<CustomerId> after = Optional.empty();
    while (true) {
      List<CustomerId> page = store.customerIds(after, 10_000);
      n += page.size();
      if (page.size() < 10_000) {
        return n;
      }
      after = Optional.of(page.get(page.size() - 1));
    }
  }

  private static int dueCount(CareStorage store, Instant at) {
    int n = 0;
    Optional<CustomerId> after = Optional.empty();
    while (true) {
      List<CustomerId> page = store.dueCustomers(at, after, 10_000);
      n += page.size();
      if (page.size() < 10_000) {
        return n;
      }
      after = Optional.of(page.get(page.size() - 1));
    }
  }

  /** The instant by which a fraction of the members are due. */
  private static Instant quantile(EmbeddedPostgres postgres, double fraction) throws Exception {
    try (var c = postgres.getPostgresDatabase().getConnection();
        var s =
            c.prepareStatement(
                "SELECT percentile_disc(?) WITHIN GROUP (ORDER BY next_due)"
                    + " FROM nightly.care_state")) {
      s.setDouble(1, fraction);
      try (var rs = s.executeQuery()) {
        rs.next();
        java.math.BigDecimal v = rs.getBigDecimal(1);
        long secs = v.longValue();
        int nanos = v.subtract(java.math.BigDecimal.valueOf(secs)).movePointRight(9).intValue();
        return Instant.ofEpochSecond(secs, nanos);
      }
    }
  }

  /**
   * Makes members {@code from..to-1} on a fresh in-memory store: registered at the start, half with
   * a birthday, {@code purchases} purchases each at random instants over the year, then advanced to
   * {@link #SETTLED} so each one's next due instant lies ahead.
   */
  static InMemoryStorage make(int from, int to, int purchases, long seed) {
    InMemoryStorage memory = new InMemoryStorage();
    ManualClock clock = ManualClock.at(Population.START);
    CareEngine engine =
        CareEngine.builder()
            .program(Population.program())
            .storage(memory)
            .clock(clock)
            .cachedCustomers(0)
            .build();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = from; i < to; i++) {
      Customer c =
          Customer.register(
              Population.id(i),
              Profile.named("Member " + i)
                  .withEmail("m" + i + "@example.com")
                  .withConsent(Consent.optedIn(Channel.EMAIL)),
              Population.START);
      if (random.nextBoolean()) {
        c =
            c.withBirthday(
                ImportantDate.birthday(
                    MonthDay.of(1 + random.nextInt(12), 1 + random.nextInt(28))));
      }
      engine.register(c);
    }
    // each member's purchases at random instants, in time order per member
    Instant[][] times = new Instant[to - from][purchases];
    for (int i = 0; i < to - from; i++) {
      long[] secs = new long[purchases];
      for (int p = 0; p < purchases; p++) {
        secs[p] = 60 + random.nextLong(365L * 86_400 - 120);
      }
      Arrays.sort(secs);
      for (int p = 0; p < purchases; p++) {
        times[i][p] = Population.START.plusSeconds(secs[p]);
      }
    }
    for (int p = 0; p < purchases; p++) {
      for (int i = from; i < to; i++) {
        Instant at = times[i - from][p];
        clock.set(at);
        engine.recordPurchase(
            Purchase.of(
                "O-" + i + "-" + p,
                Population.id(i),
                at,
                Money.ofMinor("EUR", 1_000 + random.nextInt(20_000))));
      }
    }
    clock.set(SETTLED);
    AdvanceReport settled = engine.advanceAll(SETTLED);
    if (!settled.failures().isEmpty()) {
      throw new IllegalStateException("settling failed: " + settled.failures().get(0));
    }
    return memory;
  }
}
