package dev.care.rules.analytics;

/**
 * The named RFM segments, assigned from the recency score {@code R} and the combined
 * frequency-monetary score {@code FM = ⌊(F + M + 1) / 2⌋} (the mean of F and M, halves rounded up)
 * by the usual R × FM grid. Every one of the 25 cells has exactly one segment:
 *
 * <pre>
 *           FM=1            FM=2                FM=3                FM=4          FM=5
 *   R=5     New             Potential loyalist  Potential loyalist  Champions     Champions
 *   R=4     Promising       Potential loyalist  Potential loyalist  Loyal         Loyal
 *   R=3     About to sleep  About to sleep      Need attention      Loyal         Loyal
 *   R=2     Hibernating     Hibernating         At risk             At risk       Can't lose them
 *   R=1     Lost            Hibernating         At risk             At risk       Can't lose them
 * </pre>
 */
public enum RfmSegment {
  /** Bought recently, buy often and spend the most. */
  CHAMPIONS("Champions"),
  /** Buy regularly and spend well; responsive. */
  LOYAL("Loyal"),
  /** Recent customers with average frequency and spend. */
  POTENTIAL_LOYALIST("Potential loyalist"),
  /** Bought very recently, not often. */
  NEW("New"),
  /** Recent, but little history yet. */
  PROMISING("Promising"),
  /** Average recency, frequency and spend. */
  NEED_ATTENTION("Need attention"),
  /** Below-average recency and frequency: slipping. */
  ABOUT_TO_SLEEP("About to sleep"),
  /** Used to buy often and spend well, not seen for a while. */
  AT_RISK("At risk"),
  /** The best customers of the past, gone quiet. */
  CANT_LOSE_THEM("Can't lose them"),
  /** Long ago, little and rarely. */
  HIBERNATING("Hibernating"),
  /** Lowest recency, frequency and spend. */
  LOST("Lost");

  private final String displayName;

  RfmSegment(String displayName) {
    this.displayName = displayName;
  }

  /**
   * The segment's name for people, e.g. {@code "Can't lose them"}.
   *
   * @return the name
   */
  public String displayName() {
    return displayName;
  }

  /**
   * The segment of a cell of the grid.
   *
   * @param r recency score, 1–5
   * @param fm combined frequency-monetary score, 1–5
   * @return the segment
   */
  public static RfmSegment of(int r, int fm) {
    if (r < 1 || r > 5) {
      throw new IllegalArgumentException("r must be 1..5, got " + r);
    }
    if (fm < 1 || fm > 5) {
      throw new IllegalArgumentException("fm must be 1..5, got " + fm);
    }
    if (r <= 2) {
      if (fm == 5) {
        return CANT_LOSE_THEM;
      }
      if (fm >= 3) {
        return AT_RISK;
      }
      return r == 1 && fm == 1 ? LOST : HIBERNATING;
    }
    if (fm >= 4) {
      return r == 5 ? CHAMPIONS : LOYAL;
    }
    if (r == 3) {
      return fm == 3 ? NEED_ATTENTION : ABOUT_TO_SLEEP;
    }
    if (fm == 1) {
      return r == 5 ? NEW : PROMISING;
    }
    return POTENTIAL_LOYALIST;
  }
}
