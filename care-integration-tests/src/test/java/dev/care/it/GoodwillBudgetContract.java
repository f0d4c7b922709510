package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.AccountId;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ObservedFactor;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.CareStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The programme's monthly goodwill budget holds across engine instances: threads on two engines
 * over one store close complaints with a dissatisfier for many customers at once, and the goodwill
 * credited over all of them is exactly the budget, never more. A subclass supplies the store.
 */
abstract class GoodwillBudgetContract {
  abstract StorageFixture newFixture();

  private static final long BUDGET = 2_000;
  private static final int CUSTOMERS = 16;

  private final ManualClock clock = ManualClock.at(Scenario.START);

  private static LoyaltyProgram program() {
    try (InputStream in =
        GoodwillBudgetContract.class.getResourceAsStream(
            "/dev/care/rules/program/salon-program.json")) {
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String budget = "\"monthlyBudget\": 20000";
      assertThat(json).contains(budget);
      return new ProgramLoader().load(json.replace(budget, "\"monthlyBudget\": " + BUDGET));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CareEngine engine(LoyaltyProgram program, CareStorage storage) {
    return CareEngine.builder().program(program).clock(clock).storage(storage).build();
  }

  @Test
  @DisplayName("two instances granting goodwill at once never exceed the programme's budget")
  void two_instances_share_one_budget() throws Exception {
    LoyaltyProgram program = program();
    try (StorageFixture f = newFixture()) {
      List<CareEngine> engines =
          List.of(engine(program, f.storage()), engine(program, f.secondInstance()));
      List<CustomerId> customers = new ArrayList<>();
      for (int i = 0; i < CUSTOMERS; i++) {
        CustomerId id = CustomerId.of(String.format("g%03d", i));
        customers.add(id);
        engines.get(0).register(Workload.customer(id, clock));
      }
      CyclicBarrier start = new CyclicBarrier(4);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          running.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = thread; i < CUSTOMERS; i += 4) {
                      CareEngine e = engines.get(i % 2);
                      CustomerId id = customers.get(i);
                      ServiceInteraction open =
                          ServiceInteraction.open(
                                  "gw-" + i,
                                  id,
                                  InteractionKind.COMPLAINT,
                                  Channel.PHONE,
                                  clock.instant())
                              .observe(new ObservedFactor("IGNORED", 3));
                      e.recordInteraction(open);
                      e.recordInteraction(open.close(clock.instant(), InteractionOutcome.RESOLVED));
                    }
                    return null;
                  }));
        }
        for (Future<?> r : running) {
          r.get();
        }
      } finally {
        pool.shutdownNow();
      }
      long total = 0;
      for (CustomerId id : customers) {
        total +=
            engines.get(0).history(id, false).stream()
                .filter(p -> p.context().rule().orElse("").endsWith("/care.recovery"))
                .mapToLong(p -> p.amountOn(AccountId.points(id)))
                .sum();
      }
      assertThat(total).isEqualTo(BUDGET);
    }
  }
}
