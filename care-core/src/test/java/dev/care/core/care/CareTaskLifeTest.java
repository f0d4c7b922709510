package dev.care.core.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.ServiceLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CareTaskLifeTest {
  private static final Instant DUE = Instant.parse("2026-05-01T09:00:00Z");

  private static CareTask open() {
    return new CareTask(
        "return-visit:c:2026-05-01",
        CustomerId.of("c"),
        TaskKind.RETURN_VISIT,
        "visit",
        DUE,
        Priority.NORMAL,
        ServiceLevel.VALUE_ADDED,
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  @Test
  void newTask_isOpen_withoutResolutionOrEscalation() {
    CareTask t = open();
    assertThat(t.status()).isEqualTo(TaskStatus.OPEN);
    assertThat(t.resolution()).isEmpty();
    assertThat(t.escalatedAt()).isEmpty();
    assertThat(t.taskKey()).isEqualTo(new TaskKey(CustomerId.of("c"), t.idempotencyKey()));
  }

  @Test
  void assignThenComplete_isDone_keepingTheAssignee() {
    CareTask done = open().assignTo("ana").complete("booked");
    assertThat(done.status()).isEqualTo(TaskStatus.DONE);
    assertThat(done.assignee()).contains("ana");
    assertThat(done.resolution()).contains("booked");
    assertThat(done.complete("booked")).isEqualTo(done);
  }

  @Test
  void wrongMoves_areRefused_namingTaskAndBothStatuses() {
    CareTask cancelled = open().cancel("moved away");
    assertThatThrownBy(() -> cancelled.complete("x"))
        .isInstanceOfSatisfying(
            TaskTransitionException.class,
            e -> {
              assertThat(e.task()).isEqualTo("c/return-visit:c:2026-05-01");
              assertThat(e.current()).isEqualTo(TaskStatus.CANCELLED);
              assertThat(e.requested()).isEqualTo(TaskStatus.DONE);
            })
        .hasMessageContaining("c/return-visit:c:2026-05-01 is CANCELLED and cannot become DONE");
    assertThatThrownBy(() -> open().complete("x")).hasMessageContaining("assign it first");
    assertThatThrownBy(() -> open().assignTo("ana").assignTo("ben"))
        .hasMessageContaining("assigned to ana");
    assertThatThrownBy(() -> open().assignTo("ana").complete("ok").cancel("late"))
        .isInstanceOf(TaskTransitionException.class);
    assertThatThrownBy(() -> cancelled.cancel("another reason"))
        .isInstanceOf(TaskTransitionException.class);
  }

  @Test
  void overdue_onlyUnfinishedAndNotEscalated_strictlyPastDuePlusGrace() {
    Duration grace = Duration.ofDays(1);
    CareTask t = open();
    assertThat(t.isOverdue(DUE.plus(grace), grace)).isFalse();
    assertThat(t.isOverdue(DUE.plus(grace).plusNanos(1), grace)).isTrue();
    CareTask up = t.escalate(DUE.plus(Duration.ofDays(2)));
    assertThat(up.priority()).isEqualTo(Priority.HIGH);
    assertThat(up.isOverdue(DUE.plus(Duration.ofDays(9)), grace)).isFalse();
    assertThatThrownBy(() -> up.escalate(DUE)).isInstanceOf(IllegalStateException.class);
    assertThat(t.assignTo("a").complete("ok").isOverdue(DUE.plus(Duration.ofDays(9)), grace))
        .isFalse();
  }

  @Test
  void inconsistentStates_areRefusedAtConstruction() {
    CareTask t = open();
    assertThatThrownBy(
            () ->
                new CareTask(
                    t.idempotencyKey(),
                    t.customerId(),
                    t.kind(),
                    t.summary(),
                    t.due(),
                    t.priority(),
                    t.targetLevel(),
                    Optional.empty(),
                    t.playbook(),
                    t.accommodations(),
                    TaskStatus.ASSIGNED,
                    Optional.empty(),
                    Optional.empty()))
        .hasMessageContaining("no assignee");
    assertThatThrownBy(
            () ->
                new CareTask(
                    t.idempotencyKey(),
                    t.customerId(),
                    t.kind(),
                    t.summary(),
                    t.due(),
                    t.priority(),
                    t.targetLevel(),
                    Optional.empty(),
                    t.playbook(),
                    t.accommodations(),
                    TaskStatus.DONE,
                    Optional.empty(),
                    Optional.empty()))
        .hasMessageContaining("no outcome");
  }

  @Test
  void queueOrder_isPriorityDescending_thenDue_thenCustomer_thenKey() {
    CareTask a = open();
    CareTask higherButLater =
        new CareTask(
            "z",
            CustomerId.of("a"),
            TaskKind.ESCALATION,
            "x",
            DUE.plusSeconds(60),
            Priority.HIGH,
            ServiceLevel.BASIC,
            Optional.empty(),
            Optional.empty(),
            List.of());
    CareTask sameButOtherCustomer =
        new CareTask(
            a.idempotencyKey(),
            CustomerId.of("b"),
            a.kind(),
            "x",
            DUE,
            Priority.NORMAL,
            ServiceLevel.BASIC,
            Optional.empty(),
            Optional.empty(),
            List.of());
    assertThat(
            java.util.stream.Stream.of(a, higherButLater, sameButOtherCustomer)
                .sorted(TaskCursor.TASK_ORDER)
                .toList())
        .containsExactly(higherButLater, sameButOtherCustomer, a);
    assertThat(TaskCursor.of(a).precedes(a)).isFalse();
    assertThat(TaskCursor.of(higherButLater).precedes(a)).isTrue();
  }
}
