package dev.care.core.ledger;

import static dev.care.core.ledger.History.CTX;
import static dev.care.core.ledger.History.CUSTOMERS;
import static dev.care.core.ledger.History.EUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.History.Kind;
import dev.care.core.ledger.History.Op;
import dev.care.core.ledger.History.Policies;
import dev.care.core.ledger.History.Run;
import dev.care.core.ledger.History.Snapshot;
import dev.care.core.ledger.History.Step;
import dev.care.core.money.Money;
import dev.care.core.testing.Pbt;
import dev.care.core.wallet.SpendOrder;
import dev.care.core.wallet.WalletBalance;
import dev.care.core.wallet.WalletPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/**
 * One property per invariant of LEDGER-INVARIANTS.md that applies to the pure domain, named after
 * its id. Each runs generated histories (valid, invalid, duplicate, conflicting and reordered
 * operations; the clock moving both ways) and checks the invariant after every step. L15 (outbox in
 * the same transaction) and the concurrency items need storage: the storage TCK covers them.
 */
class LedgerInvariantsTest {

  private static void histories(Consumer<Run> check) {
    Pbt.qt()
        .forAll(History.policies(), History.histories())
        .checkAssert((p, ops) -> check.accept(Run.of(p, ops)));
  }

  private static void steps(Consumer<Step> check) {
    histories(run -> run.steps.forEach(check));
  }

  private static Map<Asset, java.math.BigInteger> sumsByAsset(Map<AccountId, Long> balances) {
    Map<Asset, java.math.BigInteger> sums = new HashMap<>();
    balances.forEach(
        (a, v) ->
            sums.merge(a.asset(), java.math.BigInteger.valueOf(v), java.math.BigInteger::add));
    return sums;
  }

  @Test
  @DisplayName(
      "the generated histories exercise every posting kind, every hold end and most rejections")
  void histories_are_not_vacuous() {
    java.util.Set<Object> seen = new java.util.HashSet<>();
    histories(
        run -> {
          for (Step s : run.steps) {
            s.outcome()
                .ifPresent(
                    o -> {
                      if (o instanceof Outcome.Rejected r) {
                        seen.add(r.reason());
                      }
                    });
            s.thrown().ifPresent(e -> seen.add(e.getClass()));
          }
          run.ledger.postings().forEach(p -> seen.add(p.kind()));
          run.ledger.holds().forEach(h -> seen.add(h.status()));
        });
    assertThat(seen)
        .contains((Object[]) PostingKind.values())
        .contains((Object[]) HoldStatus.values());
    assertThat(seen)
        .contains(
            Rejection.INSUFFICIENT_BALANCE,
            Rejection.UNKNOWN_POSTING,
            Rejection.NOT_REVERSIBLE,
            Rejection.REVERSAL_EXCEEDS_ORIGINAL,
            Rejection.CLAWBACK_NOT_ALLOWED,
            Rejection.UNKNOWN_HOLD,
            Rejection.HOLD_NOT_OPEN,
            Rejection.CAPTURE_EXCEEDS_HOLD,
            Rejection.AMOUNT_OVERFLOW,
            IdempotencyConflictException.class,
            IllegalArgumentException.class,
            dev.care.core.money.CurrencyMismatchException.class);
  }

  @Test
  @DisplayName("L1 every posting's entries sum to zero per asset")
  void L1_postings_balance() {
    histories(
        run -> {
          for (Posting p : run.ledger.postings()) {
            Map<Asset, Long> sums = new HashMap<>();
            p.entries().forEach(e -> sums.merge(e.account().asset(), e.amount(), Math::addExact));
            assertThat(sums.values()).allMatch(v -> v == 0);
          }
        });
  }

  @Test
  @DisplayName("L2 all balances of an asset, customer and program, sum to zero after every step")
  void L2_balances_sum_to_zero_per_asset() {
    steps(
        s -> assertThat(sumsByAsset(s.after().balances()).values()).allMatch(v -> v.signum() == 0));
  }

  @Test
  @DisplayName("L3 no posting mixes assets")
  void L3_no_posting_mixes_assets() {
    histories(
        run ->
            run.ledger
                .postings()
                .forEach(
                    p ->
                        assertThat(p.entries())
                            .allMatch(e -> e.account().asset().equals(p.asset()))));
    assertThatThrownBy(
            () ->
                new Posting(
                    new PostingId(CUSTOMERS.get(0), 1),
                    PostingKind.ADJUST,
                    History.START,
                    List.of(
                        new Entry(AccountId.points(CUSTOMERS.get(0)), 5),
                        new Entry(
                            AccountId.program(AccountType.ADJUSTMENTS, Asset.money(EUR)), -5)),
                    List.of(),
                    CTX,
                    Optional.empty(),
                    0))
        .hasMessageContaining("mixes assets");
  }

