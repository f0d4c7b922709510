package dev.care.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Boundaries and less-travelled paths: exact amounts, debts, transfers, replays, validation. */
class LedgerEdgeCasesTest {
  static final CustomerId ANN = CustomerId.of("ann");
  static final CustomerId BOB = CustomerId.of("bob");
  static final Currency EUR = Currency.getInstance("EUR");
  static final PostingContext CTX = PostingContext.of("test", "tester");
  final ManualClock clock = ManualClock.at(Instant.parse("2026-02-01T08:00:00Z"));
  Ledger ledger = Ledger.create(clock);
  int keys;

  IdempotencyKey key() {
    return IdempotencyKey.of("e" + (++keys));
  }

  Posting posted(Command c) {
    Outcome o = ledger.execute(c);
    assertThat(o).as("%s", c).isInstanceOf(Outcome.Posted.class);
    return ((Outcome.Posted) o).posting();
  }

  Rejection rejected(Command c) {
    Outcome o = ledger.execute(c);
    assertThat(o).as("%s", c).isInstanceOf(Outcome.Rejected.class);
    return ((Outcome.Rejected) o).reason();
  }

  Hold hold(CustomerId c, Asset asset, long amount) {
    Outcome o = ledger.execute(new PlaceHold(key(), c, asset, amount, Duration.ofHours(1), CTX));
    assertThat(o).isInstanceOf(Outcome.HoldPlaced.class);
    return ((Outcome.HoldPlaced) o).hold();
  }

  Ledger withClawback(long limit) {
    return Ledger.create(
        PointsPolicy.defaults().withClawback(ClawbackPolicy.allowNegative(limit)),
        WalletPolicy.defaults(),
        clock);
  }

  @Test
  void exact_amounts_are_accepted_and_one_more_is_rejected() {
    posted(Earn.of(key(), ANN, 100, CTX));
    assertThat(rejected(new Redeem(key(), ANN, 101, CTX)))
        .isEqualTo(Rejection.INSUFFICIENT_BALANCE);
    assertThat(rejected(new Transfer(key(), ANN, BOB, 101, CTX)))
        .isEqualTo(Rejection.INSUFFICIENT_BALANCE);
    assertThat(
            ledger.execute(new PlaceHold(key(), ANN, Asset.POINTS, 101, Duration.ofHours(1), CTX)))
        .isInstanceOf(Outcome.Rejected.class);
    Hold h = hold(ANN, Asset.POINTS, 100);
    assertThat(rejected(new CaptureHold(key(), h.id(), 101, CTX)))
        .isEqualTo(Rejection.CAPTURE_EXCEEDS_HOLD);
    posted(new CaptureHold(key(), h.id(), 100, CTX));
    posted(Earn.of(key(), ANN, 50, CTX));
    posted(new Transfer(key(), ANN, BOB, 50, CTX));
    posted(new Redeem(key(), BOB, 50, CTX));
    posted(TopUp.of(key(), ANN, Money.ofMinor(EUR, 70), CTX));
    posted(new CashOut(key(), ANN, Money.ofMinor(EUR, 70), CTX));
    assertThat(ledger.points(ANN).posted()).isZero();
    assertThat(ledger.points(BOB).posted()).isZero();
  }

