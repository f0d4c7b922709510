package dev.care.core.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A lot: one earning of points (or one bucket of stored value) with its own activation and expiry.
 * Redemption and expiry consume the soonest-expiring lot first (L22).
 *
 * @param id the lot id
 * @param account the customer account it belongs to
 * @param origin the posting that opened it
 * @param original the quantity it was opened with
 * @param remaining what is left
 * @param reserved how much of {@code remaining} open holds reserve
 * @param activatesAt when it becomes spendable; before that it is pending (L23)
 * @param expiresAt when it expires, if ever
 */
public record Lot(
    LotId id,
    AccountId account,
    PostingId origin,
    long original,
    long remaining,
    long reserved,
    Instant activatesAt,
    Optional<Instant> expiresAt) {
  /** Validates. */
  public Lot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(activatesAt, "activatesAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (original <= 0 || remaining < 0 || reserved < 0 || reserved > remaining) {
      throw new IllegalArgumentException(
          "lot "
              + id
              + " needs original > 0 and 0 <= reserved <= remaining, got original="
              + original
              + " remaining="
              + remaining
              + " reserved="
              + reserved);
    }
  }

  /**
   * Whether the lot is pending (not yet active) at an instant.
   *
   * @param at the instant
   * @return true before activation
   */
  public boolean isPendingAt(Instant at) {
    return at.isBefore(activatesAt);
  }

  /**
   * Whether the lot has expired at an instant.
   *
   * @param at the instant
   * @return true at or after expiry
   */
  public boolean isExpiredAt(Instant at) {
    return expiresAt.isPresent() && !at.isBefore(expiresAt.get());
  }

  /**
   * Quantity neither consumed nor reserved.
   *
   * @return remaining minus reserved
   */
  public long free() {
    return remaining - reserved;
  }
}
