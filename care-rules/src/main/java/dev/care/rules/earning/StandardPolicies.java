package dev.care.rules.earning;

import dev.care.rules.program.EarningRules;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.Promotion;
import dev.care.rules.program.TierLevel;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

/**
 * The built-in earning steps, in the order {@link EarningCalculator#standard()} runs them:
 *
 * <ol>
 *   <li>{@code earning.exclusions}: excluded categories and (if configured) discounted lines earn
 *       nothing;
 *   <li>{@code earning.paid-with-points}: the part paid with points earns nothing (taken off every
 *       line in proportion);
 *   <li>{@code earning.minimum-basket}: below the minimum eligible basket nothing earns;
 *   <li>{@code earning.base}: eligible major units × the base rate;
 *   <li>{@code earning.category} and {@code earning.sku}: multipliers per category and article;
 *       qualifying points are fixed here (tier and promotion multipliers do not qualify);
 *   <li>{@code earning.tier}: the customer's tier multiplier;
 *   <li>{@code earning.promotion}: every promotion active on the purchase date (program zone);
 *   <li>{@code earning.cap}: the per-order cap, then the period cap.
 * </ol>
 */
final class StandardPolicies {
  private StandardPolicies() {}

  static final MathContext MC = MathContext.DECIMAL128;

  static List<EarningPolicy> all() {
    return List.of(
        named("earning.exclusions", StandardPolicies::exclusions),
        named("earning.paid-with-points", StandardPolicies::paidWithPoints),
        named("earning.minimum-basket", StandardPolicies::minimumBasket),
        named("earning.base", StandardPolicies::base),
        named("earning.category", StandardPolicies::category),
        named("earning.sku", StandardPolicies::sku),
        named("earning.tier", StandardPolicies::tier),
        named("earning.promotion", StandardPolicies::promotion),
        named("earning.cap", StandardPolicies::caps));
  }

  /** The arguments of a step, bundled so steps are one-argument functions. */
  private record Step(EarnCalculation calc, EarnRequest req, LoyaltyProgram program, String name) {
    AppliedRule rule(String explanation) {
      return new AppliedRule(program.rule(name), explanation);
    }

    EarningRules rules() {
      return program.earning();
    }
  }

