package dev.care.core.wallet;

/** Which stored value a spend draws first (L27). */
public enum SpendOrder {
  /** Bonus value soonest-expiring first, paid value last (the default). */
  SOONEST_EXPIRING_FIRST,
  /** Paid value first (soonest-expiring first), then bonus value. */
  PAID_FIRST
}