  @Test
  void a_customer_in_debt_cannot_spend_hold_or_give_points_and_credits_repay_the_debt_first() {
    ledger = withClawback(500);
    Posting earn = posted(Earn.of(key(), ANN, 100, CTX));
    Posting redeem = posted(new Redeem(key(), ANN, 60, CTX));
    posted(Reverse.all(key(), earn.id(), CTX));
    assertThat(ledger.points(ANN)).isEqualTo(new PointsBalance(-60, 0, 0, 60, -60));
    assertThat(rejected(new Redeem(key(), ANN, 10, CTX))).isEqualTo(Rejection.INSUFFICIENT_BALANCE);
    assertThat(rejected(new Transfer(key(), ANN, BOB, 10, CTX)))
        .isEqualTo(Rejection.INSUFFICIENT_BALANCE);
    assertThat(
            ledger.execute(new PlaceHold(key(), ANN, Asset.POINTS, 10, Duration.ofHours(1), CTX)))
        .isInstanceOf(Outcome.Rejected.class);
    // refunding the redemption repays the debt before restoring lots
    Posting refund = posted(Reverse.part(key(), redeem.id(), 40, CTX));
    assertThat(refund.lotChanges()).isEmpty();
    assertThat(ledger.points(ANN)).isEqualTo(new PointsBalance(-20, 0, 0, 20, -20));
    Posting rest = posted(Reverse.all(key(), redeem.id(), CTX));
    assertThat(rest.lotChanges()).isEmpty();
    assertThat(ledger.points(ANN)).isEqualTo(new PointsBalance(0, 0, 0, 0, 0));
  }

  @Test
  void a_transfer_to_a_customer_in_debt_repays_it_first() {
    ledger = withClawback(500);
    Posting earn = posted(Earn.of(key(), BOB, 100, CTX));
    posted(new Redeem(key(), BOB, 100, CTX));
    posted(Reverse.part(key(), earn.id(), 30, CTX));
    assertThat(ledger.points(BOB).debt()).isEqualTo(30);
    posted(Earn.of(key(), ANN, 50, CTX));
    Posting t = posted(new Transfer(key(), ANN, BOB, 50, CTX));
    assertThat(t.lotChanges()).extracting(LotChange::delta).containsExactly(-50L, 20L);
    assertThat(ledger.points(BOB)).isEqualTo(new PointsBalance(20, 0, 0, 0, 20));
  }

  @Test
  void the_clawback_limit_counts_open_holds() {
    ledger = withClawback(50);
    Posting earn = posted(Earn.of(key(), ANN, 100, CTX));
    posted(new Redeem(key(), ANN, 60, CTX));
    hold(ANN, Asset.POINTS, 40);
    // reversing 100 would leave -60 posted and 40 held: -100 available, below -50
    assertThat(rejected(Reverse.all(key(), earn.id(), CTX)))
        .isEqualTo(Rejection.CLAWBACK_LIMIT_EXCEEDED);
    // reversing 50: nothing free to draw, so 40 - 50 posted against 40 held: -50, the limit
    assertThat(rejected(Reverse.part(key(), earn.id(), 51, CTX)))
        .isEqualTo(Rejection.CLAWBACK_LIMIT_EXCEEDED);
    posted(Reverse.part(key(), earn.id(), 50, CTX));
    assertThat(ledger.points(ANN)).isEqualTo(new PointsBalance(-10, 0, 40, 50, -50));
  }

  @Test
  void transferred_points_keep_their_expiry_and_are_spent_before_later_ones() {
    posted(Earn.of(key(), ANN, 30, CTX));
    clock.advance(Duration.ofDays(100));
    posted(Earn.of(key(), BOB, 30, CTX));
    posted(new Transfer(key(), ANN, BOB, 30, CTX));
    Posting r = posted(new Redeem(key(), BOB, 10, CTX));
    Lot transferred = ledger.lots(AccountId.points(BOB)).get(1);
    assertThat(r.lotChanges()).extracting(LotChange::lot).containsExactly(transferred.id());
    assertThat(transferred.expiresAt()).contains(Instant.parse("2027-02-01T08:00:00Z"));
  }

  @Test
  void a_return_takes_its_own_lot_first_then_the_soonest_expiring() {
    posted(Earn.of(key(), ANN, 30, CTX));
    clock.advance(Duration.ofDays(100));
    posted(Earn.of(key(), BOB, 30, CTX));
    Posting late = posted(Earn.of(key(), BOB, 30, CTX));
    posted(new Transfer(key(), ANN, BOB, 30, CTX));
    posted(new Redeem(key(), BOB, 20, CTX));
    Posting back = posted(Reverse.all(key(), late.id(), CTX));
    // own lot (30 left), nothing else needed
    assertThat(back.lotChanges()).extracting(LotChange::delta).containsExactly(-30L);
    Posting second = ledger.postings().get(1);
    posted(new Redeem(key(), BOB, 5, CTX));
    Posting back2 = posted(Reverse.all(key(), second.id(), CTX));
    // own lot has 30 - 0 = 30 left? no: the redemptions took the transferred lot first
    assertThat(back2.lotChanges()).extracting(LotChange::delta).containsExactly(-30L);
    assertThat(ledger.points(BOB).posted()).isEqualTo(5);
  }

