package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.care.CareTask;
import dev.care.core.care.Priority;
import dev.care.core.care.TaskCursor;
import dev.care.core.care.TaskKind;
import dev.care.core.care.TaskPage;
import dev.care.core.care.TaskStatus;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.Profile;
import dev.care.core.customer.QuietHours;
import dev.care.core.customer.TierId;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PointsBalance;
import dev.care.core.ledger.Posting;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.rules.testing.Programs;
import dev.care.storage.dispatch.DispatchPolicy;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.outbox.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A year of simulated time for a few customers, with exact postings, tiers and care. */
class CareEngineScenarioTest {
  static final CustomerId ANN = CustomerId.of("ann");
  static final CustomerId BOB = CustomerId.of("bob");
  final ManualClock clock = ManualClock.at(Instant.parse("2026-01-05T09:00:00Z"));
  final CareEngine engine = CareEngine.builder().program(Programs.salon()).clock(clock).build();

  static Profile reachable(String name, ZoneId zone) {
    return Profile.named(name)
        .withPhone("+4915112345678")
        .withEmail(name.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.com")
        .withPreferredChannel(Channel.EMAIL)
        .withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL))
        .withZone(zone);
  }

  void register() {
    engine.register(
        Customer.register(ANN, reachable("Ann Lee", ZoneId.of("Europe/Paris")), clock.instant())
            .withBirthday(ImportantDate.birthday(LocalDate.of(1996, 2, 29))));
    engine.register(
        Customer.register(
                BOB,
                reachable("Bob Tane", ZoneId.of("Pacific/Auckland"))
                    .withQuietHours(
                        Optional.of(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)))),
                clock.instant())
            .withBirthday(ImportantDate.birthday(MonthDay.of(3, 1))));
  }

  Purchase purchase(String id, CustomerId c, long cents) {
    return Purchase.of(id, c, clock.instant(), Money.ofMinor("EUR", cents));
  }

  /** Advances day by day to an instant, as a nightly job would. */
  void runDaysUntil(Instant end) {
    while (clock.instant().isBefore(end)) {
      clock.advance(Duration.ofDays(1));
      engine.advanceTo(clock.instant());
    }
  }

  /**
   * As {@link #runDaysUntil}, with a staff member working the queue after each night: every open
   * task of one customer is taken and done (pages of two, so the cursor crosses pages); the other
   * customers' tasks are left.
   */
  void runDaysWorking(Instant end, CustomerId worked) {
    while (clock.instant().isBefore(end)) {
      clock.advance(Duration.ofDays(1));
      engine.advanceTo(clock.instant());
      Optional<TaskCursor> after = Optional.empty();
      do {
        TaskPage page = engine.openTasks(after, 2);
        for (CareTask t : page.tasks()) {
          if (t.customerId().equals(worked)) {
            engine.assignTask(t.taskKey(), "kim");
            engine.completeTask(t.taskKey(), "called");
          }
        }
        after = page.next();
      } while (after.isPresent());
    }
  }

  List<CareActionKind> kinds(CustomerId c) {
    return engine.careActions(c).stream().map(CareAction::kind).toList();
  }

  @Test
  void a_year_of_purchases_returns_tiers_birthdays_and_win_back() {
    register();
    engine.advanceTo(clock.instant());

    PurchaseOutcome first = engine.recordPurchase(purchase("O-1", ANN, 4_500));
    assertThat(first.pointsEarned()).isEqualTo(45);
    Posting earn = ((Outcome.Posted) first.earnings().get(0)).posting();
    assertThat(earn.context().rule()).contains("salon-rewards@1/earning.purchase");
    assertThat(earn.context().sourceRef()).contains("O-1");
    assertThat(engine.points(ANN)).isEqualTo(new PointsBalance(45, 45, 0, 0, 0));
    assertThat(kinds(ANN)).containsExactly(CareActionKind.E_BILL, CareActionKind.WELCOME);
    // the same purchase again changes nothing
    assertThat(engine.recordPurchase(purchase("O-1", ANN, 4_500)).duplicate()).isTrue();
    assertThat(engine.points(ANN).posted()).isEqualTo(45);

    clock.advance(Duration.ofDays(2));
    engine.recordReturn(Return.of("R-1", ANN, clock.instant(), "O-1", Money.ofMinor("EUR", 1_500)));
    assertThat(engine.points(ANN).posted()).isEqualTo(30);

    runDaysUntil(Instant.parse("2026-01-25T09:00:00Z"));
    assertThat(engine.points(ANN)).isEqualTo(new PointsBalance(30, 0, 0, 0, 30));

    engine.recordPurchase(purchase("O-2", ANN, 48_000));
    assertThat(engine.tier(ANN)).contains(new TierId("SILVER"));

    // birthdays: Ann (29 Feb) is greeted on 28 Feb in 2026, 09:00 Paris; Bob on 1 March, 09:00
    // Auckland
    runDaysUntil(Instant.parse("2026-03-02T09:00:00Z"));
    CareAction annBirthday =
        engine.careActions(ANN).stream()
            .filter(a -> a.kind() == CareActionKind.BIRTHDAY_GREETING)
            .findFirst()
            .orElseThrow();
    assertThat(annBirthday.due()).isEqualTo(Instant.parse("2026-02-28T08:00:00Z"));
    CareAction bobBirthday =
        engine.careActions(BOB).stream()
            .filter(a -> a.kind() == CareActionKind.BIRTHDAY_GREETING)
            .findFirst()
            .orElseThrow();
    assertThat(bobBirthday.due()).isEqualTo(Instant.parse("2026-02-28T20:00:00Z"));

    // running the same advance twice plans nothing twice
    int before = engine.careActions(ANN).size() + engine.careActions(BOB).size();
    AdvanceReport again = engine.advanceTo(clock.instant());
    assertThat(again.careActions()).isZero();
    assertThat(engine.careActions(ANN).size() + engine.careActions(BOB).size()).isEqualTo(before);

    // Ann stops coming: DECLINING after 60 days brings a win-back SMS, then a follow-up call task;
    // from now on staff work Ann's tasks every morning, and leave Bob's
    runDaysWorking(Instant.parse("2026-04-15T09:00:00Z"), ANN);
    assertThat(engine.stage(ANN)).isEqualTo(LifecycleStage.DECLINING);
    assertThat(kinds(ANN)).contains(CareActionKind.WIN_BACK);
    runDaysWorking(Instant.parse("2026-05-01T09:00:00Z"), ANN);
    assertThat(engine.careTasks(ANN))
        .isNotEmpty()
        .allSatisfy(
            t -> {
              assertThat(t.status()).isEqualTo(TaskStatus.DONE);
              assertThat(t.assignee()).contains("kim");
              assertThat(t.escalatedAt()).as("worked in time").isEmpty();
            })
        .extracting(CareTask::kind)
        .contains(TaskKind.FOLLOW_UP_CALL, TaskKind.RETURN_VISIT);
    // Bob's return visit (90 days after he joined) was left: a day past due the nightly run
    // raised it a step and planned an escalation for a responsible person, once
    CareTask bobVisit =
        engine.careTasks(BOB).stream()
            .filter(t -> t.kind() == TaskKind.RETURN_VISIT)
            .findFirst()
            .orElseThrow();
    assertThat(bobVisit.status()).isEqualTo(TaskStatus.OPEN);
    assertThat(bobVisit.escalatedAt()).isPresent();
    assertThat(bobVisit.priority()).isEqualTo(Priority.HIGH);
    assertThat(engine.careTasks(BOB))
        .filteredOn(t -> t.idempotencyKey().equals("overdue-task:" + bobVisit.idempotencyKey()))
        .hasSize(1);
    List<CareTask> queue = engine.openTasks(Optional.empty(), 100).tasks();
    assertThat(queue)
        .isNotEmpty()
        .isSortedAccordingTo(TaskCursor.TASK_ORDER)
        .allSatisfy(t -> assertThat(t.customerId()).isEqualTo(BOB));

    // a year on, unredeemed points expire lot by lot
    runDaysUntil(Instant.parse("2027-01-12T09:00:00Z"));
    List<Posting> history = engine.history(ANN, false);
    assertThat(history).extracting(p -> p.kind().name()).contains("EARN", "REVERSAL", "EXPIRE");
    // the 30 points left of O-1 (45 earned, 15 returned) expired 365 days after earning
    long expired =
        history.stream()
            .filter(p -> p.kind() == dev.care.core.ledger.PostingKind.EXPIRE)
            .mapToLong(p -> -p.amountOn(dev.care.core.ledger.AccountId.points(ANN)))
            .sum();
    assertThat(expired).isEqualTo(30);
    // every task was announced once in the outbox, and no task was escalated twice
    List<CareTask> allTasks = new ArrayList<>(engine.careTasks(ANN));
    allTasks.addAll(engine.careTasks(BOB));
    assertThat(
            engine.storage().messages(DeliveryStatus.PENDING).stream()
                .filter(m -> m.type().equals(CareEvents.TASK_PLANNED)))
        .hasSize(allTasks.size());
    assertThat(allTasks)
        .filteredOn(t -> t.idempotencyKey().startsWith("overdue-task:"))
        .extracting(CareTask::idempotencyKey)
        .doesNotHaveDuplicates()
        .hasSize(
            (int)
                allTasks.stream()
                    .filter(t -> t.escalatedAt().isPresent() && t.kind() != TaskKind.ESCALATION)
                    .count());
    // the year's service report agrees with a count over both customers
    ServiceReport year =
        engine.serviceReport(Instant.parse("2026-01-01T00:00:00Z"), clock.instant());
    assertThat(
            year.byTrigger(dev.care.storage.ServiceCount.Work.TASK).values().stream()
                .mapToLong(Long::longValue)
                .sum())
        .isEqualTo(allTasks.size());
    assertThat(
            year.byLevel(dev.care.storage.ServiceCount.Work.ACTION).values().stream()
                .mapToLong(Long::longValue)
                .sum())
        .isEqualTo(engine.careActions(ANN).size() + engine.careActions(BOB).size());
    // still exactly one greeting per customer per year
    assertThat(
            engine.careActions(ANN).stream()
                .filter(a -> a.kind() == CareActionKind.BIRTHDAY_GREETING))
        .hasSize(1);
  }

  @Test
  void messages_respect_quiet_hours_and_caps_when_dispatched() {
    register();
    // Bob buys at 23:30 in Auckland: the e-bill waits for the end of his quiet hours (08:00)
    clock.set(Instant.parse("2026-01-05T10:30:00Z"));
    engine.recordPurchase(purchase("B-1", BOB, 2_000));
    List<String> sent = new ArrayList<>();
    OutboxDispatcher dispatcher =
        new OutboxDispatcher(
            engine.storage(),
            List.of(channel(Channel.EMAIL, sent), channel(Channel.SMS, sent)),
            e -> {},
            engine.dispatchPolicy(),
            clock);
    var report = dispatcher.runOnce();
    assertThat(report.deferred()).isGreaterThanOrEqualTo(1);
    assertThat(
            engine
                .storage()
                .message("care/" + engine.careActions(BOB).get(0).idempotencyKey())
                .orElseThrow()
                .nextAttemptAt())
        .isEqualTo(Instant.parse("2026-01-05T19:00:00Z"));
    clock.set(Instant.parse("2026-01-05T19:00:00Z"));
    dispatcher.runOnce();
    assertThat(engine.storage().messages(DeliveryStatus.PENDING)).isEmpty();
    assertThat(sent).isNotEmpty();
    // the program's caps reach the dispatcher; e-bills are never capped
    assertThat(engine.dispatchPolicy().caps())
        .containsExactly(
            new DispatchPolicy.ChannelCap(Channel.SMS, 4, Duration.ofDays(30)),
            new DispatchPolicy.ChannelCap(Channel.EMAIL, 8, Duration.ofDays(30)));
    for (int i = 0; i < 10; i++) {
      engine.recordPurchase(purchase("B-" + (i + 2), BOB, 1_000));
    }
    assertThat(dispatcher.runOnce().deferred()).isZero();
  }

  static dev.care.storage.messaging.MessageChannel channel(Channel ch, List<String> sent) {
    return new dev.care.storage.messaging.MessageChannel() {
      @Override
      public Channel channel() {
        return ch;
      }

      @Override
      public void send(dev.care.storage.outbox.OutboxMessage message) {
        sent.add(message.id());
      }
    };
  }

  @Test
  void top_ups_get_the_best_promotion_and_bills() {
    register();
    Outcome o = engine.topUp(IdempotencyKey.of("T-1"), ANN, Money.ofMinor("EUR", 10_000));
    assertThat(((Outcome.Posted) o).posting().context().rule())
        .contains("salon-rewards@1/wallet.topUpPromotions.top-up-100");
    assertThat(engine.wallet(ANN).bonus()).isEqualTo(Money.ofMinor("EUR", 2_000));
    engine.spend(IdempotencyKey.of("S-1"), ANN, Money.ofMinor("EUR", 2_500), "cut and colour");
    assertThat(engine.wallet(ANN).paid()).isEqualTo(Money.ofMinor("EUR", 9_500));
    assertThat(engine.storage().message("bill/ann/P2/ann")).isPresent();
  }

  @Test
  void a_year_with_a_referral_feedback_a_manual_tier_erasure_and_their_events() {
    CustomerId cat = CustomerId.of("cat");
    register();
    engine.register(
        Customer.register(cat, reachable("Cat Moss", ZoneId.of("Europe/Berlin")), clock.instant()),
        ANN);
    engine.advanceTo(clock.instant());

    // the referral: a small purchase does not qualify, the first one of at least EUR 20 does
    runDaysUntil(clock.instant().plus(Duration.ofDays(2)));
    engine.recordPurchase(purchase("C-1", cat, 1_500));
    runDaysUntil(clock.instant().plus(Duration.ofDays(8)));
    engine.recordPurchase(purchase("C-2", cat, 6_000));
    engine.recordPurchase(purchase("C-3", cat, 6_000));
    assertThat(referral(ANN, "referrer")).isEqualTo(200);
    assertThat(referral(cat, "friend")).isEqualTo(100);

    // two-way feedback: a resolved complaint's survey is answered by its token
    dev.care.core.satisfaction.ServiceInteraction complaint =
        dev.care.core.satisfaction.ServiceInteraction.open(
            "I-cat",
            cat,
            dev.care.core.satisfaction.InteractionKind.COMPLAINT,
            Channel.PHONE,
            clock.instant());
    engine.recordInteraction(complaint);
    clock.advance(Duration.ofHours(3));
    CareAction survey =
        engine
            .recordInteraction(
                complaint.close(
                    clock.instant(), dev.care.core.satisfaction.InteractionOutcome.RESOLVED))
            .actions()
            .stream()
            .filter(a -> a.kind() == CareActionKind.SATISFACTION_SURVEY)
            .findFirst()
            .orElseThrow();
    FeedbackRecorded answered =
        engine.recordFeedback(
            survey.variables().get("surveyToken"),
            FeedbackAnswers.of(new dev.care.core.satisfaction.ObservedFactor("RESPECT", 5)));
    assertThat(answered.duplicate()).isFalse();
    engine.recordReply(
        new InboundReply(
            "sms-cat-1",
            cat,
            Channel.SMS,
            clock.instant(),
            Optional.of(survey.idempotencyKey()),
            List.of(new dev.care.core.satisfaction.ObservedFactor("WARM_ATTITUDE", 4))));

    // a manual floor for two months, then back to what Ann earns
    Instant floorEnds = clock.instant().plus(Duration.ofDays(60));
    engine.setTierFloor(ANN, new TierId("GOLD"), floorEnds, "friend of the house");
    runDaysUntil(floorEnds.minus(Duration.ofDays(1)));
    assertThat(engine.tier(ANN)).contains(new TierId("GOLD"));
    runDaysUntil(floorEnds.plus(Duration.ofDays(1)));
    assertThat(engine.tier(ANN)).contains(new TierId("MEMBER"));

    // Cat asks to be forgotten in the summer; the year runs on
    runDaysUntil(Instant.parse("2026-07-01T09:00:00Z"));
    engine.erase(cat);
    runDaysUntil(Instant.parse("2027-01-20T09:00:00Z"));
    assertThat(engine.careActions(cat)).isEmpty();
    // Ann's referral points expired with their lot, a year after they were earned
    assertThat(
            engine.history(ANN, false).stream()
                .filter(p -> p.kind() == dev.care.core.ledger.PostingKind.EXPIRE)
                .mapToLong(p -> -p.amountOn(dev.care.core.ledger.AccountId.points(ANN)))
                .sum())
        .isEqualTo(200);

    // the published events: every kind the year caused, and nothing personal in any
    List<dev.care.storage.outbox.OutboxMessage> events =
        engine.storage().messages(DeliveryStatus.PENDING).stream()
            .filter(m -> m.id().startsWith("event/"))
            .toList();
    assertThat(events)
        .extracting(m -> m.type())
        .contains(
            CareEvents.CUSTOMER_REGISTERED,
            CareEvents.PURCHASE_RECORDED,
            CareEvents.TIER_CHANGED,
            CareEvents.SATISFACTION_INDEX_CHANGED,
            CareEvents.CUSTOMER_ERASED);
    assertThat(events.stream().filter(m -> m.type().equals(CareEvents.CUSTOMER_ERASED)))
        .singleElement()
        .satisfies(m -> assertThat(m.attributes()).containsEntry("customer", "cat"));
    assertThat(events.stream().filter(m -> m.type().equals(CareEvents.TIER_CHANGED)))
        .extracting(m -> m.attributes().get("customer") + ":" + m.attributes().get("to"))
        .contains("ann:GOLD", "ann:MEMBER");
    assertThat(events.toString()).doesNotContain("Cat Moss", "cat.moss@example.com");
  }

  /** The points a customer got from one side of a referral. */
  private long referral(CustomerId c, String side) {
    return engine.history(c, false).stream()
        .filter(p -> p.context().rule().orElse("").endsWith("/earning.referral." + side))
        .mapToLong(p -> p.amountOn(dev.care.core.ledger.AccountId.points(c)))
        .sum();
  }
}
