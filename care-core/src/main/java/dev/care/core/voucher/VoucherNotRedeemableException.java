package dev.care.core.voucher;

import dev.care.core.error.CareException;

/** A voucher cannot be redeemed: not the holder's, already redeemed, expired or unknown. */
public final class VoucherNotRedeemableException extends CareException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param code the voucher code
   * @param reason why not, completing "voucher CODE cannot be redeemed: ..."
   */
  public VoucherNotRedeemableException(String code, String reason) {
    super("voucher " + code + " cannot be redeemed: " + reason);
    this.code = code;
    this.reason = reason;
  }

  /**
   * The code presented.
   *
   * @return the code
   */
  public String code() {
    return code;
  }

  /**
   * Why it cannot be redeemed.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}
