package dev.care.rules.campaign;

import java.util.Objects;

/**
 * What one run of a campaign did. Every targeted member is counted exactly once: {@code targeted ==
 * enqueued + alreadySent + suppressedNoConsent + suppressedOpenComplaint}. Frequency caps and quiet
 * hours are not counted here: they defer delivery later, in the dispatcher, and never drop a
 * message.
 *
 * @param campaignId the campaign
 * @param runKey the run
 * @param targeted members of the campaign's segment when it ran
 * @param enqueued messages written to the outbox by this call
 * @param alreadySent members this run had already messaged (a repeated run sends nothing new)
 * @param suppressedNoConsent members with no consented channel with contact details
 * @param suppressedOpenComplaint members left out because a complaint is open (marketing is
 *     suppressed while a complaint is open, if the program says so)
 * @param vouchersIssued vouchers issued by this call (one per enqueued message when the campaign
 *     carries an offer)
 */
public record CampaignReport(
    String campaignId,
    String runKey,
    int targeted,
    int enqueued,
    int alreadySent,
    int suppressedNoConsent,
    int suppressedOpenComplaint,
    int vouchersIssued) {
  /** Validates the counts and that they add up. */
  public CampaignReport {
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(runKey, "runKey");
    if (targeted < 0
        || enqueued < 0
        || alreadySent < 0
        || suppressedNoConsent < 0
        || suppressedOpenComplaint < 0
        || vouchersIssued < 0) {
      throw new IllegalArgumentException("campaign report counts must be >= 0");
    }
    long sum = (long) enqueued + alreadySent + suppressedNoConsent + suppressedOpenComplaint;
    if (sum != targeted) {
      throw new IllegalArgumentException(
          "campaign "
              + campaignId
              + " run "
              + runKey
              + ": targeted "
              + targeted
              + " must equal enqueued + alreadySent + suppressed ("
              + sum
              + ")");
    }
    if (vouchersIssued > enqueued) {
      throw new IllegalArgumentException(
          "campaign "
              + campaignId
              + " run "
              + runKey
              + ": vouchersIssued "
              + vouchersIssued
              + " exceeds enqueued "
              + enqueued);
    }
  }
}
