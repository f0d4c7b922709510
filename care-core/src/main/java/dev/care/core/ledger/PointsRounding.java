package dev.care.core.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How a program rounds raw earned points to whole points, once, at earning (L25). */
public enum PointsRounding {
  /** Toward zero (the default: never give away a fraction). */
  DOWN(RoundingMode.DOWN),
  /** To nearest, halves up. */
  HALF_UP(RoundingMode.HALF_UP),
  /** To nearest, halves to even. */
  HALF_EVEN(RoundingMode.HALF_EVEN),
  /** Away from zero. */
  UP(RoundingMode.UP);

  private final RoundingMode mode;

  PointsRounding(RoundingMode mode) {
    this.mode = mode;
  }

  /**
   * Rounds raw points.
   *
   * @param raw non-negative raw points
   * @return whole points
   * @throws ArithmeticException if the result does not fit a long
   */
  public long round(BigDecimal raw) {
    return raw.setScale(0, mode).longValueExact();
  }
}
