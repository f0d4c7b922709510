package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo applies independent members' events on several threads and prints the figures of the
 * sequential run ({@code --threads 1}), whatever the number of threads or the order in which the
 * member groups are applied.
 */
class DemoThreadsTest {
  /** The example program with a goodwill budget of two grants a month, so it runs out. */
  private static final UnaryOperator<String> TIGHT_BUDGET =
      json -> {
        String tight = json.replace("\"monthlyBudget\": 20000", "\"monthlyBudget\": 400");
        assertThat(tight).as("the example program's goodwill budget").isNotEqualTo(json);
        return tight;
      };

  /** The summary's figures: without the first two lines (the store, the times). */
  private static String figures(Demo demo, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        demo.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false);
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8).lines().skip(2).reduce("", (a, b) -> a + b + "\n");
  }

  private static String[] args(String members, String months, String threads) {
    return new String[] {
      "--members", members, "--months", months, "--seed", "7", "--threads", threads
    };
  }

  @Test
  @DisplayName("four threads print the figures of one")
  void fourThreads_printTheSequentialFigures() {
    // 150 members over 10 months: referrals rewarded, complaints, surveys answered by link and by
    // SMS, staff tasks, and September's campaign with e-vouchers redeemed at the till
    String one = figures(new Demo(), args("150", "10", "1"));
    String four = figures(new Demo(), args("150", "10", "4"));
    assertThat(four)
        .isEqualTo(one)
        .containsPattern("referrals rewarded +[1-9]")
        .containsPattern("through the link, [1-9][0-9]* by SMS reply")
        .containsPattern("complaints and repairs +[1-9][0-9]* opened")
        .containsPattern("redeemed it +[1-9]")
        .containsPattern("all tasks +[1-9][0-9]* +[1-9]");
  }

  @Test
  @DisplayName("member groups applied last first print the sequential figures, budget used up too")
  void groupsInReverse_withTheGoodwillBudgetUsedUp_printTheSequentialFigures() {
    // 600 members over 2 months: the goodwill budget (two grants a month here) runs out early in
    // each month, so who gets the last grant depends on the order of the closings and answers
    String[] args = args("600", "2", "1");
    String sequential = figures(new Demo(TIGHT_BUDGET, EventWorkers.GroupOrder.FIRST_EVENT), args);
    String reversed = figures(new Demo(TIGHT_BUDGET, EventWorkers.GroupOrder.REVERSED), args);
    String fourThreads =
        figures(new Demo(TIGHT_BUDGET, EventWorkers.GroupOrder.FIRST_EVENT), args("600", "2", "4"));
    assertThat(reversed).isEqualTo(sequential).containsPattern("referrals rewarded +[1-9]");
    assertThat(fourThreads).isEqualTo(sequential);
    // the budget did run out: the default one gives more goodwill points
    assertThat(figures(new Demo(), args)).isNotEqualTo(sequential);
  }
}
