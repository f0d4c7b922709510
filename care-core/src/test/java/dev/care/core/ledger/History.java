package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.SpendOrder;
import dev.care.core.wallet.WalletBalance;
import dev.care.core.wallet.WalletPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Generated histories for the ledger properties: random sequences of valid, invalid (hostile
 * amounts, unknown references, mixed currencies), duplicate (same key, same command) and
 * conflicting (same key, other command) operations, with the clock moving forwards and backwards.
 * Running a history records a {@link Step} per operation with snapshots before and after.
 */
final class History {
  static final Currency EUR = Currency.getInstance("EUR");
  static final Currency USD = Currency.getInstance("USD");
  static final List<CustomerId> CUSTOMERS =
      List.of(CustomerId.of("c0"), CustomerId.of("c1"), CustomerId.of("c2"));
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final PostingContext CTX =
      PostingContext.of("property test", "qt").withSourceRef("order-1");

  /** Kinds of operation. */
  enum Kind {
    EARN,
    EARN_PENDING,
    EARN_RAW,
    REDEEM,
    ADJUST,
    TRANSFER,
    REVERSE_ALL,
    REVERSE_PART,
    HOLD_POINTS,
    CAPTURE,
    VOID,
    TOP_UP,
    TOP_UP_BONUS,
    SPEND,
    CASH_OUT,
    HOLD_WALLET,
    CLOCK,
    RETRY,
    CONFLICT,
    MIXED_CURRENCY
  }

  /**
   * One generated operation, as plain numbers so QuickTheories can shrink it.
   *
   * @param kind what to do
   * @param customer which customer (index)
   * @param amountSel selects the amount (mostly small positive; sometimes 0, negative, huge)
   * @param ref selects an earlier posting, hold or command
   */
  record Op(Kind kind, int customer, int amountSel, int ref) {
    long amount() {
      int s = amountSel % 100;
      if (s < 75) {
        return 1 + (amountSel * 37L) % 300;
      } else if (s < 80) {
        return 0;
      } else if (s < 85) {
        return -s;
      } else if (s < 90) {
        return Long.MAX_VALUE;
      } else if (s < 95) {
        return Long.MAX_VALUE / 2 + 1;
      }
      return 1000 + s;
    }

    Duration clockMove() {
      return Duration.ofHours((amountSel % 1200) - 120);
    }
  }

  /** The ledger's policies for one history. */
  record Policies(PointsPolicy points, WalletPolicy wallet) {}

  static Gen<Policies> policies() {
    return SourceDSL.integers()
        .between(0, 31)
        .map(
            i -> {
              PointsPolicy p = PointsPolicy.defaults();
              if ((i & 1) != 0) {
                p = p.withClawback(ClawbackPolicy.allowNegative(150));
              }
              if ((i & 2) != 0) {
                p = p.withTransferExpiry(TransferExpiry.RESET);
              }
              if ((i & 4) != 0) {
                p = p.withRounding(PointsRounding.HALF_UP);
              }
              if ((i & 8) != 0) {
                p = p.withLotLifetime(Optional.of(Duration.ofDays(30)));
              }
              WalletPolicy w =
                  (i & 16) != 0
                      ? new WalletPolicy(SpendOrder.PAID_FIRST, Optional.empty())
                      : WalletPolicy.defaults();
              return new Policies(p, w);
            });
  }

  static Gen<Op> ops() {
    Gen<Kind> kinds = SourceDSL.arbitrary().enumValues(Kind.class);
    return kinds.zip(
        SourceDSL.integers().between(0, CUSTOMERS.size() - 1),
        SourceDSL.integers().between(0, 9_999),
        SourceDSL.integers().between(0, 999),
        Op::new);
  }

  static Gen<List<Op>> histories() {
    return SourceDSL.lists().of(ops()).ofSizeBetween(1, 60);
  }

