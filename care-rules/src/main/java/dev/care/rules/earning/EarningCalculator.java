package dev.care.rules.earning;

import dev.care.core.consumption.LineItem;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.ImportantDate;
import dev.care.rules.program.LoyaltyProgram;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides what a purchase earns: runs the earning steps over the purchase, rounds once by the
 * program's rounding mode, and adds the bonuses that are their own postings (birthday, referral).
 * Immutable and thread-safe.
 *
 * <p>Qualifying points (for tiers) are the base points with category and article multipliers,
 * rounded the same way and never above the awarded points; tier and promotion multipliers and
 * bonuses do not qualify.
 */
public final class EarningCalculator {
  private final List<EarningPolicy> policies;

  private EarningCalculator(List<EarningPolicy> policies) {
    this.policies = List.copyOf(policies);
  }

  /**
   * The built-in steps, in order: exclusions, paid with points, minimum basket, base, category,
   * article, tier, promotions, caps).
   *
   * @return the standard calculator
   */
  public static EarningCalculator standard() {
    return new EarningCalculator(StandardPolicies.all());
  }

  /**
   * The standard steps followed by the merchant's own.
   *
   * @param extra additional steps, run after the standard ones and before rounding
   * @return the calculator
   */
  public static EarningCalculator withExtra(List<EarningPolicy> extra) {
    List<EarningPolicy> all = new ArrayList<>(StandardPolicies.all());
    all.addAll(Objects.requireNonNull(extra, "extra"));
    return new EarningCalculator(all);
  }

  /**
   * The names of the steps, in order.
   *
   * @return the step names
   */
  public List<String> policyNames() {
    return policies.stream().map(EarningPolicy::name).toList();
  }

  /**
   * Decides the awards for a purchase.
   *
   * @param request the purchase and its facts
   * @param program the program (must be in the purchase's currency)
   * @return the awards and the rules applied
   * @throws IllegalArgumentException if the currencies differ
   */
  public EarnDecision decide(EarnRequest request, LoyaltyProgram program) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(program, "program");
    Purchase p = request.purchase();
    if (!p.amount().currency().equals(program.currency())) {
      throw new IllegalArgumentException(
          "purchase "
              + p.recordId()
              + " is in "
              + p.amount().currency()
              + " but program "
              + program.id()
              + " is in "
              + program.currency());
    }
    List<LineItem> items =
        p.items().isEmpty()
            ? List.of(LineItem.of(p.recordId(), "uncategorised", 1, p.amount()))
            : p.items();
    List<EarnCalculation.Line> lines = new ArrayList<>();
    for (LineItem i : items) {
      lines.add(
          new EarnCalculation.Line(
              i, BigDecimal.valueOf(i.amount().minorUnits()), BigDecimal.ZERO));
    }
    EarnCalculation calc = new EarnCalculation(lines, BigDecimal.ZERO, List.of());
    for (EarningPolicy policy : policies) {
      calc = Objects.requireNonNull(policy.apply(calc, request, program), policy.name());
    }
    RoundingMode rounding = program.rounding();
    long points = calc.totalPoints().setScale(0, rounding).longValueExact();
    long qualifying =
        Math.min(points, Math.max(0, calc.qualifying().setScale(0, rounding).longValueExact()));
    List<Award> awards = new ArrayList<>();
    List<AppliedRule> applied = new ArrayList<>(calc.applied());
    if (points > 0) {
      awards.add(
          new Award(
              p.customerId(),
              points,
              qualifying,
              program.rule("earning.purchase"),
              "purchase " + p.recordId()));
    }
    birthdayBonus(request, program, awards, applied);
    referral(request, program, awards, applied);
    return new EarnDecision(awards, applied);
  }

  /**
   * The birthday occurrence whose bonus window (the program's {@code birthdayWindowDays} from the
   * birthday, in the program's zone) holds an instant. The window may start in the previous year: a
   * purchase on 2 January is in the window of a 30 December birthday. One bonus is given per
   * occurrence.
   *
   * @param birthday the customer's birthday
   * @param at the instant, e.g. of a purchase
   * @param program the program
   * @return the occurrence's date, or empty if the instant is in no birthday window
   */
  public static Optional<LocalDate> birthdayOccurrence(
      ImportantDate birthday, java.time.Instant at, LoyaltyProgram program) {
    LocalDate day = at.atZone(program.zone()).toLocalDate();
    var leap =
        program
            .care()
            .birthday()
            .map(g -> g.leapDay())
            .orElse(dev.care.core.customer.LeapDayRule.FEBRUARY_28);
    for (int y = day.getYear() - 1; y <= day.getYear(); y++) {
      LocalDate occ = birthday.occurrenceIn(y, leap);
      long after = ChronoUnit.DAYS.between(occ, day);
      if (after >= 0 && after < program.earning().birthdayWindowDays()) {
        return Optional.of(occ);
      }
    }
    return Optional.empty();
  }

  private static void birthdayBonus(
      EarnRequest req, LoyaltyProgram program, List<Award> awards, List<AppliedRule> applied) {
    long bonus = program.earning().birthdayBonus();
    if (bonus == 0 || req.birthday().isEmpty() || req.birthdayBonusGivenThisYear()) {
      return;
    }
    Optional<LocalDate> occurrence =
        birthdayOccurrence(req.birthday().get(), req.purchase().at(), program);
    if (occurrence.isPresent()) {
      LocalDate occ = occurrence.get();
      awards.add(
          new Award(
              req.purchase().customerId(),
              bonus,
              0,
              program.rule("earning.birthday"),
              "birthday bonus on purchase " + req.purchase().recordId()));
      applied.add(
          new AppliedRule(
              program.rule("earning.birthday"),
              "birthday "
                  + occ
                  + ": +"
                  + bonus
                  + " points on the first purchase within "
                  + program.earning().birthdayWindowDays()
                  + " days"));
    }
  }

  private static void referral(
      EarnRequest req, LoyaltyProgram program, List<Award> awards, List<AppliedRule> applied) {
    // the engine passes the referrer only while the referral is unrewarded and within its window
    if (req.referrer().isEmpty()
        || req.purchase().amount().minorUnits()
            < program.earning().referralMinimumPurchaseMinor()) {
      return;
    }
    long friend = program.earning().friendPoints();
    long referrer = program.earning().referrerPoints();
    if (friend > 0) {
      awards.add(
          new Award(
              req.purchase().customerId(),
              friend,
              0,
              program.rule("earning.referral.friend"),
              "referred by "
                  + req.referrer().get()
                  + ", qualifying purchase "
                  + req.purchase().recordId()));
    }
    if (referrer > 0) {
      awards.add(
          new Award(
              req.referrer().get(),
              referrer,
              0,
              program.rule("earning.referral.referrer"),
              "referred "
                  + req.purchase().customerId()
                  + ", who made a qualifying purchase "
                  + req.purchase().recordId()));
    }
    if (friend > 0 || referrer > 0) {
      applied.add(
          new AppliedRule(
              program.rule("earning.referral"),
              "referral: +"
                  + friend
                  + " for the friend, +"
                  + referrer
                  + " for "
                  + req.referrer().get()));
    }
  }
}
