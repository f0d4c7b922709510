package dev.care.core.ledger;

/** Shared checks for command amounts (L4): positive, so zero and negative are caller mistakes. */
final class Amounts {
  private Amounts() {}

  static long positive(String field, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
    return value;
  }

  static void positive(String field, dev.care.core.money.Money amount) {
    if (!amount.isPositive()) {
      throw new IllegalArgumentException(field + " must be positive, got " + amount);
    }
  }
}
