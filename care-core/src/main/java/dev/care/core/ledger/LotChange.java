package dev.care.core.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a posting did to one lot: opened it with a quantity, or drew from it (negative) or restored
 * to it (positive). Lots change only through postings, so replaying the journal rebuilds them.
 *
 * @param lot the lot
 * @param delta the change in the lot's remaining quantity, never zero
 * @param opened the terms of the lot when this change opens it
 */
public record LotChange(LotId lot, long delta, Optional<Opening> opened) {
  /** Validates. */
  public LotChange {
    Objects.requireNonNull(lot, "lot");
    Objects.requireNonNull(opened, "opened");
    if (delta == 0) {
      throw new IllegalArgumentException("lot change on " + lot + " must not be zero");
    }
    if (opened.isPresent() && delta < 0) {
      throw new IllegalArgumentException("opening " + lot + " needs a positive quantity");
    }
  }

  /**
   * The terms a lot is opened with.
   *
   * @param account the customer account the lot belongs to
   * @param activatesAt when the lot becomes spendable (pending before)
   * @param expiresAt when the lot expires, if ever
   */
  public record Opening(AccountId account, Instant activatesAt, Optional<Instant> expiresAt) {
    /** Validates. */
    public Opening {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(activatesAt, "activatesAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
      if (!account.type().isCustomerAccount()) {
        throw new IllegalArgumentException("lots belong to customer accounts, not " + account);
      }
      expiresAt.ifPresent(
          e -> {
            if (!e.isAfter(activatesAt)) {
              throw new IllegalArgumentException(
                  "lot expiry " + e + " must be after its activation " + activatesAt);
            }
          });
    }
  }
}
