package dev.care.rules.analytics;

import dev.care.core.consumption.ConsumptionHistory;
import dev.care.core.lifecycle.LifecyclePolicy;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.lifecycle.RuleBasedLifecyclePolicy;
import dev.care.core.lifecycle.StageDecision;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Life-cycle inference from the BG/NBD probability of being alive, an alternative to fixed recency
 * thresholds ({@link RuleBasedLifecyclePolicy}).
 *
 * <p>Purchases at or before the instant (not fully returned) are turned into purchase days in
 * {@code zone}, one occasion per day; {@code x}, {@code t_x} and {@code T} follow with the day of
 * the instant as calibration end. Rules, in order:
 *
 * <ol>
 *   <li>no purchase → {@link LifecycleStage#PROSPECT};
 *   <li>one occasion only → decided by {@code oneTimeBuyers}: the BG/NBD model gives such customers
 *       {@code P(alive) = 1} (dropout can only follow a repeat purchase), so it cannot tell a new
 *       customer from one who never came back;
 *   <li>{@code P(alive) < lapsedBelow} → {@link LifecycleStage#LAPSED};
 *   <li>{@code P(alive) < decliningBelow} → {@link LifecycleStage#DECLINING};
 *   <li>at least {@code matureMinOccasions} occasions → {@link LifecycleStage#MATURE};
 *   <li>otherwise → {@link LifecycleStage#GROWING}.
 * </ol>
 *
 * {@link LifecycleStage#WON_BACK} is not inferred by the model (a return simply raises P(alive)).
 *
 * @param model the fitted BG/NBD model
 * @param unit the time unit the model was fitted in
 * @param zone the zone that turns instants into purchase days
 * @param decliningBelow P(alive) below which a customer is DECLINING, in {@code (lapsedBelow, 1)}
 * @param lapsedBelow P(alive) below which a customer is LAPSED, in {@code (0, decliningBelow)}
 * @param matureMinOccasions occasions needed to be MATURE, {@code >= 2}
 * @param oneTimeBuyers the policy for customers with a single purchase occasion
 */
public record AliveProbabilityLifecyclePolicy(
    BgNbdModel model,
    PeriodUnit unit,
    ZoneId zone,
    double decliningBelow,
    double lapsedBelow,
    int matureMinOccasions,
    LifecyclePolicy oneTimeBuyers)
    implements LifecyclePolicy {

  /** Validates each threshold and their order. */
  public AliveProbabilityLifecyclePolicy {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(oneTimeBuyers, "oneTimeBuyers");
    if (!(lapsedBelow > 0 && lapsedBelow < 1)) {
      throw new IllegalArgumentException("lapsedBelow must be in (0, 1), got " + lapsedBelow);
    }
    if (!(decliningBelow > lapsedBelow && decliningBelow < 1)) {
      throw new IllegalArgumentException(
          "decliningBelow must be in (lapsedBelow=" + lapsedBelow + ", 1), got " + decliningBelow);
    }
    if (matureMinOccasions < 2) {
      throw new IllegalArgumentException(
          "matureMinOccasions must be >= 2, got " + matureMinOccasions);
    }
  }

  /**
   * Defaults for a model: DECLINING below P(alive) 0.5, LAPSED below 0.2, MATURE at 5 occasions,
   * one-time buyers by {@link RuleBasedLifecyclePolicy#defaults()}.
   *
   * @param model the fitted model
   * @param unit its time unit
   * @param zone the merchant's zone
   * @return the policy
   */
  public static AliveProbabilityLifecyclePolicy defaults(
      BgNbdModel model, PeriodUnit unit, ZoneId zone) {
    return new AliveProbabilityLifecyclePolicy(
        model, unit, zone, 0.5, 0.2, 5, RuleBasedLifecyclePolicy.defaults());
  }

  @Override
  public StageDecision infer(ConsumptionHistory history, Instant at) {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(at, "at");
    List<Instant> times = history.purchaseTimes(at);
    if (times.isEmpty()) {
      return new StageDecision(LifecycleStage.PROSPECT, "no purchase yet");
    }
    TreeSet<LocalDate> days = new TreeSet<>();
    for (Instant t : times) {
      days.add(LocalDate.ofInstant(t, zone));
    }
    if (days.size() == 1) {
      return oneTimeBuyers.infer(history, at);
    }
    LocalDate end = LocalDate.ofInstant(at, zone);
    int x = days.size() - 1;
    double tx = unit.fromDays(ChronoUnit.DAYS.between(days.first(), days.last()));
    double age = unit.fromDays(ChronoUnit.DAYS.between(days.first(), end));
    double p = model.probabilityAlive(x, tx, age);
    String figures = String.format(Locale.ROOT, "P(alive) %.3f", p);
    if (p < lapsedBelow) {
      return new StageDecision(
          LifecycleStage.LAPSED, figures + String.format(Locale.ROOT, " < %.3f", lapsedBelow));
    }
    if (p < decliningBelow) {
      return new StageDecision(
          LifecycleStage.DECLINING,
          figures + String.format(Locale.ROOT, " < %.3f", decliningBelow));
    }
    if (days.size() >= matureMinOccasions) {
      return new StageDecision(
          LifecycleStage.MATURE, figures + ", " + days.size() + " purchase occasions");
    }
    return new StageDecision(
        LifecycleStage.GROWING, figures + ", " + days.size() + " purchase occasions");
  }
}
