package dev.care.examples.ledger;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Bill;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PointsBalance;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.Spend;
import dev.care.core.ledger.TopUp;
import dev.care.core.money.Money;
import dev.care.core.wallet.WalletBalance;
import java.time.Clock;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * The README's "Points and stored value" snippet as a program: Ann earns 45 points, tops up EUR 100
 * and gets EUR 20 bonus, then pays EUR 45 from her wallet (bonus value first).
 */
public final class LedgerTour {
  private LedgerTour() {}

  /**
   * What the tour left behind.
   *
   * @param points Ann's points after the tour
   * @param wallet Ann's wallet after the tour
   * @param payment the outcome of paying EUR 45 from the wallet
   */
  public record Result(PointsBalance points, WalletBalance wallet, Outcome payment) {
    /** Validates. */
    public Result {
      Objects.requireNonNull(points, "points");
      Objects.requireNonNull(wallet, "wallet");
      Objects.requireNonNull(payment, "payment");
    }

    /**
     * The electronic bills of the payment.
     *
     * @return one bill per balance that moved, or none if the payment was refused
     */
    public List<Bill> paymentBills() {
      return payment instanceof Outcome.Posted p ? p.bills() : List.of();
    }
  }

  /**
   * Runs the tour on a fresh in-memory ledger.
   *
   * @return the balances and the payment's outcome
   */
  public static Result run() {
    // spotless:off -- kept exactly as the README shows it (ReadmeCodeBlocksTest checks)
    Ledger ledger = Ledger.create(Clock.systemUTC());
    CustomerId ann = CustomerId.of("C-1");
    PostingContext purchase = PostingContext.of("purchase", "till-2").withSourceRef("O-1");

    ledger.execute(Earn.of(IdempotencyKey.of("O-1/earn"), ann, 45, purchase));
    ledger.execute(TopUp.of(IdempotencyKey.of("T-9"), ann, Money.ofMinor("EUR", 10_000), purchase)
        .withBonus(Money.ofMinor("EUR", 2_000), Duration.ofDays(90)));          // top up 100, get 20
    Outcome paid = ledger.execute(new Spend(IdempotencyKey.of("O-2/pay"), ann,
        Money.ofMinor("EUR", 4_500), purchase));                                 // bonus first, paid last
    if (paid instanceof Outcome.Posted p) {
      p.bills();  // [Bill[amount=-4500, purpose=purchase, balanceAfter=7500, bonusAfter=0, ...]]
    } else if (paid instanceof Outcome.Rejected r) {
      r.reason(); // e.g. INSUFFICIENT_BALANCE, with a message naming the amounts
    }
    ledger.points(ann);   // PointsBalance[posted=45, pending=0, held=0, debt=0, available=45]
    // spotless:on
    return new Result(ledger.points(ann), ledger.wallet(ann, Currency.getInstance("EUR")), paid);
  }

  /**
   * Prints the tour's balances and bills.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Result result = run();
    System.out.println(result.points());
    System.out.println(result.wallet());
    result.paymentBills().forEach(System.out::println);
  }
}