  @Test
  @DisplayName("L4 zero, negative and overflowing amounts are rejected and change nothing")
  void L4_hostile_amounts_rejected_without_effect() {
    steps(
        s -> {
          boolean amountBearing =
              switch (s.op().kind()) {
                case EARN, REDEEM, TRANSFER, HOLD_POINTS, TOP_UP, SPEND, CASH_OUT, HOLD_WALLET ->
                    true;
                default -> false;
              };
          if (amountBearing && s.op().amount() <= 0) {
            assertThat(s.thrown()).containsInstanceOf(IllegalArgumentException.class);
          }
          if (s.rejected()) {
            assertThat(s.changedNothing()).as("rejected step %s changed state", s.op()).isTrue();
          }
        });
    // Long.MAX_VALUE sums: a second maximal earn would overflow the balance, and is rejected.
    Run run = new Run(new Policies(PointsPolicy.defaults(), WalletPolicy.defaults()));
    CustomerId c = CUSTOMERS.get(0);
    assertThat(
            run.ledger.execute(Earn.of(IdempotencyKey.of("a"), c, Long.MAX_VALUE, CTX)).isApplied())
        .isTrue();
    Snapshot before = Snapshot.of(run.ledger);
    Outcome o = run.ledger.execute(Earn.of(IdempotencyKey.of("b"), c, 1, CTX));
    assertThat(o)
        .isInstanceOfSatisfying(
            Outcome.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(Rejection.AMOUNT_OVERFLOW));
    assertThat(Snapshot.of(run.ledger)).isEqualTo(before);
  }

  @Test
  @DisplayName("L5 no posting debits and credits the same account")
  void L5_never_debit_and_credit_one_account() {
    histories(
        run -> {
          for (Posting p : run.ledger.postings()) {
            Map<AccountId, Integer> signs = new HashMap<>();
            for (Entry e : p.entries()) {
              int sign = Long.signum(e.amount());
              assertThat(signs.merge(e.account(), sign, (x, y) -> x.equals(y) ? x : 0)).isNotZero();
            }
          }
        });
  }

  @Test
  @DisplayName("L6 each balance equals the sum of its entries and its version their count")
  void L6_balances_and_versions_derive_from_entries() {
    steps(
        s -> {
          Map<AccountId, Long> sums = new HashMap<>();
          Map<AccountId, Long> counts = new HashMap<>();
          for (Transaction tx : s.after().journal()) {
            for (Posting p : tx.postings()) {
              for (Entry e : p.entries()) {
                sums.merge(e.account(), e.amount(), Long::sum);
                counts.merge(e.account(), 1L, Long::sum);
              }
            }
          }
          assertThat(s.after().balances()).isEqualTo(sums);
          assertThat(s.after().versions()).isEqualTo(counts);
        });
  }

  @Test
  @DisplayName(
      "L30 replaying one customer's journal alone reproduces that customer's balances, lots, holds"
          + " and qualifying points")
  void L30_one_customers_journal_rebuilds_that_customer() {
    histories(
        run -> {
          int withJournal = 0;
          for (CustomerId c : CUSTOMERS) {
            List<Transaction> own = run.ledger.journalOf(c);
            withJournal += own.isEmpty() ? 0 : 1;
            Ledger alone =
                Ledger.ofJournals(
                    run.policies.points(), run.policies.wallet(), run.clock, Map.of(c, own));
            assertThat(alone.points(c)).as("points of %s", c).isEqualTo(run.ledger.points(c));
            assertThat(alone.wallet(c, EUR))
                .as("wallet of %s", c)
                .isEqualTo(run.ledger.wallet(c, EUR));
            assertThat(alone.lots(AccountId.points(c)))
                .isEqualTo(run.ledger.lots(AccountId.points(c)));
            assertThat(alone.holds().stream().filter(h -> h.customer().equals(c)).toList())
                .isEqualTo(
                    run.ledger.holds().stream().filter(h -> h.customer().equals(c)).toList());
            assertThat(alone.qualifyingPoints(c, Instant.MIN, Instant.MAX))
                .isEqualTo(run.ledger.qualifyingPoints(c, Instant.MIN, Instant.MAX));
            assertThat(alone.postingsOf(c)).isEqualTo(run.ledger.postingsOf(c));
            for (AccountId account :
                List.of(
                    AccountId.points(c),
                    AccountId.customer(c, AccountType.WALLET_PAID, Asset.money(EUR)),
                    AccountId.customer(c, AccountType.WALLET_BONUS, Asset.money(EUR)))) {
              assertThat(run.ledger.postingsOn(account))
                  .as("the postings on %s are those of the customer that move it", account)
                  .isEqualTo(
                      run.ledger.postingsOf(c).stream()
                          .filter(p -> p.amountOn(account) != 0)
                          .toList());
            }
            for (Transaction tx : own) {
              assertThat(tx.customers())
                  .as("a customer's journal holds only what touches them")
                  .contains(c);
            }
          }
          if (!run.ledger.journal().isEmpty()) {
            assertThat(withJournal).isPositive();
          }
        });
  }

