package dev.care.core.voucher;

import dev.care.core.money.Money;
import java.util.Objects;

/** What a voucher is worth when it is redeemed. */
public sealed interface VoucherValue {
  /**
   * Points credited to the customer's points account.
   *
   * @param points how many, at least 1
   */
  record Points(long points) implements VoucherValue {
    /** Validates the amount. */
    public Points {
      if (points <= 0) {
        throw new IllegalArgumentException("voucher points must be positive, got " + points);
      }
    }
  }

  /**
   * Bonus value credited to the customer's wallet (promotional, not paid: it may expire and is
   * never cashed out).
   *
   * @param amount how much, positive
   */
  record BonusValue(Money amount) implements VoucherValue {
    /** Validates the amount. */
    public BonusValue {
      Objects.requireNonNull(amount, "amount");
      if (!amount.isPositive()) {
        throw new IllegalArgumentException("voucher bonus value must be positive, got " + amount);
      }
    }
  }

  /**
   * A discount on one purchase, applied by the merchant's till; the library records the redemption.
   *
   * @param percent 1–100
   */
  record PercentOff(int percent) implements VoucherValue {
    /** Validates the percentage. */
    public PercentOff {
      if (percent < 1 || percent > 100) {
        throw new IllegalArgumentException("voucher percent off must be 1..100, got " + percent);
      }
    }
  }
}
