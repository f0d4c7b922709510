package dev.care.core.wallet;

import java.time.Period;
import java.util.Objects;
import java.util.Optional;

/**
 * The program's stored-value rules as the ledger applies them.
 *
 * @param spendOrder which value a spend draws first (default soonest-expiring first, paid last)
 * @param paidValueExpiry when paid value expires, if ever (default never); at least five years
 *     (consumer protection, L29)
 */
public record WalletPolicy(SpendOrder spendOrder, Optional<Period> paidValueExpiry) {
  /** The shortest paid-value expiry a program may set. */
  public static final Period MIN_PAID_VALUE_EXPIRY = Period.ofYears(5);

  /** Validates; refuses paid-value expiry under five years. */
  public WalletPolicy {
    Objects.requireNonNull(spendOrder, "spendOrder");
    Objects.requireNonNull(paidValueExpiry, "paidValueExpiry");
    paidValueExpiry.ifPresent(
        p -> {
          if (p.isNegative() || p.toTotalMonths() * 31 + p.getDays() < 5 * 12 * 31) {
            throw new IllegalArgumentException(
                "wallet paidValueExpiry must be at least "
                    + MIN_PAID_VALUE_EXPIRY
                    + " (consumer protection), got "
                    + p);
          }
        });
  }

  /**
   * The defaults.
   *
   * @return soonest-expiring first, paid value never expires
   */
  public static WalletPolicy defaults() {
    return new WalletPolicy(SpendOrder.SOONEST_EXPIRING_FIRST, Optional.empty());
  }
}
