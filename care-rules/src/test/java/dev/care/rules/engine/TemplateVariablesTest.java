package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.care.CareAction;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.Profile;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ObservedFactor;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.time.ManualClock;
import dev.care.core.voucher.VoucherValue;
import dev.care.rules.campaign.Campaign;
import dev.care.rules.campaign.CampaignKind;
import dev.care.rules.campaign.VoucherOffer;
import dev.care.rules.program.InvalidProgramException;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.rules.program.ProgramProblem;
import dev.care.rules.program.TemplateUse;
import dev.care.rules.testing.Programs;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table ({@link TemplateUse}) says which variables each use of a template fills: a program
 * whose template names a variable its use cannot fill is refused when it loads, naming the path,
 * the template, the variable and what the use fills; and every variable the table declares is
 * really in the care actions the engine plans, for every use, so the table cannot lie.
 */
class TemplateVariablesTest {
  private static final String BIRTHDAY =
      "Happy birthday, {firstName}! {points} points are waiting for you at {merchant}.";
  private static final String ANNIVERSARY =
      "{years|Many} years with {merchant}, {firstName} — thank you!";
  private static final String E_BILL =
      "{merchant}: {amount} for {purpose}. Balance left: {walletBalance}, points: {pointsBalance}.";
  private static final String WELCOME =
      "Welcome to {merchant}, {firstName}! You are a {tier} member.";
  private static final String WIN_BACK =
      "We miss you, {firstName}. Come back this month for {offer}.";
  private static final String THANK_YOU =
      "Thank you for your patience, {firstName}. Your complaint {interactionId} is resolved; tell"
          + " us any time if something is still not right.";
  private static final String SURVEY =
      "How did we do? Tell us in one minute: https://salon.example/feedback/{surveyToken}";
  private static final String APOLOGY =
      "We are sorry, {firstName}. {points} goodwill points are on your account.";
  private static final String APOLOGY_WITHOUT =
      "We are sorry, {firstName}. Someone from {merchant} will call you to make it right.";

  private static LoyaltyProgram salonWith(String from, String to) {
    String json = Programs.salonJson();
    assertThat(json).contains(from);
    return new ProgramLoader().load(json.replace(from, to));
  }

  private static List<ProgramProblem> problems(Runnable load) {
    try {
      load.run();
    } catch (InvalidProgramException e) {
      return e.problems();
    }
    throw new AssertionError("the program loaded");
  }

  static Stream<Arguments> unfillable() {
    return Stream.of(
        Arguments.of(BIRTHDAY, " {voucherCode}", "$.care.birthday.template", "birthday", "years"),
        Arguments.of(ANNIVERSARY, " {points}", "$.care.anniversary.template", "anniversary", ""),
        Arguments.of(E_BILL, " {occasion}", "$.care.eBill.template", "e-bill", "walletBalance"),
        Arguments.of(WELCOME, " {amount}", "$.care.welcome.template", "welcome", "tier"),
        Arguments.of(WIN_BACK, " {voucherCode}", "$.care.winBack.template", "win-back", "offer"),
        Arguments.of(
            THANK_YOU, " {surveyToken}", "$.care.complaint.thankYouTemplate", "thank-you", "staff"),
        Arguments.of(
            SURVEY, " {amount}", "$.care.complaint.surveyTemplate", "survey", "surveyLink"),
        Arguments.of(APOLOGY, " {offer}", "$.care.recovery.apologyTemplate", "apology", "points"),
        Arguments.of(
            APOLOGY_WITHOUT,
            " {points}",
            "$.care.recovery.apologyTemplate (variant 'apology-without-goodwill')",
            "apology-without-goodwill",
            "interactionId"));
  }

