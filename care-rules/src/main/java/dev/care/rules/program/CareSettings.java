package dev.care.rules.program;

import dev.care.core.customer.Channel;
import dev.care.core.customer.LeapDayRule;
import dev.care.core.satisfaction.ServiceLevel;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param serviceLevels the service level each trigger's actions or tasks aim at, by trigger name
 *     ({@link #DEFAULT_SERVICE_LEVELS} names them all and gives the defaults); a trigger not named
 *     keeps its default
 * @param escalateTasksAfter how long past its due time an unfinished staff task waits before the
 *     nightly run escalates it (raises its priority and, unless it is an escalation itself, plans
 *     an {@code overdue-task} escalation); zero escalates as soon as it is past due
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
    boolean suppressMarketingWhileComplaintOpen,
    Map<String, ServiceLevel> serviceLevels,
    Duration escalateTasksAfter) {

  /**
   * The triggers whose service level a program may set, with the level each aims at by default: the
   * name is the first part of the idempotency key of what the trigger plans ({@code
   * birthday:C:YEAR} is a {@code birthday} greeting).
   */
  public static final Map<String, ServiceLevel> DEFAULT_SERVICE_LEVELS = defaultLevels();

  /** How long an unfinished staff task may be past due before it escalates, by default. */
  public static final Duration DEFAULT_ESCALATE_TASKS_AFTER = Duration.ofDays(1);

  private static Map<String, ServiceLevel> defaultLevels() {
    Map<String, ServiceLevel> m = new LinkedHashMap<>();
    m.put("birthday", ServiceLevel.VALUE_ADDED);
    m.put("anniversary", ServiceLevel.VALUE_ADDED);
    m.put("e-bill", ServiceLevel.BASIC);
    m.put("welcome", ServiceLevel.SATISFACTORY);
    m.put("win-back", ServiceLevel.VALUE_ADDED);
    m.put("win-back-call", ServiceLevel.VALUE_ADDED);
    m.put("thank-you", ServiceLevel.VALUE_ADDED);
    m.put("survey", ServiceLevel.SATISFACTORY);
    m.put("apology", ServiceLevel.VALUE_ADDED);
    m.put("escalation", ServiceLevel.UNFORGETTABLE);
    m.put("overdue", ServiceLevel.VALUE_ADDED);
    m.put("return-visit", ServiceLevel.VALUE_ADDED);
    m.put("overdue-task", ServiceLevel.VALUE_ADDED);
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Settings with every trigger at its default service level and the default task escalation.
   *
   * @param birthday birthday greetings
   * @param anniversary anniversary greetings
   * @param eBill electronic bills
   * @param welcome welcome on first purchase
   * @param winBack win-back
   * @param complaint complaint handling
   * @param recovery service recovery
   * @param returnVisit regular return visits
   * @param suppressMarketingWhileComplaintOpen no marketing while a complaint is open
   */
  public CareSettings(
      Optional<Greeting> birthday,
      Optional<Greeting> anniversary,
      Optional<Message> eBill,
      Optional<Message> welcome,
      Optional<WinBack> winBack,
      Optional<Complaint> complaint,
      Optional<Recovery> recovery,
      Optional<ReturnVisit> returnVisit,
      boolean suppressMarketingWhileComplaintOpen) {
    this(
        birthday,
        anniversary,
        eBill,
        welcome,
        winBack,
        complaint,
        recovery,
        returnVisit,
        suppressMarketingWhileComplaintOpen,
        Map.of(),
        DEFAULT_ESCALATE_TASKS_AFTER);
  }

  /**
   * The service level a trigger's actions or tasks aim at: the program's, else the default.
   *
   * @param trigger a trigger name of {@link #DEFAULT_SERVICE_LEVELS}
   * @return its level
   * @throws IllegalArgumentException for a name that is no trigger
   */
  public ServiceLevel serviceLevel(String trigger) {
    ServiceLevel set = serviceLevels.get(trigger);
    if (set != null) {
      return set;
    }
    ServiceLevel d = DEFAULT_SERVICE_LEVELS.get(trigger);
    if (d == null) {
      throw new IllegalArgumentException(
          "no care trigger '" + trigger + "'; known: " + DEFAULT_SERVICE_LEVELS.keySet());
    }
    return d;
  }

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
    Objects.requireNonNull(serviceLevels, "serviceLevels");
    Objects.requireNonNull(escalateTasksAfter, "escalateTasksAfter");
    serviceLevels = Map.copyOf(serviceLevels);
    for (String trigger : serviceLevels.keySet()) {
      if (!DEFAULT_SERVICE_LEVELS.containsKey(trigger)) {
        throw new IllegalArgumentException(
            "serviceLevels names no care trigger '"
                + trigger
                + "'; known: "
                + DEFAULT_SERVICE_LEVELS.keySet());
      }
    }
    if (escalateTasksAfter.isNegative()) {
      throw new IllegalArgumentException(
          "escalateTasksAfter must not be negative, got " + escalateTasksAfter);
    }
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
