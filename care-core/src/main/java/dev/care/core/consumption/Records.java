package dev.care.core.consumption;

import dev.care.core.money.Money;
import java.util.List;

/** Validation shared by purchases and returns. */
final class Records {
  private Records() {}

  static void checkRecordId(String kind, String recordId) {
    if (recordId.isBlank() || recordId.length() > 128) {
      throw new IllegalArgumentException(
          kind + " id must be 1..128 non-blank characters, got '" + recordId + "'");
    }
  }

  /** Items, if any, must be in the record's currency and sum to its amount. */
  static void checkItems(String kind, String recordId, Money amount, List<LineItem> items) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException(
          kind + " " + recordId + " amount must be >= 0, got " + amount);
    }
    if (items.isEmpty()) {
      return;
    }
    Money sum = Money.zero(amount.currency());
    for (LineItem item : items) {
      sum = sum.plus(item.amount());
    }
    if (!sum.equals(amount)) {
      throw new IllegalArgumentException(
          kind + " " + recordId + " items sum to " + sum + " but amount is " + amount);
    }
  }
}
