package dev.care.core.wallet;

import dev.care.core.money.Money;

/** Shared checks for wallet command amounts (L4). */
final class WalletChecks {
  private WalletChecks() {}

  static void positive(String field, Money amount) {
    if (!amount.isPositive()) {
      throw new IllegalArgumentException(field + " must be positive, got " + amount);
    }
  }
}