  /** Everything observable about a ledger at one moment. */
  record Snapshot(
      Map<AccountId, Long> balances,
      Map<AccountId, Long> versions,
      List<Lot> lots,
      List<Hold> holds,
      List<Transaction> journal,
      Map<CustomerId, PointsBalance> points,
      Map<CustomerId, WalletBalance> wallets,
      Instant time) {
    static Snapshot of(Ledger l) {
      Map<CustomerId, PointsBalance> points = new LinkedHashMap<>();
      Map<CustomerId, WalletBalance> wallets = new LinkedHashMap<>();
      for (CustomerId c : CUSTOMERS) {
        points.put(c, l.points(c));
        wallets.put(c, l.wallet(c, EUR));
      }
      Map<AccountId, Long> versions = new LinkedHashMap<>();
      for (AccountId a : l.balances().keySet()) {
        versions.put(a, l.version(a));
      }
      return new Snapshot(
          l.balances(), versions, l.allLots(), l.holds(), l.journal(), points, wallets, l.time());
    }

    /** The state without the journal's outcomes (for comparing states reached differently). */
    boolean sameState(Snapshot o) {
      return balances.equals(o.balances)
          && lots.equals(o.lots)
          && holds.equals(o.holds)
          && journal.size() == o.journal.size();
    }
  }

  /**
   * One executed operation.
   *
   * @param op the generated operation
   * @param command the command built, if it could be built
   * @param outcome the outcome, if the ledger returned one
   * @param thrown what was thrown building or executing the command
   * @param firstOutcome for a retry, the outcome of the original command
   * @param before state before (after due expiries)
   * @param after state after
   */
  record Step(
      Op op,
      Optional<Command> command,
      Optional<Outcome> outcome,
      Optional<RuntimeException> thrown,
      Optional<Outcome> firstOutcome,
      Snapshot before,
      Snapshot after) {
    boolean changedNothing() {
      return before.balances.equals(after.balances)
          && before.versions.equals(after.versions)
          && before.lots.equals(after.lots)
          && before.holds.equals(after.holds)
          && before.journal.equals(after.journal);
    }

    boolean rejected() {
      return thrown.isPresent() || outcome.map(o -> !o.isApplied()).orElse(false);
    }
  }

  /** A ledger running a history. */
  static final class Run {
    final Policies policies;
    final ManualClock clock = ManualClock.at(START);
    final Ledger ledger;
    final List<Command> executed = new ArrayList<>();
    final Map<IdempotencyKey, Outcome> firstOutcomes = new LinkedHashMap<>();
    final List<Step> steps = new ArrayList<>();
    int counter;

    Run(Policies policies) {
      this.policies = policies;
      this.ledger = Ledger.create(policies.points(), policies.wallet(), clock);
    }

    static Run of(Policies policies, List<Op> ops) {
      Run run = new Run(policies);
      for (Op op : ops) {
        run.step(op);
      }
      return run;
    }

    Ledger replayed() {
      return Ledger.replay(policies.points(), policies.wallet(), clock, ledger.journal());
    }

    Step step(Op op) {
      if (op.kind() == Kind.CLOCK) {
        clock.advance(op.clockMove());
      }
      ledger.advance();
      Snapshot before = Snapshot.of(ledger);
      Optional<Command> command = Optional.empty();
      Optional<Outcome> outcome = Optional.empty();
      Optional<RuntimeException> thrown = Optional.empty();
      Optional<Outcome> first = Optional.empty();
      try {
        command = build(op);
        if (command.isPresent()) {
          first = Optional.ofNullable(firstOutcomes.get(command.get().key()));
          Outcome o = ledger.execute(command.get());
          outcome = Optional.of(o);
          executed.add(command.get());
          if (o.isApplied()) {
            firstOutcomes.putIfAbsent(command.get().key(), o);
          }
        }
      } catch (IllegalArgumentException
          | IdempotencyConflictException
          | dev.care.core.money.CurrencyMismatchException e) {
        thrown = Optional.of(e);
      }
      Step s = new Step(op, command, outcome, thrown, first, before, Snapshot.of(ledger));
      steps.add(s);
      return s;
    }

    private IdempotencyKey fresh() {
      return IdempotencyKey.of("k" + (++counter));
    }

