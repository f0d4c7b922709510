package dev.care.rules.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.satisfaction.ServiceLevel;
import dev.care.rules.testing.Programs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-trigger service levels and the task escalation delay in the programme definition. */
class ServiceLevelsTest {
  private final ProgramLoader loader = new ProgramLoader();

  private List<ProgramProblem> problemsOf(String json) {
    try {
      loader.load(json);
    } catch (InvalidProgramException e) {
      return e.problems();
    }
    throw new AssertionError("expected the definition to be rejected");
  }

  private static String salonWith(String levels) {
    String json = Programs.salonJson();
    String from = "\"serviceLevels\": {\"thank-you\": \"UNFORGETTABLE\"}";
    if (!json.contains(from)) {
      throw new IllegalArgumentException("fixture does not contain " + from);
    }
    return json.replace(from, "\"serviceLevels\": " + levels);
  }

  @Test
  void load_salon_setsThankYouUnforgettable_andKeepsEveryOtherDefault() {
    CareSettings care = loader.load(Programs.salonJson()).care();
    assertThat(care.serviceLevel("thank-you")).isEqualTo(ServiceLevel.UNFORGETTABLE);
    for (String trigger : CareSettings.DEFAULT_SERVICE_LEVELS.keySet()) {
      if (!trigger.equals("thank-you")) {
        assertThat(care.serviceLevel(trigger))
            .as(trigger)
            .isEqualTo(CareSettings.DEFAULT_SERVICE_LEVELS.get(trigger));
      }
    }
    assertThat(care.escalateTasksAfter()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void load_withoutServiceLevels_keepsTodaysLevels() {
    String json = salonWith("{}").replace("\"serviceLevels\": {},", "");
    assertThat(json).doesNotContain("serviceLevels");
    CareSettings care = loader.load(json).care();
    assertThat(care.serviceLevels()).isEmpty();
    assertThat(care.serviceLevel("thank-you")).isEqualTo(ServiceLevel.VALUE_ADDED);
    assertThat(care.serviceLevel("escalation")).isEqualTo(ServiceLevel.UNFORGETTABLE);
    assertThat(care.serviceLevel("e-bill")).isEqualTo(ServiceLevel.BASIC);
  }

  @Test
  void load_unknownTriggerAndLevel_areReportedWithTheirPaths() {
    List<ProgramProblem> ps =
        problemsOf(salonWith("{\"birthdays\": \"BASIC\", \"welcome\": \"SUPERB\"}"));
    assertThat(ps)
        .extracting(ProgramProblem::path)
        .containsExactlyInAnyOrder(
            "$.care.serviceLevels.birthdays", "$.care.serviceLevels.welcome");
    assertThat(ps)
        .filteredOn(p -> p.path().endsWith("welcome"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("SUPERB"));
  }

  @Test
  void load_negativeEscalationDelay_isReportedWithPath() {
    List<ProgramProblem> ps =
        problemsOf(
            Programs.salonJson()
                .replace("\"escalateTasksAfter\": \"P1D\"", "\"escalateTasksAfter\": \"-P1D\""));
    assertThat(ps)
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("$.care.escalateTasksAfter"));
  }

  @Test
  void serviceLevel_ofNoTrigger_isRefusedNamingTheKnownOnes() {
    CareSettings care = CareSettings.none();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> care.serviceLevel("birthdays"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("birthdays")
        .hasMessageContaining("birthday");
  }
}
