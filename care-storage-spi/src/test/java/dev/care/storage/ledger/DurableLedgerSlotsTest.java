package dev.care.storage.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.Transaction;
import dev.care.core.state.CareState;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.ForwardingCareStorage;
import dev.care.storage.UnitOfWork;
import dev.care.storage.memory.InMemoryStorage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The durable ledger's per-customer cache slots: one unit at a time owns a customer's cached
 * ledger, a unit that cannot claim it builds its own, a failed unit leaves nothing of what it did,
 * an evicted slot's owner never puts older data over newer, and no slot is kept with a cache of 0.
 */
class DurableLedgerSlotsTest {
  static final CustomerId ANN = CustomerId.of("ann");
  static final long WAIT_SECONDS = 30;

  final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));
  final Counting storage = new Counting(new InMemoryStorage());
  final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Counts journal reads; can hold one thread's unit of work right after it committed. */
  static final class Counting extends ForwardingCareStorage {
    final AtomicLong journalReads = new AtomicLong();
    volatile Thread held;
    final CountDownLatch committed = new CountDownLatch(1);
    final CountDownLatch resume = new CountDownLatch(1);

    Counting(InMemoryStorage delegate) {
      super(delegate);
    }

    @Override
    public List<Transaction> journal(CustomerId customer, long afterPosition, int limit) {
      journalReads.incrementAndGet();
      return super.journal(customer, afterPosition, limit);
    }

    @Override
    public UnitOfWork begin() {
      UnitOfWork unit = super.begin();
      return (UnitOfWork)
          Proxy.newProxyInstance(
              UnitOfWork.class.getClassLoader(),
              new Class<?>[] {UnitOfWork.class},
              (proxy, method, args) -> {
                Object result;
                try {
                  result = method.invoke(unit, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
                if (method.getName().equals("commit") && Thread.currentThread() == held) {
                  held = null;
                  committed.countDown();
                  await(resume);
                }
                return result;
              });
    }
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("waited " + WAIT_SECONDS + " s in vain");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  DurableLedger ledger(int cachedCustomers) {
    return new DurableLedger(
        storage,
        PointsPolicy.defaults(),
        WalletPolicy.defaults(),
        clock,
        DurableLedger.BillDelivery.TO_CUSTOMER,
        cachedCustomers);
  }

  static Earn earn(String key, CustomerId customer, long points) {
    return Earn.of(IdempotencyKey.of(key), customer, points, PostingContext.of("purchase", "pos"));
  }

  /** The points as stored, read by an instance that has cached nothing. */
  long stored(CustomerId customer) {
    return ledger(0).points(customer).posted();
  }

  @Test
  void a_unit_on_a_customer_whose_ledger_another_unit_holds_decides_on_a_ledger_of_its_own() {
    DurableLedger ledger = ledger(100);
    ledger.execute(earn("k0", ANN, 100));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    List<Ledger> firstUnits = Collections.synchronizedList(new ArrayList<>());
    Future<?> first =
        pool.submit(
            () ->
                ledger.update(
                    List.of(ANN),
                    a -> {
                      firstUnits.add(a.ledger());
                      a.execute(earn("k1", ANN, 10));
                      if (firstUnits.size() == 1) {
                        inside.countDown();
                        await(goOn); // holds ann's ledger, with 10 points not committed
                      }
                      return null;
                    }));
    await(inside);
    // a query meanwhile answers from a ledger of its own, and leaves the first unit's slot to it
    assertThat(ledger.points(ANN).posted()).isEqualTo(100);

    List<Ledger> secondUnit = new ArrayList<>();
    List<Long> seen = new ArrayList<>();
    ledger.update(
        List.of(ANN),
        a -> {
          secondUnit.add(a.ledger());
          seen.add(a.ledger().points(ANN).posted());
          return a.execute(earn("k2", ANN, 20));
        });
    goOn.countDown();
    join(first);

    assertThat(secondUnit.get(0)).isNotSameAs(firstUnits.get(0));
    assertThat(seen).containsExactly(100L); // the stored points, not the first unit's 110
    // the first unit's commit met the second's and was decided again, on the stored 120
    assertThat(firstUnits).hasSize(2);
    assertThat(firstUnits.get(1)).isNotSameAs(firstUnits.get(0));
    assertThat(ledger.conflicts()).isEqualTo(1);
    assertThat(ledger.points(ANN).posted()).isEqualTo(130);
    assertThat(stored(ANN)).isEqualTo(130);
  }

  @Test
  void a_failed_unit_leaves_nothing_of_what_it_did_in_the_cached_ledger() {
    DurableLedger ledger = ledger(100);
    ledger.execute(earn("k0", ANN, 100));
    assertThatThrownBy(
            () ->
                ledger.update(
                    List.of(ANN),
                    a -> {
                      a.execute(earn("k1", ANN, 50));
                      throw new IllegalStateException("refused");
                    }))
        .hasMessage("refused");
    assertThat(ledger.points(ANN).posted()).isEqualTo(100);
    List<Long> seen = new ArrayList<>();
    ledger.update(
        List.of(ANN),
        a -> {
          seen.add(a.ledger().points(ANN).posted());
          return a.execute(earn("k2", ANN, 1));
        });
    assertThat(seen).containsExactly(100L);
    assertThat(stored(ANN)).isEqualTo(101);
  }

  @Test
  void
      a_unit_that_conflicts_on_a_cached_record_another_instance_changed_decides_again_on_the_stored_one() {
    DurableLedger here = ledger(100);
    DurableLedger elsewhere = ledger(100);
    here.updateRecords(List.of(ANN), a -> a.execute(earn("k0", ANN, 100)));
    elsewhere.updateRecords(
        List.of(ANN),
        a -> {
          a.putState(a.state(ANN).withAttributes(Map.of("note", "changed elsewhere")));
          return null;
        });
    List<Map<String, String>> seen = new ArrayList<>();
    here.updateRecords(
        List.of(ANN),
        a -> {
          seen.add(a.record(ANN).state().orElseThrow().value().attributes());
          return a.execute(earn("k1", ANN, 10));
        });
    // the cached record was stale: the commit conflicted, the record was forgotten, and the
    // second attempt read the stored one
    assertThat(seen).containsExactly(Map.of(), Map.of("note", "changed elsewhere"));
    assertThat(here.conflicts()).isEqualTo(1);
    // and the record cached after it is current: the next unit does not conflict
    here.updateRecords(List.of(ANN), a -> a.execute(earn("k2", ANN, 1)));
    assertThat(here.conflicts()).isEqualTo(1);
    assertThat(stored(ANN)).isEqualTo(111);
  }

  @Test
  void a_slot_evicted_while_its_unit_ran_is_not_put_back_over_a_newer_one() {
    DurableLedger ledger = ledger(100);
    ledger.updateRecords(List.of(ANN), a -> a.execute(earn("k0", ANN, 100)));
    // a unit commits (state version 2) and is held before it gives ann's slot back
    CompletableFuture<Object> held = new CompletableFuture<>();
    Future<?> first =
        pool.submit(
            () -> {
              storage.held = Thread.currentThread();
              held.complete(
                  ledger.updateRecords(List.of(ANN), a -> a.execute(earn("k1", ANN, 10))));
            });
    await(storage.committed);
    ledger.evictAllCached();
    // meanwhile another unit, not finding ann cached, commits version 3 and caches it
    ledger.updateRecords(List.of(ANN), a -> a.execute(earn("k2", ANN, 20)));
    storage.resume.countDown();
    join(first);

    // the held unit's version 2 did not replace version 3: the next unit finds ann current
    long journalReads = storage.journalReads.get();
    ledger.updateRecords(List.of(ANN), a -> a.execute(earn("k3", ANN, 5)));
    assertThat(ledger.conflicts()).isZero();
    assertThat(storage.journalReads.get()).isEqualTo(journalReads);
    assertThat(stored(ANN)).isEqualTo(135);
    assertThat(ledger.points(ANN).posted()).isEqualTo(135);
  }

  @Test
  void a_slot_evicted_while_its_unit_ran_is_put_back_when_nothing_replaced_it() {
    DurableLedger ledger = ledger(100);
    ledger.updateRecords(List.of(ANN), a -> a.execute(earn("k0", ANN, 100)));
    Future<?> first =
        pool.submit(
            () -> {
              storage.held = Thread.currentThread();
              ledger.updateRecords(List.of(ANN), a -> a.execute(earn("k1", ANN, 10)));
            });
    await(storage.committed);
    ledger.evictAllCached();
    storage.resume.countDown();
    join(first);

    long journalReads = storage.journalReads.get();
    ledger.updateRecords(List.of(ANN), a -> a.execute(earn("k2", ANN, 5)));
    assertThat(storage.journalReads.get()).isEqualTo(journalReads);
    assertThat(ledger.conflicts()).isZero();
    assertThat(stored(ANN)).isEqualTo(115);
  }

  @Test
  void a_ledger_caching_no_customers_reads_every_journal_again() {
    DurableLedger none = ledger(0);
    DurableLedger some = ledger(100);
    CustomerId bob = CustomerId.of("bob");
    for (int i = 0; i < 3; i++) {
      none.updateRecords(
          List.of(ANN), a -> a.execute(earn("a" + a.state(ANN).journalLength(), ANN, 1)));
    }
    long uncached = storage.journalReads.get();
    for (int i = 0; i < 3; i++) {
      some.updateRecords(
          List.of(bob), a -> a.execute(earn("b" + a.state(bob).journalLength(), bob, 1)));
    }
    long cached = storage.journalReads.get() - uncached;
    assertThat(uncached).isEqualTo(3); // one read of the whole (short) journal per unit
    assertThat(cached).isEqualTo(1); // the first unit's; the others used the cached ledger
    assertThat(stored(ANN)).isEqualTo(3);
    assertThat(stored(bob)).isEqualTo(3);
  }

  @Test
  void many_units_on_few_customers_with_evictions_meanwhile_end_with_every_point_counted() {
    DurableLedger ledger = ledger(2);
    List<CustomerId> customers =
        List.of(CustomerId.of("c1"), CustomerId.of("c2"), CustomerId.of("c3"));
    long[] expected = new long[customers.size()];
    List<Future<?>> work = new ArrayList<>();
    AtomicInteger keys = new AtomicInteger();
    for (int t = 0; t < 3; t++) {
      Random random = new Random(42 + t);
      List<int[]> plan = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        int c = random.nextInt(customers.size());
        int points = 1 + random.nextInt(9);
        plan.add(new int[] {c, points});
        expected[c] += points;
      }
      work.add(
          pool.submit(
              () -> {
                for (int[] step : plan) {
                  CustomerId c = customers.get(step[0]);
                  String key = "s" + keys.incrementAndGet();
                  ledger.updateRecords(List.of(c), a -> a.execute(earn(key, c, step[1])));
                  if (step[1] == 1) {
                    ledger.evictAllCached();
                  }
                }
              }));
    }
    work.forEach(DurableLedgerSlotsTest::join);
    for (int c = 0; c < customers.size(); c++) {
      assertThat(ledger.points(customers.get(c)).posted()).isEqualTo(expected[c]);
      assertThat(stored(customers.get(c))).isEqualTo(expected[c]);
      CareState state = storage.careState(customers.get(c)).orElseThrow().value();
      assertThat(state.journalLength())
          .isEqualTo(ledger.view(customers.get(c)).journalOf(customers.get(c)).size());
    }
  }

  @Test
  void a_unit_that_keeps_meeting_conflicts_gives_up_and_leaves_the_slot_free() {
    DurableLedger ledger = ledger(100);
    ledger.execute(earn("k0", ANN, 100));
    DurableLedger elsewhere = ledger(0);
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                ledger.update(
                    List.of(ANN),
                    a -> {
                      // another instance commits ann before every attempt of this one does
                      int n = attempts.incrementAndGet();
                      elsewhere.execute(earn("e" + n, ANN, 1));
                      return a.execute(earn("k" + n, ANN, 10));
                    }))
        .isInstanceOf(ConcurrencyConflictException.class);
    // the unit that gave up released ann's slot, holding no ledger: the next unit builds one and
    // leaves it there, the one after uses it
    ledger.execute(earn("next", ANN, 7));
    long journalReads = storage.journalReads.get();
    ledger.execute(earn("last", ANN, 3));
    assertThat(storage.journalReads.get()).isEqualTo(journalReads);
    assertThat(attempts.get()).isEqualTo(DurableLedger.DEFAULT_ATTEMPTS);
    assertThat(stored(ANN)).isEqualTo(100 + attempts.get() + 10);
  }

  static void join(Future<?> future) {
    try {
      future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
