package dev.care.rules.campaign;

/** What a campaign is for; recorded on every message it sends. */
public enum CampaignKind {
  /** News for the segment: a new service, opening hours, an event. */
  ANNOUNCEMENT,
  /** An e-voucher offer; such a campaign must carry a {@link VoucherOffer}. */
  E_VOUCHER,
  /** Asks members to invite a friend (the referral rules reward the result). */
  INVITE_A_FRIEND
}
