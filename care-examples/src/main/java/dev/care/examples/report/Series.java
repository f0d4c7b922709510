package dev.care.examples.report;

import java.util.List;
import java.util.Objects;

/**
 * A named row of numbers, one per x position.
 *
 * @param name the legend label
 * @param values the values, finite
 */
public record Series(String name, List<Double> values) {
  /** Validates and copies. */
  public Series {
    Objects.requireNonNull(name, "name");
    values = List.copyOf(values);
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("series " + name + " has a non-finite value " + v);
      }
    }
  }
}
