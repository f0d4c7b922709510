package dev.care.examples.winback;

import static dev.care.core.lifecycle.LifecycleStage.DECLINING;
import static dev.care.core.lifecycle.LifecycleStage.GROWING;
import static dev.care.core.lifecycle.LifecycleStage.LAPSED;
import static dev.care.core.lifecycle.LifecycleStage.PROSPECT;
import static dev.care.core.lifecycle.LifecycleStage.WON_BACK;
import static dev.care.examples.winback.WinBackFlow.ANN;
import static dev.care.examples.winback.WinBackFlow.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.care.CareTask;
import dev.care.core.care.TaskKind;
import dev.care.core.customer.Channel;
import dev.care.examples.winback.WinBackFlow.StageChange;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WinBackFlowTest {
  static final WinBackFlow.Result RESULT = WinBackFlow.run();

  static List<CareAction> winBacks(List<CareAction> actions) {
    return actions.stream().filter(a -> a.kind() == CareActionKind.WIN_BACK).toList();
  }

  @Test
  void run_eightMonths_bothDeclineAfterSixtyDaysLapseAfter180AndOnlyBobIsWonBack() {
    assertThat(RESULT.changes())
        .containsExactly(
            new StageChange(LocalDate.of(2026, 1, 20), ANN, PROSPECT, GROWING),
            new StageChange(LocalDate.of(2026, 1, 20), BOB, PROSPECT, GROWING),
            // last visit 19 January; DECLINING once the silence passes 60 days
            new StageChange(LocalDate.of(2026, 3, 21), ANN, GROWING, DECLINING),
            new StageChange(LocalDate.of(2026, 3, 21), BOB, GROWING, DECLINING),
            // 180 days without a purchase
            new StageChange(LocalDate.of(2026, 7, 18), ANN, DECLINING, LAPSED),
            new StageChange(LocalDate.of(2026, 7, 18), BOB, DECLINING, LAPSED),
            // Bob books again on 3 August, after 196 days away
            new StageChange(LocalDate.of(2026, 8, 3), BOB, LAPSED, WON_BACK));
    assertThat(RESULT.stagesOf(ANN)).containsExactly(PROSPECT, GROWING, DECLINING, LAPSED);
    assertThat(RESULT.stagesOf(BOB))
        .containsExactly(PROSPECT, GROWING, DECLINING, LAPSED, WON_BACK);
  }

  @Test
  void run_annDeclines_getsTheWinBackSmsWithTheProgramsOffer() {
    List<CareAction> winBacks = winBacks(RESULT.actions().get(ANN));
    assertThat(winBacks)
        .extracting(CareAction::channel, CareAction::templateId, CareAction::due)
        .containsExactly(
            tuple(Channel.SMS, "win-back", Instant.parse("2026-03-21T09:00:00Z")),
            tuple(Channel.SMS, "win-back", Instant.parse("2026-07-18T09:00:00Z")));
    // salon-program.json: "winBack": { ..., "offerPoints": 150, "followUpAfter": "P14D" }
    assertThat(winBacks.get(0).variables())
        .containsEntry("offer", "150 bonus points")
        .containsEntry("points", "150")
        .containsEntry("firstName", "Ann");
    assertThat(winBacks.get(0).idempotencyKey()).isEqualTo("win-back:ann:DECLINING:2026-03-21");
    assertThat(winBacks.get(1).idempotencyKey()).isEqualTo("win-back:ann:LAPSED:2026-07-18");
  }

  @Test
  void run_annStillDoesNotBuy_staffGetTheFollowUpCallFourteenDaysLater() {
    assertThat(RESULT.tasks().get(ANN))
        .extracting(CareTask::kind, CareTask::due)
        .containsExactly(
            tuple(TaskKind.FOLLOW_UP_CALL, Instant.parse("2026-04-04T09:00:00Z")),
            // nobody works the queue here: a day past due, the nightly run escalates the call
            tuple(TaskKind.ESCALATION, Instant.parse("2026-04-06T09:00:00Z")),
            // the program's regular return visit, 90 days after the last purchase
            tuple(TaskKind.RETURN_VISIT, Instant.parse("2026-04-19T09:00:00Z")),
            tuple(TaskKind.ESCALATION, Instant.parse("2026-04-21T09:00:00Z")));
    assertThat(RESULT.tasks().get(ANN).get(0).summary())
        .isEqualTo("call ann: no purchase since the win-back message; ask what to improve");
  }

  @Test
  void run_bobComesBack_isBilledAndGetsNoMoreWinBack() {
    List<CareAction> bob = RESULT.actions().get(BOB);
    assertThat(bob)
        .extracting(CareAction::kind, CareAction::due)
        .containsExactly(
            tuple(CareActionKind.E_BILL, Instant.parse("2026-01-05T09:00:00Z")),
            tuple(CareActionKind.WELCOME, Instant.parse("2026-01-05T09:00:00Z")),
            tuple(CareActionKind.E_BILL, Instant.parse("2026-01-19T09:00:00Z")),
            tuple(CareActionKind.WIN_BACK, Instant.parse("2026-03-21T09:00:00Z")),
            tuple(CareActionKind.WIN_BACK, Instant.parse("2026-07-18T09:00:00Z")),
            tuple(CareActionKind.E_BILL, Instant.parse("2026-08-03T09:00:00Z")));
    assertThat(bob.get(5).variables()).containsEntry("amount", "EUR 54.00");
    assertThat(RESULT.tasks().get(BOB))
        .extracting(CareTask::kind)
        .containsExactly(
            TaskKind.FOLLOW_UP_CALL,
            TaskKind.ESCALATION,
            TaskKind.RETURN_VISIT,
            TaskKind.ESCALATION);
  }

  @Test
  void run_twice_isDeterministic() {
    assertThat(WinBackFlow.run()).isEqualTo(RESULT);
  }
}
