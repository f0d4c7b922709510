package dev.care.rules.program;

import java.time.Duration;

/**
 * How points live: lot lifetime, pending window, and the clawback policy for returns of spent
 * points.
 *
 * @param lotLifetime how long an earned lot lives before it expires (default 365 days)
 * @param pendingWindow how long points earned on a purchase stay pending (the return window; zero
 *     for none; default 14 days)
 * @param allowNegativeBalance whether a return may claw back points already spent, taking the
 *     balance negative (default false: such a return is rejected for the spent part)
 * @param negativeLimit how far below zero the balance may go when allowed (0 when not allowed)
 */
public record PointsSettings(
    Duration lotLifetime,
    Duration pendingWindow,
    boolean allowNegativeBalance,
    long negativeLimit) {
  /** Validates. */
  public PointsSettings {
    Checks.positive("points.lotLifetime", lotLifetime);
    java.util.Objects.requireNonNull(pendingWindow, "points.pendingWindow");
    if (pendingWindow.isNegative()) {
      throw new IllegalArgumentException("points.pendingWindow must be >= 0, got " + pendingWindow);
    }
    if (pendingWindow.compareTo(lotLifetime) >= 0) {
      throw new IllegalArgumentException(
          "points.pendingWindow ("
              + pendingWindow
              + ") must be shorter than points.lotLifetime ("
              + lotLifetime
              + ")");
    }
    Checks.range("points.negativeLimit", negativeLimit, 0, 1_000_000_000L);
    if (!allowNegativeBalance && negativeLimit != 0) {
      throw new IllegalArgumentException(
          "points.negativeLimit must be 0 when allowNegativeBalance is false, got "
              + negativeLimit);
    }
    if (allowNegativeBalance && negativeLimit == 0) {
      throw new IllegalArgumentException(
          "points.negativeLimit must be at least 1 when allowNegativeBalance is true, got 0");
    }
  }

  /**
   * Defaults: lots live 365 days, 14-day pending window, no negative balance.
   *
   * @return the defaults
   */
  public static PointsSettings defaults() {
    return new PointsSettings(Duration.ofDays(365), Duration.ofDays(14), false, 0);
  }
}