  @Test
  void refunds_restore_the_last_drawn_lot_first() {
    Posting first = posted(Earn.of(key(), ANN, 10, CTX));
    clock.advance(Duration.ofDays(1));
    posted(Earn.of(key(), ANN, 10, CTX));
    Posting r = posted(new Redeem(key(), ANN, 15, CTX));
    Posting refund = posted(Reverse.part(key(), r.id(), 5, CTX));
    assertThat(refund.lotChanges())
        .extracting(LotChange::lot)
        .doesNotContain(
            ledger.allLots().stream()
                .filter(l -> l.origin().equals(first.id()))
                .findFirst()
                .orElseThrow()
                .id());
    Posting refund2 = posted(Reverse.part(key(), r.id(), 6, CTX));
    assertThat(refund2.lotChanges()).extracting(LotChange::delta).containsExactly(6L);
    assertThat(ledger.allLots()).extracting(Lot::remaining).containsExactly(6L, 10L);
  }

  @Test
  void reset_transfers_start_a_fresh_lifetime() {
    ledger =
        Ledger.create(
            PointsPolicy.defaults().withTransferExpiry(TransferExpiry.RESET),
            WalletPolicy.defaults(),
            clock);
    posted(Earn.of(key(), ANN, 30, CTX));
    clock.advance(Duration.ofDays(100));
    posted(new Transfer(key(), ANN, BOB, 30, CTX));
    assertThat(ledger.lots(AccountId.points(BOB)).get(0).expiresAt())
        .contains(clock.instant().plus(Duration.ofDays(365)));
  }

  @Test
  void promotional_points_are_funded_by_the_promotion_account_and_may_not_qualify() {
    Posting p = posted(Earn.of(key(), ANN, 40, CTX).promotional().withQualifying(BigDecimal.ZERO));
    assertThat(p.amountOn(AccountId.program(AccountType.PROMOTIONAL_FUNDING, Asset.POINTS)))
        .isEqualTo(-40);
    assertThat(ledger.qualifyingPoints(ANN, Instant.MIN, Instant.MAX)).isZero();
    Posting q = posted(Earn.of(key(), ANN, 40, CTX));
    assertThat(ledger.qualifyingPoints(ANN, Instant.MIN, Instant.MAX)).isEqualTo(40);
    clock.advance(Duration.ofDays(400));
    posted(Earn.of(key(), ANN, 5, CTX));
    // q's lot has expired; the return takes the 5 points of the newer lot
    posted(Reverse.part(key(), q.id(), 5, CTX));
    assertThat(rejected(Reverse.part(key(), q.id(), 1, CTX)))
        .isEqualTo(Rejection.CLAWBACK_NOT_ALLOWED);
    // the return counts against the window of the earning it reverses
    assertThat(ledger.qualifyingPoints(ANN, Instant.MIN, clock.instant().minus(Duration.ofDays(1))))
        .isEqualTo(35);
  }

