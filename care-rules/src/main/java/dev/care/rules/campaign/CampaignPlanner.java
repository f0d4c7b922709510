package dev.care.rules.campaign;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.care.Priority;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.core.voucher.Voucher;
import dev.care.core.voucher.VoucherValue;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.MessageTemplate;
import dev.care.rules.program.TemplateUse;
import dev.care.rules.trigger.CustomerContext;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Decides, for one campaign run and one segment member, whether to send and what: pure, with no
 * storage access, so the engine can write each decision in one unit of work and a test can check it
 * alone.
 *
 * <p>In order: marketing is suppressed while a complaint is open (if the program says so); the
 * message goes to the campaign's channel if the customer consented to it and gave the contact it
 * needs, else to the customer's preferred channel under the same test, else it is suppressed (never
 * sent where not asked for). Quiet hours and frequency caps are applied later by the dispatcher,
 * which defers and never drops.
 *
 * <p>Keys: the message is the care action {@code campaign:ID:RUN:CUSTOMER}; its voucher, if any, is
 * written with it, so a repeated run finds the action and issues nothing twice.
 */
public final class CampaignPlanner {
  private static final Pattern RUN_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,19}");
  private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final LoyaltyProgram program;

  /**
   * Creates the planner of a program.
   *
   * @param program the program (templates, currency, complaint suppression)
   */
  public CampaignPlanner(LoyaltyProgram program) {
    this.program = Objects.requireNonNull(program, "program");
  }

  /** Why a member was not messaged. */
  public enum Suppression {
    /** No consented channel with contact details. */
    NO_CONSENT,
    /** A complaint is open and the program suppresses marketing meanwhile. */
    OPEN_COMPLAINT
  }

  /** The decision for one member. */
  public sealed interface Decision {}

  /**
   * Send this message, with this voucher.
   *
   * @param action the care action (its key is the occasion's)
   * @param voucher the voucher to issue with it, if the campaign carries an offer
   */
  public record Send(CareAction action, Optional<Voucher> voucher) implements Decision {
    /** Validates. */
    public Send {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(voucher, "voucher");
    }
  }

  /**
   * Do not send.
   *
   * @param reason why
   * @param detail a sentence for logs
   */
  public record Suppressed(Suppression reason, String detail) implements Decision {
    /** Validates. */
    public Suppressed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * Checks a campaign against the program: the template exists and uses only variables a campaign
   * fills in (the voucher's only when it carries an offer), and a bonus-value voucher is in the
   * program's currency.
   *
   * @param campaign the campaign
   * @throws IllegalArgumentException naming the campaign, the field and the value otherwise
   */
  public void check(Campaign campaign) {
    Objects.requireNonNull(campaign, "campaign");
    MessageTemplate t =
        program
            .template(campaign.templateId())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "campaign "
                            + campaign.id()
                            + " templateId '"
                            + campaign.templateId()
                            + "' is not a template of program "
                            + program.id()));
    TemplateUse use =
        campaign.voucher().isPresent() ? TemplateUse.VOUCHER_CAMPAIGN : TemplateUse.CAMPAIGN;
    Set<String> allowed = use.fillable(program.care());
    Set<String> missing = use.unfillable(program.care(), t.text());
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "campaign "
              + campaign.id()
              + " template '"
              + t.id()
              + "' uses variables a campaign"
              + (campaign.voucher().isPresent() ? "" : " without a voucher")
              + " does not fill in: "
              + missing
              + " (available: "
              + allowed
              + ")");
    }
    campaign
        .voucher()
        .ifPresent(
            o -> {
              if (o.value() instanceof VoucherValue.BonusValue b
                  && !b.amount().currency().equals(program.currency())) {
                throw new IllegalArgumentException(
                    "campaign "
                        + campaign.id()
                        + " voucher bonus value "
                        + b.amount()
                        + " is not in the program currency "
                        + program.currency());
              }
            });
  }

  /**
   * Checks a run key.
   *
   * @param runKey 1–20 characters of {@code A-Z a-z 0-9 _ . : -}, starting with a letter or digit
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static void checkRunKey(String runKey) {
    Objects.requireNonNull(runKey, "runKey");
    if (!RUN_KEY.matcher(runKey).matches()) {
      throw new IllegalArgumentException(
          "campaign runKey must match " + RUN_KEY.pattern() + ", got '" + runKey + "'");
    }
  }

  /**
   * The care action key of one member's message in one run.
   *
   * @param campaign the campaign
   * @param runKey the run
   * @param customer the member
   * @return {@code campaign:ID:RUN:CUSTOMER}
   */
  public static String actionKey(Campaign campaign, String runKey, CustomerId customer) {
    return "campaign:" + campaign.id() + ":" + runKey + ":" + customer.value();
  }

  /**
   * Decides for one member. Call {@link #check(Campaign)} once first.
   *
   * @param campaign the campaign
   * @param runKey the run
   * @param member the member and what the engine knows about them
   * @param now the run's instant: the message is due then, the voucher issued then
   * @param code supplies a fresh voucher code; called only when a voucher is issued
   * @return send (with the voucher) or suppressed, with the reason
   */
  public Decision plan(
      Campaign campaign,
      String runKey,
      CustomerContext member,
      Instant now,
      Supplier<String> code) {
    Objects.requireNonNull(campaign, "campaign");
    checkRunKey(runKey);
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(code, "code");
    Customer customer = member.customer();
    String key = actionKey(campaign, runKey, customer.id());
    if (member.openComplaint() && program.care().suppressMarketingWhileComplaintOpen()) {
      return new Suppressed(
          Suppression.OPEN_COMPLAINT, key + ": marketing suppressed while a complaint is open");
    }
    Optional<Channel> channel = customer.automatedChannel(campaign.channel());
    if (channel.isEmpty()) {
      return new Suppressed(
          Suppression.NO_CONSENT, key + ": no consented channel with contact details");
    }
    Map<String, String> v = new LinkedHashMap<>();
    v.put("firstName", member.firstName());
    v.put("name", customer.profile().name());
    v.put("merchant", program.id());
    v.put("pointsBalance", Long.toString(member.pointsBalance()));
    // a customer not yet reviewed sits in the entry tier (threshold 0), as in every care message
    v.put("tier", member.tierName().orElseGet(() -> program.tiers().levelFor(0).id().name()));
    Optional<Voucher> voucher = Optional.empty();
    if (campaign.voucher().isPresent()) {
      VoucherOffer offer = campaign.voucher().get();
      Voucher issued =
          Voucher.issue(
              code.get(),
              campaign.id(),
              customer.id(),
              offer.value(),
              now,
              now.plus(offer.validity()));
      v.put("voucherCode", issued.code());
      v.put("voucherExpiry", EXPIRY.format(issued.expiresAt().atZone(customer.profile().zone())));
      v.put("offer", offer.describe());
      voucher = Optional.of(issued);
    }
    CareAction action =
        new CareAction(
            key,
            customer.id(),
            CareActionKind.CAMPAIGN,
            channel.get(),
            campaign.templateId(),
            v,
            now,
            Priority.LOW,
            voucher.isPresent() ? ServiceLevel.VALUE_ADDED : ServiceLevel.SATISFACTORY);
    return new Send(action, voucher);
  }
}
