/**
 * Campaigns: a templated message to a segment (announcement, e-voucher, invite-a-friend),
 * optionally carrying a single-use e-voucher, run idempotently per run key within consent, open
 * complaints, quiet hours and frequency caps.
 *
 * <p>{@link dev.care.rules.campaign.Campaign} and {@link dev.care.rules.campaign.VoucherOffer}
 * describe what to send; {@link dev.care.rules.campaign.CampaignPlanner} decides, per customer and
 * without side effects, whether to send and what; the engine ({@code CareEngine.runCampaign})
 * writes each decision in one unit of work and reports a {@link
 * dev.care.rules.campaign.CampaignReport}. Vouchers are redeemed through {@code
 * CareEngine.redeemVoucher} and summarised by a {@link
 * dev.care.rules.campaign.CampaignVoucherReport}. Codes come from a {@link
 * dev.care.rules.campaign.VoucherCodes} generator.
 */
package dev.care.rules.campaign;