  @Test
  @DisplayName(
      "L7 replaying the journal into an empty ledger reproduces every balance, lot and hold")
  void L7_replay_reproduces_state() {
    histories(
        run -> {
          Ledger copy = run.replayed();
          Snapshot a = Snapshot.of(copy);
          Snapshot b = Snapshot.of(run.ledger);
          assertThat(a.balances()).isEqualTo(b.balances());
          assertThat(a.versions()).isEqualTo(b.versions());
          assertThat(a.lots()).isEqualTo(b.lots());
          assertThat(a.holds()).isEqualTo(b.holds());
          assertThat(a.points()).isEqualTo(b.points());
          assertThat(a.wallets()).isEqualTo(b.wallets());
          assertThat(a.journal().equals(b.journal())).as("journal").isTrue();
          for (CustomerId c : CUSTOMERS) {
            assertThat(copy.qualifyingPoints(c, Instant.MIN, Instant.MAX))
                .isEqualTo(run.ledger.qualifyingPoints(c, Instant.MIN, Instant.MAX));
          }
        });
  }

  @Test
  @DisplayName("L8 available = posted - pending - open holds; every figure recomputes from state")
  void L8_reported_figures_recompute() {
    steps(
        s -> {
          Snapshot a = s.after();
          for (CustomerId c : CUSTOMERS) {
            PointsBalance b = a.points().get(c);
            long heldByHolds = openHeld(a, c, Asset.POINTS);
            long pending =
                lotsOf(a, AccountId.points(c)).stream()
                    .filter(l -> l.isPendingAt(a.time()))
                    .mapToLong(Lot::remaining)
                    .sum();
            assertThat(b.held()).isEqualTo(heldByHolds);
            assertThat(b.pending()).isEqualTo(pending);
            assertThat(b.posted()).isEqualTo(a.balances().getOrDefault(AccountId.points(c), 0L));
            assertThat(b.available()).isEqualTo(b.posted() - b.pending() - b.held());
            WalletBalance w = a.wallets().get(c);
            assertThat(w.held().minorUnits()).isEqualTo(openHeld(a, c, Asset.money(EUR)));
            assertThat(w.available()).isEqualTo(w.paid().plus(w.bonus()).minus(w.held()));
          }
        });
  }

  private static long openHeld(Snapshot s, CustomerId c, Asset asset) {
    return s.holds().stream()
        .filter(h -> h.status() == HoldStatus.OPEN && h.customer().equals(c))
        .filter(h -> h.asset().equals(asset))
        .mapToLong(Hold::amount)
        .sum();
  }

  private static List<Lot> lotsOf(Snapshot s, AccountId account) {
    return s.lots().stream().filter(l -> l.account().equals(account)).toList();
  }

  @Test
  @DisplayName("L9 points and wallets never go below zero, counting open holds")
  void L9_floor_counts_open_holds() {
    steps(
        s -> {
          for (CustomerId c : CUSTOMERS) {
            WalletBalance w = s.after().wallets().get(c);
            assertThat(
                    w.paid().isNegative() || w.bonus().isNegative() || w.available().isNegative())
                .isFalse();
            PointsBalance p = s.after().points().get(c);
            if (p.debt() == 0) {
              assertThat(p.available()).isNotNegative();
            }
          }
        });
  }

  @Test
  @DisplayName(
      "L10 a balance goes negative only by a clawback the policy allows, never below its limit")
  void L10_negative_only_within_clawback_policy() {
    histories(
        run -> {
          ClawbackPolicy policy = run.policies.points().clawback();
          for (Step s : run.steps) {
            for (CustomerId c : CUSTOMERS) {
              PointsBalance before = s.before().points().get(c);
              PointsBalance after = s.after().points().get(c);
              if (!policy.allowNegative()) {
                assertThat(after.posted()).isNotNegative();
                assertThat(after.debt()).isZero();
              } else {
                assertThat(after.posted() - after.held()).isGreaterThanOrEqualTo(-policy.limit());
              }
              if (after.debt() > before.debt()) {
                assertThat(s.command()).containsInstanceOf(Reverse.class);
              }
            }
          }
        });
  }

