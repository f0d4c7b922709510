package dev.care.rules.campaign;

import dev.care.core.customer.Channel;
import dev.care.rules.segment.SegmentId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A campaign: a templated message to the members of a segment, optionally with an e-voucher each.
 * Running it ({@code CareEngine.runCampaign(campaign, runKey)}) is idempotent per (id, run key).
 *
 * @param id the campaign id, 1–40 characters of {@code a-z 0-9 _ . -} starting with a letter or
 *     digit; it names the vouchers ({@code Voucher.campaignId}) and the message keys
 * @param kind what the campaign is for
 * @param segmentId the segment whose members are targeted (defined with {@code
 *     CareEngine.defineSegment})
 * @param templateId the program's message template; its variables must be ones a campaign fills in
 *     (checked when the campaign is run)
 * @param channel the preferred channel (automated); a customer who did not consent to it gets the
 *     message on their own preferred channel if they consented to that, else nothing
 * @param voucher the e-voucher each messaged customer receives, if any; required for {@link
 *     CampaignKind#E_VOUCHER}
 */
public record Campaign(
    String id,
    CampaignKind kind,
    String segmentId,
    String templateId,
    Channel channel,
    Optional<VoucherOffer> voucher) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,39}");
  private static final Pattern TEMPLATE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,79}");

  /** Validates every field. */
  public Campaign {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(segmentId, "segmentId");
    Objects.requireNonNull(templateId, "templateId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(voucher, "voucher");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "campaign id must match " + ID.pattern() + ", got '" + id + "'");
    }
    try {
      SegmentId.of(segmentId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "campaign " + id + " segmentId is not a segment id: '" + segmentId + "'", e);
    }
    if (!TEMPLATE.matcher(templateId).matches()) {
      throw new IllegalArgumentException(
          "campaign "
              + id
              + " templateId must match "
              + TEMPLATE.pattern()
              + ", got '"
              + templateId
              + "'");
    }
    if (!channel.isAutomated()) {
      throw new IllegalArgumentException(
          "campaign " + id + " channel must be automated, got " + channel);
    }
    if (kind == CampaignKind.E_VOUCHER && voucher.isEmpty()) {
      throw new IllegalArgumentException(
          "campaign " + id + " of kind E_VOUCHER needs a voucher offer");
    }
  }

  /**
   * A campaign without a voucher.
   *
   * @param id the campaign id
   * @param kind what it is for (not {@link CampaignKind#E_VOUCHER})
   * @param segmentId the targeted segment
   * @param templateId the message template
   * @param channel the preferred channel
   * @return the campaign
   */
  public static Campaign of(
      String id, CampaignKind kind, String segmentId, String templateId, Channel channel) {
    return new Campaign(id, kind, segmentId, templateId, channel, Optional.empty());
  }

  /**
   * An e-voucher campaign.
   *
   * @param id the campaign id
   * @param segmentId the targeted segment
   * @param templateId the message template
   * @param channel the preferred channel
   * @param offer the voucher each messaged customer receives
   * @return the campaign
   */
  public static Campaign eVoucher(
      String id, String segmentId, String templateId, Channel channel, VoucherOffer offer) {
    return new Campaign(
        id, CampaignKind.E_VOUCHER, segmentId, templateId, channel, Optional.of(offer));
  }

  /**
   * This campaign with a voucher offer.
   *
   * @param offer the offer
   * @return a copy
   */
  public Campaign withVoucher(VoucherOffer offer) {
    return new Campaign(id, kind, segmentId, templateId, channel, Optional.of(offer));
  }
}
