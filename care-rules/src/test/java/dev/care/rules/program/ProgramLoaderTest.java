package dev.care.rules.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.Channel;
import dev.care.core.customer.TierId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramLoaderTest {
  private final ProgramLoader loader = new ProgramLoader();

  private List<ProgramProblem> problemsOf(String json) {
    try {
      loader.load(json);
    } catch (InvalidProgramException e) {
      return e.problems();
    }
    throw new AssertionError("expected the definition to be rejected");
  }

  private static String replace(String json, String from, String to) {
    if (!json.contains(from)) {
      throw new IllegalArgumentException("fixture does not contain " + from);
    }
    return json.replace(from, to);
  }

  @Test
  void load_exampleProgram_readsEveryRuleKind() {
    LoyaltyProgram p = loader.load(dev.care.rules.testing.Programs.salonJson());
    assertThat(p.id()).isEqualTo("salon-rewards");
    assertThat(p.currency().getCurrencyCode()).isEqualTo("EUR");
    assertThat(p.points().pendingWindow()).isEqualTo(Duration.ofDays(14));
    assertThat(p.points().negativeLimit()).isEqualTo(500);
    assertThat(p.earning().categoryMultipliers()).containsEntry("haircare", new BigDecimal("1.5"));
    assertThat(p.earning().promotions()).hasSize(2);
    assertThat(p.earning().promotions().get(1).categories()).containsExactly("haircare");
    assertThat(p.earning().promotions().get(0).activeOn(LocalDate.of(2026, 12, 24))).isTrue();
    assertThat(p.earning().perOrderCap()).contains(1000L);
    assertThat(p.earning().periodCap().orElseThrow().points()).isEqualTo(3000);
    assertThat(p.earning().referrerPoints()).isEqualTo(200);
    assertThat(p.tiers().levels())
        .extracting(l -> l.id().name())
        .containsExactly("MEMBER", "SILVER", "GOLD", "PLATINUM");
    assertThat(p.tiers().levelFor(1499).id()).isEqualTo(TierId.of("SILVER"));
    assertThat(p.tiers().levelFor(1500).id()).isEqualTo(TierId.of("GOLD"));
    assertThat(p.wallet().promotionFor(12_000).orElseThrow().id()).isEqualTo("top-up-100");
    assertThat(p.wallet().promotionFor(4_999)).isEmpty();
    assertThat(p.care().birthday().orElseThrow().giftPoints()).isEqualTo(100);
    assertThat(p.care().complaint().orElseThrow().turnaroundTarget())
        .isEqualTo(Duration.ofHours(48));
    assertThat(p.care().returnVisit().orElseThrow().interval()).isEqualTo(Duration.ofDays(90));
    assertThat(p.templates()).hasSize(12);
    assertThat(p.frequencyCaps())
        .extracting(FrequencyCap::channel)
        .containsExactly(Channel.SMS, Channel.EMAIL);
    assertThat(p.rule("earning.base").toString()).isEqualTo("salon-rewards@1/earning.base");
  }

  @Test
  void load_minimalProgram_usesDefaults() {
    LoyaltyProgram p = loader.load("{\"id\":\"cafe\",\"version\":2,\"currency\":\"JPY\"}");
    assertThat(p.version()).isEqualTo(2);
    assertThat(p.points()).isEqualTo(PointsSettings.defaults());
    assertThat(p.tiers()).isEqualTo(TierRules.defaults());
    assertThat(p.wallet()).isEqualTo(WalletSettings.defaults());
    assertThat(p.care()).isEqualTo(CareSettings.none());
  }

  @Test
  void load_unknownField_isReportedWithPath() {
    List<ProgramProblem> ps =
        problemsOf(
            replace(
                dev.care.rules.testing.Programs.salonJson(),
                "\"perOrderCap\": 1000",
                "\"perOrderCapp\": 1000"));
    assertThat(ps).containsExactly(new ProgramProblem("$.earning.perOrderCapp", "unknown field"));
  }

  @Test
  void load_wrongType_isReportedWithPath() {
    List<ProgramProblem> ps =
        problemsOf(
            replace(
                dev.care.rules.testing.Programs.salonJson(),
                "\"birthdayBonus\": 100",
                "\"birthdayBonus\": \"100\""));
    assertThat(ps)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.earning.birthdayBonus");
              assertThat(p.message()).contains("whole number").contains("a string");
            });
  }

  @Test
  void load_negativeRate_isReportedWithPath() {
    List<ProgramProblem> ps =
        problemsOf(
            replace(
                dev.care.rules.testing.Programs.salonJson(), "\"colour\": 2", "\"colour\": -2"));
    assertThat(ps)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.earning.categoryMultipliers.colour");
              assertThat(p.message()).contains("-2");
            });
  }

  @Test
  void load_overlappingTiers_isReportedWithPath() {
    List<ProgramProblem> ps =
        problemsOf(
            replace(
                dev.care.rules.testing.Programs.salonJson(),
                "\"threshold\": 1500",
                "\"threshold\": 400"));
    assertThat(ps)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.tiers.levels");
              assertThat(p.message()).contains("overlap").contains("GOLD").contains("SILVER");
            });
  }

  @Test
  void load_paidValueExpiryUnderFiveYears_isReportedWithPath() {
    List<ProgramProblem> ps =
        problemsOf(
            replace(
                dev.care.rules.testing.Programs.salonJson(),
                "\"spendOrder\": \"SOONEST_EXPIRING_FIRST\",",
                "\"spendOrder\": \"SOONEST_EXPIRING_FIRST\", \"paidValueExpiry\": \"P2Y\","));
    assertThat(ps)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.wallet.paidValueExpiry");
              assertThat(p.message()).contains("at least 5 years").contains("P2Y");
            });
  }

  @Test
  void load_templateVariableThatDoesNotExist_isReportedWithPath() {
    List<ProgramProblem> ps =
        problemsOf(
            replace(
                dev.care.rules.testing.Programs.salonJson(),
                "Happy birthday, {firstName}!",
                "Happy birthday, {fristName}!"));
    assertThat(ps)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.templates[0]");
              assertThat(p.message()).contains("fristName").contains("do not exist");
            });
  }

  @Test
  void load_missingTemplateReference_isReportedWithPath() {
    List<ProgramProblem> ps =
        problemsOf(
            replace(
                dev.care.rules.testing.Programs.salonJson(),
                "\"template\": \"win-back\"",
                "\"template\": \"winback\""));
    assertThat(ps)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.care.winBack.template");
              assertThat(p.message()).contains("'winback' does not exist");
            });
  }

  @Test
  void load_manyProblems_areAllReportedAtOnce() {
    String json = dev.care.rules.testing.Programs.salonJson();
    json = replace(json, "\"perOrderCap\": 1000", "\"perOrderCap\": 0");
    json = replace(json, "\"currency\": \"EUR\"", "\"currency\": \"EURO\"");
    json = replace(json, "\"from\": \"2026-12-01\"", "\"from\": \"2026-13-01\"");
    json =
        replace(json, "\"channel\": \"SMS\", \"max\": 4", "\"channel\": \"TELEGRAM\", \"max\": 4");
    json = replace(json, "\"zone\": \"Europe/Berlin\"", "\"zone\": \"Mars/Olympus\"");
    List<ProgramProblem> ps = problemsOf(json);
    assertThat(ps)
        .extracting(ProgramProblem::path)
        .containsExactlyInAnyOrder(
            "$.earning.perOrderCap",
            "$.currency",
            "$.earning.promotions[0].from",
            "$.frequencyCaps[0].channel",
            "$.zone");
    assertThat(ps.toString()).contains("TELEGRAM").contains("EURO").contains("Mars/Olympus");
  }

  @Test
  void load_requiredFieldsMissing_andNotAnObject() {
    assertThat(problemsOf("{}"))
        .extracting(ProgramProblem::path)
        .containsExactly("$.id", "$.version", "$.currency");
    assertThat(problemsOf("[1,2]"))
        .containsExactly(new ProgramProblem("$", "must be an object, got an array"));
  }

  @Test
  void load_malformedJson_pointsAtLineAndColumn() {
    List<ProgramProblem> ps = problemsOf("{\n  \"id\": \"x\",\n  \"version\": 1,,\n}");
    assertThat(ps).singleElement().satisfies(p -> assertThat(p.message()).contains("line 3"));
  }

  @Test
  void load_hostileInput_isBounded() {
    String deep = "{\"id\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
    ProgramProblem tooDeep = problemsOf(deep).get(0);
    assertThat(tooDeep.message()).contains("nested more than 16 levels").contains("line 1");
    assertThat(tooDeep.path()).startsWith("$.id[0][0]");
    byte[] huge = new byte[ProgramLoader.MAX_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    assertThatThrownBy(() -> loader.load(huge))
        .isInstanceOf(InvalidProgramException.class)
        .hasMessageContaining("larger than");
    assertThat(
            problemsOf("{\"id\":\"a\",\"id\":\"b\",\"version\":1,\"currency\":\"EUR\"}")
                .get(0)
                .message())
        .containsIgnoringCase("duplicate");
    // a class name in the definition is just an unknown field, never instantiated
    assertThat(
            problemsOf(
                "{\"id\":\"a\",\"version\":1,\"currency\":\"EUR\",\"@class\":\"java.lang.Runtime\"}"))
        .containsExactly(new ProgramProblem("$.@class", "unknown field"));
  }

  @Test
  void exception_messageListsEveryProblem() {
    assertThatThrownBy(() -> loader.load("{}"))
        .isInstanceOf(InvalidProgramException.class)
        .hasMessageContaining("3 problems")
        .hasMessageContaining("$.id: is required")
        .hasMessageContaining("$.currency: is required");
  }

  @Test
  void builder_checksReferencesAndInputs() {
    assertThatThrownBy(
            () ->
                LoyaltyProgram.builder("shop", "EUR")
                    .care(
                        new CareSettings(
                            java.util.Optional.empty(),
                            java.util.Optional.empty(),
                            java.util.Optional.of(new CareSettings.Message(Channel.EMAIL, "bill")),
                            java.util.Optional.empty(),
                            java.util.Optional.empty(),
                            java.util.Optional.empty(),
                            java.util.Optional.empty(),
                            java.util.Optional.empty(),
                            true))
                    .build())
        .hasMessageContaining("$.care.eBill.template")
        .hasMessageContaining("'bill' does not exist");
    assertThatThrownBy(() -> LoyaltyProgram.builder("Shop", "EUR")).hasMessageContaining("'Shop'");
    assertThatThrownBy(() -> LoyaltyProgram.builder("shop", "EUR").version(0))
        .hasMessageContaining("version");
    LoyaltyProgram p =
        LoyaltyProgram.builder("shop", "EUR")
            .template(new MessageTemplate("bill", "{amount} for {purpose}"))
            .care(
                new CareSettings(
                    java.util.Optional.empty(),
                    java.util.Optional.empty(),
                    java.util.Optional.of(new CareSettings.Message(Channel.EMAIL, "bill")),
                    java.util.Optional.empty(),
                    java.util.Optional.empty(),
                    java.util.Optional.empty(),
                    java.util.Optional.empty(),
                    java.util.Optional.empty(),
                    true))
            .build();
    assertThat(
            p.template("bill")
                .orElseThrow()
                .render(java.util.Map.of("amount", "EUR 5.00", "purpose", "cut")))
        .isEqualTo("EUR 5.00 for cut");
  }

  @Test
  void template_render_leavesMissingVariablesAndIsPlainText() {
    MessageTemplate t = new MessageTemplate("t", "Hi {firstName}, {points} pts");
    assertThat(t.render(java.util.Map.of("firstName", "$1 \\ {x}")))
        .isEqualTo("Hi $1 \\ {x}, {points} pts");
    assertThat(MessageTemplate.variables("{a}{b}{a}")).containsExactly("a", "b");
    assertThat(MessageTemplate.variables("{a|x}{b|}{c}")).containsExactly("a", "b", "c");
    assertThat(MessageTemplate.variablesWithoutFallback("{a|x}{b}{a}{c|}"))
        .containsExactly("b", "a");
    MessageTemplate f = new MessageTemplate("f", "{firstName|friend}, {tier|}: {staff|our team}");
    assertThat(f.render(java.util.Map.of("firstName", "Ann"))).isEqualTo("Ann, : our team");
    assertThat(f.render(java.util.Map.of("staff", "Maria", "tier", "GOLD")))
        .isEqualTo("friend, GOLD: Maria");
  }

  @Test
  void loadResource_salonSample_isShippedInTheArtifact() {
    LoyaltyProgram p =
        new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");

    assertThat(p.id()).isEqualTo("salon-rewards");
  }

  @Test
  void loadResource_missing_namesTheResource() {
    assertThatThrownBy(() -> new ProgramLoader().loadResource("/no/such-program.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no program resource /no/such-program.json");
  }

  @Test
  void load_nullStream_saysAResourceWasNotFound() {
    assertThatThrownBy(() -> new ProgramLoader().load((java.io.InputStream) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void load_negativeBalanceAllowedWithoutLimit_isRefused() {
    // found by ProgramMutationPropertyTest: it loaded, then CareEngine.build threw
    List<ProgramProblem> ps =
        problemsOf(
            replace(
                dev.care.rules.testing.Programs.salonJson(),
                "\"negativeLimit\": 500",
                "\"negativeLimit\": 0"));
    assertThat(ps)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.points");
              assertThat(p.message()).contains("negativeLimit must be at least 1");
            });
  }

  @Test
  void load_paidValueExpiryInDays_isComparedOnTheCalendar() {
    String salon = dev.care.rules.testing.Programs.salonJson();
    String json =
        replace(salon, "\"spendOrder\"", "\"paidValueExpiry\": \"P1827D\", \"spendOrder\"");
    assertThat(loader.load(json).wallet().paidValueExpiry())
        .contains(java.time.Period.ofDays(1827));
    assertThat(
            problemsOf(
                replace(
                    salon, "\"spendOrder\"", "\"paidValueExpiry\": \"P1826D\", \"spendOrder\"")))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("at least 5 years").contains("P1826D"));
  }

  @Test
  void load_currencyWithoutMinorUnits_isRefusedSayingWhy() {
    assertThat(problemsOf("{\"id\":\"cafe\",\"version\":1,\"currency\":\"XXX\"}"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.currency");
              assertThat(p.message()).contains("minor units").contains("XXX");
            });
  }

  @Test
  void load_overflowingDuration_isRefusedWithItsRange() {
    String json =
        replace(
            dev.care.rules.testing.Programs.salonJson(),
            "\"lotLifetime\": \"P365D\"",
            "\"lotLifetime\": \"PT2562047788015215H\"");
    assertThat(problemsOf(json))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.points.lotLifetime");
              assertThat(p.message())
                  .isEqualTo("must be between PT1H and P36525D, got PT2562047788015215H");
            });
  }

  @Test
  void load_hugeAndTinyNumbers_areRefusedWithoutFormattingThem() {
    String salon = dev.care.rules.testing.Programs.salonJson();
    String big = replace(salon, "\"pointsPerUnit\": 1", "\"pointsPerUnit\": 1e999999999");
    assertThat(problemsOf(big))
        .containsExactly(
            new ProgramProblem(
                "$.earning.pointsPerUnit",
                "is too large: at most 15 digits before the decimal point, got 1e999999999"));
    String tiny = replace(salon, "\"pointsPerUnit\": 1", "\"pointsPerUnit\": 1e-999999999");
    assertThat(problemsOf(tiny))
        .containsExactly(
            new ProgramProblem(
                "$.earning.pointsPerUnit",
                "is too precise: at most 12 digits after the decimal point, got 1e-999999999"));
    String beyondInt = replace(salon, "\"pointsPerUnit\": 1", "\"pointsPerUnit\": 1e99999999999");
    assertThat(problemsOf(beyondInt))
        .containsExactly(
            new ProgramProblem(
                "$.earning.pointsPerUnit", "has an exponent out of range, got 1e99999999999"));
  }

  @Test
  void load_controlCharacters_areEscapedInMessages() {
    List<ProgramProblem> ps =
        problemsOf("{\"id\":\"\\u001b[2Jx\",\"version\":1,\"currency\":\"EUR\"}");
    assertThat(ps.get(0).message()).contains("got '\\u{1B}[2Jx'").doesNotContain("\u001b");
  }

  @Test
  void records_unboundedDecimals_areRefusedWithAShortMessage() {
    assertThatThrownBy(() -> new TierLevel(TierId.of("GOLD"), 0, new BigDecimal("1e-999999999"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 15 digits before the decimal point and 12 after it")
        .hasMessageContaining("1E-999999999")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }
}
