package dev.care.rules.campaign;

import dev.care.core.money.Money;
import dev.care.core.voucher.Voucher;
import dev.care.core.voucher.VoucherValue;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * The vouchers a campaign issued, over all its runs, as of an instant: how many, where they stand,
 * and what the redeemed ones were worth (exact: points, minor units, a count of discounts).
 *
 * @param campaignId the campaign
 * @param asOf when the statuses were read
 * @param issued vouchers issued
 * @param redeemed vouchers redeemed
 * @param expired vouchers past their expiry without being redeemed
 * @param active vouchers still redeemable
 * @param redeemedPoints points credited by redeemed points vouchers
 * @param redeemedBonus wallet bonus credited by redeemed bonus-value vouchers (program currency)
 * @param redeemedDiscounts percent-off vouchers redeemed (the till applied the discount)
 */
public record CampaignVoucherReport(
    String campaignId,
    Instant asOf,
    int issued,
    int redeemed,
    int expired,
    int active,
    long redeemedPoints,
    Money redeemedBonus,
    int redeemedDiscounts) {
  /** Validates the counts and that they add up. */
  public CampaignVoucherReport {
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(redeemedBonus, "redeemedBonus");
    if (issued < 0 || redeemed < 0 || expired < 0 || active < 0 || redeemedDiscounts < 0) {
      throw new IllegalArgumentException("voucher report counts must be >= 0");
    }
    if ((long) redeemed + expired + active != issued) {
      throw new IllegalArgumentException(
          "campaign "
              + campaignId
              + ": issued "
              + issued
              + " must equal redeemed + expired + active ("
              + ((long) redeemed + expired + active)
              + ")");
    }
    if (redeemedPoints < 0 || redeemedBonus.isNegative()) {
      throw new IllegalArgumentException(
          "campaign " + campaignId + ": redeemed value must be >= 0");
    }
  }

  /**
   * Summarises a campaign's vouchers.
   *
   * @param campaignId the campaign
   * @param vouchers the vouchers it issued (others are rejected)
   * @param asOf when statuses are read
   * @param currency the program currency, for the bonus total
   * @return the report
   * @throws IllegalArgumentException if a voucher belongs to another campaign or a bonus is in
   *     another currency
   */
  public static CampaignVoucherReport of(
      String campaignId, List<Voucher> vouchers, Instant asOf, Currency currency) {
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(vouchers, "vouchers");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(currency, "currency");
    int redeemed = 0;
    int expired = 0;
    int active = 0;
    long points = 0;
    Money bonus = Money.zero(currency);
    int discounts = 0;
    for (Voucher v : vouchers) {
      if (!v.campaignId().equals(campaignId)) {
        throw new IllegalArgumentException(
            "voucher "
                + v.code()
                + " belongs to campaign "
                + v.campaignId()
                + ", not "
                + campaignId);
      }
      switch (v.statusAt(asOf)) {
        case ACTIVE -> active++;
        case EXPIRED -> expired++;
        case REDEEMED -> {
          redeemed++;
          VoucherValue value = v.value();
          if (value instanceof VoucherValue.Points p) {
            points = Math.addExact(points, p.points());
          } else if (value instanceof VoucherValue.BonusValue b) {
            bonus = bonus.plus(b.amount());
          } else {
            discounts++;
          }
        }
      }
    }
    return new CampaignVoucherReport(
        campaignId, asOf, vouchers.size(), redeemed, expired, active, points, bonus, discounts);
  }
}