  @Test
  @DisplayName("L11 one key, one effect: repeats return the same reply, also after a restart")
  void L11_one_key_one_effect() {
    histories(
        run -> {
          for (Step s : run.steps) {
            if (s.op().kind() == Kind.RETRY && s.firstOutcome().isPresent()) {
              // a retried command either is the one recorded under its key (same reply) or a
              // command whose first attempt was rejected and whose key was later reused (conflict)
              if (s.thrown().isPresent()) {
                assertThat(s.thrown().get()).isInstanceOf(IdempotencyConflictException.class);
              } else {
                assertThat(s.outcome()).isEqualTo(s.firstOutcome());
              }
              assertThat(s.changedNothing()).isTrue();
            }
          }
          Ledger restarted = run.replayed();
          Snapshot state = Snapshot.of(restarted);
          for (Transaction tx : run.ledger.journal()) {
            if (tx.command().isPresent()) {
              assertThat(restarted.execute(tx.command().get())).isEqualTo(tx.outcome());
            }
          }
          assertThat(Snapshot.of(restarted).sameState(state)).isTrue();
          long keyed = run.ledger.journal().stream().filter(tx -> tx.command().isPresent()).count();
          assertThat(keyed)
              .isEqualTo(run.firstOutcomes.values().stream().filter(Outcome::isApplied).count());
        });
  }

  @Test
  @DisplayName("L12 the same key with a different command is a conflict naming the fields")
  void L12_key_reuse_with_other_content_conflicts() {
    steps(
        s -> {
          if (s.op().kind() == Kind.CONFLICT
              && s.command().isPresent()
              && s.firstOutcome().isPresent()) {
            assertThat(s.thrown())
                .containsInstanceOf(IdempotencyConflictException.class)
                .get()
                .satisfies(
                    e ->
                        assertThat(((IdempotencyConflictException) e).differingFields())
                            .isNotEmpty());
            assertThat(s.changedNothing()).isTrue();
          }
        });
  }

  @Test
  @DisplayName("L13 reversals of one posting never exceed the original")
  void L13_reversals_bounded_by_original() {
    steps(
        s -> {
          Map<PostingId, Long> reversed = new HashMap<>();
          Map<PostingId, Posting> byId = new HashMap<>();
          for (Transaction tx : s.after().journal()) {
            for (Posting p : tx.postings()) {
              byId.put(p.id(), p);
              p.reverses().ifPresent(o -> reversed.merge(o, customerTotal(p), Long::sum));
            }
          }
          reversed.forEach(
              (id, total) -> {
                Posting orig = byId.get(id);
                if (orig.kind() == PostingKind.TOP_UP) {
                  assertThat(
                          s.after().journal().stream()
                              .flatMap(t -> t.postings().stream())
                              .filter(p -> p.reverses().equals(Optional.of(id)))
                              .count())
                      .isOne();
                } else {
                  assertThat(total).isLessThanOrEqualTo(customerTotal(orig));
                }
              });
        });
  }

  private static long customerTotal(Posting p) {
    return Math.abs(
        p.entries().stream()
            .filter(e -> e.account().type().isCustomerAccount())
            .mapToLong(Entry::amount)
            .sum());
  }

  @Test
  @DisplayName(
      "L14 a rejected multi-leg operation leaves balances, versions, journal, lots and holds unchanged")
  void L14_multi_leg_all_or_nothing() {
    steps(
        s -> {
          boolean multiLeg =
              switch (s.op().kind()) {
                case SPEND,
                        TRANSFER,
                        REVERSE_ALL,
                        REVERSE_PART,
                        CAPTURE,
                        TOP_UP_BONUS,
                        HOLD_WALLET ->
                    true;
                default -> false;
              };
          if (multiLeg && s.rejected()) {
            assertThat(s.changedNothing()).isTrue();
          }
          if (multiLeg && !s.rejected() && s.outcome().get() instanceof Outcome.Posted posted) {
            Posting p = posted.posting();
            for (Entry e : p.entries()) {
              assertThat(
                      s.after().balances().get(e.account())
                          - s.before().balances().getOrDefault(e.account(), 0L))
                  .as("leg on %s applied in full", e.account())
                  .isEqualTo(legDelta(s, e.account()));
            }
          }
        });
  }

  /** What all postings of the step (the command's and any expiry after it) did to an account. */
  private static long legDelta(Step s, AccountId account) {
    return s
        .after()
        .journal()
        .subList(s.before().journal().size(), s.after().journal().size())
        .stream()
        .flatMap(t -> t.postings().stream())
        .mapToLong(p -> p.amountOn(account))
        .sum();
  }

  @Test
  @DisplayName("L16 the journal is append-only")
  void L16_journal_append_only() {
    steps(
        s -> {
          List<Transaction> before = s.before().journal();
          assertThat(s.after().journal().subList(0, before.size())).isEqualTo(before);
        });
  }

