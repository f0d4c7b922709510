package dev.care.core.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deliberately simple reference model of the ledger's rules for L19, written without looking at
 * the engine's data structures: every point and every minor unit is a separate coin carrying its
 * expiry and the batch (lot) it belongs to. Spending removes coins in the documented order,
 * refunding puts the same coins back, holds mark coins as reserved. Slow and obviously right.
 *
 * <p>Rules modelled (the defaults): lots live 365 days; returns of spent points are rejected;
 * transfers keep expiry; wallets spend bonus (soonest-expiring first) before paid value; paid value
 * never expires.
 */
final class ReferenceModel {
  static final Duration LIFETIME = Duration.ofDays(365);

  /** One unit of value. */
  static final class Coin {
    final Optional<Instant> expiry;
    final long batch;
    final String bucket;
    String reservedBy;

    Coin(Optional<Instant> expiry, long batch, String bucket) {
      this.expiry = expiry;
      this.batch = batch;
      this.bucket = bucket;
    }

    Instant expiryOrMax() {
      return expiry.orElse(Instant.MAX);
    }
  }

  /** What a recorded operation did, for later reversals. */
  static final class Record {
    final String kind;
    final int customer;
    final long amount;
    final long batch;
    final Deque<Coin> removed = new ArrayDeque<>();
    long reversed;

    Record(String kind, int customer, long amount, long batch) {
      this.kind = kind;
      this.customer = customer;
      this.amount = amount;
      this.batch = batch;
    }
  }

  /** A hold. */
  static final class ModelHold {
    final int customer;
    final long amount;
    final Instant expiresAt;
    final List<Coin> coins = new ArrayList<>();
    boolean open = true;

    ModelHold(int customer, long amount, Instant expiresAt) {
      this.customer = customer;
      this.amount = amount;
      this.expiresAt = expiresAt;
    }
  }

  private static final Comparator<Coin> ORDER =
      Comparator.comparing(Coin::expiryOrMax).thenComparingLong(c -> c.batch);

  final Map<Integer, List<Coin>> points = new HashMap<>();
  final Map<Integer, List<Coin>> wallet = new HashMap<>();
  final List<ModelHold> holds = new ArrayList<>();
  Instant now;
  long batches;

  ReferenceModel(Instant start) {
    this.now = start;
  }

  List<Coin> points(int c) {
    return points.computeIfAbsent(c, k -> new ArrayList<>());
  }

  List<Coin> wallet(int c) {
    return wallet.computeIfAbsent(c, k -> new ArrayList<>());
  }

  /** Time passes (never backwards); due holds end, then due coins expire. */
  void tick(Instant clock) {
    if (clock.isAfter(now)) {
      now = clock;
    }
    for (ModelHold h : holds) {
      if (h.open && !now.isBefore(h.expiresAt)) {
        h.open = false;
        h.coins.forEach(c -> c.reservedBy = null);
      }
    }
    for (List<Coin> coins : points.values()) {
      coins.removeIf(
          c -> c.reservedBy == null && c.expiry.isPresent() && !now.isBefore(c.expiry.get()));
    }
    for (List<Coin> coins : wallet.values()) {
      coins.removeIf(
          c -> c.reservedBy == null && c.expiry.isPresent() && !now.isBefore(c.expiry.get()));
    }
  }

  private static List<Coin> free(List<Coin> coins) {
    List<Coin> out = new ArrayList<>();
    for (Coin c : coins) {
      if (c.reservedBy == null) {
        out.add(c);
      }
    }
    return out;
  }

  Record earn(int c, long n) {
    long batch = ++batches;
    for (long i = 0; i < n; i++) {
      points(c).add(new Coin(Optional.of(now.plus(LIFETIME)), batch, "points"));
    }
    return new Record("earn", c, n, batch);
  }

  /** Redeem: the soonest-expiring free coins. Null when there are not enough. */
  Record redeem(int c, long n) {
    List<Coin> free = free(points(c));
    if (free.size() < n) {
      return null;
    }
    free.sort(ORDER);
    Record r = new Record("redeem", c, n, 0);
    for (int i = 0; i < n; i++) {
      points(c).remove(free.get(i));
      r.removed.push(free.get(i));
    }
    return r;
  }

