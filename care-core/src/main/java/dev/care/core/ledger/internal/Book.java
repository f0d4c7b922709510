package dev.care.core.ledger.internal;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.AccountId;
import dev.care.core.ledger.AccountType;
import dev.care.core.ledger.Adjust;
import dev.care.core.ledger.Asset;
import dev.care.core.ledger.Bill;
import dev.care.core.ledger.CaptureHold;
import dev.care.core.ledger.CashOut;
import dev.care.core.ledger.Command;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.Entry;
import dev.care.core.ledger.Hold;
import dev.care.core.ledger.HoldEvent;
import dev.care.core.ledger.HoldId;
import dev.care.core.ledger.HoldStatus;
import dev.care.core.ledger.IdempotencyConflictException;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Lot;
import dev.care.core.ledger.LotChange;
import dev.care.core.ledger.LotId;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PlaceHold;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.Posting;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.PostingId;
import dev.care.core.ledger.PostingKind;
import dev.care.core.ledger.Redeem;
import dev.care.core.ledger.Rejection;
import dev.care.core.ledger.Reservation;
import dev.care.core.ledger.Reverse;
import dev.care.core.ledger.Spend;
import dev.care.core.ledger.TopUp;
import dev.care.core.ledger.Transaction;
import dev.care.core.ledger.TransferExpiry;
import dev.care.core.ledger.VoidHold;
import dev.care.core.wallet.SpendOrder;
import dev.care.core.wallet.WalletPolicy;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One customer's ledger state and the rules: their accounts, lots, holds and journal, and their
 * share of the program's counter accounts (the program entries of the postings in their own
 * journal). Not thread-safe; {@code Ledger} serialises access.
 *
 * <p>Every command is first <em>planned</em> against the current state without changing it; a plan
 * is either a rejection (nothing changes) or a {@link Transaction}, which {@link #apply} then
 * applies. {@code apply} is the only method that changes state, and it is also what replay uses, so
 * a replayed journal rebuilds exactly the same state (L7), and a rejected or throwing command
 * leaves everything untouched (L4, L14).
 */
public final class Book {
  private static final Comparator<Lot> SOONEST_EXPIRING =
      Comparator.comparing((Lot l) -> l.expiresAt().orElse(Instant.MAX))
          .thenComparingLong(l -> l.id().value());

  private final CustomerId owner;

  /** The owner's points account (looked up on every posting and balance). */
  private final AccountId ownPoints;

  private final PointsPolicy pointsPolicy;
  private final WalletPolicy walletPolicy;
  private Instant time;
  private long lastPosting;
  private long lastLot;
  private long lastHold;
  private final List<Transaction> journal = new ArrayList<>();
  private final Map<AccountId, long[]> accounts = new LinkedHashMap<>();
  private final Map<LotId, Lot> lots = new LinkedHashMap<>();
  private final Map<AccountId, List<LotId>> lotsByAccount = new HashMap<>();
  private final Map<HoldId, Hold> holds = new LinkedHashMap<>();
  private final Map<PostingId, Posting> postings = new LinkedHashMap<>();
  private final Map<PostingId, List<Posting>> reversals = new HashMap<>();
  private final List<Posting> ownPostings = new ArrayList<>();

  /**
   * {@link #ownPostings} by the owner's account they moved (a posting on two of them in both), so a
   * decision that looks at one account's movements does not scan every posting.
   */
  private final Map<AccountId, List<Posting>> postingsByAccount = new HashMap<>();

  /**
   * Tier-qualifying points moved on the owner's points account, by the instant they count at (a
   * reversal counts at its original's instant), so a window's sum does not scan the history.
   */
  private final TreeMap<Instant, long[]> qualifyingAt = new TreeMap<>();

  /**
   * Running sums over {@link #qualifyingAt}, built when a window is first summed after it changed
   * (a tier review sums many windows of one unchanged book); null while stale.
   */
  private QualifyingSums qualifyingSums;

  /** Transactions applied so far: every change to the book goes through {@link #apply}. */
  private long applied;

  /**
   * {@link #pointsBalance} as of {@link #pointsAtApplied} transactions and the ledger time {@link
   * #pointsAtTime} (asked several times per unit of work of one unchanged book; each asking walks
   * every lot four times); null until asked.
   */
  private dev.care.core.ledger.PointsBalance points;

  private long pointsAtApplied;
  private Instant pointsAtTime;

  /**
   * The instants of {@link #qualifyingAt} in order, and {@code upTo[k]}, the sum of the first
   * {@code k} of them: a window's sum is the difference of two running sums.
   */
  private record QualifyingSums(Instant[] at, long[] upTo) {
    static QualifyingSums of(TreeMap<Instant, long[]> byInstant) {
      Instant[] at = byInstant.keySet().toArray(new Instant[0]);
      long[] upTo = new long[at.length + 1];
      int k = 0;
      for (long[] points : byInstant.values()) {
        upTo[k + 1] = upTo[k] + points[0];
        k++;
      }
      return new QualifyingSums(at, upTo);
    }

    /** The sum of the points counted strictly before {@code t}. */
    long before(Instant t) {
      int i = java.util.Arrays.binarySearch(at, t);
      return upTo[i >= 0 ? i : -i - 1];
    }
  }

  private final Map<IdempotencyKey, Transaction> byKey = new HashMap<>();
  private final TreeMap<Instant, Set<LotId>> lotExpiries = new TreeMap<>();
  private final TreeMap<Instant, Set<HoldId>> holdExpiries = new TreeMap<>();

  /**
   * An empty book.
   *
   * @param owner the customer whose book it is
   * @param pointsPolicy points rules
   * @param walletPolicy wallet rules
   * @param start the initial ledger time
   */
  public Book(
      CustomerId owner, PointsPolicy pointsPolicy, WalletPolicy walletPolicy, Instant start) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.ownPoints = AccountId.points(owner);
    this.pointsPolicy = Objects.requireNonNull(pointsPolicy, "pointsPolicy");
    this.walletPolicy = Objects.requireNonNull(walletPolicy, "walletPolicy");
    this.time = Objects.requireNonNull(start, "start");
  }

  // ------------------------------------------------------------------ commands

  /**
   * Runs a command of this book's customer at the current ledger time (after {@link #advanceTo}).
   *
   * @param command the command; its {@link Command#customer()} must be this book's owner
   * @param counterpart for a transfer, the receiver's book (its lots are opened there); empty
   *     otherwise
   * @param fitsElsewhere whether the planned transaction also fits the balances kept outside the
   *     books (the program's totals, L4); if not, the command is rejected as an overflow
   * @return its outcome; a transfer's transaction is applied to both books
   */
  public Outcome execute(
      Command command,
      Optional<Book> counterpart,
      java.util.function.Predicate<Transaction> fitsElsewhere) {
    Objects.requireNonNull(command, "command");
    Book other = counterpart.orElse(null);
    if (command instanceof dev.care.core.ledger.Transfer t
        && (other == null || !other.owner.equals(t.to()))) {
      throw new IllegalArgumentException("a transfer needs the receiver's book, " + t.to());
    }
    Transaction previous = byKey.get(command.key());
    if (previous != null) {
      Command first = previous.command().orElseThrow();
      if (!first.equals(command)) {
        throw IdempotencyConflictException.between(command.key(), first, command);
      }
      return previous.outcome();
    }
    if (!command.customer().equals(owner)) {
      throw new IllegalArgumentException(
          "command of " + command.customer() + " run on the book of " + owner);
    }
    Plan plan =
        command instanceof dev.care.core.ledger.Transfer t ? transfer(t, other) : plan(command);
    if (plan.rejection != null) {
      return plan.rejection;
    }
    Outcome outcome = plan.outcome(this, other);
    Transaction tx =
        new Transaction(
            owner,
            journal.size() + 1L,
            time,
            Optional.of(command),
            outcome,
            plan.holdEvents,
            plan.postings);
    if (!fits(tx, other) || !fitsElsewhere.test(tx)) {
      return new Outcome.Rejected(
          Rejection.AMOUNT_OVERFLOW, "the amount would overflow a balance; nothing changed");
    }
    apply(tx);
    if (other != null) {
      other.apply(tx);
    }
    return outcome;
  }

  /**
   * Moves the ledger time forward (never back: an earlier instant is ignored, L21) and applies the
   * hold and lot expiries now due, each as its own transaction.
   *
   * @param now the clock's reading
   */
  public void advanceTo(Instant now) {
    if (now.isAfter(time)) {
      time = now;
    }
    while (true) {
      Map.Entry<Instant, Set<HoldId>> h = holdExpiries.firstEntry();
      Map.Entry<Instant, Set<LotId>> l = lotExpiries.firstEntry();
      boolean holdDue = h != null && !h.getKey().isAfter(time);
      boolean lotDue = l != null && !l.getKey().isAfter(time);
      if (holdDue) {
        HoldId id = h.getValue().iterator().next();
        Hold hold = holds.get(id);
        if (hold.status() != HoldStatus.OPEN) {
          unindexHold(h.getKey(), id);
          continue;
        }
        Hold ended = hold.ended(HoldStatus.EXPIRED, 0);
        apply(
            new Transaction(
                owner,
                journal.size() + 1L,
                hold.expiresAt(),
                Optional.empty(),
                new Outcome.HoldVoided(ended),
                List.of(new HoldEvent(ended, hold.expiresAt())),
                List.of()));
      } else if (lotDue) {
        LotId id = l.getValue().iterator().next();
        Lot lot = lots.get(id);
        if (lot.free() == 0) {
          unindexLot(l.getKey(), id);
          continue;
        }
        Instant at = lot.expiresAt().orElseThrow();
        Posting p =
            new Posting(
                new PostingId(owner, lastPosting + 1),
                PostingKind.EXPIRE,
                at,
                List.of(
                    new Entry(lot.account(), -lot.free()),
                    new Entry(
                        AccountId.program(AccountType.EXPIRED, lot.account().asset()), lot.free())),
                List.of(new LotChange(id, -lot.free(), Optional.empty())),
                expiryContext(id, lot),
                Optional.empty(),
                0);
        apply(
            new Transaction(
                owner,
                journal.size() + 1L,
                at,
                Optional.empty(),
                new Outcome.Posted(p, bills(p, null)),
                List.of(),
                List.of(p)));
      } else {
        return;
      }
    }
  }

  // ------------------------------------------------------------------ applying

  /**
   * An expiry posting's context: on points lots the points policy's expiry rule; on wallet lots
   * (bonus value) the rule of the posting that opened the lot, whose promotion set the expiry.
   */
  private PostingContext expiryContext(LotId id, Lot lot) {
    PostingContext ctx = PostingContext.of("lot " + id + " expired", "system");
    Optional<String> rule =
        lot.account().asset().isPoints()
            ? pointsPolicy.expiryRule()
            : Optional.ofNullable(postings.get(lot.origin())).flatMap(p -> p.context().rule());
    return rule.map(ctx::withRule).orElse(ctx);
  }

  /**
   * Applies a transaction: the only way the book changes, used live and by replay. A transaction of
   * this book's customer must be the next in its journal; one of another customer (a transfer they
   * sent) must touch this customer, and only its effects on this customer are applied.
   *
   * @param tx the next transaction of this customer's journal
   */
  public void apply(Transaction tx) {
    applied++;
    boolean own = tx.customer().equals(owner);
    if (own && tx.sequence() != journal.size() + 1L) {
      throw new IllegalArgumentException(
          "transaction "
              + tx.sequence()
              + " of "
              + owner
              + " out of order; expected "
              + (journal.size() + 1L));
    }
    if (!own && !tx.customers().contains(owner)) {
      throw new IllegalArgumentException(
          "transaction " + tx.sequence() + " of " + tx.customer() + " does not touch " + owner);
    }
    for (HoldEvent e : tx.holdEvents()) {
      Hold h = e.hold();
      if (!h.customer().equals(owner)) {
        continue;
      }
      if (h.status() == HoldStatus.OPEN) {
        if (holds.containsKey(h.id())) {
          throw new IllegalArgumentException("hold " + h.id() + " placed twice");
        }
        holds.put(h.id(), h);
        lastHold = Math.max(lastHold, h.id().value());
        holdExpiries.computeIfAbsent(h.expiresAt(), k -> new TreeSet<>(HOLD_ORDER)).add(h.id());
        for (Reservation r : h.reservations()) {
          Lot lot = lots.get(r.lot());
          replaceLot(withReserved(lot, lot.reserved() + r.quantity()));
        }
      } else {
        Hold open = holds.get(h.id());
        if (open == null || open.status() != HoldStatus.OPEN) {
          throw new IllegalArgumentException("hold " + h.id() + " is not open");
        }
        holds.put(h.id(), h);
        for (Reservation r : h.reservations()) {
          Lot lot = lots.get(r.lot());
          replaceLot(withReserved(lot, lot.reserved() - r.quantity()));
        }
      }
    }
    for (Posting p : tx.postings()) {
      boolean primary = p.id().customer().equals(owner);
      postings.put(p.id(), p);
      if (primary) {
        lastPosting = Math.max(lastPosting, p.id().value());
      }
      p.reverses().ifPresent(o -> reversals.computeIfAbsent(o, k -> new ArrayList<>()).add(p));
      // this customer's accounts the posting moves, each once, in the order of its entries (a
      // posting has a handful of entries: a list beats a set)
      List<AccountId> moved = new ArrayList<>(2);
      for (Entry e : p.entries()) {
        if (ownedHere(e.account()) && !moved.contains(e.account())) {
          moved.add(e.account());
        }
      }
      boolean touches = !moved.isEmpty();
      if (touches) {
        ownPostings.add(p);
        for (AccountId account : moved) {
          if (p.amountOn(account) != 0) {
            postingsByAccount.computeIfAbsent(account, k -> new ArrayList<>()).add(p);
          }
        }
      }
      if (touches && p.qualifying() != 0 && p.amountOn(ownPoints) != 0) {
        Instant at = p.reverses().flatMap(this::posting).map(Posting::at).orElse(p.at());
        long[] sum = qualifyingAt.computeIfAbsent(at, k -> new long[1]);
        sum[0] = Math.addExact(sum[0], p.qualifying());
        qualifyingSums = null;
      }
      for (Entry e : p.entries()) {
        boolean mine =
            e.account().owner().isPresent() ? e.account().owner().get().equals(owner) : primary;
        if (mine) {
          long[] a = accounts.computeIfAbsent(e.account(), k -> new long[2]);
          a[0] = Math.addExact(a[0], e.amount());
          a[1]++;
        }
      }
      for (LotChange c : p.lotChanges()) {
        if (!c.lot().customer().equals(owner)) {
          continue;
        }
        if (c.opened().isPresent()) {
          LotChange.Opening o = c.opened().get();
          Lot lot =
              new Lot(
                  c.lot(),
                  o.account(),
                  p.id(),
                  c.delta(),
                  c.delta(),
                  0,
                  o.activatesAt(),
                  o.expiresAt());
          lots.put(lot.id(), lot);
          lotsByAccount.computeIfAbsent(o.account(), k -> new ArrayList<>()).add(lot.id());
          lastLot = Math.max(lastLot, c.lot().value());
          indexLot(lot);
        } else {
          Lot lot = lots.get(c.lot());
          replaceLot(
              new Lot(
                  lot.id(),
                  lot.account(),
                  lot.origin(),
                  lot.original(),
                  Math.addExact(lot.remaining(), c.delta()),
                  lot.reserved(),
                  lot.activatesAt(),
                  lot.expiresAt()));
        }
      }
    }
    tx.command().ifPresent(c -> byKey.put(c.key(), tx));
    journal.add(tx);
    if (tx.at().isAfter(time)) {
      time = tx.at();
    }
  }

  /** Whether an account is one of this book's customer's own. */
  private boolean ownedHere(AccountId account) {
    Optional<CustomerId> o = account.owner();
    return o.isPresent() && o.get().equals(owner);
  }

  private static final Comparator<HoldId> HOLD_ORDER = Comparator.comparingLong(HoldId::value);

  /** The order of a lot-expiry set: one comparator for all of them, not one made per set. */
  private static final Comparator<LotId> LOT_ORDER = Comparator.comparingLong(LotId::value);

  private void replaceLot(Lot lot) {
    lots.put(lot.id(), lot);
    indexLot(lot);
  }

  private void indexLot(Lot lot) {
    if (lot.expiresAt().isPresent() && lot.free() != 0) {
      lotExpiries
          .computeIfAbsent(lot.expiresAt().get(), k -> new TreeSet<>(LOT_ORDER))
          .add(lot.id());
    }
  }

  private void unindexLot(Instant at, LotId id) {
    Set<LotId> s = lotExpiries.get(at);
    s.remove(id);
    if (s.isEmpty()) {
      lotExpiries.remove(at);
    }
  }

  private void unindexHold(Instant at, HoldId id) {
    Set<HoldId> s = holdExpiries.get(at);
    if (s != null) {
      s.remove(id);
      if (s.isEmpty()) {
        holdExpiries.remove(at);
      }
    }
  }

  private static Lot withReserved(Lot lot, long reserved) {
    return new Lot(
        lot.id(),
        lot.account(),
        lot.origin(),
        lot.original(),
        lot.remaining(),
        reserved,
        lot.activatesAt(),
        lot.expiresAt());
  }

  /** Whether every balance and lot stays within a long after the transaction (L4). */
  private boolean fits(Transaction tx, Book other) {
    Map<AccountId, Long> after = new HashMap<>();
    Map<LotId, Long> lotAfter = new HashMap<>();
    try {
      for (Posting p : tx.postings()) {
        for (Entry e : p.entries()) {
          after.put(
              e.account(),
              Math.addExact(
                  after.getOrDefault(e.account(), balanceIn(e.account(), other)), e.amount()));
        }
        for (LotChange c : p.lotChanges()) {
          Book holder = c.lot().customer().equals(owner) || other == null ? this : other;
          long base = holder.lots.containsKey(c.lot()) ? holder.lots.get(c.lot()).remaining() : 0;
          lotAfter.put(c.lot(), Math.addExact(lotAfter.getOrDefault(c.lot(), base), c.delta()));
        }
      }
      for (Map.Entry<AccountId, Long> e : after.entrySet()) {
        AccountId a = e.getKey();
        if (a.type() == AccountType.WALLET_PAID || a.type() == AccountType.WALLET_BONUS) {
          AccountId pair =
              AccountId.customer(
                  a.owner().orElseThrow(),
                  a.type() == AccountType.WALLET_PAID
                      ? AccountType.WALLET_BONUS
                      : AccountType.WALLET_PAID,
                  a.asset());
          Math.addExact(e.getValue(), after.getOrDefault(pair, balanceIn(pair, other)));
        }
      }
      return true;
    } catch (ArithmeticException overflow) {
      return false;
    }
  }

  // ------------------------------------------------------------------ planning

  /** A planned transaction, or a rejection. */
  private static final class Plan {
    Outcome.Rejected rejection;
    final List<HoldEvent> holdEvents = new ArrayList<>();
    final List<Posting> postings = new ArrayList<>();
    Hold placed;
    Hold voided;

    static Plan reject(Rejection reason, String message) {
      Plan p = new Plan();
      p.rejection = new Outcome.Rejected(reason, message);
      return p;
    }

    Outcome outcome(Book book, Book other) {
      if (placed != null) {
        return new Outcome.HoldPlaced(placed);
      }
      if (voided != null) {
        return new Outcome.HoldVoided(voided);
      }
      Posting last = postings.get(postings.size() - 1);
      return new Outcome.Posted(last, book.bills(last, other));
    }
  }

  private Plan plan(Command c) {
    if (c instanceof Earn e) {
      return earn(e);
    } else if (c instanceof Redeem r) {
      return debit(
          PostingKind.REDEEM,
          r.customer(),
          Asset.POINTS,
          r.points(),
          AccountType.REDEEMED,
          r.context());
    } else if (c instanceof Adjust a) {
      return a.points() > 0
          ? credit(
              PostingKind.ADJUST,
              a.customer(),
              a.points(),
              0,
              AccountType.ADJUSTMENTS,
              Optional.empty(),
              a.context())
          : debit(
              PostingKind.ADJUST,
              a.customer(),
              Asset.POINTS,
              -a.points(),
              AccountType.ADJUSTMENTS,
              a.context());
    } else if (c instanceof Reverse r) {
      return reverse(r);
    } else if (c instanceof PlaceHold h) {
      return placeHold(h);
    } else if (c instanceof CaptureHold h) {
      return capture(h);
    } else if (c instanceof VoidHold v) {
      return voidHold(v);
    } else if (c instanceof TopUp t) {
      return topUp(t);
    } else if (c instanceof dev.care.core.ledger.GrantBonus g) {
      return grantBonus(g);
    } else if (c instanceof Spend s) {
      return debit(
          PostingKind.SPEND,
          s.customer(),
          Asset.money(s.amount().currency()),
          s.amount().minorUnits(),
          AccountType.SALES,
          s.context());
    } else if (c instanceof CashOut o) {
      return cashOut(o);
    }
    throw new IllegalArgumentException(
        "unsupported command type " + c.getClass().getName() + "; use the library's commands");
  }

  private Plan earn(Earn e) {
    // Earn bounds points by Long.MAX_VALUE, so rounding cannot overflow
    long points = pointsPolicy.rounding().round(e.points());
    long qualifying = pointsPolicy.rounding().round(e.qualifying());
    if (points == 0) {
      return Plan.reject(
          Rejection.NOTHING_TO_EARN,
          e.points() + " points round to 0 under " + pointsPolicy.rounding());
    }
    return credit(
        PostingKind.EARN,
        e.customer(),
        points,
        Math.min(qualifying, points),
        e.funding() == dev.care.core.ledger.Funding.ISSUED
            ? AccountType.ISSUED
            : AccountType.PROMOTIONAL_FUNDING,
        e.pendingUntil(),
        e.context());
  }

  /** Credits points into a new lot (after repaying any debt), balanced by a program account. */
  private Plan credit(
      PostingKind kind,
      CustomerId customer,
      long points,
      long qualifying,
      AccountType counter,
      Optional<Instant> pendingUntil,
      PostingContext ctx) {
    AccountId account = AccountId.points(customer);
    Instant activates = pendingUntil.orElse(time);
    Optional<Instant> expires = pointsPolicy.lotLifetime().map(time::plus);
    if (expires.isPresent() && !expires.get().isAfter(activates)) {
      throw new IllegalArgumentException(
          "pendingUntil " + activates + " must be before the lot's expiry " + expires.get());
    }
    long toLot = points - Math.min(points, debt(account));
    List<LotChange> changes = new ArrayList<>();
    if (toLot != 0) {
      changes.add(
          new LotChange(
              new LotId(owner, lastLot + 1),
              toLot,
              Optional.of(new LotChange.Opening(account, activates, expires))));
    }
    Plan plan = new Plan();
    plan.postings.add(
        posting(
            kind,
            List.of(
                new Entry(account, points),
                new Entry(AccountId.program(counter, Asset.POINTS), -points)),
            changes,
            ctx,
            Optional.empty(),
            qualifying));
    return plan;
  }

  /** Draws active, unreserved value in spend order, balanced by a program account. */
  private Plan debit(
      PostingKind kind,
      CustomerId customer,
      Asset asset,
      long amount,
      AccountType counter,
      PostingContext ctx) {
    List<Lot> order = spendOrder(customer, asset);
    long available = freeOf(order) - (asset.isPoints() ? debt(AccountId.points(customer)) : 0);
    if (amount > available) {
      return Plan.reject(
          Rejection.INSUFFICIENT_BALANCE,
          customer
              + " has "
              + Math.max(0, available)
              + " "
              + asset
              + " available, needs "
              + amount);
    }
    List<LotChange> draws = draw(order, amount);
    Plan plan = new Plan();
    plan.postings.add(
        posting(kind, drawEntries(draws, counter, asset, amount), draws, ctx, Optional.empty(), 0));
    return plan;
  }

  private Plan cashOut(CashOut o) {
    Asset asset = Asset.money(o.amount().currency());
    AccountId paid = AccountId.customer(o.customer(), AccountType.WALLET_PAID, asset);
    List<Lot> order = spendable(paid);
    long amount = o.amount().minorUnits();
    if (amount > freeOf(order)) {
      return Plan.reject(
          Rejection.INSUFFICIENT_BALANCE,
          o.customer()
              + " has "
              + freeOf(order)
              + " paid "
              + asset
              + " available to cash out, needs "
              + amount);
    }
    List<LotChange> draws = draw(order, amount);
    Plan plan = new Plan();
    plan.postings.add(
        posting(
            PostingKind.CASH_OUT,
            drawEntries(draws, AccountType.CASH_OUT, asset, amount),
            draws,
            o.context(),
            Optional.empty(),
            0));
    return plan;
  }

  private Plan topUp(TopUp t) {
    Asset asset = Asset.money(t.paid().currency());
    AccountId paid = AccountId.customer(t.customer(), AccountType.WALLET_PAID, asset);
    AccountId bonus = AccountId.customer(t.customer(), AccountType.WALLET_BONUS, asset);
    List<Entry> entries = new ArrayList<>();
    List<LotChange> changes = new ArrayList<>();
    long p = t.paid().minorUnits();
    entries.add(new Entry(paid, p));
    entries.add(new Entry(AccountId.program(AccountType.CASH_IN, asset), -p));
    Optional<Instant> paidExpiry =
        walletPolicy
            .paidValueExpiry()
            .map(period -> time.atZone(ZoneOffset.UTC).plus(period).toInstant());
    changes.add(
        new LotChange(
            new LotId(owner, lastLot + 1),
            p,
            Optional.of(new LotChange.Opening(paid, time, paidExpiry))));
    if (t.bonus().isPresent()) {
      long b = t.bonus().get().minorUnits();
      entries.add(new Entry(bonus, b));
      entries.add(new Entry(AccountId.program(AccountType.BONUS_FUNDING, asset), -b));
      changes.add(
          new LotChange(
              new LotId(owner, lastLot + 2),
              b,
              Optional.of(new LotChange.Opening(bonus, time, t.bonusValidity().map(time::plus)))));
    }
    Plan plan = new Plan();
    plan.postings.add(
        posting(PostingKind.TOP_UP, entries, changes, t.context(), Optional.empty(), 0));
    return plan;
  }

  /** The bonus half of a promotional top-up, alone: bonus lot against bonus funding. */
  private Plan grantBonus(dev.care.core.ledger.GrantBonus g) {
    Asset asset = Asset.money(g.amount().currency());
    AccountId bonus = AccountId.customer(g.customer(), AccountType.WALLET_BONUS, asset);
    long b = g.amount().minorUnits();
    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry(bonus, b));
    entries.add(new Entry(AccountId.program(AccountType.BONUS_FUNDING, asset), -b));
    List<LotChange> changes = new ArrayList<>();
    changes.add(
        new LotChange(
            new LotId(owner, lastLot + 1),
            b,
            Optional.of(new LotChange.Opening(bonus, time, g.validity().map(time::plus)))));
    Plan plan = new Plan();
    plan.postings.add(
        posting(PostingKind.TOP_UP, entries, changes, g.context(), Optional.empty(), 0));
    return plan;
  }

  private Plan transfer(dev.care.core.ledger.Transfer t, Book receiver) {
    AccountId from = AccountId.points(t.from());
    AccountId to = AccountId.points(t.to());
    List<Lot> order = spendable(from);
    long available = freeOf(order) - debt(from);
    if (t.points() > available) {
      return Plan.reject(
          Rejection.INSUFFICIENT_BALANCE,
          t.from() + " has " + Math.max(0, available) + " points available, needs " + t.points());
    }
    List<LotChange> changes = new ArrayList<>(draw(order, t.points()));
    long skip = Math.min(t.points(), receiver.debt(to));
    long next = receiver.lastLot;
    for (LotChange d : List.copyOf(changes)) {
      long qty = -d.delta();
      long used = Math.min(skip, qty);
      skip -= used;
      qty -= used;
      if (qty == 0) {
        continue;
      }
      Optional<Instant> expiry =
          pointsPolicy.transferExpiry() == TransferExpiry.KEEP
              ? lots.get(d.lot()).expiresAt()
              : pointsPolicy.lotLifetime().map(time::plus);
      changes.add(
          new LotChange(
              new LotId(t.to(), ++next),
              qty,
              Optional.of(new LotChange.Opening(to, time, expiry))));
    }
    Plan plan = new Plan();
    plan.postings.add(
        posting(
            PostingKind.TRANSFER,
            List.of(new Entry(from, -t.points()), new Entry(to, t.points())),
            changes,
            t.context(),
            Optional.empty(),
            0));
    return plan;
  }

  private Plan placeHold(PlaceHold h) {
    List<Lot> order = spendOrder(h.customer(), h.asset());
    long available =
        freeOf(order) - (h.asset().isPoints() ? debt(AccountId.points(h.customer())) : 0);
    if (h.amount() > available) {
      return Plan.reject(
          Rejection.INSUFFICIENT_BALANCE,
          h.customer()
              + " has "
              + Math.max(0, available)
              + " "
              + h.asset()
              + " available, cannot hold "
              + h.amount());
    }
    List<Reservation> reservations = new ArrayList<>();
    for (LotChange d : draw(order, h.amount())) {
      reservations.add(new Reservation(d.lot(), -d.delta()));
    }
    Hold hold =
        new Hold(
            new HoldId(owner, lastHold + 1),
            h.customer(),
            h.asset(),
            h.amount(),
            time,
            time.plus(h.timeToLive()),
            HoldStatus.OPEN,
            0,
            reservations,
            h.context());
    Plan plan = new Plan();
    plan.holdEvents.add(new HoldEvent(hold, time));
    plan.placed = hold;
    return plan;
  }

  private Plan openHold(HoldId id, Plan[] rejected) {
    Hold hold = holds.get(id);
    if (hold == null) {
      rejected[0] = Plan.reject(Rejection.UNKNOWN_HOLD, "no hold " + id);
    } else if (hold.status() != HoldStatus.OPEN) {
      rejected[0] =
          Plan.reject(
              Rejection.HOLD_NOT_OPEN, "hold " + id + " has already ended: " + hold.status());
    }
    return rejected[0];
  }

  private Plan capture(CaptureHold c) {
    Plan[] rejected = new Plan[1];
    if (openHold(c.hold(), rejected) != null) {
      return rejected[0];
    }
    Hold hold = holds.get(c.hold());
    if (c.amount() > hold.amount()) {
      return Plan.reject(
          Rejection.CAPTURE_EXCEEDS_HOLD,
          "capture " + c.amount() + " exceeds hold " + hold.id() + " of " + hold.amount());
    }
    List<LotChange> draws = new ArrayList<>();
    long left = c.amount();
    for (Reservation r : hold.reservations()) {
      if (left == 0) {
        break;
      }
      long take = Math.min(left, r.quantity());
      draws.add(new LotChange(r.lot(), -take, Optional.empty()));
      left -= take;
    }
    boolean points = hold.asset().isPoints();
    Hold ended = hold.ended(HoldStatus.CAPTURED, c.amount());
    Plan plan = new Plan();
    plan.holdEvents.add(new HoldEvent(ended, time));
    plan.postings.add(
        posting(
            points ? PostingKind.REDEEM : PostingKind.SPEND,
            drawEntries(
                draws, points ? AccountType.REDEEMED : AccountType.SALES, hold.asset(), c.amount()),
            draws,
            c.context(),
            Optional.empty(),
            0));
    return plan;
  }

  private Plan voidHold(VoidHold v) {
    Plan[] rejected = new Plan[1];
    if (openHold(v.hold(), rejected) != null) {
      return rejected[0];
    }
    Hold ended = holds.get(v.hold()).ended(HoldStatus.VOIDED, 0);
    Plan plan = new Plan();
    plan.holdEvents.add(new HoldEvent(ended, time));
    plan.voided = ended;
    return plan;
  }

  // ------------------------------------------------------------------ reversals

  private Plan reverse(Reverse r) {
    Posting orig = postings.get(r.posting());
    if (orig == null) {
      return Plan.reject(Rejection.UNKNOWN_POSTING, "no posting " + r.posting());
    }
    switch (orig.kind()) {
      case EARN:
        return reverseCredit(orig, r);
      case ADJUST:
        return customerAmount(orig) > 0 ? reverseCredit(orig, r) : reverseDebit(orig, r);
      case REDEEM:
      case SPEND:
        return reverseDebit(orig, r);
      case TOP_UP:
        return refundTopUp(orig, r);
      default:
        return Plan.reject(
            Rejection.NOT_REVERSIBLE,
            "posting " + orig.id() + " (" + orig.kind() + ") cannot be reversed");
    }
  }

  private static long customerAmount(Posting p) {
    long sum = 0;
    for (Entry e : p.entries()) {
      if (e.account().type().isCustomerAccount()) {
        sum += e.amount();
      }
    }
    return sum;
  }

  private long reversedSoFar(Posting orig) {
    long sum = 0;
    for (Posting p : reversals.getOrDefault(orig.id(), List.of())) {
      sum += Math.abs(customerAmount(p));
    }
    return sum;
  }

  private static AccountId counterAccount(Posting p) {
    for (Entry e : p.entries()) {
      if (!e.account().type().isCustomerAccount()) {
        return e.account();
      }
    }
    throw new IllegalStateException("posting " + p.id() + " has no program account");
  }

  /** How much of the original may still be reversed, or a rejection. */
  private Plan checkAmount(Posting orig, Reverse r, long original, long[] amount) {
    long left = original - reversedSoFar(orig);
    long want = r.amount().orElse(left);
    if (left == 0 || want > left) {
      return Plan.reject(
          Rejection.REVERSAL_EXCEEDS_ORIGINAL,
          "posting " + orig.id() + " has " + left + " left to reverse, asked for " + want);
    }
    amount[0] = want;
    return null;
  }

  /** Reverses points credited by an earn or upward adjustment: a return. */
  private Plan reverseCredit(Posting orig, Reverse r) {
    AccountId account = customerAccount(orig);
    long original = orig.amountOn(account);
    long[] q = new long[1];
    Plan bad = checkAmount(orig, r, original, q);
    if (bad != null) {
      return bad;
    }
    List<Lot> order = new ArrayList<>();
    List<Lot> others = new ArrayList<>();
    for (Lot lot : lotsOf(account)) {
      if (lot.free() != 0) {
        (lot.origin().equals(orig.id()) ? order : others).add(lot);
      }
    }
    others.sort(SOONEST_EXPIRING);
    order.addAll(others);
    long drawable = Math.min(q[0], freeOf(order));
    long shortfall = q[0] - drawable;
    if (shortfall > 0) {
      long after = balance(account) - q[0] - reservedOf(account);
      if (!pointsPolicy.clawback().allowNegative()) {
        return Plan.reject(
            Rejection.CLAWBACK_NOT_ALLOWED,
            "reversing "
                + q[0]
                + " points of "
                + orig.id()
                + " would take "
                + account
                + " to "
                + after
                + "; the program does not allow negative balances");
      }
      if (after < -pointsPolicy.clawback().limit()) {
        return Plan.reject(
            Rejection.CLAWBACK_LIMIT_EXCEEDED,
            "reversing "
                + q[0]
                + " points would take "
                + account
                + " to "
                + after
                + ", below the limit -"
                + pointsPolicy.clawback().limit());
      }
    }
    List<LotChange> draws = draw(order, drawable);
    long before = reversedSoFar(orig);
    long qualifying =
        share(orig.qualifying(), before + q[0], original)
            - share(orig.qualifying(), before, original);
    Plan plan = new Plan();
    plan.postings.add(
        posting(
            PostingKind.REVERSAL,
            List.of(new Entry(account, -q[0]), new Entry(counterAccount(orig), q[0])),
            draws,
            r.context(),
            Optional.of(orig.id()),
            -qualifying));
    return plan;
  }

  private static long share(long total, long part, long whole) {
    return BigInteger.valueOf(total)
        .multiply(BigInteger.valueOf(part))
        .divide(BigInteger.valueOf(whole))
        .longValueExact();
  }

  private static AccountId customerAccount(Posting p) {
    for (Entry e : p.entries()) {
      if (e.account().type().isCustomerAccount()) {
        return e.account();
      }
    }
    throw new IllegalStateException("posting " + p.id() + " has no customer account");
  }

  /** Restores value drawn by a redemption or spend to the lots it came from, last drawn first. */
  private Plan reverseDebit(Posting orig, Reverse r) {
    long original = -customerAmount(orig);
    long[] q = new long[1];
    Plan bad = checkAmount(orig, r, original, q);
    if (bad != null) {
      return bad;
    }
    Map<LotId, Long> restorable = new LinkedHashMap<>();
    for (LotChange c : orig.lotChanges()) {
      restorable.merge(c.lot(), -c.delta(), Long::sum);
    }
    for (Posting prev : reversals.getOrDefault(orig.id(), List.of())) {
      for (LotChange c : prev.lotChanges()) {
        restorable.merge(c.lot(), -c.delta(), Long::sum);
      }
    }
    List<LotId> lotsBack = new ArrayList<>(restorable.keySet());
    java.util.Collections.reverse(lotsBack);
    Map<AccountId, Long> perAccount = new LinkedHashMap<>();
    List<LotChange> changes = new ArrayList<>();
    long left = q[0];
    Map<AccountId, Long> debts = new HashMap<>();
    for (LotId id : lotsBack) {
      if (left == 0) {
        break;
      }
      long take = Math.min(left, restorable.get(id));
      if (take == 0) {
        continue;
      }
      left -= take;
      AccountId account = lots.get(id).account();
      perAccount.merge(account, take, Long::sum);
      long debt = debts.computeIfAbsent(account, this::debt);
      long repay = Math.min(debt, take);
      debts.put(account, debt - repay);
      if (take != repay) {
        changes.add(new LotChange(id, take - repay, Optional.empty()));
      }
    }
    List<Entry> entries = new ArrayList<>();
    perAccount.forEach((a, v) -> entries.add(new Entry(a, v)));
    entries.add(new Entry(counterAccount(orig), -q[0]));
    Plan plan = new Plan();
    plan.postings.add(
        posting(PostingKind.REVERSAL, entries, changes, r.context(), Optional.of(orig.id()), 0));
    return plan;
  }

  /** Refunds a top-up in full, clawing back its bonus (or the part spent, from the refund). */
  private Plan refundTopUp(Posting orig, Reverse r) {
    if (reversals.containsKey(orig.id())) {
      return Plan.reject(
          Rejection.REVERSAL_EXCEEDS_ORIGINAL, "top-up " + orig.id() + " was already refunded");
    }
    Lot paid = null;
    Lot bonus = null;
    for (LotChange c : orig.lotChanges()) {
      Lot lot = lots.get(c.lot());
      if (lot.account().type() == AccountType.WALLET_PAID) {
        paid = lot;
      } else {
        bonus = lot;
      }
    }
    if (paid == null) {
      return Plan.reject(
          Rejection.NOT_REVERSIBLE,
          "posting " + orig.id() + " granted bonus value only; there is nothing paid to refund");
    }
    long paidAmount = paid.original();
    if (r.amount().isPresent() && r.amount().getAsLong() != paidAmount) {
      return Plan.reject(
          Rejection.NOT_REVERSIBLE,
          "top-up "
              + orig.id()
              + " is refunded in full ("
              + paidAmount
              + "), not "
              + r.amount().getAsLong());
    }
    if (paid.reserved() > 0 || (bonus != null && bonus.reserved() > 0)) {
      return Plan.reject(
          Rejection.RESERVED_BY_HOLD,
          "value of top-up " + orig.id() + " is reserved by an open hold");
    }
    long paidLeft = paid.remaining();
    long bonusLeft = bonus == null ? 0 : bonus.remaining();
    long bonusSpent = bonus == null ? 0 : bonus.original() - bonusLeft - expiredFrom(bonus.id());
    long cash = paidLeft - bonusSpent;
    if (cash < 0 || paidLeft + bonusLeft == 0) {
      return Plan.reject(
          Rejection.INSUFFICIENT_BALANCE,
          "top-up "
              + orig.id()
              + " has "
              + paidLeft
              + " paid value left, less than the "
              + bonusSpent
              + " bonus already spent, or nothing left to refund");
    }
    Asset asset = orig.asset();
    List<Entry> entries = new ArrayList<>();
    List<LotChange> changes = new ArrayList<>();
    if (paidLeft != 0) {
      entries.add(new Entry(paid.account(), -paidLeft));
      changes.add(new LotChange(paid.id(), -paidLeft, Optional.empty()));
    }
    if (bonusLeft != 0) {
      entries.add(new Entry(bonus.account(), -bonusLeft));
      changes.add(new LotChange(bonus.id(), -bonusLeft, Optional.empty()));
    }
    if (bonusLeft + bonusSpent > 0) {
      entries.add(
          new Entry(AccountId.program(AccountType.BONUS_FUNDING, asset), bonusLeft + bonusSpent));
    }
    if (cash != 0) {
      entries.add(new Entry(AccountId.program(AccountType.CASH_IN, asset), cash));
    }
    Plan plan = new Plan();
    plan.postings.add(
        posting(PostingKind.REVERSAL, entries, changes, r.context(), Optional.of(orig.id()), 0));
    return plan;
  }

  private long expiredFrom(LotId id) {
    long sum = 0;
    for (Posting p : postings.values()) {
      if (p.kind() == PostingKind.EXPIRE) {
        for (LotChange c : p.lotChanges()) {
          if (c.lot().equals(id)) {
            sum -= c.delta();
          }
        }
      }
    }
    return sum;
  }

  // ------------------------------------------------------------------ helpers

  private Posting posting(
      PostingKind kind,
      List<Entry> entries,
      List<LotChange> changes,
      PostingContext ctx,
      Optional<PostingId> reverses,
      long qualifying) {
    return new Posting(
        new PostingId(owner, lastPosting + 1),
        kind,
        time,
        entries,
        changes,
        ctx,
        reverses,
        qualifying);
  }

  /** Entries for draws: one per customer account drawn, and the counter account. */
  private List<Entry> drawEntries(
      List<LotChange> draws, AccountType counter, Asset asset, long amount) {
    Map<AccountId, Long> per = new LinkedHashMap<>();
    for (LotChange d : draws) {
      per.merge(lots.get(d.lot()).account(), d.delta(), Long::sum);
    }
    List<Entry> entries = new ArrayList<>();
    per.forEach((a, v) -> entries.add(new Entry(a, v)));
    entries.add(new Entry(AccountId.program(counter, asset), amount));
    return entries;
  }

  /** Draws an amount from lots in order; the caller has checked there is enough. */
  private static List<LotChange> draw(List<Lot> order, long amount) {
    List<LotChange> out = new ArrayList<>();
    long left = amount;
    for (Lot lot : order) {
      if (left == 0) {
        break;
      }
      long take = Math.min(left, lot.free());
      if (take != 0) {
        out.add(new LotChange(lot.id(), -take, Optional.empty()));
        left -= take;
      }
    }
    if (left != 0) {
      throw new IllegalStateException("draw short by " + left);
    }
    return out;
  }

  private static long freeOf(List<Lot> lots) {
    long sum = 0;
    for (Lot l : lots) {
      sum = Math.addExact(sum, l.free());
    }
    return sum;
  }

  /** Active lots with free value, soonest-expiring first. */
  private List<Lot> spendable(AccountId account) {
    List<Lot> out = new ArrayList<>();
    for (Lot lot : lotsOf(account)) {
      if (lot.free() != 0 && !lot.isPendingAt(time) && !lot.isExpiredAt(time)) {
        out.add(lot);
      }
    }
    out.sort(SOONEST_EXPIRING);
    return out;
  }

  /** The lots a spend or hold draws, in the program's order (L22, L27). */
  private List<Lot> spendOrder(CustomerId customer, Asset asset) {
    if (asset.isPoints()) {
      return spendable(AccountId.points(customer));
    }
    List<Lot> paid = spendable(AccountId.customer(customer, AccountType.WALLET_PAID, asset));
    List<Lot> bonus = spendable(AccountId.customer(customer, AccountType.WALLET_BONUS, asset));
    List<Lot> out = new ArrayList<>();
    if (walletPolicy.spendOrder() == SpendOrder.PAID_FIRST) {
      out.addAll(paid);
      out.addAll(bonus);
    } else {
      out.addAll(bonus);
      out.addAll(paid);
    }
    return out;
  }

  private List<Bill> bills(Posting p, Book other) {
    Map<CustomerId, Long> moved = new LinkedHashMap<>();
    for (Entry e : p.entries()) {
      if (e.account().type().isCustomerAccount()) {
        moved.merge(e.account().owner().orElseThrow(), e.amount(), Long::sum);
      }
    }
    List<Bill> out = new ArrayList<>();
    Asset asset = p.asset();
    moved.forEach(
        (customer, amount) -> {
          long total;
          long bonus = 0;
          if (asset.isPoints()) {
            total =
                balanceIn(AccountId.points(customer), other)
                    + p.amountOn(AccountId.points(customer));
          } else {
            AccountId paidAcc = AccountId.customer(customer, AccountType.WALLET_PAID, asset);
            AccountId bonusAcc = AccountId.customer(customer, AccountType.WALLET_BONUS, asset);
            bonus = balanceIn(bonusAcc, other) + p.amountOn(bonusAcc);
            total = balanceIn(paidAcc, other) + p.amountOn(paidAcc) + bonus;
          }
          out.add(
              new Bill(
                  customer,
                  asset,
                  p.kind(),
                  amount,
                  p.context().reason(),
                  total,
                  bonus,
                  p.at(),
                  p.id()));
        });
    return out;
  }

  // ------------------------------------------------------------------ queries

  /**
   * The ledger time: the latest clock reading seen.
   *
   * @return the time
   */
  public Instant time() {
    return time;
  }

  /**
   * An account's balance (0 if it has no entries).
   *
   * @param account the account
   * @return the balance
   */
  public long balance(AccountId account) {
    long[] a = accounts.get(account);
    return a == null ? 0 : a[0];
  }

  /**
   * An account's version: its entry count (L6).
   *
   * @param account the account
   * @return the version
   */
  public long version(AccountId account) {
    long[] a = accounts.get(account);
    return a == null ? 0 : a[1];
  }

  /**
   * Every account with entries and its balance, in first-use order.
   *
   * @return account balances
   */
  public Map<AccountId, Long> balances() {
    Map<AccountId, Long> out = new LinkedHashMap<>();
    accounts.forEach((k, v) -> out.put(k, v[0]));
    return out;
  }

  /**
   * The lots of an account, oldest first.
   *
   * @param account the account
   * @return its lots, including used-up ones
   */
  public List<Lot> lotsOf(AccountId account) {
    List<Lot> out = new ArrayList<>();
    for (LotId id : lotsByAccount.getOrDefault(account, List.of())) {
      out.add(lots.get(id));
    }
    return out;
  }

  /**
   * Every lot.
   *
   * @return all lots, in opening order
   */
  public List<Lot> lots() {
    return List.copyOf(lots.values());
  }

  /**
   * Every hold.
   *
   * @return all holds, in placing order
   */
  public List<Hold> holds() {
    return List.copyOf(holds.values());
  }

  /**
   * A hold.
   *
   * @param id the id
   * @return the hold
   */
  public Optional<Hold> hold(HoldId id) {
    return Optional.ofNullable(holds.get(id));
  }

  /**
   * A posting.
   *
   * @param id the id
   * @return the posting
   */
  public Optional<Posting> posting(PostingId id) {
    return Optional.ofNullable(postings.get(id));
  }

  /**
   * The postings that moved any account of this book's customer, in order.
   *
   * @return the postings
   */
  public List<Posting> ownPostings() {
    return List.copyOf(ownPostings);
  }

  /**
   * The postings that moved one of this book's customer's accounts (by a non-zero amount), in
   * order.
   *
   * @param account the account
   * @return the postings
   */
  public List<Posting> postingsOn(AccountId account) {
    List<Posting> on = postingsByAccount.get(account);
    return on == null ? List.of() : List.copyOf(on);
  }

  /**
   * The customer whose book this is.
   *
   * @return the owner
   */
  public CustomerId owner() {
    return owner;
  }

  /** A balance in this book, or in the other one when that one owns the account. */
  private long balanceIn(AccountId account, Book other) {
    if (other != null && account.owner().map(other.owner::equals).orElse(false)) {
      return other.balance(account);
    }
    return balance(account);
  }

  /**
   * The journal length.
   *
   * @return the number of transactions
   */
  public long journalSize() {
    return journal.size();
  }

  /**
   * The transactions from a position on.
   *
   * @param from the index (sequence - 1) of the first
   * @return the transactions
   */
  public List<Transaction> journalFrom(int from) {
    return List.copyOf(journal.subList(from, journal.size()));
  }

  /**
   * Every posting, in order.
   *
   * @return the postings
   */
  public List<Posting> postings() {
    return List.copyOf(postings.values());
  }

  /**
   * The journal.
   *
   * @return every transaction, in order
   */
  public List<Transaction> journal() {
    return List.copyOf(journal);
  }

  /**
   * Points a clawback left owed on an account: lots minus balance.
   *
   * @param account the account
   * @return the debt, at least 0
   */
  public long debt(AccountId account) {
    long lotsSum = 0;
    for (LotId id : lotsByAccount.getOrDefault(account, List.of())) {
      lotsSum += lots.get(id).remaining();
    }
    return Math.max(0, lotsSum - balance(account));
  }

  /**
   * Value reserved by open holds on an account.
   *
   * @param account the account
   * @return the reserved total
   */
  public long reservedOf(AccountId account) {
    long sum = 0;
    for (LotId id : lotsByAccount.getOrDefault(account, List.of())) {
      sum += lots.get(id).reserved();
    }
    return sum;
  }

  /**
   * The next instant after the ledger time at which time alone changes this book: an open hold
   * expires, a lot with free value expires, or a pending lot with value left becomes available.
   * Commands change it; without them it is exact.
   *
   * @return that instant, or empty when nothing is scheduled
   */
  public Optional<Instant> nextEvent() {
    Instant next = nextExpiry().orElse(null);
    for (Lot lot : lots.values()) {
      if (lot.remaining() != 0
          && lot.isPendingAt(time)
          && (next == null || lot.activatesAt().isBefore(next))) {
        next = lot.activatesAt();
      }
    }
    return Optional.ofNullable(next);
  }

  /**
   * The next instant after the ledger time at which an expiry is due: an open hold expires, or a
   * lot with free value does. Unlike {@link #nextEvent}, pending lots becoming available are left
   * out: an activation writes nothing.
   *
   * @return that instant, or empty when no expiry is due
   */
  public Optional<Instant> nextExpiry() {
    Instant next = null;
    for (Map.Entry<Instant, Set<HoldId>> e : holdExpiries.entrySet()) {
      if (anyOpen(e.getValue())) {
        next = e.getKey();
        break;
      }
    }
    for (Map.Entry<Instant, Set<LotId>> e : lotExpiries.entrySet()) {
      if (next != null && !e.getKey().isBefore(next)) {
        break;
      }
      if (anyFree(e.getValue())) {
        next = e.getKey();
        break;
      }
    }
    return Optional.ofNullable(next);
  }

  // loops, not streams: nextEvent asks these at the end of every unit of work
  private boolean anyOpen(Set<HoldId> ids) {
    for (HoldId id : ids) {
      if (holds.get(id).status() == HoldStatus.OPEN) {
        return true;
      }
    }
    return false;
  }

  private boolean anyFree(Set<LotId> ids) {
    for (LotId id : ids) {
      if (lots.get(id).free() != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Points in lots still pending at the ledger time.
   *
   * @param account the account
   * @return the pending total
   */
  public long pendingOf(AccountId account) {
    long sum = 0;
    for (Lot lot : lotsOf(account)) {
      if (lot.isPendingAt(time)) {
        sum += lot.remaining();
      }
    }
    return sum;
  }

  /**
   * Value of active lots that no hold reserves.
   *
   * @param account the account
   * @return the free active total
   */
  public long freeActiveOf(AccountId account) {
    long sum = 0;
    for (Lot lot : lotsOf(account)) {
      if (!lot.isPendingAt(time)) {
        sum += lot.free();
      }
    }
    return sum;
  }

  /**
   * This customer's points at the ledger time.
   *
   * @return posted, pending, held, debt and available points
   */
  public dev.care.core.ledger.PointsBalance pointsBalance() {
    if (points != null && pointsAtApplied == applied && pointsAtTime.equals(time)) {
      return points;
    }
    AccountId account = ownPoints;
    // the sums of debt, pendingOf, reservedOf and freeActiveOf, in one walk over the lots
    long remaining = 0;
    long pending = 0;
    long reserved = 0;
    long freeActive = 0;
    for (LotId id : lotsByAccount.getOrDefault(account, List.of())) {
      Lot lot = lots.get(id);
      remaining += lot.remaining();
      reserved += lot.reserved();
      if (lot.isPendingAt(time)) {
        pending += lot.remaining();
      } else {
        freeActive += lot.free();
      }
    }
    long balance = balance(account);
    long debt = Math.max(0, remaining - balance);
    points =
        new dev.care.core.ledger.PointsBalance(balance, pending, reserved, debt, freeActive - debt);
    pointsAtApplied = applied;
    pointsAtTime = time;
    return points;
  }

  /**
   * This customer's wallet in one currency at the ledger time.
   *
   * @param currency the currency
   * @return paid, bonus, held and available value
   */
  public dev.care.core.wallet.WalletBalance walletBalance(java.util.Currency currency) {
    Asset asset = Asset.money(currency);
    AccountId paid = AccountId.customer(owner, AccountType.WALLET_PAID, asset);
    AccountId bonus = AccountId.customer(owner, AccountType.WALLET_BONUS, asset);
    long held = reservedOf(paid) + reservedOf(bonus);
    long p = balance(paid);
    long b = balance(bonus);
    return new dev.care.core.wallet.WalletBalance(
        dev.care.core.money.Money.ofMinor(currency, p),
        dev.care.core.money.Money.ofMinor(currency, b),
        dev.care.core.money.Money.ofMinor(currency, held),
        dev.care.core.money.Money.ofMinor(currency, p + b - held));
  }

  /**
   * Tier-qualifying points this customer earned in a window, net of returns (L26); a return counts
   * against the window of the earning it reverses.
   *
   * @param from start (inclusive)
   * @param to end (exclusive)
   * @return qualifying points
   */
  public long qualifyingPoints(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      return 0;
    }
    QualifyingSums sums = qualifyingSums;
    if (sums == null) {
      sums = QualifyingSums.of(qualifyingAt);
      qualifyingSums = sums;
    }
    return sums.before(to) - sums.before(from);
  }

  /**
   * The transaction of a command with this key in this book's journal.
   *
   * @param key the key
   * @return the transaction
   */
  public Optional<Transaction> transaction(dev.care.core.ledger.IdempotencyKey key) {
    return Optional.ofNullable(byKey.get(key));
  }
}