  @Test
  @DisplayName("L17 an operation followed by its full reversal restores every balance")
  void L17_operation_then_reversal_restores_balances() {
    Pbt.qt()
        .forAll(
            History.policies(),
            History.histories(),
            SourceDSL.arbitrary()
                .pick(
                    List.of(
                        Kind.EARN,
                        Kind.REDEEM,
                        Kind.SPEND,
                        Kind.TOP_UP,
                        Kind.TOP_UP_BONUS,
                        Kind.ADJUST)),
            SourceDSL.integers().between(0, 74))
        .checkAssert(
            (p, ops, kind, sel) -> {
              Run run = Run.of(p, ops);
              Map<AccountId, Long> before = run.ledger.balances();
              Step s = run.step(new Op(kind, 0, sel, sel));
              if (s.outcome().orElseThrow() instanceof Outcome.Posted posted) {
                Outcome back =
                    run.ledger.execute(
                        Reverse.all(IdempotencyKey.of("undo"), posted.posting().id(), CTX));
                assertThat(back.isApplied()).as("reversal of %s: %s", posted, back).isTrue();
                Map<AccountId, Long> after = new HashMap<>(run.ledger.balances());
                after.keySet().removeIf(a -> !before.containsKey(a) && after.get(a) == 0);
                assertThat(after).isEqualTo(before);
              }
            });
  }

  @Test
  @DisplayName("L18 one operation of a+b leaves the same balances as two of a and b")
  void L18_split_equals_whole() {
    Pbt.qt()
        .forAll(
            History.policies(),
            History.histories(),
            SourceDSL.integers().between(1, 200),
            SourceDSL.integers().between(1, 200))
        .checkAssert(
            (p, ops, a, b) -> {
              for (int variant = 0; variant < 3; variant++) {
                Run whole = Run.of(p, ops);
                Run split = Run.of(p, ops);
                CustomerId c = CUSTOMERS.get(0);
                Outcome w = whole.ledger.execute(command(variant, "w", c, a + b));
                Outcome s1 = split.ledger.execute(command(variant, "s1", c, a));
                Outcome s2 = split.ledger.execute(command(variant, "s2", c, b));
                if (w.isApplied()) {
                  assertThat(s1.isApplied() && s2.isApplied()).isTrue();
                  assertThat(split.ledger.balances()).isEqualTo(whole.ledger.balances());
                  if (variant > 0) {
                    assertThat(remaining(split.ledger)).isEqualTo(remaining(whole.ledger));
                  }
                } else {
                  assertThat(s1.isApplied() && s2.isApplied()).isFalse();
                }
              }
            });
  }

  private static Command command(int variant, String key, CustomerId c, long amount) {
    IdempotencyKey k = IdempotencyKey.of(key);
    return switch (variant) {
      case 0 -> Earn.of(k, c, amount, CTX);
      case 1 -> new Redeem(k, c, amount, CTX);
      default -> new Spend(k, c, Money.ofMinor(EUR, amount), CTX);
    };
  }

  private static Map<LotId, Long> remaining(Ledger l) {
    Map<LotId, Long> out = new HashMap<>();
    l.allLots().forEach(lot -> out.put(lot.id(), lot.remaining()));
    return out;
  }

  @Test
  @DisplayName("L20 a hold ends exactly once; capture is at most the hold")
  void L20_hold_ends_once() {
    steps(
        s -> {
          for (Hold before : s.before().holds()) {
            Hold after =
                s.after().holds().stream()
                    .filter(h -> h.id().equals(before.id()))
                    .findFirst()
                    .orElseThrow();
            if (before.status() != HoldStatus.OPEN) {
              assertThat(after).isEqualTo(before);
            }
            assertThat(after.captured()).isLessThanOrEqualTo(after.amount());
          }
          if (s.command().orElse(null) instanceof CaptureHold c && s.thrown().isEmpty()) {
            s.before().holds().stream()
                .filter(h -> h.id().equals(c.hold()) && h.status() != HoldStatus.OPEN)
                .forEach(
                    h ->
                        assertThat(s.outcome().get())
                            .isEqualTo(
                                new Outcome.Rejected(
                                    Rejection.HOLD_NOT_OPEN,
                                    ((Outcome.Rejected) s.outcome().get()).message())));
          }
        });
  }

  @Test
  @DisplayName("L21 hold expiry follows the clock; moving it back never un-expires or re-expires")
  void L21_hold_expiry_follows_clock() {
    histories(
        run -> {
          for (Step s : run.steps) {
            for (Hold h : s.after().holds()) {
              if (h.status() == HoldStatus.EXPIRED) {
                assertThat(s.after().time()).isAfterOrEqualTo(h.expiresAt());
              }
              if (h.status() == HoldStatus.OPEN) {
                assertThat(s.after().time()).isBefore(h.expiresAt());
              }
            }
            assertThat(s.after().time()).isAfterOrEqualTo(s.before().time());
          }
          Map<HoldId, Long> ends = new HashMap<>();
          run.ledger.journal().stream()
              .flatMap(t -> t.holdEvents().stream())
              .filter(e -> e.hold().status() != HoldStatus.OPEN)
              .forEach(e -> ends.merge(e.hold().id(), 1L, Long::sum));
          assertThat(ends.values()).allMatch(n -> n == 1);
        });
  }

