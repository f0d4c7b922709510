package dev.care.rules.program;

import dev.care.core.customer.Channel;
import dev.care.core.customer.LeapDayRule;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Optional;

/**
 * Which care triggers a program runs and how. An absent trigger is off.
 *
 * @param birthday birthday greetings
 * @param anniversary anniversary greetings (membership, wedding, first purchase...)
 * @param eBill electronic bills after purchases and wallet movements
 * @param welcome welcome on first purchase
 * @param winBack win-back when a customer becomes DECLINING or LAPSED
 * @param complaint thank-you and survey after a resolved complaint, escalation when overdue
 * @param recovery service recovery after a dissatisfier or a low satisfaction index
 * @param returnVisit regular return visits
 * @param suppressMarketingWhileComplaintOpen no marketing while a complaint is open
 */
public record CareSettings(
    Optional<Greeting> birthday,
    Optional<Greeting> anniversary,
    Optional<Message> eBill,
    Optional<Message> welcome,
    Optional<WinBack> winBack,
    Optional<Complaint> complaint,
    Optional<Recovery> recovery,
    Optional<ReturnVisit> returnVisit,
    boolean suppressMarketingWhileComplaintOpen) {

  /** Rejects null fields. */
  public CareSettings {
    Objects.requireNonNull(birthday, "birthday");
    Objects.requireNonNull(anniversary, "anniversary");
    Objects.requireNonNull(eBill, "eBill");
    Objects.requireNonNull(welcome, "welcome");
    Objects.requireNonNull(winBack, "winBack");
    Objects.requireNonNull(complaint, "complaint");
    Objects.requireNonNull(recovery, "recovery");
    Objects.requireNonNull(returnVisit, "returnVisit");
  }

  /**
   * No care trigger at all.
   *
   * @return everything off
   */
  public static CareSettings none() {
    return new CareSettings(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        true);
  }

  /**
   * A plain message trigger.
   *
   * @param channel the channel
   * @param templateId the template
   */
  public record Message(Channel channel, String templateId) {
    /** Validates. */
    public Message {
      Objects.requireNonNull(channel, "channel");
      Checks.id("templateId", templateId);
    }
  }

  /**
   * A yearly greeting, sent at a local time in the customer's zone, with an optional gift.
   *
   * @param channel the channel
   * @param templateId the template
   * @param localTime local time of day to send
   * @param leapDay where 29 February goes in common years
   * @param giftPoints points given with the greeting (0 = none)
   * @param giftBonusMinor wallet bonus value given (0 = none)
   */
  public record Greeting(
      Channel channel,
      String templateId,
      LocalTime localTime,
      LeapDayRule leapDay,
      long giftPoints,
      long giftBonusMinor) {
    /** Validates. */
    public Greeting {
      Objects.requireNonNull(channel, "channel");
      Checks.id("templateId", templateId);
      Objects.requireNonNull(localTime, "localTime");
      Objects.requireNonNull(leapDay, "leapDay");
      Checks.range("giftPoints", giftPoints, 0, 1_000_000_000L);
      Checks.range("giftBonusMinor", giftBonusMinor, 0, 1_000_000_000L);
    }
  }

  /**
   * Win-back: a message with an offer, then a follow-up call task if no purchase follows.
   *
   * @param channel the channel
   * @param templateId the template
   * @param offerPoints points offered (0 = no offer); credited (promotional, not qualifying) on the
   *     customer's first purchase after the message and before the follow-up falls due, once per
   *     win-back occasion
   * @param followUpAfter when to create the follow-up call task if there was no purchase; also how
   *     long the offer holds
   */
  public record WinBack(
      Channel channel, String templateId, long offerPoints, Duration followUpAfter) {
    /** Validates. */
    public WinBack {
      Objects.requireNonNull(channel, "channel");
      Checks.id("templateId", templateId);
      Checks.range("offerPoints", offerPoints, 0, 1_000_000_000L);
      Checks.positive("followUpAfter", followUpAfter);
    }
  }

  /**
   * Complaint handling: turnaround target, escalation, and the peak-end follow-ups sent right after
   * resolution.
   *
   * @param turnaroundTarget target turnaround; past it the complaint escalates
   * @param channel channel of thank-you and survey
   * @param thankYouTemplateId thank-you template
   * @param surveyTemplateId survey template
   */
  public record Complaint(
      Duration turnaroundTarget,
      Channel channel,
      String thankYouTemplateId,
      String surveyTemplateId) {
    /** Validates. */
    public Complaint {
      Checks.positive("turnaroundTarget", turnaroundTarget);
      Objects.requireNonNull(channel, "channel");
      Checks.id("thankYouTemplateId", thankYouTemplateId);
      Checks.id("surveyTemplateId", surveyTemplateId);
    }
  }

  /**
   * Service recovery: an apology, a goodwill credit within the program's goodwill budget, and
   * escalation to a responsible person.
   *
   * @param channel channel of the apology
   * @param apologyTemplateId apology template
   * @param goodwillPoints goodwill points per recovery (within the earning rules' goodwill limits)
   * @param indexThreshold a satisfaction index below this triggers recovery (0–100)
   */
  public record Recovery(
      Channel channel, String apologyTemplateId, long goodwillPoints, int indexThreshold) {
    /** Validates. */
    public Recovery {
      Objects.requireNonNull(channel, "channel");
      Checks.id("apologyTemplateId", apologyTemplateId);
      Checks.range("goodwillPoints", goodwillPoints, 0, 1_000_000_000L);
      Checks.range("indexThreshold", indexThreshold, 0, 100);
    }
  }

  /**
   * Regular return visits / proactive service: a staff task every interval after the last visit.
   *
   * @param interval time between visits
   */
  public record ReturnVisit(Duration interval) {
    /** Validates. */
    public ReturnVisit {
      Checks.positive("returnVisit.interval", interval);
    }
  }
}
