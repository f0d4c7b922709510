package dev.care.rules.earning;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.TierId;
import dev.care.core.money.Money;
import java.util.Objects;
import java.util.Optional;

/**
 * What the earning rules need to know about a purchase and its customer. The caller (the engine)
 * gathers these facts from storage; the rules themselves are pure.
 *
 * @param purchase the purchase
 * @param tier the customer's current tier, if any
 * @param paidWithPoints the part of the purchase paid with points (it earns nothing)
 * @param earnedInCapPeriod points the customer already earned from purchases in the program's
 *     period-cap window
 * @param birthday the customer's birthday, if known
 * @param birthdayBonusGivenThisYear whether the birthday bonus was already given for the birthday
 *     occurrence whose window the purchase falls in ({@link EarningCalculator#birthdayOccurrence})
 * @param firstPurchase whether this is the customer's first purchase
 * @param referrer who invited the customer, if anyone (and the referral was not yet rewarded)
 */
public record EarnRequest(
    Purchase purchase,
    Optional<TierId> tier,
    Money paidWithPoints,
    long earnedInCapPeriod,
    Optional<ImportantDate> birthday,
    boolean birthdayBonusGivenThisYear,
    boolean firstPurchase,
    Optional<CustomerId> referrer) {

  /** Validates. */
  public EarnRequest {
    Objects.requireNonNull(purchase, "purchase");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(paidWithPoints, "paidWithPoints");
    Objects.requireNonNull(birthday, "birthday");
    Objects.requireNonNull(referrer, "referrer");
    purchase.amount().checkSameCurrency(paidWithPoints);
    if (paidWithPoints.isNegative() || paidWithPoints.compareTo(purchase.amount()) > 0) {
      throw new IllegalArgumentException(
          "paidWithPoints must be between 0 and the purchase amount "
              + purchase.amount()
              + ", got "
              + paidWithPoints);
    }
    if (earnedInCapPeriod < 0) {
      throw new IllegalArgumentException(
          "earnedInCapPeriod must be >= 0, got " + earnedInCapPeriod);
    }
    referrer.ifPresent(
        r -> {
          if (r.equals(purchase.customerId())) {
            throw new IllegalArgumentException("a customer cannot refer themselves: " + r);
          }
        });
  }

  /**
   * A request with only the purchase: no tier, nothing paid with points, no history.
   *
   * @param purchase the purchase
   * @return the request
   */
  public static EarnRequest of(Purchase purchase) {
    return new EarnRequest(
        purchase,
        Optional.empty(),
        Money.zero(purchase.amount().currency()),
        0,
        Optional.empty(),
        false,
        false,
        Optional.empty());
  }

  /**
   * A copy with a tier.
   *
   * @param t the tier
   * @return the new request
   */
  public EarnRequest withTier(TierId t) {
    return new EarnRequest(
        purchase,
        Optional.of(t),
        paidWithPoints,
        earnedInCapPeriod,
        birthday,
        birthdayBonusGivenThisYear,
        firstPurchase,
        referrer);
  }
}