  @Test
  @DisplayName(
      "L22 every earn is a lot with an expiry; redemption takes the soonest-expiring first")
  void L22_soonest_expiring_lot_first() {
    histories(
        run -> {
          Duration lifetime = run.policies.points().lotLifetime().orElseThrow();
          for (Step s : run.steps) {
            if (!(s.outcome().orElse(null) instanceof Outcome.Posted posted)
                || s.firstOutcome().isPresent()) {
              continue;
            }
            Posting p = posted.posting();
            if (p.kind() == PostingKind.EARN) {
              for (LotChange c : p.lotChanges()) {
                assertThat(c.opened().orElseThrow().expiresAt()).contains(p.at().plus(lifetime));
              }
            }
            if (p.kind() == PostingKind.REDEEM && s.command().get() instanceof Redeem) {
              assertDrawOrder(
                  s,
                  p,
                  Comparator.comparing((Lot l) -> l.expiresAt().orElse(Instant.MAX))
                      .thenComparing(l -> l.id().value()));
            }
          }
        });
  }

  /** Any spendable lot ordered before a drawn lot must have been drawn completely. */
  private static void assertDrawOrder(Step s, Posting p, Comparator<Lot> order) {
    Map<LotId, Long> drawn = new HashMap<>();
    p.lotChanges().forEach(c -> drawn.merge(c.lot(), -c.delta(), Long::sum));
    List<Lot> candidates = new ArrayList<>();
    for (Lot l : s.before().lots()) {
      boolean sameCustomer = p.entries().stream().anyMatch(e -> e.account().equals(l.account()));
      if (sameCustomer && l.free() > 0 && !l.isPendingAt(p.at()) && !l.isExpiredAt(p.at())) {
        candidates.add(l);
      }
    }
    candidates.sort(order);
    boolean gap = false;
    for (Lot l : candidates) {
      long d = drawn.getOrDefault(l.id(), 0L);
      if (d > 0) {
        assertThat(gap).as("lot %s drawn although an earlier lot was left", l.id()).isFalse();
      }
      if (d < l.free()) {
        gap = true;
      }
    }
  }

  @Test
  @DisplayName("L23 pending points are visible but not spendable until their activation")
  void L23_pending_not_spendable() {
    steps(
        s -> {
          if (s.outcome().orElse(null) instanceof Outcome.Posted posted
              && posted.posting().kind() != PostingKind.REVERSAL
              && posted.posting().kind() != PostingKind.EXPIRE) {
            for (LotChange c : posted.posting().lotChanges()) {
              if (c.delta() < 0) {
                Lot lot =
                    s.before().lots().stream()
                        .filter(l -> l.id().equals(c.lot()))
                        .findFirst()
                        .orElseThrow();
                assertThat(lot.isPendingAt(posted.posting().at())).isFalse();
              }
            }
          }
          for (CustomerId c : CUSTOMERS) {
            PointsBalance b = s.after().points().get(c);
            long active =
                lotsOf(s.after(), AccountId.points(c)).stream()
                    .filter(l -> !l.isPendingAt(s.after().time()))
                    .mapToLong(Lot::free)
                    .sum();
            assertThat(b.available()).isEqualTo(active - b.debt());
          }
        });
  }

  @Test
  @DisplayName("L24 remaining lots sum to available + pending (+ held + debt)")
  void L24_lots_sum_to_balance() {
    steps(
        s -> {
          for (CustomerId c : CUSTOMERS) {
            PointsBalance b = s.after().points().get(c);
            long lots =
                lotsOf(s.after(), AccountId.points(c)).stream().mapToLong(Lot::remaining).sum();
            assertThat(lots).isEqualTo(b.available() + b.pending() + b.held() + b.debt());
            for (AccountType t : List.of(AccountType.WALLET_PAID, AccountType.WALLET_BONUS)) {
              AccountId a = AccountId.customer(c, t, Asset.money(EUR));
              assertThat(lotsOf(s.after(), a).stream().mapToLong(Lot::remaining).sum())
                  .isEqualTo(s.after().balances().getOrDefault(a, 0L));
            }
          }
        });
  }

