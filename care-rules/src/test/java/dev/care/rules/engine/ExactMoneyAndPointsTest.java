package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.Profile;
import dev.care.core.customer.TierId;
import dev.care.core.ledger.AccountId;
import dev.care.core.ledger.IdempotencyConflictException;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.Posting;
import dev.care.core.money.CurrencyMismatchException;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ObservedFactor;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.time.ManualClock;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.rules.testing.Programs;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Issue 17, "Money and points must be exact": every item through the engine's public API. */
class ExactMoneyAndPointsTest {
  private static final CustomerId ANN = CustomerId.of("ann");
  private static final CustomerId BOB = CustomerId.of("bob");

  private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-02T10:00:00Z"));
  private final InMemoryStorage storage = new InMemoryStorage();

  private CareEngine engine(LoyaltyProgram program) {
    return CareEngine.builder().program(program).storage(storage).clock(clock).build();
  }

  private static LoyaltyProgram salon(String from, String to) {
    String json = Programs.salonJson();
    assertThat(json).contains(from);
    return new ProgramLoader().load(json.replace(from, to));
  }

  private Customer customer(CustomerId id) {
    return Customer.register(
        id,
        Profile.named(id.value())
            .withPhone("+4915112345678")
            .withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL)),
        clock.instant());
  }

  private static long pointsUnder(CareEngine engine, CustomerId id, String rule) {
    return engine.history(id, false).stream()
        .filter(p -> p.context().rule().orElse("").endsWith("/" + rule))
        .mapToLong(p -> p.amountOn(AccountId.points(id)))
        .sum();
  }

  @Nested
  @DisplayName("the goodwill budget is the programme's, per calendar month")
  class GoodwillBudget {
    private final LoyaltyProgram program =
        salon("\"monthlyBudget\": 20000", "\"monthlyBudget\": 300");

    private void complainDissatisfied(CareEngine engine, CustomerId id, String interaction) {
      ServiceInteraction open =
          ServiceInteraction.open(
                  interaction, id, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant())
              .observe(new ObservedFactor("IGNORED", 3));
      engine.recordInteraction(open);
      engine.recordInteraction(open.close(clock.instant(), InteractionOutcome.RESOLVED));
    }

    @Test
    void goodwill_fiveCustomers_receiveNoMoreThanTheProgrammeBudget() {
      CareEngine engine = engine(program);
      long total = 0;
      for (int i = 1; i <= 5; i++) {
        CustomerId id = CustomerId.of("c" + i);
        engine.register(customer(id));
        complainDissatisfied(engine, id, "complaint-" + i);
        total += pointsUnder(engine, id, "care.recovery");
      }
      assertThat(total).isEqualTo(300);
    }

    @Test
    void goodwill_twoEnginesOnOneStore_shareTheBudget() {
      CareEngine one = engine(program);
      CareEngine two = engine(program);
      long total = 0;
      for (int i = 1; i <= 6; i++) {
        CareEngine e = i % 2 == 0 ? one : two;
        CustomerId id = CustomerId.of("c" + i);
        e.register(customer(id));
        complainDissatisfied(e, id, "complaint-" + i);
        total += pointsUnder(e, id, "care.recovery");
      }
      assertThat(total).isEqualTo(300);
    }

    @Test
    void goodwill_budgetRenewsWithTheNextCalendarMonth() {
      CareEngine engine = engine(program);
      engine.register(customer(ANN));
      engine.register(customer(BOB));
      complainDissatisfied(engine, ANN, "march-1");
      complainDissatisfied(engine, BOB, "march-2");
      assertThat(pointsUnder(engine, BOB, "care.recovery")).isEqualTo(100);
      clock.set(Instant.parse("2026-04-01T10:00:00Z"));
      complainDissatisfied(engine, BOB, "april-1");
      assertThat(pointsUnder(engine, BOB, "care.recovery")).isEqualTo(300);
    }

    @Test
    void goodwill_budgetSpent_apologyDoesNotPromiseZeroPoints() {
      CareEngine engine = engine(program);
      for (int i = 1; i <= 3; i++) {
        CustomerId id = CustomerId.of("c" + i);
        engine.register(customer(id));
        complainDissatisfied(engine, id, "complaint-" + i);
      }
      CustomerId third = CustomerId.of("c3");
      assertThat(pointsUnder(engine, third, "care.recovery")).isZero();
      List<CareAction> apologies =
          engine.careActions(third).stream()
              .filter(a -> a.kind() == CareActionKind.APOLOGY)
              .toList();
      assertThat(apologies).hasSize(1);
      String text =
          program
              .template(apologies.get(0).templateId())
              .orElseThrow()
              .render(apologies.get(0).variables());
      assertThat(text).doesNotContain("goodwill points").doesNotContain(" 0 ");
      assertThat(engine.careTasks(third)).isNotEmpty(); // the escalation still goes to staff
    }
  }

  @Nested
  @DisplayName("the birthday purchase bonus is once per birthday occurrence")
  class BirthdayBonus {
    @Test
    void birthdayBonus_lateDecemberBirthday_onceAcrossNewYear_andAgainNextDecember() {
      clock.set(Instant.parse("2026-11-02T10:00:00Z"));
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN).withBirthday(ImportantDate.birthday(MonthDay.of(12, 30))));
      Consumer<String> buy =
          day -> {
            clock.set(Instant.parse(day + "T10:00:00Z"));
            engine.recordPurchase(
                Purchase.of("O-" + day, ANN, clock.instant(), Money.ofMinor("EUR", 2_000)));
          };
      buy.accept("2026-12-31");
      assertThat(pointsUnder(engine, ANN, "earning.birthday")).isEqualTo(100);
      buy.accept("2027-01-02");
      assertThat(pointsUnder(engine, ANN, "earning.birthday")).isEqualTo(100);
      buy.accept("2027-12-31");
      assertThat(pointsUnder(engine, ANN, "earning.birthday")).isEqualTo(200);
    }
  }

  @Nested
  @DisplayName("money in a currency the programme does not declare is refused")
  class Currency {
    @Test
    void topUp_inYen_isRefused_andNoBonusIsGranted() {
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN));
      assertThatThrownBy(
              () -> engine.topUp(IdempotencyKey.of("t-1"), ANN, Money.ofMinor("JPY", 10_000)))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessageContaining("expected EUR but got JPY");
      assertThat(engine.wallet(ANN).available()).isEqualTo(Money.ofMinor("EUR", 0));
      assertThat(engine.history(ANN, true)).isEmpty();
    }

    @Test
    void spend_inDollars_isRefused() {
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN));
      engine.topUp(IdempotencyKey.of("t-1"), ANN, Money.ofMinor("EUR", 1_000));
      assertThatThrownBy(
              () ->
                  engine.spend(IdempotencyKey.of("s-1"), ANN, Money.ofMinor("USD", 500), "haircut"))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessageContaining("expected EUR but got USD");
      assertThat(engine.wallet(ANN).available()).isEqualTo(Money.ofMinor("EUR", 1_000));
    }

    @Test
    void purchase_inDollars_namesTheProgrammeCurrencyAsExpected() {
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN));
      assertThatThrownBy(
              () ->
                  engine.recordPurchase(
                      Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("USD", 500))))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessageContaining("expected EUR but got USD");
    }

    @Test
    void return_inDollars_isRefused() {
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN));
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 5_000)));
      assertThatThrownBy(
              () ->
                  engine.recordReturn(
                      Return.of("R-1", ANN, clock.instant(), "O-1", Money.ofMinor("USD", 500))))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessageContaining("expected EUR but got USD");
    }
  }

  @Nested
  @DisplayName("a reused purchase or return id with different content is an idempotency conflict")
  class ReusedIds {
    @Test
    void purchase_sameIdOtherAmount_isAConflictNamingTheAmount() {
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN));
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 5_000)));
      assertThatThrownBy(
              () ->
                  engine.recordPurchase(
                      Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 9_000))))
          .isInstanceOfSatisfying(
              IdempotencyConflictException.class,
              e -> assertThat(e.differingFields()).containsExactly("amount"));
      assertThat(engine.points(ANN).pending() + engine.points(ANN).available()).isEqualTo(50);
    }

    @Test
    void purchase_sameIdSameContent_isStillAHarmlessDuplicate() {
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN));
      Purchase p = Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 5_000));
      engine.recordPurchase(p);
      assertThat(engine.recordPurchase(p).duplicate()).isTrue();
    }

    @Test
    void purchase_sameIdOtherCustomer_isAConflictNamingTheCustomer() {
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN));
      engine.register(customer(BOB));
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 5_000)));
      assertThatThrownBy(
              () ->
                  engine.recordPurchase(
                      Purchase.of("O-1", BOB, clock.instant(), Money.ofMinor("EUR", 5_000))))
          .isInstanceOfSatisfying(
              IdempotencyConflictException.class,
              e -> assertThat(e.differingFields()).containsExactly("customerId"));
      assertThat(engine.points(BOB).pending() + engine.points(BOB).available()).isZero();
    }

    @Test
    void return_sameIdOtherAmount_isAConflictNamingTheAmount() {
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN));
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 5_000)));
      engine.recordReturn(
          Return.of("R-1", ANN, clock.instant(), "O-1", Money.ofMinor("EUR", 1_000)));
      assertThatThrownBy(
              () ->
                  engine.recordReturn(
                      Return.of("R-1", ANN, clock.instant(), "O-1", Money.ofMinor("EUR", 2_000))))
          .isInstanceOfSatisfying(
              IdempotencyConflictException.class,
              e -> assertThat(e.differingFields()).containsExactly("amount"));
    }
  }

  @Nested
  @DisplayName("dates outside the customer's time are refused")
  class Dates {
    @Test
    void purchase_beforeTheCustomerRegistered_isRefusedNamingTheDate() {
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN));
      Instant before = Instant.parse("2026-02-01T10:00:00Z");
      assertThatThrownBy(
              () ->
                  engine.recordPurchase(
                      Purchase.of("O-1", ANN, before, Money.ofMinor("EUR", 5_000))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(before.toString());
      assertThat(engine.history(ANN, true)).isEmpty();
    }

    @Test
    void purchase_farInTheFuture_isRefusedNamingTheDate() {
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN));
      Instant future = Instant.parse("2027-03-02T10:00:00Z");
      assertThatThrownBy(
              () ->
                  engine.recordPurchase(
                      Purchase.of("O-1", ANN, future, Money.ofMinor("EUR", 5_000))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(future.toString());
    }

    @Test
    void advanceTo_farIntoThePast_isRefused() {
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN));
      Instant past = clock.instant().minus(Duration.ofDays(30));
      assertThatThrownBy(() -> engine.advanceTo(past))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(past.toString());
    }

    @Test
    void advanceTo_aLittleBehindACustomersWatermark_isAHarmlessNoOp() {
      CareEngine engine = engine(Programs.salon());
      engine.register(customer(ANN));
      engine.advanceTo(clock.instant());
      int actions = engine.careActions(ANN).size();
      AdvanceReport late = engine.advanceTo(clock.instant().minus(Duration.ofHours(2)));
      assertThat(late.failures()).isEmpty();
      assertThat(engine.careActions(ANN)).hasSize(actions);
    }
  }

  @Nested
  @DisplayName("a stored tier the programme does not know")
  class UnknownTier {
    private final LoyaltyProgram withoutPlatinum =
        salon(
            ",\n      { \"id\": \"PLATINUM\", \"threshold\": 4000, \"earnMultiplier\": 2,"
                + " \"discountPercent\": 10 }",
            "");

    private void platinumAnn() {
      CareEngine old = engine(Programs.salon());
      old.register(customer(ANN));
      old.register(customer(BOB));
      old.update(old.storage().customer(ANN).orElseThrow().value().withTier(tier("PLATINUM")));
    }

    private java.util.Optional<TierId> tier(String id) {
      return java.util.Optional.of(TierId.of(id));
    }

    @Test
    void build_withoutAMapping_refusesNamingTheCustomersAndTiers() {
      platinumAnn();
      assertThatThrownBy(() -> engine(withoutPlatinum))
          .isInstanceOfSatisfying(
              UnknownTierException.class,
              e -> assertThat(e.customers()).containsExactly(Map.entry(ANN, TierId.of("PLATINUM"))))
          .hasMessageContaining("ann")
          .hasMessageContaining("PLATINUM");
    }

    @Test
    void build_withAMapping_mapsTheTierOnTheNextPurchase_andTheNightlyRunGoesOn() {
      platinumAnn();
      CareEngine engine =
          CareEngine.builder()
              .program(withoutPlatinum)
              .storage(storage)
              .clock(clock)
              .tierMapping(Map.of(TierId.of("PLATINUM"), TierId.of("GOLD")))
              .build();
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 5_000)));
      assertThat(engine.points(ANN).pending() + engine.points(ANN).available()).isPositive();
      clock.advance(Duration.ofDays(1));
      AdvanceReport report = engine.advanceAll(clock.instant());
      assertThat(report.failures()).isEmpty();
      assertThat(engine.tier(ANN)).isPresent();
      assertThat(withoutPlatinum.tiers().levels())
          .anySatisfy(l -> assertThat(l.id()).isEqualTo(engine.tier(ANN).orElseThrow()));
    }

    @Test
    void tierMapping_toATierTheProgrammeDoesNotKnow_isRefused() {
      assertThatThrownBy(
              () ->
                  CareEngine.builder()
                      .program(withoutPlatinum)
                      .storage(storage)
                      .tierMapping(Map.of(TierId.of("PLATINUM"), TierId.of("DIAMOND")))
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("DIAMOND");
    }
  }

  @Nested
  @DisplayName("every posting names the rule and programme version that made it")
  class RuleOnEveryPosting {
    @Test
    void everyPosting_ofAYear_carriesARuleOfThisProgramme() {
      clock.set(Instant.parse("2026-03-02T10:00:00Z"));
      CareEngine engine = engine(Programs.salon());
      engine.register(
          customer(ANN).withBirthday(ImportantDate.birthday(LocalDate.of(1990, 3, 20))));
      engine.topUp(IdempotencyKey.of("t-1"), ANN, Money.ofMinor("EUR", 1_000));
      engine.topUp(IdempotencyKey.of("t-2"), ANN, Money.ofMinor("EUR", 10_000)); // bonus expires
      engine.spend(IdempotencyKey.of("s-1"), ANN, Money.ofMinor("EUR", 500), "haircut");
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 9_000)));
      clock.advance(Duration.ofDays(20));
      engine.advanceTo(clock.instant());
      Outcome redeemed = engine.redeem(IdempotencyKey.of("r-1"), ANN, 10, "sample");
      assertThat(redeemed).isInstanceOf(Outcome.Posted.class);
      engine.recordReturn(
          Return.of("R-1", ANN, clock.instant(), "O-1", Money.ofMinor("EUR", 1_000)));
      ServiceInteraction open =
          ServiceInteraction.open(
                  "c-1", ANN, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant())
              .observe(new ObservedFactor("IGNORED", 3));
      engine.recordInteraction(open);
      engine.recordInteraction(open.close(clock.instant(), InteractionOutcome.RESOLVED));
      clock.advance(Duration.ofDays(400));
      engine.advanceTo(clock.instant());

      List<Posting> postings = engine.history(ANN, true);
      assertThat(postings)
          .filteredOn(p -> p.kind() == dev.care.core.ledger.PostingKind.EXPIRE)
          .extracting(p -> p.context().rule().orElse("<none>"))
          .contains(
              "salon-rewards@1/points.lotLifetime",
              "salon-rewards@1/wallet.topUpPromotions.top-up-100");
      assertThat(postings.stream().map(Posting::kind).distinct())
          .contains(
              dev.care.core.ledger.PostingKind.EARN,
              dev.care.core.ledger.PostingKind.REDEEM,
              dev.care.core.ledger.PostingKind.EXPIRE);
      assertThat(postings)
          .allSatisfy(
              p ->
                  assertThat(p.context().rule())
                      .as("rule of %s %s", p.kind(), p.context().reason())
                      .hasValueSatisfying(r -> assertThat(r).startsWith("salon-rewards@1/")));
    }
  }

  @Nested
  @DisplayName("an unknown customer gets the same answer from every query and command")
  class UnknownCustomer {
    private final CustomerId nobody = CustomerId.of("nobody");

    @Test
    void everyQueryAndCommand_onAnUnknownCustomer_throwsUnknownCustomerException() {
      CareEngine engine = engine(Programs.salon());
      List<Runnable> calls =
          List.of(
              () -> engine.points(nobody),
              () -> engine.wallet(nobody),
              () -> engine.tier(nobody),
              () -> engine.stage(nobody),
              () -> engine.history(nobody, true),
              () -> engine.upcomingCare(nobody),
              () -> engine.careActions(nobody),
              () -> engine.careTasks(nobody),
              () -> engine.vouchers(nobody),
              () -> engine.update(customer(nobody)),
              () ->
                  engine.recordPurchase(
                      Purchase.of("O-1", nobody, clock.instant(), Money.ofMinor("EUR", 500))),
              () ->
                  engine.recordReturn(
                      Return.of("R-1", nobody, clock.instant(), "O-1", Money.ofMinor("EUR", 500))),
              () -> engine.topUp(IdempotencyKey.of("t"), nobody, Money.ofMinor("EUR", 500)),
              () -> engine.spend(IdempotencyKey.of("s"), nobody, Money.ofMinor("EUR", 500), "x"),
              () -> engine.redeem(IdempotencyKey.of("r"), nobody, 10, "x"),
              () ->
                  engine.recordInteraction(
                      ServiceInteraction.open(
                          "i-1",
                          nobody,
                          InteractionKind.COMPLAINT,
                          Channel.PHONE,
                          clock.instant())),
              () -> engine.redeemVoucher(nobody, "CODE", "O-1"));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run)
            .isInstanceOfSatisfying(
                UnknownCustomerException.class, e -> assertThat(e.customerId()).isEqualTo(nobody))
            .hasMessageContaining("nobody");
      }
    }
  }
}
