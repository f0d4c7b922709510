package dev.care.benchmarks;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.PurchaseOutcome;
import dev.care.storage.CareStorage;
import dev.care.storage.jdbc.PostgresStorage;
import dev.care.storage.memory.InMemoryStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code recordPurchase} per second through {@link CareEngine} — the whole command: the customer's
 * file, care state and journal read, points earned by the program's rules, the e-bill planned, the
 * tier reviewed and the segment projection written, one unit of work — on PostgreSQL (embedded,
 * started by the benchmark) or in memory, with 1 and 4 client threads, on 1 or 2 engine instances
 * (each its own connection pool, as two application instances would have) sharing one store. 10,000
 * members with ten purchases of history each, made by the engine and copied in before the trial.
 * Client threads drive disjoint customers, so no two commands meet on one customer: the number of
 * conflicts, printed at the end of the trial, must be 0. Target on 2 cores: at least 2,000
 * purchases/s with 4 threads on one instance, and two instances at least as fast as one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 4, time = 10)
public class EngineBenchmark {
  /** Which adapter: {@code postgres} or {@code memory}. */
  @Param({"postgres"})
  public String storage;

  /** Engine instances sharing the store: 1 or 2. */
  @Param({"1", "2"})
  public int instances;

  /** Members in the store. */
  @Param({"10000"})
  public int customers;

  /** Purchases of history per member. */
  @Param({"10"})
  public int history;

  /**
   * With {@code -Dstatements=N} (JMH: {@code -jvmArgsAppend -Dstatements=N}), the trial ends by
   * printing the N statements the server spent most time on after the set-up.
   */
  private static final int STATEMENTS = Integer.getInteger("statements", 0);

  private EmbeddedPostgres postgres;
  private final List<CareStorage> stores = new ArrayList<>();
  private final List<CareEngine> engines = new ArrayList<>();
  private List<CustomerId> ids;
  private final AtomicInteger threads = new AtomicInteger();

  /**
   * Starts PostgreSQL if asked, fills the store and builds the engines.
   *
   * @throws IOException if PostgreSQL cannot start
   */
  @Setup(Level.Trial)
  public void start() throws IOException, java.sql.SQLException {
    ids = Population.ids(customers);
    Clock clock = Clock.fixed(Population.START.plus(Duration.ofDays(366)), ZoneOffset.UTC);
    if (storage.equals("postgres")) {
      postgres =
          (STATEMENTS > 0
                  ? ServerStatements.track(EmbeddedPostgres.builder())
                  : EmbeddedPostgres.builder())
              .start();
      for (int i = 0; i < instances; i++) {
        stores.add(
            PostgresStorage.builder(
                    postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")
                .schema("bench")
                .maximumPoolSize(8)
                .build());
      }
    } else if (storage.equals("memory")) {
      InMemoryStorage shared = new InMemoryStorage();
      for (int i = 0; i < instances; i++) {
        stores.add(shared);
      }
    } else {
      throw new IllegalArgumentException("storage must be postgres or memory, got " + storage);
    }
    Population.fill(stores.get(0), customers, history, 20261204L);
    for (CareStorage s : stores) {
      engines.add(
          CareEngine.builder().program(Population.program()).storage(s).clock(clock).build());
    }
    if (STATEMENTS > 0 && postgres != null) {
      ServerStatements.reset(postgres);
    }
  }

  /** Prints the conflicts met (disjoint customers: must be 0) and stops PostgreSQL. */
  @TearDown(Level.Trial)
  public void stop() throws Exception {
    long conflicts = 0;
    for (CareEngine e : engines) {
      conflicts += e.ledger().conflicts();
    }
    System.out.println("conflicts met by the engines: " + conflicts);
    if (STATEMENTS > 0 && postgres != null) {
      ServerStatements.print(postgres, STATEMENTS);
    }
    for (CareStorage s : stores) {
      if (s instanceof AutoCloseable c) {
        c.close();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /** One client thread: its engine, its own customers (disjoint from other threads') and orders. */
  @State(Scope.Thread)
  public static class Client {
    private int thread;
    private int stride;
    private long next;
    private CareEngine engine;

    /**
     * Takes a thread number, an engine and a share of the customers.
     *
     * @param bench the benchmark state
     */
    @Setup(Level.Trial)
    public void join(EngineBenchmark bench) {
      thread = bench.threads.getAndIncrement();
      stride = 4;
      engine = bench.engines.get(thread % bench.instances);
    }
  }

  private PurchaseOutcome purchase(Client client) {
    long n = client.next++;
    int slots = customers / client.stride;
    CustomerId customer = ids.get((int) ((n * 7919 % slots) * client.stride + client.thread % 4));
    return client.engine.recordPurchase(
        Purchase.of(
            "B-" + client.thread + "-" + n,
            customer,
            Population.START.plus(Duration.ofDays(366)),
            Money.ofMinor("EUR", 4_500)));
  }

  /**
   * One client thread recording purchases.
   *
   * @param client the thread's state
   * @return the outcome (consumed by JMH)
   */
  @Benchmark
  @Threads(1)
  public PurchaseOutcome purchases1Thread(Client client) {
    return purchase(client);
  }

  /**
   * Four client threads recording purchases at once.
   *
   * @param client the thread's state
   * @return the outcome (consumed by JMH)
   */
  @Benchmark
  @Threads(4)
  public PurchaseOutcome purchases4Threads(Client client) {
    return purchase(client);
  }
}
