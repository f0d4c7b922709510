package dev.care.core.care;

/** What a care action is for. */
public enum CareActionKind {
  /** Birthday greeting, optionally with a gift. */
  BIRTHDAY_GREETING,
  /** Anniversary greeting (membership, wedding, first purchase...). */
  ANNIVERSARY_GREETING,
  /** Electronic bill after a purchase or wallet movement. */
  E_BILL,
  /** Welcome for a new member. */
  WELCOME,
  /** Campaign message to a segment (announcement, e-voucher, invite-a-friend). */
  CAMPAIGN,
  /** Thank-you after a resolved complaint. */
  THANK_YOU,
  /** Satisfaction survey after a resolved complaint. */
  SATISFACTION_SURVEY,
  /** Regular return visit or proactive service notice. */
  RETURN_VISIT,
  /** Win-back message or offer for a slipping customer. */
  WIN_BACK,
  /** Apology after a dissatisfier (service recovery). */
  APOLOGY,
  /** Goodwill gesture: bonus points or credit (service recovery). */
  GOODWILL
}
