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
        p ->
            checkPaidValueExpiry(p)
                .ifPresent(
                    wrong -> {
                      throw new IllegalArgumentException("wallet.paidValueExpiry " + wrong);
                    }));
    topUpPromotions = List.copyOf(topUpPromotions);
  }

  /** Longest paid-value expiry accepted: 100 years. */
  public static final Period MAX_PAID_EXPIRY = Period.ofYears(100);

  /**
   * Checks a paid-value expiry: no negative part, at least {@link #MIN_PAID_EXPIRY} and at most
   * {@link #MAX_PAID_EXPIRY} from every start date. Days, months and years are compared as the
   * calendar does, so {@code P1827D} (five years and a day or two, whatever the leap years) is at
   * least five years and {@code P1826D} is not (from 2000-01-01 five years are 1,827 days).
   *
   * @param p the period
   * @return what is wrong, or empty when the period is acceptable
   */
  public static Optional<String> checkPaidValueExpiry(Period p) {
    Objects.requireNonNull(p, "p");
    if (p.getYears() < 0 || p.getMonths() < 0 || p.getDays() < 0) {
      return Optional.of("must not be negative, got " + p);
    }
    if (p.getYears() > 100 || p.getMonths() > 1_200 || p.getDays() > 36_525) {
      return Optional.of("must be at most " + MAX_PAID_EXPIRY + " (100 years), got " + p);
    }
    // the leap-year patterns of a normal and a century (2100, not leap) stretch of years
    for (java.time.LocalDate from :
        List.of(java.time.LocalDate.of(2000, 1, 1), java.time.LocalDate.of(2096, 1, 1))) {
      for (int day = 0; day < 8 * 366; day++) {
        java.time.LocalDate start = from.plusDays(day);
        java.time.LocalDate end = start.plus(p);
        if (end.isBefore(start.plus(MIN_PAID_EXPIRY))) {
          return Optional.of(
              "must be at least 5 years (consumer protection), got "
                  + p
                  + " (from "
                  + start
                  + " it ends on "
                  + end
                  + ", before "
                  + start.plus(MIN_PAID_EXPIRY)
                  + ")");
        }
        if (end.isAfter(start.plus(MAX_PAID_EXPIRY))) {
          return Optional.of("must be at most " + MAX_PAID_EXPIRY + " (100 years), got " + p);
        }
      }
    }
    return Optional.empty();
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
