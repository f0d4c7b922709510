package dev.care.core.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.AccountId;
import dev.care.core.ledger.AccountType;
import dev.care.core.ledger.Asset;
import dev.care.core.ledger.Bill;
import dev.care.core.ledger.CaptureHold;
import dev.care.core.ledger.CashOut;
import dev.care.core.ledger.Hold;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PlaceHold;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.Posting;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.PostingKind;
import dev.care.core.ledger.Rejection;
import dev.care.core.ledger.Reverse;
import dev.care.core.ledger.Spend;
import dev.care.core.ledger.TopUp;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WalletExamplesTest {
  static final Currency EUR = Currency.getInstance("EUR");
  static final CustomerId ANN = CustomerId.of("ann");
  static final PostingContext CTX = PostingContext.of("salon visit", "till-2");
  final ManualClock clock = ManualClock.at(Instant.parse("2026-05-01T12:00:00Z"));
  final Ledger ledger = Ledger.create(clock);
  int keys;

  static Money eur(long cents) {
    return Money.ofMinor(EUR, cents);
  }

  IdempotencyKey key() {
    return IdempotencyKey.of("w" + (++keys));
  }

  Outcome.Posted run(dev.care.core.ledger.Command c) {
    Outcome o = ledger.execute(c);
    assertThat(o).isInstanceOf(Outcome.Posted.class);
    return (Outcome.Posted) o;
  }

  Outcome.Rejected reject(dev.care.core.ledger.Command c) {
    Outcome o = ledger.execute(c);
    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    return (Outcome.Rejected) o;
  }

  Posting topUp(long paid, long bonus, Duration validity) {
    TopUp t = TopUp.of(key(), ANN, eur(paid), CTX);
    return run(bonus == 0 ? t : t.withBonus(eur(bonus), validity)).posting();
  }

  long account(AccountType type) {
    return ledger.balance(AccountId.program(type, Asset.money(EUR)));
  }

  @Test
  void top_up_with_bonus_keeps_paid_and_bonus_apart_and_bills_every_movement() {
    Outcome.Posted p =
        run(TopUp.of(key(), ANN, eur(10_000), CTX).withBonus(eur(2_000), Duration.ofDays(90)));
    assertThat(p.bills())
        .containsExactly(
            new Bill(
                ANN,
                Asset.money(EUR),
                PostingKind.TOP_UP,
                12_000,
                "salon visit",
                12_000,
                2_000,
                clock.instant(),
                p.posting().id()));
    assertThat(ledger.wallet(ANN, EUR))
        .isEqualTo(new WalletBalance(eur(10_000), eur(2_000), eur(0), eur(12_000)));
    Outcome.Posted spend = run(new Spend(key(), ANN, eur(2_500), CTX));
    assertThat(spend.bills().get(0).amount()).isEqualTo(-2_500);
    assertThat(spend.bills().get(0).balanceAfter()).isEqualTo(9_500);
    assertThat(spend.bills().get(0).bonusAfter()).isZero();
    assertThat(ledger.wallet(ANN, EUR).paid()).isEqualTo(eur(9_500));
    assertThat(account(AccountType.SALES)).isEqualTo(2_500);
  }

  @Test
  void spend_takes_soonest_expiring_bonus_first_and_paid_last_by_default() {
    topUp(1_000, 300, Duration.ofDays(60));
    clock.advance(Duration.ofDays(1));
    topUp(1_000, 200, Duration.ofDays(10));
    Posting s = run(new Spend(key(), ANN, eur(400), CTX)).posting();
    // the second top-up's bonus expires first
    assertThat(s.lotChanges()).extracting(c -> c.delta()).containsExactly(-200L, -200L);
    assertThat(ledger.wallet(ANN, EUR).bonus()).isEqualTo(eur(100));
    assertThat(ledger.wallet(ANN, EUR).paid()).isEqualTo(eur(2_000));
  }

  @Test
  void paid_first_order_draws_paid_value_before_bonus() {
    Ledger paidFirst =
        Ledger.create(
            PointsPolicy.defaults(),
            new WalletPolicy(SpendOrder.PAID_FIRST, Optional.empty()),
            clock);
    paidFirst.execute(TopUp.of(key(), ANN, eur(100), CTX).withBonus(eur(50), Duration.ofDays(5)));
    paidFirst.execute(new Spend(key(), ANN, eur(120), CTX));
    assertThat(paidFirst.wallet(ANN, EUR))
        .isEqualTo(new WalletBalance(eur(0), eur(30), eur(0), eur(30)));
  }

  @Test
  void refund_returns_value_to_the_buckets_and_expiries_it_came_from() {
    topUp(1_000, 300, Duration.ofDays(30));
    Posting spend = run(new Spend(key(), ANN, eur(500), CTX)).posting();
    run(Reverse.part(key(), spend.id(), 150, CTX));
    // last drawn first: paid value comes back before bonus
    assertThat(ledger.wallet(ANN, EUR).paid()).isEqualTo(eur(950));
    assertThat(ledger.wallet(ANN, EUR).bonus()).isEqualTo(eur(0));
    run(Reverse.part(key(), spend.id(), 100, CTX));
    assertThat(ledger.wallet(ANN, EUR).paid()).isEqualTo(eur(1_000));
    assertThat(ledger.wallet(ANN, EUR).bonus()).isEqualTo(eur(50));
    run(Reverse.all(key(), spend.id(), CTX));
    assertThat(ledger.wallet(ANN, EUR).bonus()).isEqualTo(eur(300));
    assertThat(account(AccountType.SALES)).isZero();
    assertThat(reject(Reverse.all(key(), spend.id(), CTX)).reason())
        .isEqualTo(Rejection.REVERSAL_EXCEEDS_ORIGINAL);
    // the bonus lot keeps its expiry
    clock.advance(Duration.ofDays(30));
    assertThat(ledger.wallet(ANN, EUR).bonus()).isEqualTo(eur(0));
  }

  @Test
  void only_paid_value_can_be_cashed_out() {
    topUp(1_000, 300, Duration.ofDays(30));
    assertThat(reject(new CashOut(key(), ANN, eur(1_001), CTX)).reason())
        .isEqualTo(Rejection.INSUFFICIENT_BALANCE);
    Posting out = run(new CashOut(key(), ANN, eur(1_000), CTX)).posting();
    assertThat(out.kind()).isEqualTo(PostingKind.CASH_OUT);
    assertThat(account(AccountType.CASH_OUT)).isEqualTo(1_000);
    assertThat(ledger.wallet(ANN, EUR).bonus()).isEqualTo(eur(300));
    assertThat(reject(Reverse.all(key(), out.id(), CTX)).reason())
        .isEqualTo(Rejection.NOT_REVERSIBLE);
  }

  @Test
  void refunding_an_untouched_top_up_returns_the_paid_value_and_removes_the_bonus() {
    Posting t = topUp(10_000, 2_000, Duration.ofDays(90));
    Posting r = run(Reverse.all(key(), t.id(), CTX)).posting();
    assertThat(r.amountOn(AccountId.program(AccountType.CASH_IN, Asset.money(EUR))))
        .isEqualTo(10_000);
    assertThat(ledger.wallet(ANN, EUR).available()).isEqualTo(eur(0));
    assertThat(account(AccountType.CASH_IN)).isZero();
    assertThat(account(AccountType.BONUS_FUNDING)).isZero();
    assertThat(reject(Reverse.all(key(), t.id(), CTX)).reason())
        .isEqualTo(Rejection.REVERSAL_EXCEEDS_ORIGINAL);
  }

  @Test
  void refunding_a_top_up_claws_back_the_spent_bonus_from_the_refund() {
    Posting t = topUp(10_000, 2_000, Duration.ofDays(90));
    run(new Spend(key(), ANN, eur(1_500), CTX));
    Posting r = run(Reverse.all(key(), t.id(), CTX)).posting();
    // 10,000 paid back less the 1,500 bonus already spent
    assertThat(r.amountOn(AccountId.program(AccountType.CASH_IN, Asset.money(EUR))))
        .isEqualTo(8_500);
    assertThat(r.amountOn(AccountId.program(AccountType.BONUS_FUNDING, Asset.money(EUR))))
        .isEqualTo(2_000);
    assertThat(ledger.wallet(ANN, EUR).available()).isEqualTo(eur(0));
  }

  @Test
  void expired_bonus_is_not_charged_when_a_top_up_is_refunded() {
    Posting t = topUp(10_000, 2_000, Duration.ofDays(10));
    run(new Spend(key(), ANN, eur(500), CTX));
    clock.advance(Duration.ofDays(10));
    Posting r = run(Reverse.all(key(), t.id(), CTX)).posting();
    assertThat(r.amountOn(AccountId.program(AccountType.CASH_IN, Asset.money(EUR))))
        .isEqualTo(9_500);
    assertThat(ledger.liability(EUR, Instant.MIN, Instant.MAX).expiredBonus())
        .isEqualTo(eur(1_500));
  }

  @Test
  void a_top_up_refund_is_whole_and_refused_when_spent_bonus_exceeds_what_is_left() {
    Posting t = topUp(1_000, 500, Duration.ofDays(10));
    assertThat(reject(Reverse.part(key(), t.id(), 999, CTX)).reason())
        .isEqualTo(Rejection.NOT_REVERSIBLE);
    run(Reverse.part(key(), t.id(), 1_000, CTX));
    Posting t2 = topUp(1_000, 500, Duration.ofDays(10));
    run(new Spend(key(), ANN, eur(1_200), CTX));
    assertThat(reject(Reverse.all(key(), t2.id(), CTX)).reason())
        .isEqualTo(Rejection.INSUFFICIENT_BALANCE);
    Posting t3 = topUp(1_000, 0, Duration.ZERO);
    run(new Spend(key(), ANN, eur(1_300), CTX));
    assertThat(reject(Reverse.all(key(), t3.id(), CTX)).reason())
        .isEqualTo(Rejection.INSUFFICIENT_BALANCE);
  }

  @Test
  void a_top_up_reserved_by_a_hold_cannot_be_refunded() {
    Posting t = topUp(1_000, 0, Duration.ZERO);
    ledger.execute(new PlaceHold(key(), ANN, Asset.money(EUR), 100, Duration.ofMinutes(5), CTX));
    assertThat(reject(Reverse.all(key(), t.id(), CTX)).reason())
        .isEqualTo(Rejection.RESERVED_BY_HOLD);
  }

  @Test
  void a_wallet_hold_captures_as_a_spend() {
    topUp(1_000, 200, Duration.ofDays(10));
    Hold h =
        ((Outcome.HoldPlaced)
                ledger.execute(
                    new PlaceHold(key(), ANN, Asset.money(EUR), 1_200, Duration.ofMinutes(5), CTX)))
            .hold();
    assertThat(ledger.wallet(ANN, EUR).available()).isEqualTo(eur(0));
    assertThat(reject(new Spend(key(), ANN, eur(1), CTX)).reason())
        .isEqualTo(Rejection.INSUFFICIENT_BALANCE);
    Posting c = run(new CaptureHold(key(), h.id(), 1_200, CTX)).posting();
    assertThat(c.kind()).isEqualTo(PostingKind.SPEND);
    assertThat(account(AccountType.SALES)).isEqualTo(1_200);
  }

  @Test
  void liability_reports_outstanding_value_and_breakage_in_a_period() {
    Instant start = clock.instant();
    topUp(10_000, 2_000, Duration.ofDays(30));
    clock.advance(Duration.ofDays(31));
    LiabilityReport r = ledger.liability(EUR, start, clock.instant());
    assertThat(r.outstandingPaid()).isEqualTo(eur(10_000));
    assertThat(r.outstandingBonus()).isEqualTo(eur(0));
    assertThat(r.expiredBonus()).isEqualTo(eur(2_000));
    assertThat(r.expiredPaid()).isEqualTo(eur(0));
    assertThat(r.asOf()).isEqualTo(clock.instant());
    assertThat(ledger.liability(EUR, start, start.plus(Duration.ofDays(29))).expiredBonus())
        .isEqualTo(eur(0));
    assertThat(ledger.liability(EUR, start.plus(Duration.ofDays(31)), Instant.MAX).expiredBonus())
        .isEqualTo(eur(0));
  }
}