  @Test
  @DisplayName("L25 rounding happens once, at earning; earn then full reversal is exactly zero")
  void L25_round_once_reverse_exactly() {
    histories(
        run -> {
          for (Step s : run.steps) {
            if (s.command().orElse(null) instanceof Earn e
                && s.outcome().get() instanceof Outcome.Posted posted
                && s.firstOutcome().isEmpty()) {
              long rounded = run.policies.points().rounding().round(e.points());
              assertThat(posted.posting().amountOn(AccountId.points(e.customer())))
                  .isEqualTo(rounded);
              Map<AccountId, Long> before = run.ledger.balances();
              Outcome back =
                  run.ledger.execute(
                      Reverse.all(
                          IdempotencyKey.of("undo-" + posted.posting().id()),
                          posted.posting().id(),
                          CTX));
              if (back instanceof Outcome.Posted r) {
                assertThat(r.posting().amountOn(AccountId.points(e.customer())))
                    .isEqualTo(-rounded + reversedBefore(run.ledger, posted.posting()));
              }
              assertThat(before.keySet()).isNotEmpty();
              return;
            }
          }
        });
  }

  private static long reversedBefore(Ledger l, Posting orig) {
    return l.postings().stream()
            .filter(p -> p.reverses().equals(Optional.of(orig.id())))
            .mapToLong(LedgerInvariantsTest::customerTotal)
            .sum()
        - l.postings().stream()
            .filter(p -> p.reverses().equals(Optional.of(orig.id())))
            .reduce((x, y) -> y)
            .map(LedgerInvariantsTest::customerTotal)
            .orElse(0L);
  }

  @Test
  @DisplayName(
      "L26 tier-qualifying points are kept apart from spendable points and reversed by returns")
  void L26_qualifying_points_apart() {
    histories(
        run -> {
          for (Step s : run.steps) {
            for (CustomerId c : CUSTOMERS) {
              long q = qualifying(s.after(), c, run.policies);
              Kind k = s.op().kind();
              if (k == Kind.REDEEM || k == Kind.SPEND || k == Kind.TRANSFER || k == Kind.CAPTURE) {
                assertThat(q).isEqualTo(qualifying(s.before(), c, run.policies));
              }
            }
          }
          Snapshot end = Snapshot.of(run.ledger);
          for (CustomerId c : CUSTOMERS) {
            assertThat(run.ledger.qualifyingPoints(c, Instant.MIN, Instant.MAX))
                .isEqualTo(qualifying(end, c, run.policies));
            List<Instant> instants =
                end.journal().stream()
                    .flatMap(t -> t.postings().stream())
                    .map(Posting::at)
                    .distinct()
                    .sorted()
                    .toList();
            for (int i = 0; i < instants.size(); i++) {
              for (int j = i; j < instants.size(); j += 1 + instants.size() / 4) {
                Instant from = instants.get(i);
                Instant to = instants.get(j).plusNanos(j % 2);
                assertThat(run.ledger.qualifyingPoints(c, from, to))
                    .as("qualifying points of %s in [%s, %s)", c, from, to)
                    .isEqualTo(qualifyingIn(end, c, from, to));
              }
            }
          }
        });
  }

  /**
   * Independent recomputation of a window: every posting moving the customer's points account with
   * qualifying points, counted at its own instant or, for a reversal, at its original's.
   */
  private static long qualifyingIn(Snapshot s, CustomerId c, Instant from, Instant to) {
    Map<PostingId, Posting> byId = new HashMap<>();
    List<Posting> all = s.journal().stream().flatMap(t -> t.postings().stream()).toList();
    all.forEach(p -> byId.put(p.id(), p));
    long sum = 0;
    for (Posting p : all) {
      if (p.qualifying() == 0 || p.amountOn(AccountId.points(c)) == 0) {
        continue;
      }
      Instant at = p.reverses().map(o -> byId.get(o).at()).orElse(p.at());
      if (!at.isBefore(from) && at.isBefore(to)) {
        sum += p.qualifying();
      }
    }
    return sum;
  }

  /** Independent recomputation: Q - floor(Q * reversed / P) per earning. */
  private static long qualifying(Snapshot s, CustomerId c, Policies policies) {
    Map<PostingId, Long> reversed = new HashMap<>();
    List<Posting> all = s.journal().stream().flatMap(t -> t.postings().stream()).toList();
    all.forEach(p -> p.reverses().ifPresent(o -> reversed.merge(o, customerTotal(p), Long::sum)));
    long sum = 0;
    for (Transaction tx : s.journal()) {
      if (tx.command().orElse(null) instanceof Earn e && e.customer().equals(c)) {
        long points = policies.points().rounding().round(e.points());
        long q = Math.min(points, policies.points().rounding().round(e.qualifying()));
        long r = reversed.getOrDefault(tx.postings().get(0).id(), 0L);
        sum +=
            q
                - java.math.BigInteger.valueOf(q)
                    .multiply(java.math.BigInteger.valueOf(r))
                    .divide(java.math.BigInteger.valueOf(points))
                    .longValueExact();
      }
    }
    return sum;
  }

