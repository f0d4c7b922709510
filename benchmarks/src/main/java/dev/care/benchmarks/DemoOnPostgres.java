package dev.care.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The demo on PostgreSQL, timed (issue 22: the default demo on PostgreSQL in under 2 minutes):
 * starts an embedded PostgreSQL, runs {@code java -jar care-examples.jar demo --jdbc-url ...}
 * against it in a child JVM — exactly the command a user runs — and prints the demo's summary
 * (whose timing line has the wall time by phase: events, dispatcher, nightly runs, staff, month
 * ends), then the child's wall time, the child JVM's CPU time and the embedded server's CPU time.
 *
 * <pre>
 * mvn -B -ntp -q package -pl care-examples,benchmarks -am -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.care.benchmarks.DemoOnPostgres \
 *     [--members 5000] [--months 12] [--seed 42] [--jar care-examples/target/care-examples.jar] \
 *     [--jfr FILE.jfr] [--runs 1] [--statements N] [--threads N]
 * </pre>
 *
 * <p>{@code --jfr} records the child with JFR's profile settings (read it with {@code jfr print
 * --events jdk.ExecutionSample} or {@code jdk.SocketRead} for database waits); {@code --statements
 * N} loads {@code pg_stat_statements} and prints the N statements that took the server longest.
 * Each run uses a fresh schema of the same server. {@code --threads N} is passed on to the demo
 * (how many threads apply its events; the demo's default when not given). The server's CPU is that
 * of every embedded PostgreSQL on the machine: another session's run inflates it.
 */
public final class DemoOnPostgres {
  private DemoOnPostgres() {}

  /**
   * Runs the demo on an embedded PostgreSQL and reports its times.
   *
   * @param args see the class comment
   * @throws Exception if PostgreSQL or the child JVM fails
   */
  public static void main(String[] args) throws Exception {
    String members = "5000";
    String months = "12";
    String seed = "42";
    Path jar = Path.of("care-examples/target/care-examples.jar");
    Optional<Path> jfr = Optional.empty();
    int runs = 1;
    int statements = 0;
    Optional<String> threads = Optional.empty();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--members" -> members = args[i + 1];
        case "--months" -> months = args[i + 1];
        case "--seed" -> seed = args[i + 1];
        case "--jar" -> jar = Path.of(args[i + 1]);
        case "--jfr" -> jfr = Optional.of(Path.of(args[i + 1]));
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--statements" -> statements = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Optional.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "no demo jar at " + jar.toAbsolutePath() + " (build it, or pass --jar)");
    }
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (statements > 0) {
      ServerStatements.track(builder);
    }
    try (EmbeddedPostgres postgres = builder.start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      for (int run = 1; run <= runs; run++) {
        List<String> command = new ArrayList<>(List.of(javaBin));
        jfr.ifPresent(
            f ->
                command.add(
                    "-XX:StartFlightRecording=filename="
                        + f
                        + ",settings=profile,dumponexit=true"));
        command.addAll(
            List.of(
                "-jar",
                jar.toString(),
                "demo",
                "--members",
                members,
                "--months",
                months,
                "--seed",
                seed,
                "--jdbc-url",
                url,
                "--jdbc-schema",
                "demo_run_" + run + "_" + ProcessHandle.current().pid()));
        // passed on only when given: a demo jar from before the option refuses it
        threads.ifPresent(n -> command.addAll(List.of("--threads", n)));
        if (statements > 0) {
          ServerStatements.reset(postgres);
        }
        long transactionsBefore = transactions(postgres);
        CpuSampler server = new CpuSampler(DemoOnPostgres::isServer);
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command).start();
        CpuSampler demo = new CpuSampler(p -> p.pid() == child.pid());
        Thread sampling =
            new Thread(
                () -> {
                  while (child.isAlive()) {
                    server.sample();
                    demo.sample();
                    try {
                      Thread.sleep(250);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
        sampling.setDaemon(true);
        sampling.start();
        // the child's progress bar goes to its standard error, which is not a console here: drop it
        Thread errors =
            new Thread(
                () -> {
                  try {
                    child.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
                  } catch (IOException e) {
                    // the child ended
                  }
                });
        errors.setDaemon(true);
        errors.start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            out.add(line);
          }
        }
        if (!child.waitFor(1, TimeUnit.HOURS)) {
          child.destroy();
          throw new IllegalStateException("the demo did not end within an hour");
        }
        double wall = (System.nanoTime() - start) / 1e9;
        sampling.join();
        long transactions = transactions(postgres) - transactionsBefore;
        out.forEach(System.out::println);
        System.out.printf(
            Locale.ROOT,
            "run %d: exit %d, wall %.1f s, demo JVM CPU %.1f s, PostgreSQL CPU %.1f s,"
                + " %,d database transactions (members %s, months %s)%n",
            run,
            child.exitValue(),
            wall,
            demo.total().toMillis() / 1e3,
            server.total().toMillis() / 1e3,
            transactions,
            members,
            months);
        if (statements > 0) {
          ServerStatements.print(postgres, statements);
        }
      }
    }
  }

  /**
   * Transactions the server committed or rolled back so far in all databases (each statement
   * outside a transaction is one): a count of round trips that the machine's load does not skew.
   */
  private static long transactions(EmbeddedPostgres postgres) throws java.sql.SQLException {
    // the statistics collector reports with a delay of up to half a second
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery(
                "SELECT sum(xact_commit + xact_rollback)::bigint FROM pg_stat_database")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean isServer(ProcessHandle p) {
    return p.info().command().map(c -> c.contains("embedded-pg")).orElse(false);
  }

  /**
   * CPU time of a set of processes, sampled while they run: the largest reading of each process
   * (one that ends between two samples loses at most a sample interval, so a lower bound).
   */
  private static final class CpuSampler {
    private final java.util.function.Predicate<ProcessHandle> which;
    private final java.util.Map<Long, Duration> readings =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Long, Duration> before = new java.util.HashMap<>();

    CpuSampler(java.util.function.Predicate<ProcessHandle> which) {
      this.which = which;
      ProcessHandle.allProcesses()
          .filter(which)
          .forEach(p -> before.put(p.pid(), p.info().totalCpuDuration().orElse(Duration.ZERO)));
    }

    void sample() {
      ProcessHandle.allProcesses()
          .filter(which)
          .forEach(
              p ->
                  p.info()
                      .totalCpuDuration()
                      .ifPresent(
                          d -> readings.merge(p.pid(), d, (x, y) -> x.compareTo(y) >= 0 ? x : y)));
    }

    Duration total() {
      Duration sum = Duration.ZERO;
      for (var e : readings.entrySet()) {
        sum = sum.plus(e.getValue()).minus(before.getOrDefault(e.getKey(), Duration.ZERO));
      }
      return sum;
    }
  }
}