  @Test
  void balances_and_window_sums_asked_again_see_later_transactions_and_the_clock() {
    // a book keeps its points balance and its window sums between askings: each answer must
    // still follow every later transaction and every move of the clock
    Instant start = clock.instant();
    posted(Earn.of(key(), ANN, 100, CTX).pendingUntil(start.plus(Duration.ofDays(14))));
    assertThat(ledger.points(ANN)).isEqualTo(new PointsBalance(100, 100, 0, 0, 0));
    assertThat(ledger.qualifyingPoints(ANN, start, start.plusSeconds(1))).isEqualTo(100);
    clock.advance(Duration.ofDays(1));
    posted(Earn.of(key(), ANN, 30, CTX));
    assertThat(ledger.points(ANN)).isEqualTo(new PointsBalance(130, 100, 0, 0, 30));
    Instant later = clock.instant().plusSeconds(1);
    assertThat(ledger.qualifyingPoints(ANN, start, later)).isEqualTo(130);
    assertThat(ledger.qualifyingPoints(ANN, start.plusSeconds(1), later)).isEqualTo(30);
    assertThat(ledger.qualifyingPoints(ANN, start, start.plusSeconds(1))).isEqualTo(100);
    Hold h = hold(ANN, Asset.POINTS, 20);
    assertThat(ledger.points(ANN)).isEqualTo(new PointsBalance(130, 100, 20, 0, 10));
    clock.advance(Duration.ofDays(14));
    // the pending points are active and the hold has expired, with no command in between
    assertThat(ledger.hold(h.id()).orElseThrow().status()).isEqualTo(HoldStatus.EXPIRED);
    assertThat(ledger.points(ANN)).isEqualTo(new PointsBalance(130, 0, 0, 0, 130));
  }