    private Optional<Command> build(Op op) {
      CustomerId c = CUSTOMERS.get(op.customer());
      CustomerId other = CUSTOMERS.get((op.customer() + 1 + op.ref() % 2) % CUSTOMERS.size());
      long amount = op.amount();
      List<Posting> postings = ledger.postings();
      List<Hold> holds = ledger.holds();
      Instant now = clock.instant();
      switch (op.kind()) {
        case EARN:
          return Optional.of(Earn.of(fresh(), c, amount, CTX));
        case EARN_PENDING:
          return Optional.of(
              Earn.of(fresh(), c, amount, CTX)
                  .pendingUntil(now.plus(Duration.ofDays(1 + op.ref() % 10))));
        case EARN_RAW:
          BigDecimal raw = BigDecimal.valueOf(amount).add(BigDecimal.valueOf(op.ref() % 10, 1));
          return Optional.of(
              new Earn(
                  fresh(),
                  c,
                  raw,
                  raw.divide(BigDecimal.valueOf(2)),
                  Funding.PROMOTIONAL,
                  Optional.empty(),
                  CTX));
        case REDEEM:
          return Optional.of(new Redeem(fresh(), c, amount, CTX));
        case ADJUST:
          return Optional.of(
              new Adjust(
                  fresh(),
                  c,
                  op.ref() % 2 == 0 ? amount : -amount,
                  PostingContext.of("goodwill", "agent-7")));
        case TRANSFER:
          return Optional.of(new Transfer(fresh(), c, other, amount, CTX));
        case REVERSE_ALL:
          return Optional.of(Reverse.all(fresh(), pick(postings, op.ref()), CTX));
        case REVERSE_PART:
          return Optional.of(Reverse.part(fresh(), pick(postings, op.ref()), amount, CTX));
        case HOLD_POINTS:
          return Optional.of(
              new PlaceHold(
                  fresh(), c, Asset.POINTS, amount, Duration.ofHours(1 + op.ref() % 72), CTX));
        case CAPTURE:
          return Optional.of(new CaptureHold(fresh(), pickHold(holds, op.ref()), amount, CTX));
        case VOID:
          return Optional.of(new VoidHold(fresh(), pickHold(holds, op.ref()), CTX));
        case TOP_UP:
          return Optional.of(TopUp.of(fresh(), c, Money.ofMinor(EUR, amount), CTX));
        case TOP_UP_BONUS:
          return Optional.of(
              TopUp.of(fresh(), c, Money.ofMinor(EUR, amount), CTX)
                  .withBonus(
                      Money.ofMinor(EUR, 1 + op.ref() % 50), Duration.ofDays(1 + op.ref() % 40)));
        case SPEND:
          return Optional.of(new Spend(fresh(), c, Money.ofMinor(EUR, amount), CTX));
        case CASH_OUT:
          return Optional.of(new CashOut(fresh(), c, Money.ofMinor(EUR, amount), CTX));
        case HOLD_WALLET:
          return Optional.of(
              new PlaceHold(
                  fresh(), c, Asset.money(EUR), amount, Duration.ofHours(1 + op.ref() % 72), CTX));
        case RETRY:
          return executed.isEmpty()
              ? Optional.empty()
              : Optional.of(executed.get(op.ref() % executed.size()));
        case CONFLICT:
          if (executed.isEmpty()) {
            return Optional.empty();
          }
          IdempotencyKey used = executed.get(op.ref() % executed.size()).key();
          return Optional.of(new Redeem(used, c, 1 + op.amountSel(), CTX));
        case MIXED_CURRENCY:
          return Optional.of(
              TopUp.of(fresh(), c, Money.ofMinor(EUR, 10), CTX)
                  .withBonus(Money.ofMinor(USD, 5), Duration.ofDays(1)));
        case CLOCK:
        default:
          return Optional.empty();
      }
    }

    /** An earlier posting, or (1 in 8) one that does not exist. */
    private static PostingId pick(List<Posting> postings, int ref) {
      return postings.isEmpty() || ref % 8 == 7
          ? new PostingId(CUSTOMERS.get(ref % CUSTOMERS.size()), 10_000 + ref)
          : postings.get(ref % postings.size()).id();
    }

    /** An earlier hold, or (1 in 8) one that does not exist. */
    private static HoldId pickHold(List<Hold> holds, int ref) {
      return holds.isEmpty() || ref % 8 == 7
          ? new HoldId(CUSTOMERS.get(ref % CUSTOMERS.size()), 10_000 + ref)
          : holds.get(ref % holds.size()).id();
    }
  }

  private History() {}
}
