package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.time.ManualClock;
import dev.care.rules.program.InvalidProgramException;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.rules.program.ProgramProblem;
import dev.care.rules.testing.Programs;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Template variables the engine cannot fill are refused when a programme loads or an engine is
 * built; the survey link is built from the application's pattern; the referral rules load with
 * their minimum and window.
 */
class SurveyLinkAndReferralRulesTest {
  private static final String TOKEN_URL = "https://salon.example/feedback/{surveyToken}";
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-02T09:00:00Z"));

  private static LoyaltyProgram salonWith(String from, String to) {
    String json = Programs.salonJson();
    assertThat(json).contains(from);
    return new ProgramLoader().load(json.replace(from, to));
  }

  @Test
  void a_survey_variable_outside_the_survey_template_is_refused_at_load_naming_template_and_path() {
    assertThatThrownBy(
            () ->
                salonWith(
                    "\"Welcome to {merchant}, {firstName}! You are a {tier} member.\"",
                    "\"Welcome! Tell us how we did: {surveyToken}\""))
        .isInstanceOf(InvalidProgramException.class)
        .satisfies(
            e ->
                assertThat(((InvalidProgramException) e).problems())
                    .extracting(ProgramProblem::path, ProgramProblem::message)
                    .anySatisfy(
                        t -> {
                          assertThat(t.toList().get(0)).isEqualTo("$.care.welcome.template");
                          assertThat((String) t.toList().get(1))
                              .contains("'welcome'", "{surveyToken}", "the welcome message");
                        }));
  }

  @Test
  void surveyLink_without_a_pattern_is_refused_when_the_engine_is_built() {
    LoyaltyProgram linked = salonWith(TOKEN_URL, "{surveyLink}");
    assertThatThrownBy(() -> CareEngine.builder().program(linked).clock(clock).build())
        .isInstanceOf(InvalidProgramException.class)
        .hasMessageContaining("'survey'")
        .hasMessageContaining("{surveyLink}")
        .hasMessageContaining("surveyLink(pattern)");
    assertThatThrownBy(() -> CareEngine.builder().surveyLink("ftp://x.example/{token}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://");
    assertThatThrownBy(() -> CareEngine.builder().surveyLink("https://x.example/f"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{token}");
  }

  @Test
  void the_survey_link_is_the_pattern_with_the_token() {
    LoyaltyProgram linked = salonWith(TOKEN_URL, "{surveyLink}");
    CareEngine engine =
        CareEngine.builder()
            .program(linked)
            .clock(clock)
            .surveyLink("https://x.example/f/{token}?src=sms")
            .build();
    CustomerId ann = CustomerId.of("ann");
    engine.register(
        Customer.register(
            ann,
            Profile.named("Ann Lee")
                .withPhone("+4915112345678")
                .withPreferredChannel(Channel.SMS)
                .withConsent(Consent.optedIn(Channel.SMS)),
            clock.instant()));
    ServiceInteraction open =
        ServiceInteraction.open(
            "I-1", ann, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant());
    engine.recordInteraction(open);
    clock.advance(Duration.ofHours(1));
    CareAction survey =
        engine
            .recordInteraction(open.close(clock.instant(), InteractionOutcome.RESOLVED))
            .actions()
            .stream()
            .filter(a -> a.kind() == CareActionKind.SATISFACTION_SURVEY)
            .findFirst()
            .orElseThrow();
    String token = survey.variables().get("surveyToken");
    assertThat(survey.variables())
        .containsEntry("surveyLink", "https://x.example/f/" + token + "?src=sms");
    assertThat(
            engine.storage().message("care/" + survey.idempotencyKey()).orElseThrow().attributes())
        .containsEntry(
            "text",
            "How did we do? Tell us in one minute: https://x.example/f/" + token + "?src=sms");
    assertThat(engine.recordFeedback(token, FeedbackAnswers.of()).customer()).isEqualTo(ann);
  }

  @Test
  void referral_rules_load_with_minimum_and_window_and_bad_values_name_their_path() {
    LoyaltyProgram salon = Programs.salon();
    assertThat(salon.earning().referralMinimumPurchaseMinor()).isEqualTo(2_000);
    assertThat(salon.earning().referralWindow()).contains(Duration.ofDays(90));
    assertThatThrownBy(() -> salonWith("\"window\": \"P90D\"", "\"window\": \"PT1M\""))
        .isInstanceOf(InvalidProgramException.class)
        .satisfies(
            e ->
                assertThat(((InvalidProgramException) e).problems())
                    .extracting(ProgramProblem::path)
                    .contains("$.earning.referral.window"));
    assertThatThrownBy(
            () -> salonWith("\"minimumPurchaseMinor\": 2000", "\"minimumPurchaseMinor\": -1"))
        .isInstanceOf(InvalidProgramException.class)
        .satisfies(
            e ->
                assertThat(((InvalidProgramException) e).problems())
                    .extracting(ProgramProblem::path)
                    .contains("$.earning.referral.minimumPurchaseMinor"));
  }

  @Test
  void keyed_survey_tokens_are_reproducible_per_survey_and_secret() {
    byte[] secret = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    CustomerId ann = CustomerId.of("ann");
    String token = SurveyTokens.keyed(secret).token(ann, "survey:I-1");
    assertThat(SurveyTokens.keyed(secret).token(ann, "survey:I-1")).isEqualTo(token);
    assertThat(token).startsWith("YW5u.").hasSize("YW5u.".length() + 22);
    assertThat(SurveyTokens.keyed(secret).token(ann, "survey:I-2")).isNotEqualTo(token);
    byte[] other = "0123456789abcdeF".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(SurveyTokens.keyed(other).token(ann, "survey:I-1")).isNotEqualTo(token);
    assertThat(SurveyTokens.secureRandom().token(ann, "survey:I-1"))
        .isNotEqualTo(SurveyTokens.secureRandom().token(ann, "survey:I-1"));
    assertThatThrownBy(() -> SurveyTokens.keyed(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bytes");
  }
}
