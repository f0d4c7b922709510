package dev.care.it;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.AccountId;
import dev.care.core.ledger.Asset;
import dev.care.core.ledger.Entry;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.Posting;
import dev.care.core.ledger.Transaction;
import dev.care.core.state.CareState;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.CareStorage;
import dev.care.storage.Versioned;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.assertj.core.api.SoftAssertions;

/**
 * The ledger invariants checked over every stored journal at the end of a test: L30 (replaying one
 * customer's journal alone reproduces what the engine reports for them), L1, L2, and idempotency
 * keys unique over all journals (L11).
 */
final class LedgerChecks {
  private LedgerChecks() {}

  /** Every customer's stored journal, as {@code storage.journal(customer, 0, MAX)} gives it. */
  static Map<CustomerId, List<Transaction>> journals(CareStorage storage) {
    Map<CustomerId, List<Transaction>> out = new LinkedHashMap<>();
    for (CustomerId id : storage.customerIds(Optional.empty(), Integer.MAX_VALUE)) {
      out.put(id, storage.journal(id, 0, Integer.MAX_VALUE));
    }
    return out;
  }

  /**
   * Checks L30, L1, L2 and unique keys; each engine given must report what the replay gives.
   *
   * @return how many customers had a non-empty journal (so a test can show it checked something)
   */
  static int check(CareStorage storage, List<CareEngine> engines, Clock clock) {
    Map<CustomerId, List<Transaction>> journals = journals(storage);
    SoftAssertions soft = new SoftAssertions();
    Instant now = clock.instant();
    Instant windowStart = now.minus(Duration.ofDays(365));
    int nonEmpty = 0;
    for (Map.Entry<CustomerId, List<Transaction>> e : journals.entrySet()) {
      CustomerId id = e.getKey();
      List<Transaction> journal = e.getValue();
      if (!journal.isEmpty()) {
        nonEmpty++;
      }
      soft.assertThat(journal.stream().mapToLong(Transaction::sequence).toArray())
          .as("positions of %s's journal", id)
          .containsExactly(LongStream.rangeClosed(1, journal.size()).toArray());
      Optional<Versioned<CareState>> state = storage.careState(id);
      soft.assertThat(state.map(v -> v.value().journalLength()))
          .as("L30 %s's care state counts its journal", id)
          .contains((long) journal.size());
      Ledger alone =
          Ledger.ofJournals(Salon.pointsPolicy(), Salon.walletPolicy(), clock, Map.of(id, journal));
      alone.advance();
      for (CareEngine engine : engines) {
        soft.assertThat(engine.points(id))
            .as("L30 %s's points: engine vs replay of the stored journal", id)
            .isEqualTo(alone.points(id));
        soft.assertThat(engine.wallet(id))
            .as("L30 %s's wallet: engine vs replay of the stored journal", id)
            .isEqualTo(alone.wallet(id, Salon.program().currency()));
        soft.assertThat(
                engine.ledger().view(id).qualifyingPoints(id, windowStart, now.plusNanos(1)))
            .as("L30 %s's qualifying points: engine vs replay of the stored journal", id)
            .isEqualTo(alone.qualifyingPoints(id, windowStart, now.plusNanos(1)));
      }
    }
    // L11: one key, one transaction, over all journals
    Map<IdempotencyKey, String> keys = new HashMap<>();
    List<String> doubled = new ArrayList<>();
    for (List<Transaction> journal : journals.values()) {
      for (Transaction tx : journal) {
        tx.command()
            .ifPresent(
                c -> {
                  String where = tx.customer() + "#" + tx.sequence();
                  String before = keys.putIfAbsent(c.key(), where);
                  if (before != null) {
                    doubled.add(c.key() + " at " + before + " and " + where);
                  }
                });
        // L1: every posting sums to zero per asset
        for (Posting p : tx.postings()) {
          Map<Asset, Long> sums = new HashMap<>();
          for (Entry entry : p.entries()) {
            sums.merge(entry.account().asset(), entry.amount(), Math::addExact);
          }
          soft.assertThat(sums.values()).as("L1 posting %s", p.id()).containsOnly(0L);
        }
      }
    }
    soft.assertThat(doubled).as("idempotency keys used twice").isEmpty();
    // L2: over every customer's book and the programme's share, each asset sums to zero
    Ledger all = Ledger.ofJournals(Salon.pointsPolicy(), Salon.walletPolicy(), clock, journals);
    all.advance();
    Map<Asset, BigInteger> sums = new HashMap<>();
    for (Map.Entry<AccountId, Long> b : all.balances().entrySet()) {
      sums.merge(b.getKey().asset(), BigInteger.valueOf(b.getValue()), BigInteger::add);
    }
    soft.assertThat(sums.values()).as("L2 balances per asset").allMatch(v -> v.signum() == 0);
    soft.assertAll();
    return nonEmpty;
  }
}