  @ParameterizedTest(name = "{3} with{1}")
  @MethodSource("unfillable")
  void a_variable_its_use_does_not_fill_is_refused_at_load_naming_path_template_and_what_it_fills(
      String text, String extra, String path, String templateId, String fills) {
    assertThat(problems(() -> salonWith('"' + text + '"', '"' + text + extra + '"')))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo(path);
              assertThat(p.message())
                  .contains("template '" + templateId + "'", extra.trim(), "does not fill")
                  .contains("it fills: firstName, name, merchant, pointsBalance, tier")
                  .contains(fills);
            });
  }

  @Test
  void the_same_refusal_for_a_program_built_in_code() {
    LoyaltyProgram salon = Programs.salon();
    LoyaltyProgram.Builder b =
        LoyaltyProgram.builder("salon", "EUR").care(salon.care()).earning(salon.earning());
    salon.templates().values().stream()
        .map(
            t ->
                t.id().equals("birthday")
                    ? new dev.care.rules.program.MessageTemplate("birthday", BIRTHDAY + " {offer}")
                    : t)
        .forEach(b::template);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.care.birthday.template")
        .hasMessageContaining("'birthday' uses {offer}, which the birthday greeting does not fill");
  }

  @Test
  void a_template_used_twice_must_satisfy_both_uses() {
    // the welcome template also serves as e-bill: {amount} suits the e-bill, not the welcome
    String json =
        Programs.salonJson()
            .replace("\"template\": \"e-bill\"", "\"template\": \"welcome\"")
            .replace('"' + WELCOME + '"', "\"Welcome to {merchant}: {amount}\"");
    assertThat(problems(() -> new ProgramLoader().load(json)))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.care.welcome.template");
              assertThat(p.message()).contains("'welcome' uses {amount}", "the welcome message");
            });
  }

  @Test
  void the_win_back_names_points_only_when_it_offers_points() {
    String withPoints = WIN_BACK + " {points} points!";
    assertThat(salonWith('"' + WIN_BACK + '"', '"' + withPoints + '"').care().winBack())
        .isPresent();
    String json =
        Programs.salonJson()
            .replace('"' + WIN_BACK + '"', '"' + withPoints + '"')
            .replace("\"offerPoints\": 150", "\"offerPoints\": 0");
    assertThat(problems(() -> new ProgramLoader().load(json)))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.care.winBack.template");
              assertThat(p.message()).contains("{points}", "offerPoints is 0");
            });
  }

  @Test
  void a_campaign_template_is_checked_against_the_same_table() {
    CareEngine engine =
        CareEngine.builder()
            .program(Programs.salon())
            .clock(ManualClock.at(Instant.parse("2026-03-02T10:00:00Z")))
            .build();
    engine.defineSegment("all", "frequency >= 0");
    assertThatThrownBy(
            () ->
                engine.runCampaign(
                    Campaign.of("news", CampaignKind.ANNOUNCEMENT, "all", "e-voucher", Channel.SMS),
                    "r1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("voucherCode")
        .hasMessageContaining("voucherExpiry")
        .hasMessageContaining(TemplateUse.CAMPAIGN.fillable(Programs.salon().care()).toString());
  }

  static Stream<Arguments> perMessageWithoutFallback() {
    return Stream.of(
        Arguments.of(
            ANNIVERSARY,
            ANNIVERSARY.replace("{years|Many}", "{years}"),
            "$.care.anniversary.template",
            "{years}",
            "only when the anniversary's year is known"),
        Arguments.of(
            BIRTHDAY,
            BIRTHDAY + " {years} years young!",
            "$.care.birthday.template",
            "{years}",
            "only when the customer's birth year is known"),
        Arguments.of(
            THANK_YOU,
            THANK_YOU + " {staff}",
            "$.care.complaint.thankYouTemplate",
            "{staff}",
            "only when the interaction names its responsible staff"));
  }

  @ParameterizedTest(name = "{2} with {3}")
  @MethodSource("perMessageWithoutFallback")
  void a_variable_filled_only_when_a_fact_is_known_needs_a_fallback(
      String from, String to, String path, String variable, String condition) {
    assertThat(problems(() -> salonWith('"' + from + '"', '"' + to + '"')))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo(path);
              assertThat(p.message())
                  .contains("uses " + variable + " without a fallback", condition)
                  .contains(variable.replace("}", "|...}"));
            });
    String withFallback = to.replace(variable, variable.replace("}", "|our team}"));
    assertThat(salonWith('"' + from + '"', '"' + withFallback + '"').care()).isNotNull();
  }

  @Test
  void the_fallback_goes_out_when_the_fact_is_not_known_and_the_fact_when_it_is() {
    String thanks = "Thank you, {firstName}: {staff|our team} solved {interactionId}.";
    LoyaltyProgram salon = salonWith('"' + THANK_YOU + '"', '"' + thanks + '"');
    InMemoryStorage storage = new InMemoryStorage();
    CareEngine engine = CareEngine.builder().program(salon).storage(storage).clock(clock).build();
    engine.register(
        Customer.register(
            ANN,
            Profile.named("Ann Lee")
                .withPhone("+4915112345678")
                .withConsent(Consent.optedIn(Channel.SMS)),
            clock.instant()));
    ServiceInteraction withStaff =
        ServiceInteraction.open(
                "I-1", ANN, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant())
            .withResponsibleStaff("Maria");
    ServiceInteraction withoutStaff =
        ServiceInteraction.open(
            "I-2", ANN, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant());
    for (ServiceInteraction i : List.of(withStaff, withoutStaff)) {
      engine.recordInteraction(i);
      engine.recordInteraction(i.close(clock.instant(), InteractionOutcome.RESOLVED));
    }
    assertThat(
            storage.messages(dev.care.storage.outbox.DeliveryStatus.PENDING).stream()
                .map(m -> m.attributes().getOrDefault("text", ""))
                .filter(t -> t.startsWith("Thank you"))
                .sorted()
                .toList())
        .containsExactly(
            "Thank you, Ann: Maria solved I-1.", "Thank you, Ann: our team solved I-2.");
  }

  // ---------------------------------------------------------------- the table cannot lie

  private static final CustomerId ANN = CustomerId.of("ann");
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-05T10:00:00Z"));

  /**
   * Drives every use through the public engine API, with every fact known (birth and anniversary
   * years, responsible staff, a survey link pattern), and checks that each planned action carries
   * every variable the table declares for its use.
   */
  @Test
  void every_use_fills_every_variable_the_table_declares() {
    LoyaltyProgram salon =
        salonWith("\"monthlyBudget\": 20000", "\"monthlyBudget\": 200"); // 2nd apology: no points
    CareEngine engine =
        CareEngine.builder()
            .program(salon)
            .storage(new InMemoryStorage())
            .clock(clock)
            .surveyLink("https://salon.example/f/{token}")
            .build();
    engine.register(
        Customer.register(
                ANN,
                Profile.named("Ann Lee")
                    .withPhone("+4915112345678")
                    .withEmail("ann@example.com")
                    .withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL)),
                clock.instant())
            .withBirthday(ImportantDate.birthday(LocalDate.of(1990, 1, 20)))
            .withAnniversary(ImportantDate.of("wedding", LocalDate.of(2015, 1, 25))));
    // welcome and e-bill
    engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 5_000)));
    // thank-you and survey, then two recoveries: the second one with the budget spent
    ServiceInteraction c1 =
        ServiceInteraction.open(
                "I-1", ANN, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant())
            .withResponsibleStaff("Maria");
    engine.recordInteraction(c1);
    engine.recordInteraction(c1.close(clock.instant(), InteractionOutcome.RESOLVED));
    for (String id : List.of("I-2", "I-3")) {
      ServiceInteraction bad =
          ServiceInteraction.open(
                  id, ANN, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant())
              .observe(new ObservedFactor("IGNORED", 3));
      engine.recordInteraction(bad);
      engine.recordInteraction(bad.close(clock.instant(), InteractionOutcome.UNRESOLVED));
    }
    // campaigns, with and without a voucher
    engine.defineSegment("all", "frequency >= 0");
    engine.runCampaign(
        Campaign.of("news", CampaignKind.ANNOUNCEMENT, "all", "announcement", Channel.SMS), "r1");
    engine.runCampaign(
        Campaign.eVoucher(
            "spring",
            "all",
            "e-voucher",
            Channel.SMS,
            new VoucherOffer(new VoucherValue.Points(150), Duration.ofDays(14))),
        "r1");
    // birthday, anniversary, then the win-back when she stops coming
    for (int d = 0; d < 400 && engine.stage(ANN) != LifecycleStage.DECLINING; d++) {
      clock.advance(Duration.ofDays(1));
      engine.advanceTo(clock.instant());
    }

    Map<TemplateUse, CareAction> seen = new EnumMap<>(TemplateUse.class);
    for (CareAction a : engine.careActions(ANN)) {
      TemplateUse use = useOf(a, salon);
      seen.putIfAbsent(use, a);
      assertThat(a.variables())
          .as("%s (%s)", a.idempotencyKey(), use)
          .containsKeys(use.always().toArray(String[]::new))
          .containsKeys(use.fillable(salon.care()).toArray(String[]::new));
    }
    assertThat(seen.keySet()).as("every use was driven").containsExactly(TemplateUse.values());
  }

  private static TemplateUse useOf(CareAction a, LoyaltyProgram p) {
    String key = a.idempotencyKey();
    String kind = key.substring(0, key.indexOf(':'));
    return switch (kind) {
      case "birthday" -> TemplateUse.BIRTHDAY;
      case "anniversary" -> TemplateUse.ANNIVERSARY;
      case "e-bill" -> TemplateUse.E_BILL;
      case "welcome" -> TemplateUse.WELCOME;
      case "win-back" -> TemplateUse.WIN_BACK;
      case "thank-you" -> TemplateUse.THANK_YOU;
      case "survey" -> TemplateUse.SURVEY;
      case "apology" ->
          a.templateId().endsWith("-without-goodwill")
              ? TemplateUse.APOLOGY_WITHOUT_GOODWILL
              : TemplateUse.APOLOGY;
      case "campaign" ->
          key.startsWith("campaign:spring:") ? TemplateUse.VOUCHER_CAMPAIGN : TemplateUse.CAMPAIGN;
      default -> throw new AssertionError("unknown care action " + key + " in " + p.id());
    };
  }
}
