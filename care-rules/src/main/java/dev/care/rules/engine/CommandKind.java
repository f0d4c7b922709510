package dev.care.rules.engine;

import java.util.Locale;

/** The kinds of command a {@link CareEngine} runs, each as one unit of work per customer. */
public enum CommandKind {
  /** {@link CareEngine#register}. */
  REGISTER,
  /** {@link CareEngine#update}. */
  UPDATE,
  /** {@link CareEngine#recordPurchase}. */
  PURCHASE,
  /** {@link CareEngine#recordReturn}. */
  RETURN,
  /** {@link CareEngine#topUp}. */
  TOP_UP,
  /** {@link CareEngine#spend}. */
  SPEND,
  /** {@link CareEngine#redeem}. */
  REDEEM,
  /** {@link CareEngine#transferPoints}: one unit of work for both customers. */
  TRANSFER,
  /** {@link CareEngine#recordInteraction}. */
  INTERACTION,
  /** One member's unit of {@link CareEngine#runCampaign}. */
  CAMPAIGN,
  /** {@link CareEngine#redeemVoucher}. */
  VOUCHER,
  /** One customer's unit of {@link CareEngine#advanceTo} or {@link CareEngine#advanceAll}. */
  ADVANCE,
  /** {@link CareEngine#erase}. */
  ERASE,
  /**
   * {@link CareEngine#setTierFloor}, {@link CareEngine#fixTier}, {@link
   * CareEngine#clearManualTier}.
   */
  MANUAL_TIER,
  /** {@link CareEngine#recordFeedback} and {@link CareEngine#recordReply}. */
  FEEDBACK,
  /** {@link CareEngine#assignTask}. */
  ASSIGN_TASK,
  /** {@link CareEngine#completeTask}. */
  COMPLETE_TASK,
  /** {@link CareEngine#cancelTask}. */
  CANCEL_TASK;

  /**
   * The name in lower case with hyphens, as metrics and logs show it ({@code top-up}).
   *
   * @return the tag value
   */
  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
