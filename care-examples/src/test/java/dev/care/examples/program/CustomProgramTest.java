package dev.care.examples.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.TierId;
import dev.care.rules.program.ProgramProblem;
import org.junit.jupiter.api.Test;

class CustomProgramTest {
  static final CustomProgram.Result RESULT = CustomProgram.run();

  @Test
  void run_coffeeShopProgram_isLoadedWithItsOwnRules() {
    assertThat(RESULT.program().id()).isEqualTo("bean-counter");
    assertThat(RESULT.program().version()).isEqualTo(3);
    assertThat(RESULT.program().tiers().levels())
        .extracting(l -> l.id().name())
        .containsExactly("REGULAR", "BARISTA");
  }

  @Test
  void run_firstVisit_beansCountDoubleAndGiftCardsEarnNothing() {
    CustomProgram.Visit first = RESULT.visits().get(0);
    // flat whites EUR 7.60 -> 76; beans EUR 24.00 x 10 x 2 -> 480; gift card EUR 20.00 -> 0
    assertThat(first.points()).isEqualTo(556);
    assertThat(first.why())
        .containsExactly(
            "category gift-card does not earn (GIFT-20)",
            "10 point(s) per unit",
            "category beans (BEANS-1KG) ×2");
    assertThat(first.tierAfter()).contains(new TierId("REGULAR"));
  }

  @Test
  void run_bigOrder_isCappedAndReachesTheBaristaTier() {
    CustomProgram.Visit second = RESULT.visits().get(1);
    // beans EUR 72.00 x 10 x 2 -> 1,440 plus espresso 28 = 1,468, capped at 1,000 per order
    assertThat(second.points()).isEqualTo(1_000);
    assertThat(second.why()).last().isEqualTo("capped at 1000 points per order");
    assertThat(second.tierAfter()).contains(new TierId("BARISTA"));
    // no pending window in this program: everything is available at once
    assertThat(RESULT.balance()).isEqualTo(1_556);
  }

  @Test
  void run_brokenDefinition_reportsEveryProblemWithItsPath() {
    assertThat(RESULT.problems())
        .containsExactly(
            new ProgramProblem("$.id", "must match [a-z0-9][a-z0-9_.-]{0,79}, got 'Bean Counter'"),
            new ProgramProblem("$.version", "must be between 1 and 2147483647, got 0"),
            new ProgramProblem(
                "$.currency", "must be an ISO 4217 currency code such as EUR, got 'EURO'"),
            new ProgramProblem("$.earning.pointsPerUnit", "must be between 0 and 10000, got -1"),
            new ProgramProblem(
                "$.earning.categoryMultipliers.beans", "must be between 0 and 100, got 200"),
            new ProgramProblem("$.earning.perOrderCapp", "unknown field"),
            new ProgramProblem(
                "$.tiers.levels[1].id",
                "must be an upper-case tier name such as GOLD, got 'barista'"),
            new ProgramProblem(
                "$.care.eBill.channel",
                "must be one of [SMS, EMAIL, PUSH, PHONE, IN_STORE, MAIL], got 'PIGEON'"),
            new ProgramProblem(
                "$.templates[0]", "template welcome uses variables that do not exist: [fristName]"),
            new ProgramProblem(
                "$.care.welcome.template", "template 'welcom' does not exist; known: [welcome]"));
  }

  @Test
  void problemsOf_validDefinition_isEmpty() {
    assertThat(
            CustomProgram.problemsOf("{\"id\": \"tiny\", \"version\": 1, \"currency\": \"EUR\"}"))
        .isEmpty();
  }
}
