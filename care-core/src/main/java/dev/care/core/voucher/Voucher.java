package dev.care.core.voucher;

import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A single-use e-voucher issued to one customer. Its code is unique; it can be redeemed once,
 * before it expires. Redeeming returns a new value (records are immutable); storage keeps it
 * versioned, so two racing redemptions cannot both commit.
 *
 * @param code the code the customer presents: 6–40 characters of {@code A-Z0-9-}
 * @param campaignId the campaign (or other source) that issued it, 1–80 characters
 * @param customerId who may redeem it
 * @param value what it is worth
 * @param issuedAt when it was issued
 * @param expiresAt when it stops being redeemable (exclusive), after {@code issuedAt}
 * @param redemption the redemption, once redeemed
 */
public record Voucher(
    String code,
    String campaignId,
    CustomerId customerId,
    VoucherValue value,
    Instant issuedAt,
    Instant expiresAt,
    Optional<Redemption> redemption) {
  private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{5,39}");

  /**
   * A voucher's redemption.
   *
   * @param at when it was redeemed
   * @param reference what it was redeemed against (an order id, a ledger idempotency key), 1–200
   *     characters
   */
  public record Redemption(Instant at, String reference) {
    /** Validates the fields. */
    public Redemption {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(reference, "reference");
      if (reference.isBlank() || reference.length() > 200) {
        throw new IllegalArgumentException(
            "voucher redemption reference must be 1..200 non-blank characters, got '"
                + reference
                + "'");
      }
    }
  }

  /** Validates every field. */
  public Voucher {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(redemption, "redemption");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "voucher code must match " + CODE.pattern() + ", got '" + code + "'");
    }
    if (campaignId.isBlank() || campaignId.length() > 80) {
      throw new IllegalArgumentException(
          "voucher "
              + code
              + " campaignId must be 1..80 non-blank characters, got '"
              + campaignId
              + "'");
    }
    if (!expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException(
          "voucher " + code + " expiresAt " + expiresAt + " must be after issuedAt " + issuedAt);
    }
    redemption.ifPresent(
        r -> {
          if (r.at().isBefore(issuedAt) || !r.at().isBefore(expiresAt)) {
            throw new IllegalArgumentException(
                "voucher "
                    + code
                    + " redeemed at "
                    + r.at()
                    + ", outside its validity ["
                    + issuedAt
                    + ", "
                    + expiresAt
                    + ")");
          }
        });
  }

  /**
   * A new, unredeemed voucher.
   *
   * @param code the code
   * @param campaignId the issuing campaign
   * @param customerId the holder
   * @param value the value
   * @param issuedAt issue time
   * @param expiresAt expiry (exclusive)
   * @return the voucher
   */
  public static Voucher issue(
      String code,
      String campaignId,
      CustomerId customerId,
      VoucherValue value,
      Instant issuedAt,
      Instant expiresAt) {
    return new Voucher(code, campaignId, customerId, value, issuedAt, expiresAt, Optional.empty());
  }

  /**
   * The state at an instant.
   *
   * @param now the instant
   * @return REDEEMED, EXPIRED or ACTIVE
   */
  public VoucherStatus statusAt(Instant now) {
    if (redemption.isPresent()) {
      return VoucherStatus.REDEEMED;
    }
    return now.isBefore(expiresAt) ? VoucherStatus.ACTIVE : VoucherStatus.EXPIRED;
  }

  /**
   * This voucher, redeemed.
   *
   * @param by who presents it (must be the holder)
   * @param at when
   * @param reference what it is redeemed against
   * @return the redeemed voucher
   * @throws VoucherNotRedeemableException if it is not the holder's, already redeemed, expired or
   *     not yet valid
   */
  public Voucher redeem(CustomerId by, Instant at, String reference) {
    if (!customerId.equals(by)) {
      throw new VoucherNotRedeemableException(
          code, "it was issued to another customer, not " + by.value());
    }
    if (redemption.isPresent()) {
      throw new VoucherNotRedeemableException(
          code,
          "it was already redeemed at "
              + redemption.get().at()
              + " against "
              + redemption.get().reference());
    }
    if (at.isBefore(issuedAt)) {
      throw new VoucherNotRedeemableException(code, "it is not valid before " + issuedAt);
    }
    if (!at.isBefore(expiresAt)) {
      throw new VoucherNotRedeemableException(code, "it expired at " + expiresAt);
    }
    return new Voucher(
        code,
        campaignId,
        customerId,
        value,
        issuedAt,
        expiresAt,
        Optional.of(new Redemption(at, reference)));
  }
}
