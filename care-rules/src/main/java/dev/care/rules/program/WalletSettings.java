package dev.care.rules.program;

import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Stored-value wallet settings: spend order, expiries and top-up promotions.
 *
 * @param spendOrder which value a spend draws first
 * @param paidValueExpiry when paid value expires, if ever; at least {@link #MIN_PAID_EXPIRY}
 * @param topUpPromotions "top up X, get Y bonus" promotions
 */
public record WalletSettings(
    SpendOrder spendOrder, Optional<Period> paidValueExpiry, List<TopUpPromotion> topUpPromotions) {

  /** Consumer-protection floor on paid-value expiry: five years. */
  public static final Period MIN_PAID_EXPIRY = Period.ofYears(5);

  /** Which value a spend draws first. */
  public enum SpendOrder {
    /** Soonest-expiring bonus value first, paid value last (the default). */
    SOONEST_EXPIRING_FIRST,
    /** Paid value first, bonus last. */
    PAID_FIRST
  }

  /**
   * A top-up promotion: topping up at least a minimum gives bonus value that expires.
   *
   * @param id the promotion id
   * @param minTopUpMinor smallest top-up that qualifies, minor units
   * @param bonusMinor bonus value given, minor units
   * @param bonusExpiry how long the bonus lasts
   */
  public record TopUpPromotion(
      String id, long minTopUpMinor, long bonusMinor, Duration bonusExpiry) {
    /** Validates. */
    public TopUpPromotion {
      Checks.id("topUpPromotion.id", id);
      Checks.range("topUpPromotion " + id + " minTopUpMinor", minTopUpMinor, 1, Long.MAX_VALUE / 2);
      Checks.range("topUpPromotion " + id + " bonusMinor", bonusMinor, 1, Long.MAX_VALUE / 2);
      Checks.positive("topUpPromotion " + id + " bonusExpiry", bonusExpiry);
    }
  }

  /** Validates; rejects paid-value expiry under five years. */
  public WalletSettings {
    Objects.requireNonNull(spendOrder, "spendOrder");
    Objects.requireNonNull(paidValueExpiry, "paidValueExpiry");
    paidValueExpiry.ifPresent(
        p -> {
          if (p.toTotalMonths() < MIN_PAID_EXPIRY.toTotalMonths() || p.isNegative()) {
            throw new IllegalArgumentException(
                "wallet.paidValueExpiry must be at least 5 years (consumer protection), got " + p);
          }
        });
    topUpPromotions = List.copyOf(topUpPromotions);
  }

  /**
   * Defaults: soonest-expiring first, paid value never expires, no promotions.
   *
   * @return the defaults
   */
  public static WalletSettings defaults() {
    return new WalletSettings(SpendOrder.SOONEST_EXPIRING_FIRST, Optional.empty(), List.of());
  }

  /**
   * The most generous promotion a top-up qualifies for.
   *
   * @param topUpMinor the top-up amount
   * @return the promotion with the largest bonus among those whose minimum is met
   */
  public Optional<TopUpPromotion> promotionFor(long topUpMinor) {
    return topUpPromotions.stream()
        .filter(p -> topUpMinor >= p.minTopUpMinor())
        .max(java.util.Comparator.comparingLong(TopUpPromotion::bonusMinor));
  }
}
