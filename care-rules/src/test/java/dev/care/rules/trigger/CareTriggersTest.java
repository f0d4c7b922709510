package dev.care.rules.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.care.CareTask;
import dev.care.core.care.Priority;
import dev.care.core.care.TaskKind;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.Profile;
import dev.care.core.customer.SpecialNeed;
import dev.care.core.event.LifecycleStageChanged;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.FactorCatalogue;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ObservedFactor;
import dev.care.core.satisfaction.Playbooks;
import dev.care.core.satisfaction.SatisfactionIndex;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.satisfaction.Temperament;
import dev.care.rules.program.LoyaltyProgram;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CareTriggersTest {
  private static final LoyaltyProgram SALON = dev.care.rules.testing.Programs.salon();
  private static final CareTriggers TRIGGERS =
      new CareTriggers(SALON, Playbooks.defaults(), FactorCatalogue.defaults());
  private static final Instant REG = Instant.parse("2025-01-01T00:00:00Z");

  private static Customer customer(String zone, Consent consent) {
    return Customer.register(
            CustomerId.of("C-1"),
            Profile.named("Yuki Tanaka")
                .withPhone("+819012345678")
                .withEmail("yuki@example.jp")
                .withPreferredChannel(Channel.EMAIL)
                .withConsent(consent)
                .withZone(ZoneId.of(zone)),
            REG)
        .withBirthday(ImportantDate.birthday(LocalDate.of(1988, 2, 29)))
        .withAnniversary(ImportantDate.of("membership", LocalDate.of(2025, 1, 1)));
  }

  private static CustomerContext ctx(Customer c) {
    return new CustomerContext(c, LifecycleStage.MATURE, false, 420);
  }

  private static final Consent ALL = Consent.optedIn(Channel.SMS, Channel.EMAIL);

  @Test
  void greetingsDue_leapDayBirthday_inCustomerZone_onceAndIdempotent() {
    CustomerContext c = ctx(customer("Asia/Tokyo", ALL));
    // 2027 is a common year: 28 February 09:00 Tokyo = 00:00 UTC
    Instant from = Instant.parse("2027-02-27T00:00:00Z");
    Instant to = Instant.parse("2027-03-02T00:00:00Z");
    CarePlan plan = TRIGGERS.greetingsDue(c, from, to);
    assertThat(plan.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(CareActionKind.BIRTHDAY_GREETING);
              assertThat(a.idempotencyKey()).isEqualTo("birthday:C-1:2027");
              assertThat(a.due()).isEqualTo(Instant.parse("2027-02-28T00:00:00Z"));
              assertThat(a.channel()).isEqualTo(Channel.SMS);
              assertThat(a.variables())
                  .containsEntry("firstName", "Yuki")
                  .containsEntry("years", "39")
                  .containsEntry("points", "100");
            });
    assertThat(plan.goodwill())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.idempotencyKey()).isEqualTo("birthday:C-1:2027:gift");
              assertThat(g.points()).isEqualTo(100);
            });
    // the same window again gives the same keys: the engine's store de-duplicates
    assertThat(TRIGGERS.greetingsDue(c, from, to)).isEqualTo(plan);
    // split windows give the greeting exactly once
    Instant mid = Instant.parse("2027-02-28T00:00:00Z");
    int count =
        TRIGGERS.greetingsDue(c, from, mid).actions().size()
            + TRIGGERS.greetingsDue(c, mid, to).actions().size();
    assertThat(count).isEqualTo(1);
  }

  @Test
  void greetingsDue_anniversary_fromTheFirstYearOn() {
    CustomerContext c = ctx(customer("Europe/Berlin", ALL));
    assertThat(
            TRIGGERS
                .greetingsDue(
                    c, Instant.parse("2024-12-31T00:00:00Z"), Instant.parse("2025-01-02T00:00:00Z"))
                .actions())
        .isEmpty();
    CarePlan y1 =
        TRIGGERS.greetingsDue(
            c, Instant.parse("2025-12-31T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(y1.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.idempotencyKey()).isEqualTo("anniversary:C-1:membership:2026");
              assertThat(a.channel()).isEqualTo(Channel.EMAIL);
              assertThat(a.variables()).containsEntry("years", "1");
              assertThat(a.due()).isEqualTo(Instant.parse("2026-01-01T09:00:00Z"));
            });
  }

  @Test
  void channel_fallsBackToPreferred_andSkipsWithoutConsent() {
    CustomerContext emailOnly = ctx(customer("UTC", Consent.optedIn(Channel.EMAIL)));
    CarePlan p = TRIGGERS.welcome(emailOnly, REG);
    assertThat(p.actions())
        .singleElement()
        .extracting(CareAction::channel)
        .isEqualTo(Channel.EMAIL);
    CustomerContext none = ctx(customer("UTC", Consent.none()));
    CarePlan skipped =
        TRIGGERS.eBill(none, "O-1", Money.ofMinor("EUR", 500), "haircut", Optional.empty(), REG);
    assertThat(skipped.isEmpty()).isTrue();
    assertThat(skipped.skipped())
        .containsExactly("e-bill:O-1: no consented channel with contact details");
    CustomerContext erased = ctx(customer("UTC", ALL).erase(REG.plusSeconds(1)));
    assertThat(TRIGGERS.welcome(erased, REG).isEmpty()).isTrue();
  }

  @Test
  void eBill_carriesAmountPurposeAndBalance() {
    CarePlan p =
        TRIGGERS.eBill(
            ctx(customer("UTC", ALL)),
            "W-7",
            Money.ofMinor("EUR", 2500),
            "top-up",
            Optional.of(Money.ofMinor("EUR", 12000)),
            REG);
    assertThat(p.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.idempotencyKey()).isEqualTo("e-bill:W-7");
              assertThat(a.variables())
                  .containsEntry("amount", "EUR 25.00")
                  .containsEntry("purpose", "top-up")
                  .containsEntry("walletBalance", "EUR 120.00")
                  .containsEntry("pointsBalance", "420");
            });
  }

  @Test
  void winBack_onDecliningOrLapsed_suppressedWhileComplaintOpen() {
    Customer cust = customer("UTC", ALL);
    Instant at = Instant.parse("2026-06-01T10:00:00Z");
    LifecycleStageChanged lapsed =
        new LifecycleStageChanged(
            cust.id(), at, Optional.of(LifecycleStage.DECLINING), LifecycleStage.LAPSED, "x");
    CarePlan p = TRIGGERS.onStageChanged(ctx(cust), lapsed);
    assertThat(p.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(CareActionKind.WIN_BACK);
              assertThat(a.idempotencyKey()).isEqualTo("win-back:C-1:LAPSED:2026-06-01");
              assertThat(a.variables()).containsEntry("offer", "150 bonus points");
            });
    CarePlan suppressed =
        TRIGGERS.onStageChanged(new CustomerContext(cust, LifecycleStage.LAPSED, true, 0), lapsed);
    assertThat(suppressed.isEmpty()).isTrue();
    assertThat(suppressed.skipped().get(0)).contains("suppressed while a complaint is open");
    LifecycleStageChanged grown =
        new LifecycleStageChanged(
            cust.id(), at, Optional.of(LifecycleStage.NEW), LifecycleStage.GROWING, "x");
    assertThat(TRIGGERS.onStageChanged(ctx(cust), grown).isEmpty()).isTrue();
  }

  @Test
  void winBackFollowUp_callTaskOnlyWithoutPurchaseAfterWindow() {
    CustomerContext c = ctx(customer("UTC", ALL));
    Instant sent = Instant.parse("2026-06-01T10:00:00Z");
    assertThat(
            TRIGGERS
                .winBackFollowUp(c, sent, Optional.empty(), sent.plus(Duration.ofDays(13)))
                .isEmpty())
        .isTrue();
    CarePlan call =
        TRIGGERS.winBackFollowUp(c, sent, Optional.empty(), sent.plus(Duration.ofDays(14)));
    assertThat(call.tasks())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(TaskKind.FOLLOW_UP_CALL);
              assertThat(t.due()).isEqualTo(sent.plus(Duration.ofDays(14)));
              assertThat(t.idempotencyKey()).isEqualTo("win-back-call:C-1:2026-06-01");
            });
    assertThat(
            TRIGGERS
                .winBackFollowUp(
                    c,
                    sent,
                    Optional.of(sent.plus(Duration.ofDays(3))),
                    sent.plus(Duration.ofDays(20)))
                .isEmpty())
        .isTrue();
  }

  @Test
  void resolvedComplaint_thankYouAndSurveyAtTheEnd() {
    CustomerContext c = ctx(customer("UTC", ALL));
    Instant opened = Instant.parse("2026-05-01T08:00:00Z");
    Instant closed = opened.plus(Duration.ofHours(20));
    ServiceInteraction i =
        ServiceInteraction.open(
                "I-1", c.customer().id(), InteractionKind.COMPLAINT, Channel.PHONE, opened)
            .withResponsibleStaff("Anna")
            .observe(new ObservedFactor("SOLVED_FAST", 4))
            .close(closed, InteractionOutcome.RESOLVED);
    CarePlan p = TRIGGERS.onInteractionClosed(c, i, Optional.of(new SatisfactionIndex(80)), 0);
    assertThat(p.actions())
        .extracting(CareAction::kind, CareAction::due)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(CareActionKind.THANK_YOU, closed),
            org.assertj.core.groups.Tuple.tuple(CareActionKind.SATISFACTION_SURVEY, closed));
    assertThat(p.actions().get(0).variables()).containsEntry("staff", "Anna");
    assertThat(p.tasks()).isEmpty();
    assertThatThrownBy(
            () ->
                TRIGGERS.onInteractionClosed(
                    c,
                    ServiceInteraction.open(
                        "I-2", c.customer().id(), InteractionKind.COMPLAINT, Channel.PHONE, opened),
                    Optional.empty(),
                    0))
        .hasMessageContaining("I-2 is still open");
  }

  @Test
  void dissatisfier_triggersApologyGoodwillAndEscalationWithPlaybookAndPriority() {
    Customer elderly = customer("UTC", ALL).withSpecialNeeds(Set.of(SpecialNeed.ELDERLY));
    CustomerContext c = ctx(elderly);
    Instant opened = Instant.parse("2026-05-01T08:00:00Z");
    ServiceInteraction i =
        ServiceInteraction.open(
                "I-9", elderly.id(), InteractionKind.REPAIR, Channel.IN_STORE, opened)
            .withTemperament(Temperament.ANGRY)
            .observe(new ObservedFactor("REPEATED_REPAIR", 5))
            .close(opened.plus(Duration.ofHours(3)), InteractionOutcome.PARTIALLY_RESOLVED);
    CarePlan p = TRIGGERS.onInteractionClosed(c, i, Optional.empty(), 0);
    assertThat(p.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(CareActionKind.APOLOGY);
              assertThat(a.variables()).containsEntry("points", "200");
            });
    assertThat(p.goodwill())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.idempotencyKey()).isEqualTo("goodwill:I-9");
              assertThat(g.points()).isEqualTo(200);
            });
    CareTask t = p.tasks().get(0);
    assertThat(t.kind()).isEqualTo(TaskKind.ESCALATION);
    assertThat(t.priority()).isEqualTo(Priority.URGENT);
    assertThat(t.playbook().orElseThrow().title()).isEqualTo("angry customer");
    assertThat(t.accommodations()).contains("seating", "large-print material");
    // budget nearly used: the gesture shrinks; used up: skipped and said so
    assertThat(
            TRIGGERS.onInteractionClosed(c, i, Optional.empty(), 19_950).goodwill().get(0).points())
        .isEqualTo(50);
    CarePlan broke = TRIGGERS.onInteractionClosed(c, i, Optional.empty(), 20_000);
    assertThat(broke.goodwill()).isEmpty();
    assertThat(broke.skipped()).containsExactly("goodwill:I-9: monthly goodwill budget used up");
  }

  @Test
  void lowIndex_withoutDissatisfier_alsoTriggersRecovery() {
    CustomerContext c = ctx(customer("UTC", ALL));
    Instant opened = Instant.parse("2026-05-01T08:00:00Z");
    ServiceInteraction i =
        ServiceInteraction.open(
                "I-3", c.customer().id(), InteractionKind.INQUIRY, Channel.PHONE, opened)
            .close(opened.plusSeconds(60), InteractionOutcome.UNRESOLVED);
    assertThat(
            TRIGGERS.onInteractionClosed(c, i, Optional.of(new SatisfactionIndex(30)), 0).tasks())
        .hasSize(1);
    assertThat(
            TRIGGERS.onInteractionClosed(c, i, Optional.of(new SatisfactionIndex(60)), 0).isEmpty())
        .isTrue();
  }

  @Test
  void overdueComplaints_escalateUrgently_usingProgramTargetWhenNoneSet() {
    CustomerContext c = ctx(customer("UTC", ALL));
    Instant opened = Instant.parse("2026-05-01T08:00:00Z");
    ServiceInteraction open =
        ServiceInteraction.open(
            "I-5", c.customer().id(), InteractionKind.COMPLAINT, Channel.PHONE, opened);
    assertThat(
            TRIGGERS
                .overdueComplaints(c, java.util.List.of(open), opened.plus(Duration.ofHours(47)))
                .isEmpty())
        .isTrue();
    CarePlan p =
        TRIGGERS.overdueComplaints(c, java.util.List.of(open), opened.plus(Duration.ofHours(49)));
    assertThat(p.tasks())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.idempotencyKey()).isEqualTo("overdue:I-5");
              assertThat(t.priority()).isEqualTo(Priority.URGENT);
              assertThat(t.summary()).contains("48 h target");
            });
  }

  @Test
  void returnVisit_dueEveryIntervalAfterLastVisit() {
    CustomerContext c = ctx(customer("UTC", ALL));
    Instant last = Instant.parse("2026-01-10T10:00:00Z");
    Instant due = last.plus(Duration.ofDays(90));
    assertThat(TRIGGERS.returnVisitDue(c, Optional.of(last), due.minusSeconds(10), due).isEmpty())
        .isTrue();
    assertThat(TRIGGERS.returnVisitDue(c, Optional.of(last), due, due.plusSeconds(1)).tasks())
        .singleElement()
        .satisfies(t -> assertThat(t.idempotencyKey()).isEqualTo("return-visit:C-1:2026-04-10"));
  }

  /**
   * The due index's greeting contract: {@code nextDue} (with no win-back, complaint or return visit
   * in the window) is the end of the shortest window from {@code from} in which {@code
   * greetingsDue} plans something, so a window ending a nanosecond earlier plans nothing; when it
   * answers nothing, three years of greetings plan nothing. Birthdays (with or without a year, 29
   * February among them) give gift points even without a consented channel; anniversaries need one.
   */
  @Test
  void nextDue_greetings_isTheEndOfTheFirstWindowThatPlans_property() {
    List<String> zones = List.of("Europe/Berlin", "Asia/Tokyo", "America/New_York", "UTC");
    List<Consent> consents =
        List.of(
            Consent.none(),
            Consent.optedIn(Channel.SMS),
            Consent.optedIn(Channel.EMAIL),
            Consent.optedIn(Channel.SMS, Channel.EMAIL));
    dev.care.rules.testing.Pbt.qt(4)
        .forAll(
            integers().between(0, zones.size() * consents.size() - 1),
            integers().between(0, 366 * 3),
            integers().between(0, 3 * 366 * 24),
            integers().between(0, 4))
        .checkAssert(
            (zoneAndConsent, dateDay, fromHour, shape) -> {
              int zone = zoneAndConsent % zones.size();
              int consent = zoneAndConsent / zones.size();
              // dates from 2023-01-01: 2024-02-29 among them
              LocalDate date = LocalDate.of(2023, 1, 1).plusDays(dateDay);
              Customer c =
                  Customer.register(
                      CustomerId.of("C-1"),
                      Profile.named("Yuki Tanaka")
                          .withPhone("+819012345678")
                          .withEmail("yuki@example.jp")
                          .withPreferredChannel(Channel.EMAIL)
                          .withConsent(consents.get(consent))
                          .withZone(ZoneId.of(zones.get(zone))),
                      REG);
              if (shape == 0 || shape == 2) {
                c = c.withBirthday(ImportantDate.birthday(date));
              }
              if (shape == 1) {
                c = c.withBirthday(ImportantDate.birthday(java.time.MonthDay.from(date)));
              }
              if (shape >= 2) {
                c = c.withAnniversary(ImportantDate.of("membership", date));
              }
              CustomerContext ctx = ctx(c);
              Instant from = REG.plus(Duration.ofHours(fromHour));
              // the last purchase long before: its return visit fell due before from
              Optional<Instant> lastPurchase = Optional.of(from.minus(Duration.ofDays(200)));
              Optional<Instant> due =
                  TRIGGERS.nextDue(ctx, from, Optional.empty(), lastPurchase, List.of());
              if (due.isEmpty()) {
                CarePlan years =
                    TRIGGERS.greetingsDue(ctx, from, from.plus(Duration.ofDays(3 * 365)));
                assertThat(years.isEmpty()).as("greetings in three years: %s", years).isTrue();
                return;
              }
              assertThat(due.get()).isAfter(from);
              assertThat(TRIGGERS.greetingsDue(ctx, from, due.get()).isEmpty())
                  .as("greetings due before %s", due.get())
                  .isFalse();
              assertThat(TRIGGERS.greetingsDue(ctx, from, due.get().minusNanos(1)).isEmpty())
                  .as("greetings due before %s", due.get().minusNanos(1))
                  .isTrue();
            });
  }
}
