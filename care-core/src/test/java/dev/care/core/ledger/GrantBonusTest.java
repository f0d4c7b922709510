package dev.care.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletBalance;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A bonus-only wallet credit: the bonus half of a promotional top-up, with nothing paid. */
class GrantBonusTest {
  static final Currency EUR = Currency.getInstance("EUR");
  static final CustomerId ANN = CustomerId.of("ann");
  static final PostingContext CTX = PostingContext.of("voucher ABCD-EFGH-JKMN", "care-engine");
  final ManualClock clock = ManualClock.at(Instant.parse("2026-05-01T12:00:00Z"));
  final Ledger ledger = Ledger.create(clock);

  static Money eur(long cents) {
    return Money.ofMinor(EUR, cents);
  }

  @Test
  void grant_creditsTheBonusBucketAgainstBonusFunding_andNothingPaid() {
    Outcome o =
        ledger.execute(
            new GrantBonus(
                IdempotencyKey.of("g1"), ANN, eur(500), Optional.of(Duration.ofDays(30)), CTX));

    assertThat(o).isInstanceOf(Outcome.Posted.class);
    var posting = ((Outcome.Posted) o).posting();
    assertThat(posting.kind()).isEqualTo(PostingKind.TOP_UP);
    assertThat(ledger.wallet(ANN, EUR))
        .isEqualTo(new WalletBalance(eur(0), eur(500), eur(0), eur(500)));
    assertThat(ledger.balance(AccountId.program(AccountType.BONUS_FUNDING, Asset.money(EUR))))
        .isEqualTo(-500);
    assertThat(ledger.balance(AccountId.program(AccountType.CASH_IN, Asset.money(EUR)))).isZero();
  }

  @Test
  void grantedBonus_isSpent_expires_andCannotBeRefunded() {
    var posting =
        ((Outcome.Posted)
                ledger.execute(
                    new GrantBonus(
                        IdempotencyKey.of("g1"),
                        ANN,
                        eur(500),
                        Optional.of(Duration.ofDays(30)),
                        CTX)))
            .posting();
    ledger.execute(new Spend(IdempotencyKey.of("s1"), ANN, eur(200), CTX));
    assertThat(ledger.wallet(ANN, EUR).bonus()).isEqualTo(eur(300));

    Outcome refund = ledger.execute(Reverse.all(IdempotencyKey.of("r1"), posting.id(), CTX));
    assertThat(refund).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) refund).reason()).isEqualTo(Rejection.NOT_REVERSIBLE);

    clock.advance(Duration.ofDays(31));
    assertThat(ledger.wallet(ANN, EUR).bonus()).isEqualTo(eur(0));
  }

  @Test
  void grant_rejectsNonPositiveAmountsAndValidity() {
    assertThatThrownBy(
            () -> new GrantBonus(IdempotencyKey.of("g"), ANN, eur(0), Optional.empty(), CTX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bonus grant amount");
    assertThatThrownBy(
            () ->
                new GrantBonus(
                    IdempotencyKey.of("g"), ANN, eur(100), Optional.of(Duration.ZERO), CTX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validity");
  }
}
