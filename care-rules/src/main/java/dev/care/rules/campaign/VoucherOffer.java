package dev.care.rules.campaign;

import dev.care.core.voucher.VoucherValue;
import java.time.Duration;
import java.util.Objects;

/**
 * The e-voucher a campaign gives each customer it messages: one single-use code per customer and
 * run, worth {@code value}, redeemable for {@code validity} from the run.
 *
 * @param value what each voucher is worth
 * @param validity how long a voucher stays redeemable after issue, positive and at most 3660 days
 */
public record VoucherOffer(VoucherValue value, Duration validity) {
  private static final Duration MAX_VALIDITY = Duration.ofDays(3660);

  /** Validates. */
  public VoucherOffer {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(validity, "validity");
    if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
      throw new IllegalArgumentException(
          "voucher offer validity must be positive and at most "
              + MAX_VALIDITY
              + ", got "
              + validity);
    }
  }

  /**
   * A human-readable description of the value for the {@code {offer}} template variable, e.g.
   * {@code 150 points}, {@code EUR 5.00 credit} or {@code 10% off}.
   *
   * @return the description
   */
  public String describe() {
    VoucherValue v = value;
    if (v instanceof VoucherValue.Points p) {
      return p.points() + " points";
    } else if (v instanceof VoucherValue.BonusValue b) {
      return b.amount() + " credit";
    } else if (v instanceof VoucherValue.PercentOff o) {
      return o.percent() + "% off";
    }
    throw new IllegalStateException("unknown voucher value " + v);
  }
}
