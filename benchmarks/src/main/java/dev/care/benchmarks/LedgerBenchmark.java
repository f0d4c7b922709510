package dev.care.benchmarks;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.CareStorage;
import dev.care.storage.jdbc.PostgresStorage;
import dev.care.storage.ledger.DurableLedger;
import dev.care.storage.memory.InMemoryStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Instant;
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
 * Earn postings per second through {@link DurableLedger} — each earn is one unit of work: the
 * journal transaction plus its outbox messages (event and e-bill), committed together — on the
 * in-memory adapter and on PostgreSQL (embedded, started by the benchmark; default settings of
 * zonky's embedded server), with 1 and 4 client threads sharing one application instance. {@code
 * customers} = 10,000 spreads the earns over distinct customers; 10 is the contended case. Target
 * on 2 cores: at least 2,000 earns/s on PostgreSQL with 4 threads, and no collapse (at least half
 * of that) with 10 customers.
 *
 * <p>Every iteration starts from an empty store (a new in-memory store, or a new schema on the same
 * PostgreSQL server) and a new ledger: the in-memory adapter keeps everything on the heap, and an
 * unbounded run would measure the garbage collector instead of the ledger.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
public class LedgerBenchmark {
  private static final PostingContext CTX = PostingContext.of("purchase", "benchmark");

  /** Which adapter: {@code memory} or {@code postgres}. */
  @Param({"memory", "postgres"})
  public String storage;

  /** How many customers the earns spread over. */
  @Param({"10000", "10"})
  public int customers;

  private EmbeddedPostgres postgres;
  private PostgresStorage jdbc;
  private DurableLedger ledger;
  private CustomerId[] ids;
  private int iteration;
  private final AtomicInteger threads = new AtomicInteger();

  /**
   * Starts PostgreSQL if asked.
   *
   * @throws IOException if PostgreSQL cannot start
   */
  @Setup(Level.Trial)
  public void start() throws IOException {
    if (storage.equals("postgres")) {
      postgres = EmbeddedPostgres.builder().start();
    } else if (!storage.equals("memory")) {
      throw new IllegalArgumentException("storage must be memory or postgres, got " + storage);
    }
    ids = new CustomerId[customers];
    for (int i = 0; i < customers; i++) {
      ids[i] = CustomerId.of("bench-" + i);
    }
  }

  /** Opens an empty store (a new schema on PostgreSQL) and a ledger on it. */
  @Setup(Level.Iteration)
  public void open() {
    CareStorage store;
    if (postgres != null) {
      jdbc =
          PostgresStorage.builder(
                  postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")
              .schema("bench_" + iteration++)
              .maximumPoolSize(8)
              .build();
      store = jdbc;
    } else {
      store = new InMemoryStorage();
    }
    ledger =
        new DurableLedger(
            store,
            PointsPolicy.defaults(),
            WalletPolicy.defaults(),
            ManualClock.at(Instant.parse("2026-11-23T09:00:00Z")));
  }

  /** Closes the iteration's pool. */
  @TearDown(Level.Iteration)
  public void closeStore() {
    if (jdbc != null) {
      jdbc.close();
      jdbc = null;
    }
  }

  /**
   * Stops PostgreSQL.
   *
   * @throws IOException if PostgreSQL does not stop cleanly
   */
  @TearDown(Level.Trial)
  public void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  /** One client thread's position: its own key space and customer cursor. */
  @State(Scope.Thread)
  public static class Client {
    private int thread;
    private long next;

    /**
     * Takes a thread number.
     *
     * @param bench the benchmark state
     */
    @Setup(Level.Trial)
    public void join(LedgerBenchmark bench) {
      thread = bench.threads.getAndIncrement();
      next = thread * 7919L;
    }
  }

  private Outcome earn(Client client) {
    long n = client.next++;
    CustomerId customer = ids[(int) ((n * 31) % customers)];
    return ledger.execute(
        Earn.of(IdempotencyKey.of("e-" + client.thread + "-" + n), customer, 10, CTX));
  }

  /**
   * One client thread earning.
   *
   * @param client the thread's state
   * @return the outcome (consumed by JMH)
   */
  @Benchmark
  @Threads(1)
  public Outcome earn1Thread(Client client) {
    return earn(client);
  }

  /**
   * Four client threads earning at once.
   *
   * @param client the thread's state
   * @return the outcome (consumed by JMH)
   */
  @Benchmark
  @Threads(4)
  public Outcome earn4Threads(Client client) {
    return earn(client);
  }
}
