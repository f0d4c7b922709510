package dev.care.benchmarks;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.CareStorage;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A population of members with purchase history, made by the engine itself on the in-memory store
 * (fast, deterministic per seed) and then copied into the store under test in large units of work:
 * customer files, consumption, journals and care states (with their segment projections). Care
 * actions and outbox messages are not copied: a benchmark of what comes next does not read them.
 */
final class Population {
  static final Instant START = Instant.parse("2025-01-06T09:00:00Z");

  private Population() {}

  /** The salon program the demo runs (shipped in care-rules). */
  static LoyaltyProgram program() {
    return new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
  }

  static CustomerId id(int i) {
    return CustomerId.of(String.format("M-%07d", i));
  }

  /**
   * Registers members {@code from} (inclusive) to {@code to} (exclusive) and records {@code
   * purchases} purchases each, spread over the year after {@link #START}, on a fresh in-memory
   * store.
   *
   * @return the store
   */
  static InMemoryStorage make(int from, int to, int purchases, long seed) {
    InMemoryStorage memory = new InMemoryStorage();
    ManualClock clock = ManualClock.at(START);
    CareEngine engine =
        CareEngine.builder()
            .program(program())
            .storage(memory)
            .clock(clock)
            .cachedCustomers(0)
            .build();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = from; i < to; i++) {
      CustomerId id = id(i);
      engine.register(
          Customer.register(
              id,
              Profile.named("Member " + i)
                  .withEmail("m" + i + "@example.com")
                  .withConsent(Consent.optedIn(Channel.EMAIL)),
              START));
    }
    Duration step = Duration.ofDays(365).dividedBy(Math.max(1, purchases));
    for (int p = 0; p < purchases; p++) {
      clock.set(START.plus(step.multipliedBy(p)).plusSeconds(60));
      for (int i = from; i < to; i++) {
        engine.recordPurchase(
            Purchase.of(
                "O-" + i + "-" + p,
                id(i),
                clock.instant(),
                Money.ofMinor("EUR", 1_000 + random.nextInt(20_000))));
      }
    }
    return memory;
  }

  /**
   * Copies customers, consumption, journals and care states into another store, {@code batch}
   * customers per unit of work.
   */
  static void copy(InMemoryStorage from, CareStorage to, int batch) {
    Optional<CustomerId> after = Optional.empty();
    while (true) {
      List<CustomerId> page = from.customerIds(after, batch);
      if (page.isEmpty()) {
        return;
      }
      try (UnitOfWork u = to.begin()) {
        for (CustomerId id : page) {
          u.putCustomer(from.customer(id).orElseThrow().value(), 0);
          from.consumption(id).forEach(u::addConsumption);
          var journal = from.journal(id, 0, Integer.MAX_VALUE);
          if (!journal.isEmpty()) {
            u.appendJournal(id, 0, journal);
          }
          from.careState(id).map(Versioned::value).ifPresent(s -> u.putCareState(s, 0));
        }
        u.commit();
      }
      after = Optional.of(page.get(page.size() - 1));
    }
  }

  /**
   * Makes members {@code 0..customers-1} in chunks and copies each chunk into {@code to}, so the
   * in-memory staging store never holds more than one chunk.
   */
  static void fill(CareStorage to, int customers, int purchases, long seed) {
    fill(to, customers, (from, until) -> make(from, until, purchases, seed + from));
  }

  /** Makes members {@code from} (inclusive) to {@code until} (exclusive) on a fresh store. */
  interface Maker {
    InMemoryStorage make(int from, int until);
  }

  /**
   * Makes members {@code 0..customers-1} with {@code maker}, 5,000 at a time, and copies each chunk
   * into {@code to}: the next chunk is made (CPU) while the current one is copied (the store's
   * I/O).
   */
  static void fill(CareStorage to, int customers, Maker maker) {
    int chunk = 5_000;
    java.util.concurrent.CompletableFuture<InMemoryStorage> next =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> maker.make(0, Math.min(customers, chunk)));
    for (int from = 0; from < customers; from += chunk) {
      InMemoryStorage staged = next.join();
      int after = from + chunk;
      next =
          after < customers
              ? java.util.concurrent.CompletableFuture.supplyAsync(
                  () -> maker.make(after, Math.min(customers, after + chunk)))
              : null;
      copy(staged, to, 500);
      if ((from / chunk) % 20 == 0) {
        System.out.printf(java.util.Locale.ROOT, "  %,d customers copied%n", after);
      }
    }
  }

  /** Ids of the population, in order. */
  static List<CustomerId> ids(int customers) {
    List<CustomerId> out = new ArrayList<>(customers);
    for (int i = 0; i < customers; i++) {
      out.add(id(i));
    }
    return out;
  }
}
