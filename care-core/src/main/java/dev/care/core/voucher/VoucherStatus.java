package dev.care.core.voucher;

/** Where a voucher stands at an instant. */
public enum VoucherStatus {
  /** Issued, not redeemed, not expired. */
  ACTIVE,
  /** Redeemed (once). */
  REDEEMED,
  /** Past its expiry without being redeemed. */
  EXPIRED
}
