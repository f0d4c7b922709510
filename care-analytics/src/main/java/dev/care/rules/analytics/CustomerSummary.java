package dev.care.rules.analytics;

import dev.care.core.customer.CustomerId;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One customer's repeat-buying figures over a calibration period, as the BG/NBD and Gamma-Gamma
 * models read them (see the package overview for the conventions).
 *
 * @param customerId the customer
 * @param frequency {@code x}: purchase occasions after the first, {@code >= 0}
 * @param recency {@code t_x}: periods from the first to the last occasion, {@code 0} when {@code x
 *     = 0}, otherwise {@code 0 < t_x <= T}
 * @param age {@code T}: periods from the first occasion to the calibration end, {@code >= t_x}
 * @param totalSpendMinor spend over all occasions (including the first), minor units, {@code >= 0}
 * @param repeatSpendMinor spend over the {@code x} repeat occasions, minor units, {@code >= 0} and
 *     at most {@code totalSpendMinor}; the Gamma-Gamma model uses their mean
 * @param firstPurchase the day of the first occasion
 * @param lastPurchase the day of the last occasion, not before the first
 */
public record CustomerSummary(
    CustomerId customerId,
    int frequency,
    double recency,
    double age,
    long totalSpendMinor,
    long repeatSpendMinor,
    LocalDate firstPurchase,
    LocalDate lastPurchase) {

  /** Validates each figure and their combinations. */
  public CustomerSummary {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(firstPurchase, "firstPurchase");
    Objects.requireNonNull(lastPurchase, "lastPurchase");
    checkTriple(frequency, recency, age);
    if (totalSpendMinor < 0) {
      throw new IllegalArgumentException("totalSpendMinor must be >= 0, got " + totalSpendMinor);
    }
    if (repeatSpendMinor < 0 || repeatSpendMinor > totalSpendMinor) {
      throw new IllegalArgumentException(
          "repeatSpendMinor must be in [0, totalSpendMinor="
              + totalSpendMinor
              + "], got "
              + repeatSpendMinor);
    }
    if (frequency == 0 && repeatSpendMinor != 0) {
      throw new IllegalArgumentException(
          "repeatSpendMinor must be 0 when frequency is 0, got " + repeatSpendMinor);
    }
    if (lastPurchase.isBefore(firstPurchase)) {
      throw new IllegalArgumentException(
          "lastPurchase " + lastPurchase + " is before firstPurchase " + firstPurchase);
    }
  }

  /**
   * Checks a BG/NBD triple: {@code x >= 0}; {@code t_x = 0} when {@code x = 0}; {@code 0 <= t_x <=
   * T}; all finite.
   *
   * @param x frequency
   * @param tx recency
   * @param t age
   * @throws IllegalArgumentException naming the field and value that is wrong
   */
  public static void checkTriple(int x, double tx, double t) {
    if (x < 0) {
      throw new IllegalArgumentException("frequency must be >= 0, got " + x);
    }
    if (!Double.isFinite(tx) || tx < 0) {
      throw new IllegalArgumentException("recency must be finite and >= 0, got " + tx);
    }
    if (!Double.isFinite(t) || t < 0) {
      throw new IllegalArgumentException("age must be finite and >= 0, got " + t);
    }
    if (tx > t) {
      throw new IllegalArgumentException("recency must be <= age (" + t + "), got " + tx);
    }
    if (x == 0 && tx != 0) {
      throw new IllegalArgumentException("recency must be 0 when frequency is 0, got " + tx);
    }
  }

  /**
   * Purchase occasions in total, {@code x + 1}.
   *
   * @return the count
   */
  public int occasions() {
    return frequency + 1;
  }

  /**
   * Mean spend per repeat occasion in minor units, the Gamma-Gamma model's {@code m̄}.
   *
   * @return {@code repeatSpendMinor / x}, or 0 when {@code x = 0}
   */
  public double averageRepeatSpend() {
    return frequency == 0 ? 0 : (double) repeatSpendMinor / frequency;
  }
}