  @Test
  @DisplayName("L27 paid and bonus are separate; spend draws in the declared order")
  void L27_spend_order() {
    histories(
        run -> {
          boolean paidFirst = run.policies.wallet().spendOrder() == SpendOrder.PAID_FIRST;
          for (Step s : run.steps) {
            if (s.outcome().orElse(null) instanceof Outcome.Posted posted
                && s.command().get() instanceof Spend
                && s.firstOutcome().isEmpty()) {
              Comparator<Lot> order =
                  Comparator.comparing(
                          (Lot l) -> (l.account().type() == AccountType.WALLET_PAID) != paidFirst)
                      .thenComparing(l -> l.expiresAt().orElse(Instant.MAX))
                      .thenComparing(l -> l.id().value());
              assertDrawOrder(s, posted.posting(), order);
            }
          }
        });
  }

  @Test
  @DisplayName(
      "L28 refunds return to the buckets drawn from; only paid value cashes out; top-up refunds claw back bonus")
  void L28_refund_and_cash_out_rules() {
    histories(
        run -> {
          for (Step s : run.steps) {
            if (!(s.outcome().orElse(null) instanceof Outcome.Posted posted)
                || s.firstOutcome().isPresent()) {
              continue;
            }
            Posting p = posted.posting();
            if (p.kind() == PostingKind.CASH_OUT) {
              assertThat(p.entries())
                  .filteredOn(e -> e.account().type().isCustomerAccount())
                  .allMatch(e -> e.account().type() == AccountType.WALLET_PAID);
            }
            if (p.kind() == PostingKind.REVERSAL) {
              Posting orig = run.ledger.posting(p.reverses().get()).orElseThrow();
              if (orig.kind() == PostingKind.SPEND) {
                List<LotId> drawnByOriginal =
                    orig.lotChanges().stream().map(LotChange::lot).toList();
                assertThat(p.lotChanges())
                    .allMatch(c -> drawnByOriginal.contains(c.lot()) && c.delta() > 0);
              }
              if (orig.kind() == PostingKind.TOP_UP) {
                for (LotChange c : orig.lotChanges()) {
                  assertThat(
                          s.after().lots().stream()
                              .filter(l -> l.id().equals(c.lot()))
                              .findFirst()
                              .orElseThrow()
                              .remaining())
                      .isZero();
                }
              }
            }
          }
        });
    CustomerId c = CUSTOMERS.get(0);
    Run run = new Run(new Policies(PointsPolicy.defaults(), WalletPolicy.defaults()));
    run.ledger.execute(
        TopUp.of(IdempotencyKey.of("t"), c, Money.ofMinor(EUR, 100), CTX)
            .withBonus(Money.ofMinor(EUR, 20), Duration.ofDays(30)));
    assertThat(
            run.ledger.execute(
                new CashOut(IdempotencyKey.of("o"), c, Money.ofMinor(EUR, 101), CTX)))
        .isInstanceOf(Outcome.Rejected.class);
  }

  @Test
  @DisplayName("L29 paid value never expires by default; a paid expiry under five years is refused")
  void L29_paid_value_expiry_floor() {
    histories(
        run -> {
          for (Posting p : run.ledger.postings()) {
            if (p.kind() == PostingKind.EXPIRE) {
              assertThat(p.entries()).noneMatch(e -> e.account().type() == AccountType.WALLET_PAID);
            }
          }
        });
    assertThatThrownBy(
            () ->
                new WalletPolicy(
                    SpendOrder.SOONEST_EXPIRING_FIRST, Optional.of(Period.ofMonths(59))))
        .hasMessageContaining("at least P5Y");
    WalletPolicy fiveYears =
        new WalletPolicy(SpendOrder.SOONEST_EXPIRING_FIRST, Optional.of(Period.ofYears(5)));
    Run run = new Run(new Policies(PointsPolicy.defaults(), fiveYears));
    CustomerId c = CUSTOMERS.get(0);
    run.ledger.execute(TopUp.of(IdempotencyKey.of("t"), c, Money.ofMinor(EUR, 100), CTX));
    assertThat(run.ledger.allLots().get(0).expiresAt())
        .contains(History.START.atZone(ZoneOffset.UTC).plusYears(5).toInstant());
    run.clock.advance(Duration.ofDays(5 * 366));
    assertThat(run.ledger.wallet(c, EUR).paid().isZero()).isTrue();
    assertThat(run.ledger.liability(EUR, History.START, Instant.MAX).expiredPaid())
        .isEqualTo(Money.ofMinor(EUR, 100));
  }
}
