package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.CustomerId;
import dev.care.core.time.ManualClock;
import dev.care.rules.campaign.VoucherCodes;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.CareStorage;
import dev.care.storage.ConcurrencyConflictException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * L33 and the ledger invariants under races, through CareEngine: threads (half of them on a second
 * engine instance over the same data) record purchases, returns, top-ups, spends and redemptions —
 * all on one customer, or on many customers picked at random — while the nightly run goes over
 * every customer on the second instance. Afterwards every command's reply matches the stored
 * journal (a committed one exactly once, a rejected or abandoned one not at all), nothing is stored
 * that was not issued, idempotency keys are unique, balances equal a replay of each stored journal
 * (L30), and L1/L2 hold. A subclass supplies the store.
 */
abstract class RacesContract {
  abstract StorageFixture newFixture();

  /** Commands each thread issues. */
  abstract int commandsPerThread();

  int threads() {
    return 4;
  }

  int customers() {
    return 10;
  }

  private final ManualClock clock = ManualClock.at(Scenario.START);

  private CareEngine engine(CareStorage storage) {
    return CareEngine.builder()
        .program(Salon.program())
        .clock(clock)
        .storage(storage)
        .voucherCodes(VoucherCodes.seeded(1))
        .build();
  }

  @Test
  @DisplayName("many threads on one customer: every outcome accounted for, balances replay")
  void many_threads_on_one_customer() throws Exception {
    race(1);
  }

  @Test
  @DisplayName("many threads on many customers: every outcome accounted for, balances replay")
  void many_threads_on_many_customers() throws Exception {
    race(customers());
  }

  private void race(int customerCount) throws Exception {
    long seed = Seeds.memory().findFirst().orElseThrow();
    try (StorageFixture f = newFixture()) {
      List<CareEngine> engines = List.of(engine(f.storage()), engine(f.secondInstance()));
      Workload work = new Workload(clock);
      List<CustomerId> customers = new ArrayList<>();
      Workload.Writer setup = work.writer("setup", seed);
      for (int i = 0; i < customerCount; i++) {
        CustomerId id = CustomerId.of(String.format("r%03d", i));
        customers.add(id);
        engines.get(0).register(Workload.customer(id, clock));
        setup.purchase(engines.get(0), id, 60_000);
        setup.topUp(engines.get(0), id, 10_000);
      }
      // the setup's points become spendable after the pending window
      clock.advance(Duration.ofDays(15));
      CyclicBarrier start = new CyclicBarrier(threads() + 1);
      ExecutorService pool = Executors.newFixedThreadPool(threads() + 1);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads(); t++) {
          CareEngine engine = engines.get(t % 2);
          Workload.Writer writer = work.writer("t" + t, seed + t);
          SplittableRandom pick = new SplittableRandom(seed * 31 + t);
          done.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int n = 0; n < commandsPerThread(); n++) {
                      writer.next(engine, customers.get(pick.nextInt(customers.size())));
                    }
                    return null;
                  }));
        }
        // meanwhile, the nightly run on the second instance, over every customer
        CareEngine nightly = engines.get(1);
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int n = 0; n < 3; n++) {
                    try {
                      nightly.advanceTo(clock.instant());
                    } catch (ConcurrencyConflictException gaveUp) {
                      // a customer's unit met more conflicts than its retries: the run stops
                      // there and a later run resumes from each customer's own watermark
                    }
                  }
                  return null;
                }));
        for (Future<?> d : done) {
          d.get(5, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      // with the writers done, a nightly run goes through (it resumes where any run stopped)
      engines.get(1).advanceTo(clock.instant());
      Workload.Tally tally = work.verify(f.storage());
      assertThat(tally.committed() + tally.rejected() + tally.conflicted())
          .as("outcomes accounted for")
          .isLessThanOrEqualTo(work.issued().size())
          .isGreaterThan(threads() * commandsPerThread() / 2);
      assertThat(tally.rejected()).as("rejections (overspends) seen").isPositive();
      assertThat(LedgerChecks.check(f.storage(), engines, clock)).isEqualTo(customerCount);
    }
  }
}
