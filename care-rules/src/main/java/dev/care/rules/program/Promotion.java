package dev.care.rules.program;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * A time-boxed earning promotion: a multiplier on eligible lines between two dates (inclusive, in
 * the program's time zone), optionally only for some categories.
 *
 * @param id the promotion's id
 * @param from first day
 * @param to last day, not before {@code from}
 * @param multiplier the multiplier, above 0
 * @param categories the categories it applies to; empty for all
 */
public record Promotion(
    String id, LocalDate from, LocalDate to, BigDecimal multiplier, Set<String> categories) {
  /** Validates. */
  public Promotion {
    Checks.id("promotion.id", id);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(multiplier, "multiplier");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException(
          "promotion " + id + ": to (" + to + ") is before from (" + from + ")");
    }
    if (multiplier.signum() <= 0) {
      throw new IllegalArgumentException(
          "promotion " + id + ": multiplier must be > 0, got " + Checks.show(multiplier));
    }
    Checks.bounded("promotion " + id + " multiplier", multiplier);
    categories = Set.copyOf(categories);
  }

  /**
   * Whether the promotion runs on a date.
   *
   * @param date a date in the program's zone
   * @return true between from and to inclusive
   */
  public boolean activeOn(LocalDate date) {
    return !date.isBefore(from) && !date.isAfter(to);
  }
}
