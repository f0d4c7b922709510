package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.Transaction;
import dev.care.core.money.Money;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.PurchaseOutcome;
import dev.care.storage.CareStorage;
import dev.care.storage.ConcurrencyConflictException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.assertj.core.api.SoftAssertions;

/**
 * Commands issued from test threads (purchases, returns, top-ups, spends, redemptions), each
 * recorded with what it returned or threw, and the accounting that proves nothing was lost or
 * doubled: every command's reply matches the stored journal, and every stored command is one that
 * was issued.
 */
final class Workload {
  /** What was issued. */
  enum Kind {
    PURCHASE,
    RETURN,
    TOP_UP,
    SPEND,
    REDEEM
  }

  /**
   * One issued command.
   *
   * @param kind what it was
   * @param customer on whom
   * @param key the purchase or return id, or the idempotency key
   * @param result what the engine returned, or the exception it threw
   */
  record Issued(Kind kind, CustomerId customer, String key, Object result) {}

  private final ConcurrentLinkedQueue<Issued> issued = new ConcurrentLinkedQueue<>();
  private final Clock clock;

  Workload(Clock clock) {
    this.clock = clock;
  }

  static Customer customer(CustomerId id, Clock clock) {
    return Customer.register(
        id,
        Profile.named("Racer " + id.value())
            .withEmail(id.value() + "@example.com")
            .withPreferredChannel(Channel.EMAIL)
            .withConsent(Consent.optedIn(Channel.EMAIL)),
        clock.instant());
  }

  /** One thread's command stream: its own keys, returns only of its own committed purchases. */
  final class Writer {
    private final String name;
    private final SplittableRandom random;
    private final Map<CustomerId, List<String>> purchases = new HashMap<>();
    private final Map<String, Long> left = new HashMap<>();
    private int n;

    Writer(String name, long seed) {
      this.name = name;
      this.random = new SplittableRandom(seed);
    }

    /** Records a purchase of an amount (in cents). */
    void purchase(CareEngine engine, CustomerId c, long amount) {
      purchase(engine, c, name + "-" + (++n), amount);
    }

    private void purchase(CareEngine engine, CustomerId c, String key, long amount) {
      Object r =
          issue(
              () ->
                  engine.recordPurchase(
                      Purchase.of(key, c, clock.instant(), Money.ofMinor("EUR", amount))));
      issued.add(new Issued(Kind.PURCHASE, c, key, r));
      if (r instanceof PurchaseOutcome) {
        purchases.computeIfAbsent(c, x -> new ArrayList<>()).add(key);
        left.put(key, amount);
      }
    }

    /** Tops up a wallet by an amount (in cents). */
    void topUp(CareEngine engine, CustomerId c, long amount) {
      String key = name + "-" + (++n);
      issued.add(
          new Issued(
              Kind.TOP_UP,
              c,
              key,
              issue(() -> engine.topUp(IdempotencyKey.of(key), c, Money.ofMinor("EUR", amount)))));
    }

    /** Issues one random command on a customer through an engine. */
    void next(CareEngine engine, CustomerId c) {
      String key = name + "-" + (++n);
      if (n == 1) {
        // every writer starts with an overspend, so each race sees a rejection whatever the
        // interleaving of the others
        issued.add(
            new Issued(
                Kind.SPEND,
                c,
                key,
                issue(
                    () ->
                        engine.spend(
                            IdempotencyKey.of(key),
                            c,
                            Money.ofMinor("EUR", 100_000_000),
                            "race"))));
        return;
      }
      int roll = random.nextInt(100);
      List<String> own = purchases.getOrDefault(c, List.of());
      if (roll < 30 || own.isEmpty()) {
        purchase(engine, c, key, 1_000 + random.nextInt(30_000));
      } else if (roll < 45) {
        String of = own.get(random.nextInt(own.size()));
        long rest = left.get(of);
        if (rest == 0) {
          return;
        }
        long part = random.nextBoolean() ? rest : 1 + random.nextInt((int) rest);
        Object r =
            issue(
                () ->
                    engine.recordReturn(
                        Return.of(key, c, clock.instant(), of, Money.ofMinor("EUR", part))));
        issued.add(new Issued(Kind.RETURN, c, key, r));
        if (r instanceof List<?>) {
          left.put(of, rest - part);
        }
      } else if (roll < 65) {
        long amount = new long[] {2_000, 5_000, 10_000}[random.nextInt(3)];
        issued.add(
            new Issued(
                Kind.TOP_UP,
                c,
                key,
                issue(
                    () -> engine.topUp(IdempotencyKey.of(key), c, Money.ofMinor("EUR", amount)))));
      } else if (roll < 85) {
        long amount = 500 + random.nextInt(6_000);
        issued.add(
            new Issued(
                Kind.SPEND,
                c,
                key,
                issue(
                    () ->
                        engine.spend(
                            IdempotencyKey.of(key), c, Money.ofMinor("EUR", amount), "race"))));
      } else {
        long points = 10 + random.nextInt(200);
        issued.add(
            new Issued(
                Kind.REDEEM,
                c,
                key,
                issue(() -> engine.redeem(IdempotencyKey.of(key), c, points, "race"))));
      }
    }
  }

  Writer writer(String name, long seed) {
    return new Writer(name, seed);
  }

  private static Object issue(java.util.function.Supplier<Object> command) {
    try {
      return command.get();
    } catch (ConcurrencyConflictException e) {
      // retries exhausted: reported to the caller, nothing written (checked below)
      return e;
    }
  }

  List<Issued> issued() {
    return List.copyOf(issued);
  }

