package dev.care.rules.program;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How purchases earn points. Each part is applied by a small named policy in {@code
 * dev.care.rules.earning}; see there for the order.
 *
 * @param pointsPerUnit base rate: points per major currency unit (1 = a point per euro)
 * @param minimumBasketMinor smallest eligible basket in minor units that earns anything (0 = none)
 * @param categoryMultipliers multiplier per category
 * @param skuMultipliers multiplier per article code (applied after the category multiplier)
 * @param excludedCategories categories that never earn (gift cards, wallet top-ups...)
 * @param excludeDiscountedLines whether discounted lines earn nothing
 * @param perOrderCap most points one order can earn, if capped
 * @param periodCap most points a customer can earn from purchases per period, if capped
 * @param promotions time-boxed multipliers
 * @param birthdayBonus points added to the first purchase in the birthday window each year (0 =
 *     off)
 * @param birthdayWindowDays days after the birthday (inclusive of the day itself) in which the
 *     bonus applies
 * @param referrerPoints points for a member whose referred friend makes a qualifying purchase (0 =
 *     off)
 * @param friendPoints points for the referred friend on that qualifying purchase
 * @param referralMinimumPurchaseMinor the least a purchase must amount to (minor units of the
 *     programme's currency) to qualify for the referral reward (0 = any purchase)
 * @param referralWindow how long after the friend's registration a purchase can qualify, if limited
 * @param goodwillMaxPoints most points one service-recovery gesture may give
 * @param goodwillMonthlyBudget most goodwill points the program gives per calendar month
 */
public record EarningRules(
    BigDecimal pointsPerUnit,
    long minimumBasketMinor,
    Map<String, BigDecimal> categoryMultipliers,
    Map<String, BigDecimal> skuMultipliers,
    Set<String> excludedCategories,
    boolean excludeDiscountedLines,
    Optional<Long> perOrderCap,
    Optional<PeriodCap> periodCap,
    List<Promotion> promotions,
    long birthdayBonus,
    int birthdayWindowDays,
    long referrerPoints,
    long friendPoints,
    long referralMinimumPurchaseMinor,
    Optional<Duration> referralWindow,
    long goodwillMaxPoints,
    long goodwillMonthlyBudget) {

  /**
   * A cap on points earned per period.
   *
   * @param points most points
   * @param period the period, e.g. 30 days (rolling)
   */
  public record PeriodCap(long points, Duration period) {
    /** Validates. */
    public PeriodCap {
      Checks.range("earning.periodCap.points", points, 1, 1_000_000_000L);
      Checks.positive("earning.periodCap.period", period);
    }
  }

  /** Validates and copies. */
  public EarningRules {
    Checks.nonNegative("earning.pointsPerUnit", pointsPerUnit);
    Checks.range("earning.minimumBasketMinor", minimumBasketMinor, 0, Long.MAX_VALUE / 2);
    Objects.requireNonNull(categoryMultipliers, "categoryMultipliers");
    Objects.requireNonNull(skuMultipliers, "skuMultipliers");
    categoryMultipliers.forEach(
        (k, v) -> Checks.nonNegative("earning.categoryMultipliers." + k, v));
    skuMultipliers.forEach((k, v) -> Checks.nonNegative("earning.skuMultipliers." + k, v));
    categoryMultipliers = Map.copyOf(categoryMultipliers);
    skuMultipliers = Map.copyOf(skuMultipliers);
    excludedCategories = Set.copyOf(excludedCategories);
    Objects.requireNonNull(perOrderCap, "perOrderCap");
    perOrderCap.ifPresent(c -> Checks.range("earning.perOrderCap", c, 1, 1_000_000_000L));
    Objects.requireNonNull(periodCap, "periodCap");
    promotions = List.copyOf(promotions);
    if (promotions.stream().map(Promotion::id).distinct().count() != promotions.size()) {
      throw new IllegalArgumentException("earning.promotions repeat an id");
    }
    Checks.range("earning.birthdayBonus", birthdayBonus, 0, 1_000_000_000L);
    Checks.range("earning.birthdayWindowDays", birthdayWindowDays, 1, 366);
    Checks.range("earning.referrerPoints", referrerPoints, 0, 1_000_000_000L);
    Checks.range("earning.friendPoints", friendPoints, 0, 1_000_000_000L);
    Checks.range(
        "earning.referral.minimumPurchaseMinor",
        referralMinimumPurchaseMinor,
        0,
        Long.MAX_VALUE / 2);
    Objects.requireNonNull(referralWindow, "referralWindow");
    referralWindow.ifPresent(w -> Checks.positive("earning.referral.window", w));
    Checks.range("earning.goodwillMaxPoints", goodwillMaxPoints, 0, 1_000_000_000L);
    Checks.range("earning.goodwillMonthlyBudget", goodwillMonthlyBudget, 0, 1_000_000_000_000L);
  }

  /**
   * A point per major unit and nothing else.
   *
   * @return the simplest rules
   */
  public static EarningRules simple() {
    return new EarningRules(
        BigDecimal.ONE,
        0,
        Map.of(),
        Map.of(),
        Set.of(),
        false,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        0,
        7,
        0,
        0,
        0,
        Optional.empty(),
        0,
        0);
  }
}
