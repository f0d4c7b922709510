package dev.care.core.lifecycle;

import dev.care.core.consumption.ConsumptionHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Life-cycle inference by recency and frequency thresholds. Every threshold is a parameter; {@link
 * #defaults()} gives the values of the domain brief.
 *
 * <p>Rules, applied in order to the purchases at or before the instant (fully returned ones do not
 * count):
 *
 * <ol>
 *   <li>no purchase → {@link LifecycleStage#PROSPECT};
 *   <li>no purchase for {@code lapsedAfter} or more → {@link LifecycleStage#LAPSED};
 *   <li>no purchase for longer than the declining threshold → {@link LifecycleStage#DECLINING}. The
 *       threshold is personal: {@code gapMultiplier} × the customer's median gap between purchases,
 *       but at least {@code decliningAfter} and at most {@code lapsedAfter} ("gaps lengthen");
 *   <li>the latest purchase came after a gap of {@code lapsedAfter} or more and is within {@code
 *       wonBackFor} → {@link LifecycleStage#WON_BACK};
 *   <li>one purchase → {@link LifecycleStage#NEW};
 *   <li>at least {@code matureMinPurchases} purchases and a first purchase at least {@code
 *       matureMinTenure} ago → {@link LifecycleStage#MATURE};
 *   <li>otherwise → {@link LifecycleStage#GROWING}.
 * </ol>
 *
 * <p>For a fixed history, moving the instant forward only moves an active customer toward DECLINING
 * and then LAPSED, never back (the law the property tests check).
 *
 * @param decliningAfter smallest silence that makes a customer DECLINING
 * @param lapsedAfter silence after which a customer is LAPSED
 * @param gapMultiplier how many of the customer's median gaps make a silence suspicious, ≥ 1
 * @param wonBackFor how long a returning lapsed customer stays WON_BACK
 * @param matureMinPurchases purchases needed to be MATURE, ≥ 2
 * @param matureMinTenure time since first purchase needed to be MATURE
 */
public record RuleBasedLifecyclePolicy(
    Duration decliningAfter,
    Duration lapsedAfter,
    int gapMultiplier,
    Duration wonBackFor,
    int matureMinPurchases,
    Duration matureMinTenure)
    implements LifecyclePolicy {

  /** Validates the thresholds and their order. */
  public RuleBasedLifecyclePolicy {
    Objects.requireNonNull(decliningAfter, "decliningAfter");
    Objects.requireNonNull(lapsedAfter, "lapsedAfter");
    Objects.requireNonNull(wonBackFor, "wonBackFor");
    Objects.requireNonNull(matureMinTenure, "matureMinTenure");
    requirePositive("decliningAfter", decliningAfter);
    requirePositive("lapsedAfter", lapsedAfter);
    requirePositive("wonBackFor", wonBackFor);
    if (matureMinTenure.isNegative()) {
      throw new IllegalArgumentException("matureMinTenure must be >= 0, got " + matureMinTenure);
    }
    if (decliningAfter.compareTo(lapsedAfter) >= 0) {
      throw new IllegalArgumentException(
          "decliningAfter ("
              + decliningAfter
              + ") must be shorter than lapsedAfter ("
              + lapsedAfter
              + ")");
    }
    if (gapMultiplier < 1) {
      throw new IllegalArgumentException("gapMultiplier must be >= 1, got " + gapMultiplier);
    }
    if (matureMinPurchases < 2) {
      throw new IllegalArgumentException(
          "matureMinPurchases must be >= 2, got " + matureMinPurchases);
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + d);
    }
  }

  /**
   * Defaults: declining after 60 days (or 3 median gaps, at most the lapse threshold), lapsed after
   * 180 days, won back for 90 days, mature at 5 purchases over at least 180 days.
   *
   * @return the default policy
   */
  public static RuleBasedLifecyclePolicy defaults() {
    return new RuleBasedLifecyclePolicy(
        Duration.ofDays(60), Duration.ofDays(180), 3, Duration.ofDays(90), 5, Duration.ofDays(180));
  }

  @Override
  public StageDecision infer(ConsumptionHistory history, Instant at) {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(at, "at");
    List<Instant> times = history.purchaseTimes(at);
    if (times.isEmpty()) {
      return new StageDecision(LifecycleStage.PROSPECT, "no purchase yet");
    }
    Duration declining = decliningThreshold(times);
    LifecycleStage stage = stage(times, declining, at);
    Instant last = times.get(times.size() - 1);
    Duration silence = Duration.between(last, at);
    String reason =
        switch (stage) {
          case LAPSED ->
              "no purchase for "
                  + silence.toDays()
                  + " days (lapsed after "
                  + lapsedAfter.toDays()
                  + ")";
          case DECLINING ->
              "no purchase for "
                  + silence.toDays()
                  + " days (declining after "
                  + declining.toDays()
                  + ")";
          case WON_BACK ->
              "bought again after "
                  + Duration.between(times.get(times.size() - 2), last).toDays()
                  + " days away";
          case NEW -> "one purchase";
          case MATURE ->
              times.size()
                  + " purchases over "
                  + Duration.between(times.get(0), at).toDays()
                  + " days";
          default -> times.size() + " purchases";
        };
    return new StageDecision(stage, reason);
  }

  /**
   * The stage by the rules above, for purchase times (at least one) and their declining threshold
   * ({@link #decliningThreshold}), without the reason: what {@link #nextChange} compares at each
   * candidate instant.
   */
  private LifecycleStage stage(List<Instant> times, Duration declining, Instant at) {
    Instant last = times.get(times.size() - 1);
    Duration silence = Duration.between(last, at);
    if (silence.compareTo(lapsedAfter) >= 0) {
      return LifecycleStage.LAPSED;
    }
    if (silence.compareTo(declining) > 0) {
      return LifecycleStage.DECLINING;
    }
    if (times.size() >= 2) {
      Duration lastGap = Duration.between(times.get(times.size() - 2), last);
      if (lastGap.compareTo(lapsedAfter) >= 0 && silence.compareTo(wonBackFor) < 0) {
        return LifecycleStage.WON_BACK;
      }
    }
    if (times.size() == 1) {
      return LifecycleStage.NEW;
    }
    Duration tenure = Duration.between(times.get(0), at);
    if (times.size() >= matureMinPurchases && tenure.compareTo(matureMinTenure) >= 0) {
      return LifecycleStage.MATURE;
    }
    return LifecycleStage.GROWING;
  }

  /**
   * The exact next change: the stage is constant between the instants where a threshold is crossed
   * (silence reaching the declining, lapsed or won-back limits, tenure reaching maturity) or a
   * record takes effect, so the first of those at which the stage differs from {@code previous}
   * (where {@link #review} reports a change) is it. The purchase times and their declining
   * threshold change only at a record, so they are computed once per record instant, not once per
   * candidate.
   */
  @Override
  public Optional<Instant> nextChange(
      ConsumptionHistory history, Optional<LifecycleStage> previous, Instant after) {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(after, "after");
    // from each instant where the records in effect change (and from after): the purchase times
    // then and their declining threshold, which hold until the next such instant
    java.util.TreeMap<Instant, Purchases> asOf = new java.util.TreeMap<>();
    asOf.put(after, Purchases.of(this, history.purchaseTimes(after)));
    for (var r : history.records()) {
      if (r.at().isAfter(after) && !asOf.containsKey(r.at())) {
        asOf.put(r.at(), Purchases.of(this, history.purchaseTimes(r.at())));
      }
    }
    java.util.TreeSet<Instant> candidates = new java.util.TreeSet<>(asOf.keySet());
    for (Purchases p : asOf.values()) {
      if (p.times().isEmpty()) {
        continue;
      }
      Instant first = p.times().get(0);
      Instant last = p.times().get(p.times().size() - 1);
      candidates.add(last.plus(p.declining()).plusNanos(1));
      candidates.add(last.plus(lapsedAfter));
      candidates.add(last.plus(wonBackFor));
      candidates.add(first.plus(matureMinTenure));
    }
    for (Instant c : candidates.tailSet(after, true)) {
      Purchases p = asOf.floorEntry(c).getValue();
      LifecycleStage stage =
          p.times().isEmpty() ? LifecycleStage.PROSPECT : stage(p.times(), p.declining(), c);
      if (previous.isEmpty() || previous.get() != stage) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Purchase times as of an instant, with their declining threshold (none without purchases). */
  private record Purchases(List<Instant> times, Duration declining) {
    static Purchases of(RuleBasedLifecyclePolicy policy, List<Instant> times) {
      return new Purchases(
          times, times.isEmpty() ? Duration.ZERO : policy.decliningThreshold(times));
    }
  }

  /**
   * The personal declining threshold for a customer with these purchase times: {@code
   * gapMultiplier} × median gap, clamped to [{@code decliningAfter}, {@code lapsedAfter}).
   *
   * @param times purchase instants in order, at least one
   * @return the threshold
   */
  Duration decliningThreshold(List<Instant> times) {
    if (times.size() < 2) {
      return decliningAfter;
    }
    // gapMultiplier × the gap, exactly (Duration.multipliedBy goes through BigDecimal): the nanos
    // (< 10^9) times an int stay within a long; an overflow throws as multipliedBy would
    Duration gap = medianGap(times);
    Duration personal =
        Duration.ofSeconds(
            Math.multiplyExact(gap.getSeconds(), (long) gapMultiplier),
            (long) gap.getNano() * gapMultiplier);
    if (personal.compareTo(decliningAfter) < 0) {
      return decliningAfter;
    }
    Duration cap = lapsedAfter.minusSeconds(1);
    return personal.compareTo(cap) > 0 ? cap : personal;
  }

  /**
   * The median gap between consecutive purchase times (the lower middle one of an even count),
   * sorted as nanoseconds; gaps too long for that (about 292 years) are sorted as durations.
   */
  private static Duration medianGap(List<Instant> times) {
    long[] gaps = new long[times.size() - 1];
    try {
      for (int i = 1; i < times.size(); i++) {
        Instant a = times.get(i - 1);
        Instant b = times.get(i);
        gaps[i - 1] =
            Math.addExact(
                Math.multiplyExact(b.getEpochSecond() - a.getEpochSecond(), 1_000_000_000L),
                b.getNano() - a.getNano());
      }
    } catch (ArithmeticException tooLong) {
      List<Duration> durations = new ArrayList<>(times.size() - 1);
      for (int i = 1; i < times.size(); i++) {
        durations.add(Duration.between(times.get(i - 1), times.get(i)));
      }
      Collections.sort(durations);
      return durations.get((durations.size() - 1) / 2);
    }
    java.util.Arrays.sort(gaps);
    return Duration.ofNanos(gaps[(gaps.length - 1) / 2]);
  }
}