  /** Counts by outcome: committed, rejected (business), conflicted (retries exhausted). */
  record Tally(int committed, int rejected, int conflicted) {}

  /**
   * Checks every issued command against the store: a committed one's reply equals its stored
   * transaction(s) and consumption record; a rejected or conflicted one left nothing; and every
   * command in the stored journals is one that was issued (nothing from nowhere, nothing twice).
   */
  Tally verify(CareStorage storage) {
    return verify(storage, key -> true);
  }

  /**
   * As {@link #verify(CareStorage)}, on a store that also holds commands from elsewhere (a scenario
   * before, a nightly run meanwhile): only stored keys {@code ours} accepts must have been issued.
   */
  Tally verify(CareStorage storage, java.util.function.Predicate<String> ours) {
    Map<String, Transaction> byKey = new HashMap<>();
    Set<String> stray = new HashSet<>();
    for (List<Transaction> journal : LedgerChecks.journals(storage).values()) {
      for (Transaction tx : journal) {
        tx.command().ifPresent(c -> byKey.put(c.key().value(), tx));
      }
    }
    byKey.keySet().stream().filter(ours).forEach(stray::add);
    SoftAssertions soft = new SoftAssertions();
    int committed = 0;
    int rejected = 0;
    int conflicted = 0;
    for (Issued i : issued) {
      List<ConsumptionRecord> records =
          storage.consumption(i.customer()).stream()
              .filter(r -> r.recordId().equals(i.key()))
              .toList();
      if (i.result() instanceof ConcurrencyConflictException) {
        conflicted++;
        soft.assertThat(records).as("%s gave up on a conflict yet recorded", i.key()).isEmpty();
        soft.assertThat(byKey.keySet().stream().filter(k -> k.contains("/" + i.key() + "/")))
            .as("%s gave up on a conflict yet posted", i.key())
            .isEmpty();
        soft.assertThat(byKey)
            .as("%s gave up on a conflict yet posted", i.key())
            .doesNotContainKey(i.key());
        continue;
      }
      switch (i.kind()) {
        case PURCHASE -> {
          PurchaseOutcome p = (PurchaseOutcome) i.result();
          soft.assertThat(p.duplicate()).as("%s reported as a duplicate", i.key()).isFalse();
          soft.assertThat(records).as("consumption records of %s", i.key()).hasSize(1);
          int posted = 0;
          for (int n = 0; n < p.earnings().size(); n++) {
            String k = "earn/" + i.key() + "/" + n;
            stray.remove(k);
            if (p.earnings().get(n) instanceof Outcome.Rejected) {
              soft.assertThat(byKey).as("rejected earn %s", k).doesNotContainKey(k);
            } else {
              posted++;
              Outcome reply = p.earnings().get(n);
              Transaction stored = byKey.get(k);
              if (stored == null) {
                // a credit under its own key in the same unit (the win-back offer on the
                // purchase that brings a customer back) follows the earns in the reply
                stored =
                    byKey.values().stream()
                        .filter(tx -> tx.customer().equals(i.customer()))
                        .filter(tx -> tx.outcome().equals(reply))
                        .findFirst()
                        .orElse(null);
                if (stored != null) {
                  stray.remove(stored.command().orElseThrow().key().value());
                }
              }
              soft.assertThat(stored).as("stored earn %s", k).isNotNull();
              if (stored != null) {
                soft.assertThat(stored.outcome()).as("reply of %s", k).isEqualTo(reply);
              }
            }
          }
          soft.assertThat(byKey)
              .as("an earn of %s nobody was told of", i.key())
              .doesNotContainKey("earn/" + i.key() + "/" + p.earnings().size());
          committed += posted > 0 ? 1 : 0;
          rejected += posted > 0 ? 0 : 1;
        }
        case RETURN -> {
          @SuppressWarnings("unchecked")
          List<Outcome> outcomes = (List<Outcome>) i.result();
          soft.assertThat(records).as("consumption records of %s", i.key()).hasSize(1);
          List<Outcome> stored =
              byKey.entrySet().stream()
                  .filter(e -> e.getKey().startsWith("return/" + i.key() + "/"))
                  .sorted(Map.Entry.comparingByKey())
                  .map(e -> e.getValue().outcome())
                  .toList();
          byKey.keySet().stream()
              .filter(k -> k.startsWith("return/" + i.key() + "/"))
              .forEach(stray::remove);
          soft.assertThat(stored)
              .as("stored reversals of %s", i.key())
              .isEqualTo(outcomes.stream().filter(o -> !(o instanceof Outcome.Rejected)).toList());
          committed++;
        }
        case TOP_UP, SPEND, REDEEM -> {
          Outcome o = (Outcome) i.result();
          stray.remove(i.key());
          if (o instanceof Outcome.Rejected) {
            rejected++;
            soft.assertThat(byKey).as("rejected %s", i.key()).doesNotContainKey(i.key());
          } else {
            committed++;
            soft.assertThat(byKey.get(i.key())).as("stored %s", i.key()).isNotNull();
            if (byKey.containsKey(i.key())) {
              soft.assertThat(byKey.get(i.key()).outcome()).as("reply of %s", i.key()).isEqualTo(o);
              soft.assertThat(byKey.get(i.key()).customer())
                  .as("owner of %s", i.key())
                  .isEqualTo(i.customer());
            }
          }
        }
      }
    }
    soft.assertThat(stray).as("stored commands nobody issued").isEmpty();
    soft.assertAll();
    assertThat(committed).as("commands committed").isPositive();
    return new Tally(committed, rejected, conflicted);
  }
}
