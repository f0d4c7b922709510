package dev.care.core.consumption;

import dev.care.core.money.Money;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One line of a purchase or return.
 *
 * @param sku the merchant's article code
 * @param category the category, a lower-case word such as {@code haircare}
 * @param quantity how many, at least 1
 * @param amount what the line cost in total (not per unit), zero or more
 * @param discounted whether the line was sold at a discount (earning rules may exclude it)
 */
public record LineItem(
    String sku, String category, int quantity, Money amount, boolean discounted) {
  private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

  /** Validates the line. */
  public LineItem {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(amount, "amount");
    if (sku.isBlank() || sku.length() > 64) {
      throw new IllegalArgumentException(
          "sku must be 1..64 non-blank characters, got '" + sku + "'");
    }
    if (!CATEGORY.matcher(category).matches()) {
      throw new IllegalArgumentException(
          "category must match " + CATEGORY.pattern() + ", got '" + category + "'");
    }
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be >= 1, got " + quantity + " for " + sku);
    }
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must be >= 0, got " + amount + " for " + sku);
    }
  }

  /**
   * A full-price line.
   *
   * @param sku article code
   * @param category category
   * @param quantity how many
   * @param amount line total
   * @return the line
   */
  public static LineItem of(String sku, String category, int quantity, Money amount) {
    return new LineItem(sku, category, quantity, amount, false);
  }
}
