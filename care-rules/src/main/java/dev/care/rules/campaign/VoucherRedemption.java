package dev.care.rules.campaign;

import dev.care.core.ledger.Outcome;
import dev.care.core.voucher.Voucher;
import dev.care.core.voucher.VoucherValue;
import java.util.Objects;
import java.util.Optional;

/**
 * A voucher redeemed: the voucher as stored after redemption and, for points and bonus value, the
 * ledger outcome of the credit (committed in the same unit of work). A percent-off voucher has no
 * ledger outcome: the merchant's till applies the discount; the library records the redemption.
 *
 * @param voucher the redeemed voucher
 * @param ledger the credit's outcome, for points and bonus-value vouchers
 */
public record VoucherRedemption(Voucher voucher, Optional<Outcome> ledger) {
  /** Validates. */
  public VoucherRedemption {
    Objects.requireNonNull(voucher, "voucher");
    Objects.requireNonNull(ledger, "ledger");
    if (voucher.redemption().isEmpty()) {
      throw new IllegalArgumentException("voucher " + voucher.code() + " is not redeemed");
    }
    boolean credits = !(voucher.value() instanceof VoucherValue.PercentOff);
    if (credits != ledger.isPresent()) {
      throw new IllegalArgumentException(
          "voucher "
              + voucher.code()
              + " worth "
              + voucher.value()
              + (credits ? " needs" : " must not have")
              + " a ledger outcome");
    }
  }

  /**
   * The discount the till should apply, for a percent-off voucher.
   *
   * @return the percentage, or empty for points and bonus value
   */
  public Optional<Integer> percentOff() {
    return voucher.value() instanceof VoucherValue.PercentOff p
        ? Optional.of(p.percent())
        : Optional.empty();
  }
}
