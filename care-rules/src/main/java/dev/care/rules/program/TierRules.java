package dev.care.rules.program;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How customers qualify for tiers: on qualifying points or on spend, over a rolling window or the
 * calendar year; upgrades are immediate, downgrades wait for a grace period.
 *
 * @param basis what counts toward qualification
 * @param window over which period it counts
 * @param rollingWindow the length of a rolling window (ignored for the calendar year)
 * @param gracePeriod how long a customer keeps a tier after falling below it
 * @param levels the tiers, lowest first: the first has threshold 0, thresholds strictly increase
 */
public record TierRules(
    Basis basis,
    Window window,
    Duration rollingWindow,
    Duration gracePeriod,
    List<TierLevel> levels) {

  /** What counts toward qualification. */
  public enum Basis {
    /** Qualifying points (earned on purchases, reversed by returns). */
    QUALIFYING_POINTS,
    /** Net spend in minor units. */
    SPEND
  }

  /** Over which period qualification counts. */
  public enum Window {
    /** The last {@code rollingWindow}. */
    ROLLING,
    /** The calendar year so far, in the program's zone; downgrades only at year end. */
    CALENDAR_YEAR
  }

  /** Validates the levels: first at 0, thresholds strictly increasing, distinct ids. */
  public TierRules {
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(window, "window");
    Checks.positive("tiers.rollingWindow", rollingWindow);
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("tiers.gracePeriod must be >= 0, got " + gracePeriod);
    }
    levels = List.copyOf(levels);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("tiers.levels must not be empty");
    }
    if (levels.get(0).threshold() != 0) {
      throw new IllegalArgumentException(
          "tiers.levels: the lowest tier "
              + levels.get(0).id()
              + " must have threshold 0, got "
              + levels.get(0).threshold());
    }
    for (int i = 1; i < levels.size(); i++) {
      TierLevel prev = levels.get(i - 1);
      TierLevel cur = levels.get(i);
      if (cur.threshold() <= prev.threshold()) {
        throw new IllegalArgumentException(
            "tiers.levels overlap: "
                + cur.id()
                + " threshold "
                + cur.threshold()
                + " must be above "
                + prev.id()
                + " threshold "
                + prev.threshold());
      }
    }
    if (levels.stream().map(TierLevel::id).distinct().count() != levels.size()) {
      throw new IllegalArgumentException("tiers.levels repeat a tier id");
    }
  }

  /**
   * A single MEMBER tier on qualifying points over a rolling year, 30 days' grace.
   *
   * @return the default tier rules
   */
  public static TierRules defaults() {
    return new TierRules(
        Basis.QUALIFYING_POINTS,
        Window.ROLLING,
        Duration.ofDays(365),
        Duration.ofDays(30),
        List.of(
            new TierLevel(
                dev.care.core.customer.TierId.of("MEMBER"), 0, java.math.BigDecimal.ONE, 0)));
  }

  /**
   * The highest tier whose threshold an amount reaches.
   *
   * @param qualifying qualifying points or spend in the window
   * @return the tier level
   */
  public TierLevel levelFor(long qualifying) {
    TierLevel best = levels.get(0);
    for (TierLevel l : levels) {
      if (qualifying >= l.threshold()) {
        best = l;
      }
    }
    return best;
  }

  /**
   * A level by id.
   *
   * @param id the tier
   * @return the level
   * @throws IllegalArgumentException if the program has no such tier
   */
  public TierLevel level(dev.care.core.customer.TierId id) {
    return levels.get(rank(id));
  }

  /**
   * The rank of a tier, 0 for the lowest.
   *
   * @param id the tier
   * @return its index in {@link #levels()}
   */
  public int rank(dev.care.core.customer.TierId id) {
    // a loop, not a stream: every tier review asks several times
    for (int i = 0; i < levels.size(); i++) {
      if (levels.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown tier " + id);
  }
}
