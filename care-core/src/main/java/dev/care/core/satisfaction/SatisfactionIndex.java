package dev.care.core.satisfaction;

/**
 * A customer's satisfaction on a 0–100 scale: 50 is neutral, 100 delighted, 0 as dissatisfied as
 * the model can express. Computed by {@link SatisfactionIndexPolicy}.
 *
 * @param value the index, 0 to 100
 */
public record SatisfactionIndex(double value) implements Comparable<SatisfactionIndex> {
  /** The neutral index, 50. */
  public static final SatisfactionIndex NEUTRAL = new SatisfactionIndex(50);

  /** Validates the range. */
  public SatisfactionIndex {
    if (!(value >= 0 && value <= 100)) {
      throw new IllegalArgumentException("satisfaction index must be in [0, 100], got " + value);
    }
  }

  /** Coarse bands of the index. */
  public enum Band {
    /** Below 20. */
    VERY_DISSATISFIED,
    /** 20 to below 40. */
    DISSATISFIED,
    /** 40 to below 60. */
    NEUTRAL,
    /** 60 to below 80. */
    SATISFIED,
    /** 80 and above. */
    DELIGHTED
  }

  /**
   * The band the index falls in.
   *
   * @return the band
   */
  public Band band() {
    if (value < 20) {
      return Band.VERY_DISSATISFIED;
    }
    if (value < 40) {
      return Band.DISSATISFIED;
    }
    if (value < 60) {
      return Band.NEUTRAL;
    }
    return value < 80 ? Band.SATISFIED : Band.DELIGHTED;
  }

  @Override
  public int compareTo(SatisfactionIndex o) {
    return Double.compare(value, o.value);
  }
}
