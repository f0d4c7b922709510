package dev.care.rules.earning;

import dev.care.core.consumption.LineItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The state an earning policy transforms: per line, the eligible amount and the exact (unrounded)
 * points so far; order-level qualifying points; and the rules applied. Immutable.
 *
 * @param lines one entry per purchase line (a purchase without lines is one line of category {@code
 *     uncategorised})
 * @param qualifying exact qualifying points (set after base and category/SKU multipliers)
 * @param applied the rules applied so far
 */
public record EarnCalculation(List<Line> lines, BigDecimal qualifying, List<AppliedRule> applied) {

  /**
   * One line in the calculation.
   *
   * @param item the purchase line
   * @param eligibleMinor how much of it earns, in minor units
   * @param points exact points so far
   */
  public record Line(LineItem item, BigDecimal eligibleMinor, BigDecimal points) {
    /** Validates. */
    public Line {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(eligibleMinor, "eligibleMinor");
      Objects.requireNonNull(points, "points");
    }

    /**
     * A copy with other points.
     *
     * @param p the points
     * @return the line
     */
    public Line withPoints(BigDecimal p) {
      return new Line(item, eligibleMinor, p);
    }

    /**
     * A copy with another eligible amount.
     *
     * @param e the eligible amount in minor units
     * @return the line
     */
    public Line withEligible(BigDecimal e) {
      return new Line(item, e, points);
    }
  }

  /** Copies. */
  public EarnCalculation {
    lines = List.copyOf(lines);
    Objects.requireNonNull(qualifying, "qualifying");
    applied = List.copyOf(applied);
  }

  /**
   * The exact points of all lines.
   *
   * @return the sum
   */
  public BigDecimal totalPoints() {
    BigDecimal sum = BigDecimal.ZERO;
    for (Line l : lines) {
      sum = sum.add(l.points());
    }
    return sum;
  }

  /**
   * The eligible amount of all lines, in minor units.
   *
   * @return the sum
   */
  public BigDecimal totalEligibleMinor() {
    BigDecimal sum = BigDecimal.ZERO;
    for (Line l : lines) {
      sum = sum.add(l.eligibleMinor());
    }
    return sum;
  }

  /**
   * A copy with every line transformed.
   *
   * @param f the transformation
   * @return the new calculation
   */
  public EarnCalculation mapLines(UnaryOperator<Line> f) {
    List<Line> next = new ArrayList<>(lines.size());
    for (Line l : lines) {
      next.add(f.apply(l));
    }
    return new EarnCalculation(next, qualifying, applied);
  }

  /**
   * A copy with a rule recorded.
   *
   * @param rule what applied
   * @return the new calculation
   */
  public EarnCalculation with(AppliedRule rule) {
    List<AppliedRule> next = new ArrayList<>(applied);
    next.add(rule);
    return new EarnCalculation(lines, qualifying, next);
  }

  /**
   * A copy with qualifying points set.
   *
   * @param q exact qualifying points
   * @return the new calculation
   */
  public EarnCalculation withQualifying(BigDecimal q) {
    return new EarnCalculation(lines, q, applied);
  }
}
