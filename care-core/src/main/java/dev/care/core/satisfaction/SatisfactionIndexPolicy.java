package dev.care.core.satisfaction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes a customer's {@link SatisfactionIndex} from their service interactions, by the peak-end
 * rule: an experience is remembered by its most intense moment and by its end.
 *
 * <h2>Formula</h2>
 *
 * <p><b>Moments of one interaction</b>, each a value in [−1, 1]:
 *
 * <ul>
 *   <li>each observed factor of weight w (1–10) and intensity k (1–5): m = w·k/50; a satisfier
 *       gives +m, a dissatisfier −min(1, {@code dissatisfierWeight}·m) — dissatisfiers weigh more;
 *   <li>process: hand-offs −min(1, 0.15·h); interruptions −min(1, 0.25·i); repeated repair −min(1,
 *       0.3·(n−1)) for n ≥ 2; a closed interaction over its turnaround target −min(1,
 *       overrun/target);
 *   <li>the end: the outcome's value from {@code outcomeValues} (a resolution within target adds
 *       {@code fastResolutionBonus}, capped at 1). An open interaction has no end yet; the mean of
 *       its moments so far stands in.
 * </ul>
 *
 * <p><b>Experience of one interaction</b> e = (P·peak + E·end + R·mean) / (P + E + R), where peak
 * is the moment of largest magnitude, end the end moment, mean the mean of all moments, and P, E, R
 * are {@code peakWeight}, {@code endWeight}, {@code restWeight}. An interaction with no moment at
 * all contributes e = 0 (neutral).
 *
 * <p><b>Customer index</b>: a weighted mean of the experiences of interactions opened at or before
 * the instant, each weighted by recency decay 2^(−age/{@code halfLife}) (age measured from the
 * interaction's last moment) and multiplied by {@code peakEndBoost} if it is the most intense
 * experience (largest |e|) and again if it is the latest one. Index = 50 + 50·mean, in [0, 100]. No
 * interaction: empty (unknown, not neutral).
 *
 * @param dissatisfierWeight how much more a dissatisfier weighs than a satisfier, ≥ 1
 * @param peakWeight weight of the peak moment, ≥ 0
 * @param endWeight weight of the end moment, ≥ 0
 * @param restWeight weight of the mean of all moments, ≥ 0
 * @param halfLife age at which an interaction counts half, > 0
 * @param peakEndBoost extra weight of the customer's most intense and latest interactions, ≥ 1
 * @param outcomeValues end-moment value per outcome, each in [−1, 1], all outcomes present
 * @param fastResolutionBonus added to the end of a resolution within target, in [0, 1]
 */
public record SatisfactionIndexPolicy(
    double dissatisfierWeight,
    double peakWeight,
    double endWeight,
    double restWeight,
    Duration halfLife,
    double peakEndBoost,
    Map<InteractionOutcome, Double> outcomeValues,
    double fastResolutionBonus) {

  /** Validates every parameter. */
  public SatisfactionIndexPolicy {
    Objects.requireNonNull(halfLife, "halfLife");
    Objects.requireNonNull(outcomeValues, "outcomeValues");
    check(
        dissatisfierWeight >= 1 && dissatisfierWeight <= 10,
        "dissatisfierWeight",
        dissatisfierWeight);
    check(peakWeight >= 0 && peakWeight <= 100, "peakWeight", peakWeight);
    check(endWeight >= 0 && endWeight <= 100, "endWeight", endWeight);
    check(restWeight >= 0 && restWeight <= 100, "restWeight", restWeight);
    check(peakWeight + endWeight + restWeight > 0, "peakWeight+endWeight+restWeight", 0);
    check(peakEndBoost >= 1 && peakEndBoost <= 100, "peakEndBoost", peakEndBoost);
    check(
        fastResolutionBonus >= 0 && fastResolutionBonus <= 1,
        "fastResolutionBonus",
        fastResolutionBonus);
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("halfLife must be > 0, got " + halfLife);
    }
    for (InteractionOutcome o : InteractionOutcome.values()) {
      Double v = outcomeValues.get(o);
      if (v == null) {
        throw new IllegalArgumentException("outcomeValues is missing " + o);
      }
      check(v >= -1 && v <= 1, "outcomeValues[" + o + "]", v);
    }
    outcomeValues = Map.copyOf(outcomeValues);
  }

  private static void check(boolean ok, String name, double value) {
    if (!ok) {
      throw new IllegalArgumentException(name + " is out of range: " + value);
    }
  }

  /**
   * Defaults: dissatisfiers weigh 2×, peak 0.4, end 0.4, rest 0.2, half-life 180 days, peak/latest
   * boost 2; outcomes RESOLVED +0.6, PARTIALLY_RESOLVED 0, ESCALATED −0.3, WITHDRAWN −0.5,
   * UNRESOLVED −0.8; fast resolution +0.2.
   *
   * @return the default policy
   */
  public static SatisfactionIndexPolicy defaults() {
    Map<InteractionOutcome, Double> o = new EnumMap<>(InteractionOutcome.class);
    o.put(InteractionOutcome.RESOLVED, 0.6);
    o.put(InteractionOutcome.PARTIALLY_RESOLVED, 0.0);
    o.put(InteractionOutcome.ESCALATED, -0.3);
    o.put(InteractionOutcome.WITHDRAWN, -0.5);
    o.put(InteractionOutcome.UNRESOLVED, -0.8);
    return new SatisfactionIndexPolicy(2.0, 0.4, 0.4, 0.2, Duration.ofDays(180), 2.0, o, 0.2);
  }

  /**
   * The customer's index at an instant.
   *
   * @param interactions the customer's interactions (any order; those opened after {@code at} are
   *     ignored)
   * @param catalogue the program's factors; every observed code must be in it
   * @param at the instant
   * @return the index, empty when no interaction counts
   * @throws IllegalArgumentException if an observed factor is not in the catalogue
   */
  public Optional<SatisfactionIndex> compute(
      List<ServiceInteraction> interactions, FactorCatalogue catalogue, Instant at) {
    Objects.requireNonNull(interactions, "interactions");
    Objects.requireNonNull(catalogue, "catalogue");
    Objects.requireNonNull(at, "at");
    List<ServiceInteraction> counted = new ArrayList<>();
    for (ServiceInteraction i : interactions) {
      if (!i.openedAt().isAfter(at)) {
        counted.add(i);
      }
    }
    if (counted.isEmpty()) {
      return Optional.empty();
    }
    int n = counted.size();
    double[] exp = new double[n];
    double[] weight = new double[n];
    int peak = 0;
    int latest = 0;
    for (int k = 0; k < n; k++) {
      ServiceInteraction i = counted.get(k);
      exp[k] = experience(i, catalogue, at);
      Instant last = i.closedAt().filter(c -> !c.isAfter(at)).orElse(i.openedAt());
      double ageDays = Math.max(0, Duration.between(last, at).toSeconds()) / 86_400.0;
      weight[k] = Math.pow(2, -ageDays / (halfLife.toSeconds() / 86_400.0));
      if (Math.abs(exp[k]) > Math.abs(exp[peak])) {
        peak = k;
      }
      if (last.isAfter(lastMoment(counted.get(latest), at))) {
        latest = k;
      }
    }
    weight[peak] *= peakEndBoost;
    weight[latest] *= peakEndBoost;
    double sum = 0;
    double wsum = 0;
    for (int k = 0; k < n; k++) {
      sum += weight[k] * exp[k];
      wsum += weight[k];
    }
    // weights underflow only for interactions many half-lives old: fall back to an equal mean
    double mean = wsum > 0 ? sum / wsum : java.util.Arrays.stream(exp).average().orElse(0);
    double value = 50 + 50 * Math.max(-1, Math.min(1, mean));
    return Optional.of(new SatisfactionIndex(value));
  }

  private static Instant lastMoment(ServiceInteraction i, Instant at) {
    return i.closedAt().filter(c -> !c.isAfter(at)).orElse(i.openedAt());
  }

  /**
   * The remembered experience of one interaction as seen at an instant, in [−1, 1].
   *
   * @param interaction the interaction
   * @param catalogue the program's factors
   * @param at the instant (an interaction closed after it counts as still open)
   * @return the experience value
   */
  public double experience(ServiceInteraction interaction, FactorCatalogue catalogue, Instant at) {
    List<Double> moments = new ArrayList<>();
    for (ObservedFactor f : interaction.observedFactors()) {
      Factor factor = catalogue.require(f.code());
      double m = factor.weight() * f.intensity() / 50.0;
      moments.add(factor.kind() == FactorKind.SATISFIER ? m : -Math.min(1, dissatisfierWeight * m));
    }
    if (interaction.handOffs() > 0) {
      moments.add(-Math.min(1, 0.15 * interaction.handOffs()));
    }
    if (interaction.interruptions() > 0) {
      moments.add(-Math.min(1, 0.25 * interaction.interruptions()));
    }
    if (interaction.repeatRepairCount() >= 2) {
      moments.add(-Math.min(1, 0.3 * (interaction.repeatRepairCount() - 1)));
    }
    boolean closed =
        interaction.closedAt().isPresent() && !interaction.closedAt().get().isAfter(at);
    if (closed && interaction.turnaroundTarget().isPresent() && !interaction.withinTarget()) {
      double target = interaction.turnaroundTarget().get().toSeconds();
      double overrun = interaction.turnaround().orElseThrow().toSeconds() - target;
      moments.add(-Math.min(1, overrun / target));
    }
    Optional<Double> end = Optional.empty();
    if (closed) {
      InteractionOutcome o = interaction.outcome().orElseThrow();
      double e = outcomeValues.get(o);
      if (o == InteractionOutcome.RESOLVED && interaction.withinTarget()) {
        e = Math.min(1, e + fastResolutionBonus);
      }
      end = Optional.of(e);
      moments.add(e);
    }
    if (moments.isEmpty()) {
      return 0;
    }
    double peakMoment = 0;
    double total = 0;
    for (double m : moments) {
      total += m;
      if (Math.abs(m) > Math.abs(peakMoment)) {
        peakMoment = m;
      }
    }
    double mean = total / moments.size();
    double endMoment = end.orElse(mean);
    double v =
        (peakWeight * peakMoment + endWeight * endMoment + restWeight * mean)
            / (peakWeight + endWeight + restWeight);
    return Math.max(-1, Math.min(1, v));
  }
}