  @Test
  void a_pending_period_must_end_before_the_lot_expires() {
    assertThatThrownBy(
            () ->
                ledger.execute(
                    Earn.of(key(), ANN, 10, CTX)
                        .pendingUntil(clock.instant().plus(Duration.ofDays(365)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be before the lot's expiry");
    assertThat(ledger.journal()).isEmpty();
  }

  @Test
  void commands_see_the_clock_without_a_query_first() {
    ledger.execute(
        Earn.of(key(), ANN, 10, CTX).pendingUntil(clock.instant().plus(Duration.ofDays(2))));
    clock.advance(Duration.ofDays(2));
    posted(new Redeem(key(), ANN, 10, CTX));
  }

  @Test
  void every_query_sees_the_clock() {
    posted(Earn.of(key(), ANN, 10, CTX));
    Hold h = hold(ANN, Asset.POINTS, 5);
    clock.advance(Duration.ofDays(365));
    assertThat(ledger.hold(h.id()).orElseThrow().status()).isEqualTo(HoldStatus.EXPIRED);
    clock.advance(Duration.ofDays(1));
    assertThat(ledger.lots(AccountId.points(ANN)).get(0).remaining()).isZero();
    Ledger other = Ledger.create(clock);
    other.execute(Earn.of(key(), ANN, 10, CTX));
    clock.advance(Duration.ofDays(365));
    other.advance();
    assertThat(other.balance(AccountId.points(ANN))).isZero();
    assertThat(other.version(AccountId.points(ANN))).isEqualTo(2);
  }

  @Test
  void time_never_goes_back_not_even_across_a_replay() {
    clock.advance(Duration.ofDays(3));
    posted(Earn.of(key(), ANN, 10, CTX));
    Instant t = ledger.time();
    clock.advance(Duration.ofDays(-10));
    Ledger copy =
        Ledger.replay(PointsPolicy.defaults(), WalletPolicy.defaults(), clock, ledger.journal());
    assertThat(copy.time()).isEqualTo(t);
    assertThat(ledger.time()).isEqualTo(t);
    assertThat(copy.posting(new PostingId(ANN, 1)))
        .isEqualTo(ledger.posting(new PostingId(ANN, 1)));
    assertThat(copy.posting(new PostingId(ANN, 1))).isPresent();
  }

  @Test
  void a_rounded_to_zero_earning_is_rejected() {
    Earn tiny =
        new Earn(
            key(),
            ANN,
            new BigDecimal("0.4"),
            BigDecimal.ZERO,
            Funding.ISSUED,
            Optional.empty(),
            CTX);
    assertThat(rejected(tiny)).isEqualTo(Rejection.NOTHING_TO_EARN);
  }

  @Test
  void values_validate_and_name_what_is_wrong() {
    assertThatThrownBy(() -> new Asset("XYZ1")).hasMessageContaining("'XYZ1'");
    assertThat(Asset.money(EUR).currency()).isEqualTo(EUR);
    assertThat(Asset.money(EUR)).hasToString("EUR");
    assertThatThrownBy(Asset.POINTS::currency).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PostingContext.of(" ", "x")).hasMessageContaining("reason");
    assertThatThrownBy(() -> PostingContext.of("x", "")).hasMessageContaining("actor");
    PostingContext ctx = CTX.withSourceRef("order-9").withRule("salon@3/base");
    assertThat(ctx.sourceRef()).contains("order-9");
    assertThat(ctx.rule()).contains("salon@3/base");
    assertThatThrownBy(() -> PostingContext.of("x".repeat(501), "a"))
        .hasMessageContaining("1..500");
    assertThat(new PostingId(ANN, 7)).hasToString("ann/P7");
    assertThat(new LotId(ANN, 7)).hasToString("ann/L7");
    assertThat(new HoldId(ANN, 7)).hasToString("ann/H7");
    assertThat(IdempotencyKey.of("abc")).hasToString("abc");
    assertThat(AccountId.points(ANN)).hasToString("ann:POINTS:POINTS");
    assertThat(AccountId.program(AccountType.SALES, Asset.money(EUR)))
        .hasToString("program:SALES:EUR");
    assertThatThrownBy(() -> AccountId.program(AccountType.POINTS, Asset.POINTS))
        .hasMessageContaining("needs a customer");
    assertThatThrownBy(() -> AccountId.customer(ANN, AccountType.WALLET_PAID, Asset.POINTS))
        .hasMessageContaining("cannot hold");
    assertThatThrownBy(() -> new PostingId(ANN, 0)).hasMessageContaining(">= 1");
    assertThatThrownBy(() -> new Adjust(key(), ANN, 0, CTX)).hasMessageContaining("non-zero");
    assertThatThrownBy(() -> new PlaceHold(key(), ANN, Asset.POINTS, 1, Duration.ZERO, CTX))
        .hasMessageContaining("timeToLive");
    assertThatThrownBy(() -> ClawbackPolicy.allowNegative(0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new ClawbackPolicy(false, 5)).hasMessageContaining("clawback limit");
    assertThatThrownBy(() -> PointsPolicy.defaults().withLotLifetime(Optional.of(Duration.ZERO)))
        .hasMessageContaining("lotLifetime");
    assertThatThrownBy(() -> TopUp.of(key(), ANN, Money.ofMinor(EUR, 0), CTX))
        .hasMessageContaining("top-up paid must be positive");
    assertThatThrownBy(() -> Earn.of(key(), ANN, 5, CTX).withQualifying(BigDecimal.TEN))
        .hasMessageContaining("qualifying");
    IdempotencyConflictException e =
        new IdempotencyConflictException(IdempotencyKey.of("k"), java.util.List.of("points"));
    assertThat(e.key()).isEqualTo(IdempotencyKey.of("k"));
  }

  @Test
  void adjustments_record_the_actor_and_go_both_ways() {
    PostingContext agent = PostingContext.of("goodwill after complaint", "agent-7");
    Posting up = posted(new Adjust(key(), ANN, 25, agent));
    assertThat(up.context().actor()).isEqualTo("agent-7");
    assertThat(up.amountOn(AccountId.program(AccountType.ADJUSTMENTS, Asset.POINTS)))
        .isEqualTo(-25);
    Posting down = posted(new Adjust(key(), ANN, -20, agent));
    assertThat(down.amountOn(AccountId.points(ANN))).isEqualTo(-20);
    assertThat(rejected(new Adjust(key(), ANN, -6, agent)))
        .isEqualTo(Rejection.INSUFFICIENT_BALANCE);
    posted(Reverse.all(key(), down.id(), agent));
    posted(Reverse.all(key(), up.id(), agent));
    assertThat(ledger.points(ANN).posted()).isZero();
  }
}