  /** Transfer: the giver's soonest-expiring coins, re-batched per source lot, same expiry. */
  Record transfer(int from, int to, long n) {
    List<Coin> free = free(points(from));
    if (free.size() < n) {
      return null;
    }
    free.sort(ORDER);
    Map<Long, Long> rebatch = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Coin c = free.get(i);
      points(from).remove(c);
      long batch = rebatch.computeIfAbsent(c.batch, k -> ++batches);
      points(to).add(new Coin(c.expiry, batch, "points"));
    }
    return new Record("transfer", from, n, 0);
  }

  /** Reverse part of a record; returns the rejection, or empty when applied. */
  Optional<Rejection> reverse(Record r, long n) {
    if (r.kind.equals("transfer") || r.kind.equals("cashout")) {
      return Optional.of(Rejection.NOT_REVERSIBLE);
    }
    if (n > r.amount - r.reversed || r.reversed == r.amount) {
      return Optional.of(Rejection.REVERSAL_EXCEEDS_ORIGINAL);
    }
    if (r.kind.equals("earn")) {
      List<Coin> free = free(points(r.customer));
      if (free.size() < n) {
        return Optional.of(Rejection.CLAWBACK_NOT_ALLOWED);
      }
      free.sort(Comparator.comparing((Coin c) -> c.batch != r.batch).thenComparing(ORDER));
      for (int i = 0; i < n; i++) {
        points(r.customer).remove(free.get(i));
      }
    } else {
      List<Coin> target = r.kind.equals("redeem") ? points(r.customer) : wallet(r.customer);
      for (int i = 0; i < n; i++) {
        target.add(r.removed.pop());
      }
    }
    r.reversed += n;
    return Optional.empty();
  }

  ModelHold hold(int c, long n, Duration ttl) {
    List<Coin> free = free(points(c));
    if (free.size() < n) {
      return null;
    }
    free.sort(ORDER);
    ModelHold h = new ModelHold(c, n, now.plus(ttl));
    for (int i = 0; i < n; i++) {
      free.get(i).reservedBy = "h" + holds.size();
      h.coins.add(free.get(i));
    }
    holds.add(h);
    return h;
  }

  Optional<Rejection> capture(ModelHold h, long n) {
    if (!h.open) {
      return Optional.of(Rejection.HOLD_NOT_OPEN);
    }
    if (n > h.amount) {
      return Optional.of(Rejection.CAPTURE_EXCEEDS_HOLD);
    }
    h.open = false;
    for (int i = 0; i < h.coins.size(); i++) {
      Coin c = h.coins.get(i);
      c.reservedBy = null;
      if (i < n) {
        points(h.customer).remove(c);
      }
    }
    return Optional.empty();
  }

  Optional<Rejection> voidHold(ModelHold h) {
    if (!h.open) {
      return Optional.of(Rejection.HOLD_NOT_OPEN);
    }
    h.open = false;
    h.coins.forEach(c -> c.reservedBy = null);
    return Optional.empty();
  }

  Record topUp(int c, long paid, long bonus, Duration validity) {
    long paidBatch = ++batches;
    for (long i = 0; i < paid; i++) {
      wallet(c).add(new Coin(Optional.empty(), paidBatch, "paid"));
    }
    long bonusBatch = ++batches;
    for (long i = 0; i < bonus; i++) {
      wallet(c).add(new Coin(Optional.of(now.plus(validity)), bonusBatch, "bonus"));
    }
    return new Record("topup", c, paid, paidBatch);
  }

  /** Spend: bonus coins soonest-expiring first, then paid coins oldest first. */
  Record spend(int c, long n) {
    List<Coin> free = free(wallet(c));
    if (free.size() < n) {
      return null;
    }
    free.sort(Comparator.comparing((Coin x) -> x.bucket.equals("paid")).thenComparing(ORDER));
    Record r = new Record("spend", c, n, 0);
    for (int i = 0; i < n; i++) {
      wallet(c).remove(free.get(i));
      r.removed.push(free.get(i));
    }
    return r;
  }

  /** Cash-out: paid coins only. */
  Record cashOut(int c, long n) {
    List<Coin> paid = new ArrayList<>();
    for (Coin x : free(wallet(c))) {
      if (x.bucket.equals("paid")) {
        paid.add(x);
      }
    }
    if (paid.size() < n) {
      return null;
    }
    paid.sort(ORDER);
    for (int i = 0; i < n; i++) {
      wallet(c).remove(paid.get(i));
    }
    return new Record("cashout", c, n, 0);
  }

  long pointsOf(int c) {
    return points(c).size();
  }

  long heldOf(int c) {
    return points(c).stream().filter(x -> x.reservedBy != null).count();
  }

  long paidOf(int c) {
    return wallet(c).stream().filter(x -> x.bucket.equals("paid")).count();
  }

  long bonusOf(int c) {
    return wallet(c).stream().filter(x -> x.bucket.equals("bonus")).count();
  }
}
