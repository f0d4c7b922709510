package dev.care.examples.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.ledger.Asset;
import dev.care.core.ledger.Bill;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PointsBalance;
import dev.care.core.ledger.PostingKind;
import dev.care.core.ledger.Rejection;
import dev.care.core.money.Money;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class LedgerTourTest {
  @Test
  void run_earnTopUpAndPay_leavesThePointsAndWalletTheReadmeShows() {
    LedgerTour.Result result = LedgerTour.run();

    assertThat(result.points()).isEqualTo(new PointsBalance(45, 0, 0, 0, 45));
    assertThat(result.payment()).isInstanceOf(Outcome.Posted.class);
    // 100 paid + 20 bonus - 45 spent, bonus first: 75 paid value left, no bonus
    assertThat(result.wallet().paid()).isEqualTo(Money.ofMinor("EUR", 7_500));
    assertThat(result.wallet().bonus()).isEqualTo(Money.ofMinor("EUR", 0));
    assertThat(result.paymentBills())
        .singleElement()
        .satisfies(
            bill -> {
              assertThat(bill.kind()).isEqualTo(PostingKind.SPEND);
              assertThat(bill.asset()).isEqualTo(Asset.money(Currency.getInstance("EUR")));
              assertThat(bill.amount()).isEqualTo(-4_500);
              assertThat(bill.purpose()).isEqualTo("purchase");
              assertThat(bill.balanceAfter()).isEqualTo(7_500);
              assertThat(bill.bonusAfter()).isZero();
            });
  }

  @Test
  void paymentBills_refusedPayment_isEmpty() {
    LedgerTour.Result result = LedgerTour.run();
    LedgerTour.Result refused =
        new LedgerTour.Result(
            result.points(),
            result.wallet(),
            new Outcome.Rejected(Rejection.INSUFFICIENT_BALANCE, "not enough stored value"));
    assertThat(refused.paymentBills()).isEmpty();
    assertThat(result.paymentBills()).extracting(Bill::amount).containsExactly(-4_500L);
  }
}
