package dev.care.rules.trigger;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.care.CareTask;
import dev.care.core.care.Priority;
import dev.care.core.care.TaskKind;
import dev.care.core.customer.Channel;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.SpecialNeed;
import dev.care.core.event.LifecycleStageChanged;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.FactorCatalogue;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.Playbook;
import dev.care.core.satisfaction.Playbooks;
import dev.care.core.satisfaction.SatisfactionIndex;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.rules.program.CareSettings;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.MessageTemplate;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The care triggers of a program. Each method looks at one occasion and returns a {@link CarePlan};
 * all are pure and idempotent per occasion (the keys below are stable), so an engine may call them
 * again after a restart or when {@code advanceTo} runs twice without producing duplicates.
 *
 * <p>Respect for the customer: a message goes to the configured channel if the customer consented
 * to it and gave the contact it needs, else to the preferred channel under the same test, else it
 * is skipped (never sent where not asked for). Marketing (win-back offers) is suppressed while a
 * complaint is open, if the program says so. Quiet hours and frequency caps are enforced when
 * messages are delivered, by the dispatcher. Nothing is ever planned for an erased customer ({@link
 * dev.care.core.customer.Customer#isErased}), and nothing is due for them.
 *
 * <p>Keys: {@code birthday:C:YEAR}, {@code anniversary:C:NAME:YEAR}, {@code e-bill:RECORD}, {@code
 * welcome:C}, {@code win-back:C:STAGE:DATE}, {@code win-back-call:C:DATE}, {@code
 * thank-you:INTERACTION}, {@code survey:INTERACTION}, {@code apology:INTERACTION}, {@code
 * goodwill:INTERACTION}, {@code escalation:INTERACTION}, {@code overdue:INTERACTION}, {@code
 * return-visit:C:DATE}, {@code overdue-task:TASKKEY}. The first part of a key names the trigger,
 * whose service level the program may set ({@link CareSettings#serviceLevel}).
 */
public final class CareTriggers {
  private final LoyaltyProgram program;
  private final CareSettings care;
  private final Playbooks playbooks;
  private final FactorCatalogue catalogue;

  /**
   * Creates the triggers of a program.
   *
   * @param program the program
   * @param playbooks the temperament playbooks attached to staff tasks
   * @param catalogue the factor catalogue (to recognise dissatisfiers)
   */
  public CareTriggers(LoyaltyProgram program, Playbooks playbooks, FactorCatalogue catalogue) {
    this.program = Objects.requireNonNull(program, "program");
    this.care = program.care();
    this.playbooks = Objects.requireNonNull(playbooks, "playbooks");
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
  }

  private Map<String, String> baseVariables(CustomerContext c) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("firstName", c.firstName());
    v.put("name", c.customer().profile().name());
    v.put("merchant", program.id());
    v.put("pointsBalance", Long.toString(c.pointsBalance()));
    // a customer not yet reviewed sits in the entry tier (threshold 0)
    v.put("tier", c.tierName().orElseGet(() -> program.tiers().levelFor(0).id().name()));
    return v;
  }

  private CarePlan message(
      CustomerContext c,
      String key,
      CareActionKind kind,
      Channel configured,
      String templateId,
      Map<String, String> variables,
      Instant due,
      Priority priority,
      ServiceLevel level,
      boolean marketing) {
    if (marketing && c.openComplaint() && care.suppressMarketingWhileComplaintOpen()) {
      return skipped(key + ": marketing suppressed while a complaint is open");
    }
    Optional<Channel> ch = c.customer().automatedChannel(configured);
    if (ch.isEmpty()) {
      return skipped(key + ": no consented channel with contact details");
    }
    CareAction a =
        new CareAction(
            key, c.customer().id(), kind, ch.get(), templateId, variables, due, priority, level);
    return new CarePlan(List.of(a), List.of(), List.of(), List.of());
  }

  private static CarePlan skipped(String why) {
    return new CarePlan(List.of(), List.of(), List.of(), List.of(why));
  }

  private CareTask task(
      CustomerContext c,
      String key,
      TaskKind kind,
      String summary,
      Instant due,
      Priority base,
      ServiceLevel level,
      Optional<Playbook> playbook) {
    List<String> accommodations = new ArrayList<>();
    for (SpecialNeed n : c.customer().specialNeeds()) {
      accommodations.addAll(n.accommodations());
    }
    return new CareTask(
        key,
        c.customer().id(),
        kind,
        summary,
        due,
        base.raisedBy(c.customer().priorityBoost()),
        level,
        Optional.empty(),
        playbook,
        accommodations.stream().distinct().toList());
  }

  /**
   * The first instant at which advancing time from {@code from} plans something new for this
   * customer, if nothing about them changes meanwhile: a greeting ({@link #greetingsDue}), the
   * win-back follow-up call ({@link #winBackFollowUp}), an overdue complaint's escalation ({@link
   * #overdueComplaints}) or a return visit ({@link #returnVisitDue}). Each candidate is checked as
   * the trigger acts on it (a greeting by the test {@code greetingsDue} applies, without building
   * it), so an occasion the trigger would skip without acting (no consented channel and no gift) is
   * not due. It is the care part of the nightly run's due index: a run to any {@code T} at or after
   * the answer plans something, a run to an earlier {@code T} does not.
   *
   * @param c the customer
   * @param from how far time was advanced for the customer
   * @param winBackSent when the open win-back occasion's message was sent, if any
   * @param lastPurchase the last purchase not fully returned, if any
   * @param open the customer's open interactions
   * @return that instant, or empty when nothing is ever planned by time alone
   */
  public Optional<Instant> nextDue(
      CustomerContext c,
      Instant from,
      Optional<Instant> winBackSent,
      Optional<Instant> lastPurchase,
      List<ServiceInteraction> open) {
    Objects.requireNonNull(c, "c");
    Objects.requireNonNull(from, "from");
    if (c.customer().isErased()) {
      return Optional.empty();
    }
    Instant next = null;
    // greetings: the first occurrence from the year before to two years after (in the customer's
    // zone) that the greeting trigger would act on; tested without building the greeting
    int year = from.atZone(c.customer().profile().zone()).getYear();
    for (Occasion o : greetingOccasions(c, year - 1, year + 2)) {
      Instant at = o.at().toInstant();
      if (!at.isBefore(from) && greets(c, o) && (next == null || at.plusNanos(1).isBefore(next))) {
        next = at.plusNanos(1);
      }
    }
    if (winBackSent.isPresent() && care.winBack().isPresent()) {
      Instant due = winBackSent.get().plus(care.winBack().get().followUpAfter());
      if (due.isAfter(from)
          && !winBackFollowUp(c, winBackSent.get(), lastPurchase, due).isEmpty()) {
        next = earlier(next, due);
      }
    }
    for (ServiceInteraction i : open) {
      if (care.complaint().isPresent() && i.isOpen() && i.kind() == InteractionKind.COMPLAINT) {
        Instant due =
            i.openedAt()
                .plus(i.turnaroundTarget().orElse(care.complaint().get().turnaroundTarget()));
        if (!due.isBefore(from)) {
          next = earlier(next, due.plusNanos(1));
        }
      }
    }
    if (care.returnVisit().isPresent() && !c.customer().isErased()) {
      Instant due =
          lastPurchase
              .orElse(c.customer().registeredAt())
              .plus(care.returnVisit().get().interval());
      if (!due.isBefore(from)) {
        next = earlier(next, due.plusNanos(1));
      }
    }
    return Optional.ofNullable(next);
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  /**
   * Birthday and anniversary greetings whose local send time falls in {@code [from, to)}. An engine
   * calls this as time advances; the key makes each greeting once per year.
   *
   * @param c the customer
   * @param from start of the window (inclusive)
   * @param to end of the window (exclusive)
   * @return the greetings due
   */
  public CarePlan greetingsDue(CustomerContext c, Instant from, Instant to) {
    if (c.customer().isErased()) {
      return CarePlan.empty();
    }
    CarePlan plan = CarePlan.empty();
    var zone = c.customer().profile().zone();
    int firstYear = from.atZone(zone).getYear() - 1;
    int lastYear = to.atZone(zone).getYear() + 1;
    for (Occasion o : greetingOccasions(c, firstYear, lastYear)) {
      Instant at = o.at().toInstant();
      if (at.isBefore(from) || !at.isBefore(to)) {
        continue;
      }
      CareSettings.Greeting g = o.greeting();
      int y = o.year();
      Map<String, String> v = baseVariables(c);
      if (o.birthday()) {
        v.put("occasion", "birthday");
        v.put("points", Long.toString(g.giftPoints()));
        o.date().yearsAt(y).ifPresent(n -> v.put("years", Integer.toString(n)));
        String key = "birthday:" + c.customer().id() + ":" + y;
        plan =
            plan.plus(
                message(
                    c,
                    key,
                    CareActionKind.BIRTHDAY_GREETING,
                    g.channel(),
                    g.templateId(),
                    v,
                    at,
                    Priority.NORMAL,
                    care.serviceLevel("birthday"),
                    false));
        if (g.giftPoints() > 0) {
          plan =
              plan.plus(
                  new CarePlan(
                      List.of(),
                      List.of(),
                      List.of(
                          new CarePlan.Goodwill(
                              key + ":gift", g.giftPoints(), "birthday gift " + y)),
                      List.of()));
        }
      } else {
        v.put("occasion", o.date().name());
        o.date().yearsAt(y).ifPresent(n -> v.put("years", Integer.toString(n)));
        plan =
            plan.plus(
                message(
                    c,
                    "anniversary:" + c.customer().id() + ":" + o.date().name() + ":" + y,
                    CareActionKind.ANNIVERSARY_GREETING,
                    g.channel(),
                    g.templateId(),
                    v,
                    at,
                    Priority.NORMAL,
                    care.serviceLevel("anniversary"),
                    false));
      }
    }
    return plan;
  }

  /**
   * One occurrence of a birthday or anniversary the program greets.
   *
   * @param birthday whether it is the birthday (else an anniversary)
   * @param date the important date
   * @param greeting the program's greeting for it
   * @param year the year of the occurrence
   * @param at when its greeting is sent, in the customer's zone
   */
  private record Occasion(
      boolean birthday,
      ImportantDate date,
      CareSettings.Greeting greeting,
      int year,
      ZonedDateTime at) {}

  /**
   * The greeted occurrences of the customer's birthday (then anniversaries) in a range of years,
   * each date's in year order: what {@link #greetingsDue} plans for and {@link #nextDue} looks
   * through. An anniversary is celebrated from the first year after the original date.
   */
  private List<Occasion> greetingOccasions(CustomerContext c, int firstYear, int lastYear) {
    List<Occasion> out = new ArrayList<>();
    var zone = c.customer().profile().zone();
    if (care.birthday().isPresent() && c.customer().birthday().isPresent()) {
      CareSettings.Greeting g = care.birthday().get();
      ImportantDate b = c.customer().birthday().get();
      for (int y = firstYear; y <= lastYear; y++) {
        out.add(new Occasion(true, b, g, y, b.occurrenceAt(y, g.localTime(), zone, g.leapDay())));
      }
    }
    if (care.anniversary().isPresent()) {
      CareSettings.Greeting g = care.anniversary().get();
      for (ImportantDate a : c.customer().anniversaries()) {
        for (int y = firstYear; y <= lastYear; y++) {
          int year = y;
          if (a.year().map(orig -> year > orig).orElse(true)) {
            out.add(
                new Occasion(false, a, g, y, a.occurrenceAt(y, g.localTime(), zone, g.leapDay())));
          }
        }
      }
    }
    return out;
  }

  /**
   * Whether {@link #greetingsDue} acts on an occasion (plans a message or a gift) rather than only
   * skipping it: a greeting is never marketing, so it goes out when the customer has a consented
   * channel with contact details ({@link #message}), and a birthday with gift points gives them
   * even without one.
   */
  private static boolean greets(CustomerContext c, Occasion o) {
    return c.customer().automatedChannel(o.greeting().channel()).isPresent()
        || o.birthday() && o.greeting().giftPoints() > 0;
  }

  /**
   * The electronic bill for a purchase or wallet movement: amount, purpose, balance left.
   * Transactional: sent even while a complaint is open, and not subject to frequency caps.
   *
   * @param c the customer
   * @param recordId the purchase, return or wallet movement id
   * @param amount the amount
   * @param purpose what it was for
   * @param walletBalance the wallet balance left, if the customer has a wallet
   * @param at when the movement happened
   * @return the e-bill, or nothing if the program sends none
   */
  public CarePlan eBill(
      CustomerContext c,
      String recordId,
      Money amount,
      String purpose,
      Optional<Money> walletBalance,
      Instant at) {
    Objects.requireNonNull(amount, "amount");
    return eBill(c, recordId, amount.toString(), purpose, walletBalance, at);
  }

  /**
   * The electronic bill for any movement, money or points (a redemption, an expiry): amount as the
   * customer reads it (e.g. {@code "EUR 12.50"} or {@code "300 points"}), purpose, and the balances
   * left — the context's points and the wallet as they are after the movement. Keyed {@code
   * e-bill:RECORD}; transactional, as above.
   *
   * @param c the customer, with the points balance after the movement
   * @param recordId what identifies the movement (unique per customer)
   * @param amount the amount, as shown
   * @param purpose what it was for
   * @param walletBalance the wallet balance left, if the customer has a wallet
   * @param at when the movement happened
   * @return the e-bill, or nothing if the program sends none
   */
  public CarePlan eBill(
      CustomerContext c,
      String recordId,
      String amount,
      String purpose,
      Optional<Money> walletBalance,
      Instant at) {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(walletBalance, "walletBalance");
    if (c.customer().isErased()) {
      return CarePlan.empty();
    }
    if (care.eBill().isEmpty()) {
      return CarePlan.empty();
    }
    Map<String, String> v = baseVariables(c);
    v.put("amount", amount);
    v.put("purpose", purpose);
    v.put(
        "walletBalance", walletBalance.orElseGet(() -> Money.zero(program.currency())).toString());
    return message(
        c,
        "e-bill:" + recordId,
        CareActionKind.E_BILL,
        care.eBill().get().channel(),
        care.eBill().get().templateId(),
        v,
        at,
        Priority.NORMAL,
        care.serviceLevel("e-bill"),
        false);
  }

  /**
   * The welcome after a customer's first purchase.
   *
   * @param c the customer
   * @param at when the first purchase happened
   * @return the welcome, or nothing if the program sends none
   */
  public CarePlan welcome(CustomerContext c, Instant at) {
    if (c.customer().isErased()) {
      return CarePlan.empty();
    }
    if (care.welcome().isEmpty()) {
      return CarePlan.empty();
    }
    return message(
        c,
        "welcome:" + c.customer().id(),
        CareActionKind.WELCOME,
        care.welcome().get().channel(),
        care.welcome().get().templateId(),
        baseVariables(c),
        at,
        Priority.NORMAL,
        care.serviceLevel("welcome"),
        false);
  }

  /**
   * Win-back when a customer becomes DECLINING or LAPSED: a message with the program's offer.
   *
   * @param c the customer
   * @param change the stage change
   * @return the win-back message, or nothing for other stages
   */
  public CarePlan onStageChanged(CustomerContext c, LifecycleStageChanged change) {
    if (c.customer().isErased()) {
      return CarePlan.empty();
    }
    if (care.winBack().isEmpty()
        || (change.to() != LifecycleStage.DECLINING && change.to() != LifecycleStage.LAPSED)) {
      return CarePlan.empty();
    }
    CareSettings.WinBack w = care.winBack().get();
    Map<String, String> v = baseVariables(c);
    if (w.offerPoints() > 0) {
      v.put("offer", w.offerPoints() + " bonus points");
      v.put("points", Long.toString(w.offerPoints()));
    } else {
      v.put("offer", "a visit");
    }
    String date =
        change.occurredAt().atZone(c.customer().profile().zone()).toLocalDate().toString();
    return message(
        c,
        "win-back:" + c.customer().id() + ":" + change.to() + ":" + date,
        CareActionKind.WIN_BACK,
        w.channel(),
        w.templateId(),
        v,
        change.occurredAt(),
        Priority.NORMAL,
        care.serviceLevel("win-back"),
        true);
  }

  /**
   * The follow-up call after a win-back message, if no purchase came within the program's window.
   *
   * @param c the customer
   * @param winBackSentAt when the win-back message went out
   * @param lastPurchase the customer's last purchase, if any
   * @param now the current instant
   * @return a call task once the window has passed without a purchase, else nothing
   */
  public CarePlan winBackFollowUp(
      CustomerContext c, Instant winBackSentAt, Optional<Instant> lastPurchase, Instant now) {
    if (c.customer().isErased()) {
      return CarePlan.empty();
    }
    if (care.winBack().isEmpty()) {
      return CarePlan.empty();
    }
    Instant due = winBackSentAt.plus(care.winBack().get().followUpAfter());
    boolean boughtSince = lastPurchase.map(p -> p.isAfter(winBackSentAt)).orElse(false);
    if (now.isBefore(due) || boughtSince) {
      return CarePlan.empty();
    }
    String date = winBackSentAt.atZone(c.customer().profile().zone()).toLocalDate().toString();
    CareTask t =
        task(
            c,
            "win-back-call:" + c.customer().id() + ":" + date,
            TaskKind.FOLLOW_UP_CALL,
            "call "
                + c.customer().id()
                + ": no purchase since the win-back message; ask what to improve",
            due,
            Priority.NORMAL,
            care.serviceLevel("win-back-call"),
            Optional.empty());
    return new CarePlan(List.of(), List.of(t), List.of(), List.of());
  }

  /**
   * After an interaction closes: for a resolved complaint, thank-you and survey right at the
   * resolution (the end is what is remembered); after a dissatisfier or with the satisfaction index
   * below the program's threshold, service recovery — apology, goodwill within the monthly budget,
   * and escalation to a responsible person with the temperament's playbook. With the budget spent,
   * the apology uses the program's {@code <apologyTemplate>-without-goodwill} template if it has
   * one, else the apology template if it does not name {@code {points}}, else no apology message is
   * planned (the escalation still is), so no message promises zero goodwill points.
   *
   * @param c the customer
   * @param interaction the closed interaction
   * @param index the customer's satisfaction index after it, if known
   * @param goodwillUsedThisMonth goodwill points the program already gave this calendar month
   * @return the plan
   * @throws IllegalArgumentException if the interaction is still open
   */
  public CarePlan onInteractionClosed(
      CustomerContext c,
      ServiceInteraction interaction,
      Optional<SatisfactionIndex> index,
      long goodwillUsedThisMonth) {
    if (interaction.isOpen()) {
      throw new IllegalArgumentException("interaction " + interaction.id() + " is still open");
    }
    if (c.customer().isErased()) {
      return CarePlan.empty();
    }
    Instant end = interaction.closedAt().orElseThrow();
    CarePlan plan = CarePlan.empty();
    boolean resolvedComplaint =
        interaction.kind() == InteractionKind.COMPLAINT
            && interaction.outcome().orElseThrow() == InteractionOutcome.RESOLVED;
    if (resolvedComplaint && care.complaint().isPresent()) {
      CareSettings.Complaint cc = care.complaint().get();
      Map<String, String> v = baseVariables(c);
      v.put("interactionId", interaction.id());
      interaction.responsibleStaff().ifPresent(s -> v.put("staff", s));
      plan =
          plan.plus(
                  message(
                      c,
                      "thank-you:" + interaction.id(),
                      CareActionKind.THANK_YOU,
                      cc.channel(),
                      cc.thankYouTemplateId(),
                      v,
                      end,
                      Priority.HIGH,
                      care.serviceLevel("thank-you"),
                      false))
              .plus(
                  message(
                      c,
                      "survey:" + interaction.id(),
                      CareActionKind.SATISFACTION_SURVEY,
                      cc.channel(),
                      cc.surveyTemplateId(),
                      v,
                      end,
                      Priority.NORMAL,
                      care.serviceLevel("survey"),
                      false));
    }
    boolean dissatisfied = interaction.hasDissatisfier(catalogue);
    if (care.recovery().isPresent()) {
      CareSettings.Recovery r = care.recovery().get();
      boolean lowIndex = index.map(i -> i.value() < r.indexThreshold()).orElse(false);
      if (dissatisfied || lowIndex) {
        String why =
            dissatisfied
                ? "a dissatisfier was observed"
                : "satisfaction index below " + r.indexThreshold();
        Map<String, String> v = baseVariables(c);
        long budgetLeft =
            Math.max(0, program.earning().goodwillMonthlyBudget() - goodwillUsedThisMonth);
        long gift =
            Math.min(
                Math.min(r.goodwillPoints(), program.earning().goodwillMaxPoints()), budgetLeft);
        v.put("points", Long.toString(gift));
        v.put("interactionId", interaction.id());
        // with the budget spent, the apology must not promise points: the program's
        // "<apology>-without-goodwill" template if it has one, else the apology if it names no
        // points, else no apology message (the escalation task still goes to staff)
        Optional<String> apology = Optional.of(r.apologyTemplateId());
        if (gift == 0 && r.goodwillPoints() > 0) {
          String without = r.apologyTemplateId() + "-without-goodwill";
          if (program.template(without).isPresent()) {
            apology = Optional.of(without);
          } else if (program
              .template(r.apologyTemplateId())
              .map(t -> MessageTemplate.variables(t.text()).contains("points"))
              .orElse(false)) {
            apology = Optional.empty();
          }
        }
        if (apology.isPresent()) {
          plan =
              plan.plus(
                  message(
                      c,
                      "apology:" + interaction.id(),
                      CareActionKind.APOLOGY,
                      r.channel(),
                      apology.get(),
                      v,
                      end,
                      Priority.HIGH,
                      care.serviceLevel("apology"),
                      false));
        }
        List<CarePlan.Goodwill> goodwill =
            gift > 0
                ? List.of(
                    new CarePlan.Goodwill(
                        "goodwill:" + interaction.id(), gift, "service recovery: " + why))
                : List.of();
        List<String> skipped = new ArrayList<>();
        if (gift == 0 && r.goodwillPoints() > 0) {
          skipped.add("goodwill:" + interaction.id() + ": monthly goodwill budget used up");
          if (apology.isEmpty()) {
            skipped.add(
                "apology:"
                    + interaction.id()
                    + ": template "
                    + r.apologyTemplateId()
                    + " names the goodwill points and the budget is used up; declare "
                    + r.apologyTemplateId()
                    + "-without-goodwill");
          }
        }
        CareTask escalation =
            task(
                c,
                "escalation:" + interaction.id(),
                TaskKind.ESCALATION,
                "service recovery for " + interaction.id() + ": " + why,
                end,
                Priority.HIGH,
                care.serviceLevel("escalation"),
                interaction.temperament().map(playbooks::forTemperament));
        plan = plan.plus(new CarePlan(List.of(), List.of(escalation), goodwill, skipped));
      }
    }
    return plan;
  }

  /**
   * Escalations for open complaints past their turnaround target (the program's target applies when
   * the interaction has none of its own).
   *
   * @param c the customer
   * @param open the customer's open interactions
   * @param now the current instant
   * @return one escalation task per overdue complaint
   */
  public CarePlan overdueComplaints(CustomerContext c, List<ServiceInteraction> open, Instant now) {
    if (c.customer().isErased()) {
      return CarePlan.empty();
    }
    if (care.complaint().isEmpty()) {
      return CarePlan.empty();
    }
    List<CareTask> tasks = new ArrayList<>();
    for (ServiceInteraction i : open) {
      if (!i.isOpen() || i.kind() != InteractionKind.COMPLAINT) {
        continue;
      }
      var target = i.turnaroundTarget().orElse(care.complaint().get().turnaroundTarget());
      Instant due = i.openedAt().plus(target);
      if (now.isAfter(due)) {
        tasks.add(
            task(
                c,
                "overdue:" + i.id(),
                TaskKind.ESCALATION,
                "complaint " + i.id() + " is past its " + target.toHours() + " h target",
                due,
                Priority.URGENT,
                care.serviceLevel("overdue"),
                i.temperament().map(playbooks::forTemperament)));
      }
    }
    return new CarePlan(List.of(), tasks, List.of(), List.of());
  }

  /**
   * The next regular return visit, if one falls due in {@code [from, to)}: every interval after the
   * last visit (or after registration when there was none).
   *
   * @param c the customer
   * @param lastVisit the last visit or service contact, if any
   * @param from start of the window (inclusive)
   * @param to end of the window (exclusive)
   * @return a visit task, or nothing
   */
  public CarePlan returnVisitDue(
      CustomerContext c, Optional<Instant> lastVisit, Instant from, Instant to) {
    if (care.returnVisit().isEmpty() || c.customer().isErased()) {
      return CarePlan.empty();
    }
    Instant due =
        lastVisit.orElse(c.customer().registeredAt()).plus(care.returnVisit().get().interval());
    if (due.isBefore(from) || !due.isBefore(to)) {
      return CarePlan.empty();
    }
    String date = due.atZone(c.customer().profile().zone()).toLocalDate().toString();
    CareTask t =
        task(
            c,
            "return-visit:" + c.customer().id() + ":" + date,
            TaskKind.RETURN_VISIT,
            "regular return visit for " + c.customer().id(),
            due,
            Priority.NORMAL,
            care.serviceLevel("return-visit"),
            Optional.empty());
    return new CarePlan(List.of(), List.of(t), List.of(), List.of());
  }

  /**
   * The escalation of a staff task left unfinished past its due time plus the program's {@link
   * CareSettings#escalateTasksAfter}: a task for a responsible person (keyed {@code
   * overdue-task:KEY}) to see it done, with the overdue task's playbook. An overdue escalation is
   * not escalated again by another task (the engine raises its priority instead).
   *
   * @param c the customer
   * @param overdue the overdue task
   * @param now the current instant
   * @return the escalation, or nothing for an escalation task or an erased customer
   */
  public CarePlan overdueTask(CustomerContext c, CareTask overdue, Instant now) {
    Objects.requireNonNull(overdue, "overdue");
    Objects.requireNonNull(now, "now");
    if (c.customer().isErased() || overdue.kind() == TaskKind.ESCALATION) {
      return CarePlan.empty();
    }
    CareTask t =
        task(
            c,
            "overdue-task:" + overdue.idempotencyKey(),
            TaskKind.ESCALATION,
            overdue.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + " for "
                + c.customer().id()
                + " is overdue since "
                + overdue.due()
                + overdue.assignee().map(a -> " (assigned to " + a + ")").orElse(""),
            now,
            Priority.HIGH,
            care.serviceLevel("overdue-task"),
            overdue.playbook());
    return new CarePlan(List.of(), List.of(t), List.of(), List.of());
  }
}