  private static EarningPolicy named(String name, Function<Step, EarnCalculation> body) {
    return new EarningPolicy() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public EarnCalculation apply(EarnCalculation calc, EarnRequest request, LoyaltyProgram p) {
        return body.apply(new Step(calc, request, p, name));
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  private static EarnCalculation exclusions(Step s) {
    EarnCalculation c = s.calc();
    for (EarnCalculation.Line l : s.calc().lines()) {
      String why = null;
      if (s.rules().excludedCategories().contains(l.item().category())) {
        why = "category " + l.item().category() + " does not earn";
      } else if (s.rules().excludeDiscountedLines() && l.item().discounted()) {
        why = "discounted line does not earn";
      }
      if (why != null && l.eligibleMinor().signum() > 0) {
        EarnCalculation.Line target = l;
        c =
            c.mapLines(x -> x == target ? x.withEligible(BigDecimal.ZERO) : x)
                .with(s.rule(why + " (" + l.item().sku() + ")"));
      }
    }
    return c;
  }

  private static EarnCalculation paidWithPoints(Step s) {
    long paid = s.req().paidWithPoints().minorUnits();
    BigDecimal total = s.calc().totalEligibleMinor();
    if (paid == 0 || total.signum() == 0) {
      return s.calc();
    }
    long amount = s.req().purchase().amount().minorUnits();
    // the share paid in money: (amount - paid) / amount, applied to every eligible line
    BigDecimal share = BigDecimal.valueOf(amount - paid).divide(BigDecimal.valueOf(amount), MC);
    return s.calc()
        .mapLines(l -> l.withEligible(l.eligibleMinor().multiply(share, MC)))
        .with(s.rule(s.req().paidWithPoints() + " paid with points does not earn"));
  }

  private static EarnCalculation minimumBasket(Step s) {
    long min = s.rules().minimumBasketMinor();
    BigDecimal eligible = s.calc().totalEligibleMinor();
    if (min == 0 || eligible.compareTo(BigDecimal.valueOf(min)) >= 0 || eligible.signum() == 0) {
      return s.calc();
    }
    return s.calc()
        .mapLines(l -> l.withEligible(BigDecimal.ZERO))
        .with(s.rule("eligible basket below the minimum of " + min + " minor units"));
  }

  private static EarnCalculation base(Step s) {
    int digits = Math.max(0, s.program().currency().getDefaultFractionDigits());
    BigDecimal rate = s.rules().pointsPerUnit();
    EarnCalculation c =
        s.calc()
            .mapLines(
                l -> l.withPoints(l.eligibleMinor().movePointLeft(digits).multiply(rate, MC)));
    if (c.totalPoints().signum() == 0) {
      return c;
    }
    return c.with(s.rule(rate.stripTrailingZeros().toPlainString() + " point(s) per unit"));
  }

  private static EarnCalculation multiply(
      Step s,
      Function<EarnCalculation.Line, BigDecimal> multiplierOf,
      Function<EarnCalculation.Line, String> what) {
    EarnCalculation c = s.calc();
    for (EarnCalculation.Line l : s.calc().lines()) {
      BigDecimal m = multiplierOf.apply(l);
      if (m != null && m.compareTo(BigDecimal.ONE) != 0 && l.points().signum() > 0) {
        EarnCalculation.Line target = l;
        c =
            c.mapLines(x -> x == target ? x.withPoints(x.points().multiply(m, MC)) : x)
                .with(s.rule(what.apply(l) + " ×" + m.stripTrailingZeros().toPlainString()));
      }
    }
    return c;
  }

  private static EarnCalculation category(Step s) {
    return multiply(
        s,
        l -> s.rules().categoryMultipliers().get(l.item().category()),
        l -> "category " + l.item().category() + " (" + l.item().sku() + ")");
  }

  private static EarnCalculation sku(Step s) {
    EarnCalculation c =
        multiply(
            s,
            l -> s.rules().skuMultipliers().get(l.item().sku()),
            l -> "article " + l.item().sku());
    return c.withQualifying(c.totalPoints());
  }

  private static EarnCalculation tier(Step s) {
    if (s.req().tier().isEmpty() || s.calc().totalPoints().signum() == 0) {
      return s.calc();
    }
    TierLevel level;
    try {
      level = s.program().tiers().level(s.req().tier().get());
    } catch (IllegalArgumentException unknownTier) {
      return s.calc();
    }
    BigDecimal m = level.earnMultiplier();
    if (m.compareTo(BigDecimal.ONE) == 0) {
      return s.calc();
    }
    return s.calc()
        .mapLines(l -> l.withPoints(l.points().multiply(m, MC)))
        .with(s.rule("tier " + level.id() + " ×" + m.stripTrailingZeros().toPlainString()));
  }

  private static EarnCalculation promotion(Step s) {
    LocalDate day = s.req().purchase().at().atZone(s.program().zone()).toLocalDate();
    EarnCalculation c = s.calc();
    for (Promotion p : s.rules().promotions()) {
      if (!p.activeOn(day)) {
        continue;
      }
      EarnCalculation before = c;
      c =
          c.mapLines(
              l ->
                  p.categories().isEmpty() || p.categories().contains(l.item().category())
                      ? l.withPoints(l.points().multiply(p.multiplier(), MC))
                      : l);
      if (c.totalPoints().compareTo(before.totalPoints()) != 0) {
        c =
            c.with(
                new AppliedRule(
                    s.program().rule("promotion." + p.id()),
                    "promotion "
                        + p.id()
                        + " ×"
                        + p.multiplier().stripTrailingZeros().toPlainString()
                        + " ("
                        + p.from()
                        + " to "
                        + p.to()
                        + ")"));
      }
    }
    return c;
  }

  private static EarnCalculation caps(Step s) {
    EarnCalculation c = s.calc();
    BigDecimal total = c.totalPoints();
    BigDecimal limit = null;
    String why = null;
    if (s.rules().perOrderCap().isPresent()) {
      BigDecimal cap = BigDecimal.valueOf(s.rules().perOrderCap().get());
      if (total.compareTo(cap) > 0) {
        limit = cap;
        why = "capped at " + cap + " points per order";
      }
    }
    if (s.rules().periodCap().isPresent()) {
      EarningRules.PeriodCap pc = s.rules().periodCap().get();
      BigDecimal room = BigDecimal.valueOf(Math.max(0, pc.points() - s.req().earnedInCapPeriod()));
      BigDecimal current = limit == null ? total : limit;
      if (current.compareTo(room) > 0) {
        limit = room;
        why =
            "capped at "
                + pc.points()
                + " points per "
                + pc.period().toDays()
                + " days ("
                + s.req().earnedInCapPeriod()
                + " already earned)";
      }
    }
    if (limit == null || total.signum() == 0) {
      return c;
    }
    // scale every line, then give the last line the remainder so the total is exactly the cap
    // (a decimal scale factor alone can leave 999.99...9, which FLOOR would round below the cap)
    BigDecimal scale = limit.divide(total, MC);
    List<EarnCalculation.Line> scaled = new java.util.ArrayList<>();
    BigDecimal sum = BigDecimal.ZERO;
    for (EarnCalculation.Line l : c.lines()) {
      EarnCalculation.Line x = l.withPoints(l.points().multiply(scale, MC));
      scaled.add(x);
      sum = sum.add(x.points());
    }
    int last = scaled.size() - 1;
    scaled.set(
        last, scaled.get(last).withPoints(scaled.get(last).points().add(limit.subtract(sum))));
    return new EarnCalculation(scaled, c.qualifying(), c.applied()).with(s.rule(why));
  }
}
