package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.Redeem;
import dev.care.core.ledger.Transaction;
import dev.care.core.ledger.Transfer;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.UnitOfWork;
import dev.care.storage.dispatch.DispatchPolicy;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.ledger.DurableLedger;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two application instances — two {@link PostgresStorage}s, each with its own HikariCP pool — on
 * one database: writers race on both while dispatchers on both deliver, then the end state is
 * checked against the ledger invariants and every message must have been sent exactly once.
 */
class MultiInstanceIT {
  private static final PostingContext CTX = PostingContext.of("multi-instance", "test");
  private static final int CUSTOMERS = 6;
  private static final int WRITERS_PER_INSTANCE = 2;
  private static final int OPERATIONS = 150;

  private final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));
  private HikariDataSource poolA;
  private HikariDataSource poolB;
  private PostgresStorage a;
  private PostgresStorage b;

  @BeforeEach
  void twoInstances() {
    String schema = TestDatabase.freshSchema();
    poolA = TestDatabase.newPool("instance-a", 6);
    poolB = TestDatabase.newPool("instance-b", 6);
    a = PostgresStorage.builder(poolA).schema(schema).build();
    b = PostgresStorage.builder(poolB).schema(schema).build();
  }

  @AfterEach
  void close() {
    poolA.close();
    poolB.close();
  }

  private DurableLedger ledger(PostgresStorage s) {
    return new DurableLedger(s, PointsPolicy.defaults(), WalletPolicy.defaults(), clock);
  }

  private static Outcome operation(
      DurableLedger l,
      int kind,
      IdempotencyKey k,
      CustomerId c,
      List<CustomerId> customers,
      int amount) {
    return switch (kind) {
      case 0 -> l.execute(Earn.of(k, c, amount, CTX));
      case 1 -> l.execute(new Redeem(k, c, amount, CTX));
      default ->
          l.execute(
              new Transfer(
                  k, c, customers.get((customers.indexOf(c) + 1) % customers.size()), amount, CTX));
    };
  }

  @Test
  @DisplayName(
      "racing writers and dispatchers on two pools: invariants hold, no message sent twice")
  void racing_writers_and_dispatchers() throws Exception {
    List<CustomerId> customers = new ArrayList<>();
    try (UnitOfWork u = a.begin()) {
      for (int i = 0; i < CUSTOMERS; i++) {
        CustomerId id = CustomerId.of("mi-" + i);
        customers.add(id);
        u.putCustomer(
            Customer.register(
                id,
                Profile.named("Customer " + i)
                    .withEmail("c" + i + "@example.org")
                    .withPreferredChannel(Channel.EMAIL)
                    .withConsent(Consent.optedIn(Channel.EMAIL))
                    .withQuietHours(Optional.empty()),
                clock.instant()),
            0);
      }
      u.commit();
    }

    Map<String, Integer> sends = new ConcurrentHashMap<>();
    MessageChannel email =
        new MessageChannel() {
          @Override
          public Channel channel() {
            return Channel.EMAIL;
          }

          @Override
          public void send(OutboxMessage message) {
            sends.merge(message.id(), 1, Integer::sum);
          }
        };
    List<OutboxDispatcher> dispatchers = new ArrayList<>();
    for (PostgresStorage s : List.of(a, b, a, b)) {
      dispatchers.add(
          new OutboxDispatcher(
              s,
              List.of(email),
              event -> sends.merge(event.id(), 1, Integer::sum),
              DispatchPolicy.defaults(),
              clock));
    }

    DurableLedger[] ledgers = {ledger(a), ledger(b)};
    int writers = 2 * WRITERS_PER_INSTANCE;
    ExecutorService pool = Executors.newFixedThreadPool(writers + dispatchers.size());
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    Set<IdempotencyKey> gaveUp = ConcurrentHashMap.newKeySet();
    List<Future<long[]>> writes = new ArrayList<>();
    for (int t = 0; t < writers; t++) {
      int thread = t;
      writes.add(
          pool.submit(
              () -> {
                Random r = new Random(20261123L + thread);
                DurableLedger l = ledgers[thread % 2];
                long earned = 0;
                long redeemed = 0;
                start.await();
                for (int i = 0; i < OPERATIONS; i++) {
                  CustomerId c = customers.get(r.nextInt(customers.size()));
                  IdempotencyKey k = IdempotencyKey.of("mi-" + thread + "-" + i);
                  int amount = 1 + r.nextInt(20);
                  Outcome o;
                  try {
                    o = operation(l, r.nextInt(3), k, c, customers, amount);
                  } catch (ConcurrencyConflictException conflict) {
                    // six customers, four writers: a command can meet a conflict on each of the
                    // ledger's bounded attempts; then nothing of it was written
                    gaveUp.add(k);
                    continue;
                  }
                  if (o instanceof Outcome.Posted p) {
                    switch (p.posting().kind()) {
                      case EARN -> earned += amount;
                      case REDEEM -> redeemed += amount;
                      default -> {}
                    }
                  }
                }
                return new long[] {earned, redeemed};
              }));
    }
    List<Future<Integer>> dispatching = new ArrayList<>();
    for (OutboxDispatcher d : dispatchers) {
      dispatching.add(
          pool.submit(
              () -> {
                start.await();
                int delivered = 0;
                while (writing.get()) {
                  int n = d.runOnce().delivered();
                  delivered += n;
                  if (n == 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
                  }
                }
                return delivered;
              }));
    }
    start.countDown();
    long earned = 0;
    long redeemed = 0;
    for (Future<long[]> f : writes) {
      long[] v = f.get(5, TimeUnit.MINUTES);
      earned += v[0];
      redeemed += v[1];
    }
    writing.set(false);
    int delivered = 0;
    for (Future<Integer> f : dispatching) {
      delivered += f.get(5, TimeUnit.MINUTES);
    }
    delivered += dispatchers.get(0).runOnce().delivered();
    pool.shutdown();

    // the ledger, replayed from each customer's journal (L30): nothing lost, nothing spent
    // twice, every posting balanced (L2)
    Map<CustomerId, List<Transaction>> journals = new LinkedHashMap<>();
    for (CustomerId c : customers) {
      journals.put(c, b.journal(c, 0, 10_000));
    }
    Ledger view =
        Ledger.ofJournals(PointsPolicy.defaults(), WalletPolicy.defaults(), clock, journals);
    long held = 0;
    for (CustomerId c : customers) {
      assertThat(view.points(c).posted()).as("no double spend on %s", c).isNotNegative();
      held += view.points(c).posted();
    }
    assertThat(held).as("balances = earned - redeemed").isEqualTo(earned - redeemed);
    BigInteger sum = BigInteger.ZERO;
    for (long v : view.balances().values()) {
      sum = sum.add(BigInteger.valueOf(v));
    }
    assertThat(sum).as("L2").isEqualTo(BigInteger.ZERO);

    // each journal: the customer's own transactions at their positions, one per key, each with
    // its event (L15); a transfer received is the sender's transaction, unchanged; the care
    // state counts the journal
    for (CustomerId c : customers) {
      List<Transaction> journal = journals.get(c);
      for (int i = 0; i < journal.size(); i++) {
        Transaction tx = journal.get(i);
        if (tx.customer().equals(c)) {
          assertThat(tx.sequence()).isEqualTo(i + 1);
          assertThat(a.message("tx/" + c.value() + "/" + (i + 1))).isPresent();
          Optional<Transaction> byKey = a.transactionFor(tx.command().orElseThrow().key());
          assertThat(byKey).contains(tx);
        } else {
          assertThat(journals.get(tx.customer())).contains(tx);
        }
      }
      assertThat(a.careState(c))
          .hasValueSatisfying(v -> assertThat(v.value().journalLength()).isEqualTo(journal.size()));
    }

    // a command given up after its attempts left nothing behind
    for (IdempotencyKey k : gaveUp) {
      assertThat(a.transactionFor(k)).as("given up: %s", k).isEmpty();
    }

    // the outbox: everything delivered, each message sent exactly once
    List<OutboxMessage> all = new ArrayList<>();
    for (DeliveryStatus s : DeliveryStatus.values()) {
      all.addAll(a.messages(s));
    }
    assertThat(a.messages(DeliveryStatus.PENDING)).isEmpty();
    assertThat(a.messages(DeliveryStatus.FAILED)).isEmpty();
    assertThat(delivered).isEqualTo(all.size());
    assertThat(sends).hasSize(all.size());
    assertThat(sends.values()).as("sends per message").containsOnly(1);
  }
}
