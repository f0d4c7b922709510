package dev.care.rules.program;

import dev.care.core.customer.TierId;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One tier and what it takes and gives.
 *
 * @param id the tier
 * @param threshold qualifying points (or spend in minor units) needed in the window
 * @param earnMultiplier multiplier on earned points (1 = none)
 * @param discountPercent price discount the tier gives, 0–100
 */
public record TierLevel(TierId id, long threshold, BigDecimal earnMultiplier, int discountPercent) {
  /** Validates. */
  public TierLevel {
    Objects.requireNonNull(id, "id");
    Checks.range("tier " + id + " threshold", threshold, 0, Long.MAX_VALUE / 2);
    Checks.nonNegative("tier " + id + " earnMultiplier", earnMultiplier);
    Checks.range("tier " + id + " discountPercent", discountPercent, 0, 100);
  }
}
