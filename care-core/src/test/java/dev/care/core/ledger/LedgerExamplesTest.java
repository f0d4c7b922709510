package dev.care.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.core.time.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerExamplesTest {
  static final CustomerId ANN = CustomerId.of("ann");
  static final CustomerId BOB = CustomerId.of("bob");
  static final PostingContext CTX = PostingContext.of("purchase", "pos-1");
  final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T10:00:00Z"));
  final Ledger ledger = Ledger.create(clock);

  static IdempotencyKey key(String k) {
    return IdempotencyKey.of(k);
  }

  Posting earn(String k, CustomerId c, long points) {
    return ((Outcome.Posted) ledger.execute(Earn.of(key(k), c, points, CTX))).posting();
  }

  @Test
  void earning_opens_a_lot_that_expires_after_the_lifetime() {
    earn("e1", ANN, 100);
    assertThat(ledger.points(ANN)).isEqualTo(new PointsBalance(100, 0, 0, 0, 100));
    clock.advance(Duration.ofDays(365));
    assertThat(ledger.points(ANN).posted()).isZero();
    assertThat(ledger.balance(AccountId.program(AccountType.EXPIRED, Asset.POINTS))).isEqualTo(100);
  }

  @Test
  void redemption_takes_the_soonest_expiring_lot_first() {
    Posting first = earn("e1", ANN, 50);
    clock.advance(Duration.ofDays(10));
    earn("e2", ANN, 70);
    Outcome r = ledger.execute(new Redeem(key("r1"), ANN, 60, CTX));
    Posting p = ((Outcome.Posted) r).posting();
    assertThat(p.lotChanges()).extracting(LotChange::delta).containsExactly(-50L, -10L);
    assertThat(ledger.lots(AccountId.points(ANN)).get(0).origin()).isEqualTo(first.id());
    assertThat(ledger.points(ANN).available()).isEqualTo(60);
  }

  @Test
  void pending_points_are_visible_but_not_spendable_until_activation() {
    ledger.execute(
        Earn.of(key("e1"), ANN, 100, CTX).pendingUntil(clock.instant().plus(Duration.ofDays(14))));
    assertThat(ledger.points(ANN)).isEqualTo(new PointsBalance(100, 100, 0, 0, 0));
    assertThat(ledger.execute(new Redeem(key("r1"), ANN, 1, CTX)))
        .isInstanceOf(Outcome.Rejected.class);
    clock.advance(Duration.ofDays(14));
    assertThat(ledger.points(ANN).available()).isEqualTo(100);
  }

  @Test
  void the_next_event_includes_an_activation_and_the_next_expiry_does_not() {
    Instant activates = clock.instant().plus(Duration.ofDays(14));
    ledger.execute(Earn.of(key("e1"), ANN, 100, CTX).pendingUntil(activates));
    Instant expires = ledger.lots(AccountId.points(ANN)).get(0).expiresAt().orElseThrow();
    assertThat(ledger.nextEvent(ANN)).contains(activates);
    assertThat(ledger.nextExpiry(ANN)).contains(expires);
    clock.set(activates);
    assertThat(ledger.nextEvent(ANN)).contains(expires);
    assertThat(ledger.nextExpiry(ANN)).contains(expires);
    assertThat(ledger.nextExpiry(BOB)).isEmpty();
  }

  @Test
  void a_return_of_spent_points_is_rejected_by_default_and_allowed_within_a_limit() {
    Posting e = earn("e1", ANN, 100);
    ledger.execute(new Redeem(key("r1"), ANN, 80, CTX));
    Outcome rejected = ledger.execute(Reverse.all(key("x1"), e.id(), CTX));
    assertThat(rejected)
        .isEqualTo(
            new Outcome.Rejected(
                Rejection.CLAWBACK_NOT_ALLOWED, ((Outcome.Rejected) rejected).message()));
    Ledger lenient =
        Ledger.create(
            PointsPolicy.defaults().withClawback(ClawbackPolicy.allowNegative(100)),
            dev.care.core.wallet.WalletPolicy.defaults(),
            clock);
    Posting e2 = ((Outcome.Posted) lenient.execute(Earn.of(key("e1"), ANN, 100, CTX))).posting();
    lenient.execute(new Redeem(key("r1"), ANN, 80, CTX));
    assertThat(lenient.execute(Reverse.all(key("x1"), e2.id(), CTX)).isApplied()).isTrue();
    assertThat(lenient.points(ANN)).isEqualTo(new PointsBalance(-80, 0, 0, 80, -80));
    // the next earning repays the debt first
    lenient.execute(Earn.of(key("e2"), ANN, 100, CTX));
    assertThat(lenient.points(ANN)).isEqualTo(new PointsBalance(20, 0, 0, 0, 20));
  }

  @Test
  void holds_reserve_and_end_exactly_once() {
    earn("e1", ANN, 100);
    Hold h =
        ((Outcome.HoldPlaced)
                ledger.execute(
                    new PlaceHold(key("h1"), ANN, Asset.POINTS, 70, Duration.ofMinutes(15), CTX)))
            .hold();
    assertThat(ledger.points(ANN).available()).isEqualTo(30);
    assertThat(ledger.execute(new Redeem(key("r1"), ANN, 31, CTX)).isApplied()).isFalse();
    assertThat(ledger.execute(new CaptureHold(key("c1"), h.id(), 50, CTX)).isApplied()).isTrue();
    assertThat(ledger.points(ANN)).isEqualTo(new PointsBalance(50, 0, 0, 0, 50));
    assertThat(ledger.execute(new VoidHold(key("v1"), h.id(), CTX)))
        .extracting(o -> ((Outcome.Rejected) o).reason())
        .isEqualTo(Rejection.HOLD_NOT_OPEN);
  }

  @Test
  void holds_expire_by_the_clock_and_never_unexpire() {
    earn("e1", ANN, 100);
    Hold h =
        ((Outcome.HoldPlaced)
                ledger.execute(
                    new PlaceHold(key("h1"), ANN, Asset.POINTS, 70, Duration.ofMinutes(15), CTX)))
            .hold();
    clock.advance(Duration.ofMinutes(16));
    assertThat(ledger.hold(h.id()).orElseThrow().status()).isEqualTo(HoldStatus.EXPIRED);
    clock.advance(Duration.ofMinutes(-30));
    assertThat(ledger.hold(h.id()).orElseThrow().status()).isEqualTo(HoldStatus.EXPIRED);
    assertThat(ledger.points(ANN).available()).isEqualTo(100);
  }

  @Test
  void transfer_keeps_expiry_by_default() {
    Posting e = earn("e1", ANN, 100);
    ledger.execute(new Transfer(key("t1"), ANN, BOB, 40, CTX));
    Lot bobs = ledger.lots(AccountId.points(BOB)).get(0);
    assertThat(bobs.expiresAt()).isEqualTo(ledger.allLots().get(0).expiresAt());
    assertThat(bobs.remaining()).isEqualTo(40);
    assertThat(e.kind()).isEqualTo(PostingKind.EARN);
    assertThat(ledger.points(ANN).posted()).isEqualTo(60);
  }

  @Test
  void same_key_returns_the_original_result_and_different_content_names_the_fields() {
    Outcome first = ledger.execute(Earn.of(key("e1"), ANN, 100, CTX));
    clock.advance(Duration.ofHours(1));
    assertThat(ledger.execute(Earn.of(key("e1"), ANN, 100, CTX))).isEqualTo(first);
    assertThat(ledger.journal()).hasSize(1);
    assertThatThrownBy(() -> ledger.execute(Earn.of(key("e1"), ANN, 101, CTX)))
        .isInstanceOf(IdempotencyConflictException.class)
        .hasMessageContaining("points")
        .hasMessageContaining("qualifying")
        .satisfies(
            ex ->
                assertThat(((IdempotencyConflictException) ex).differingFields())
                    .containsExactly("points", "qualifying"));
    assertThatThrownBy(() -> ledger.execute(new Redeem(key("e1"), ANN, 1, CTX)))
        .hasMessageContaining("command type (Earn vs Redeem)");
  }

  @Test
  void rounding_happens_once_and_a_reversal_reuses_the_rounded_amount() {
    Earn raw =
        new Earn(
            key("e1"),
            ANN,
            new BigDecimal("12.7"),
            new BigDecimal("12.7"),
            Funding.ISSUED,
            Optional.empty(),
            CTX);
    Posting p = ((Outcome.Posted) ledger.execute(raw)).posting();
    assertThat(p.amountOn(AccountId.points(ANN))).isEqualTo(12);
    ledger.execute(Reverse.all(key("x1"), p.id(), CTX));
    assertThat(ledger.points(ANN).posted()).isZero();
    assertThat(ledger.balance(AccountId.program(AccountType.ISSUED, Asset.POINTS))).isZero();
  }

  @Test
  void caller_mistakes_throw_with_the_field_and_value() {
    assertThatThrownBy(() -> Earn.of(key("e"), ANN, 0, CTX))
        .hasMessage("earn points must be positive, got 0");
    assertThatThrownBy(() -> new Redeem(key("r"), ANN, -5, CTX))
        .hasMessage("redeem points must be positive, got -5");
    assertThatThrownBy(() -> new Transfer(key("t"), ANN, ANN, 5, CTX))
        .hasMessageContaining("same customer");
    assertThatThrownBy(() -> new IdempotencyKey(" ")).hasMessageContaining("not blank");
  }

  @Test
  void replaying_the_journal_rebuilds_the_same_state() {
    earn("e1", ANN, 100);
    ledger.execute(new Transfer(key("t1"), ANN, BOB, 40, CTX));
    ledger.execute(new PlaceHold(key("h1"), BOB, Asset.POINTS, 10, Duration.ofDays(1), CTX));
    Ledger copy =
        Ledger.replay(
            PointsPolicy.defaults(),
            dev.care.core.wallet.WalletPolicy.defaults(),
            clock,
            ledger.journal());
    assertThat(copy.balances()).isEqualTo(ledger.balances());
    assertThat(copy.allLots()).isEqualTo(ledger.allLots());
    assertThat(copy.holds()).isEqualTo(ledger.holds());
    assertThat(copy.execute(Earn.of(key("e1"), ANN, 100, CTX)))
        .isEqualTo(ledger.journal().get(0).outcome());
  }
}
