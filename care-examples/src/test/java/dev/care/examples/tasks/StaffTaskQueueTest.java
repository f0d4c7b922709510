package dev.care.examples.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.care.core.care.CareTask;
import dev.care.core.care.Priority;
import dev.care.core.care.TaskCursor;
import dev.care.core.care.TaskKind;
import dev.care.core.care.TaskStatus;
import dev.care.core.customer.CustomerId;
import dev.care.core.event.TaskPlanned;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.storage.ServiceCount;
import org.junit.jupiter.api.Test;

class StaffTaskQueueTest {
  static final StaffTaskQueue.Result RESULT = StaffTaskQueue.run();

  @Test
  void run_staffHearOfEveryNewTask_workTheReachableOnes_andAnnsVisitEscalates() {
    assertThat(RESULT.notified())
        .extracting(TaskPlanned::taskKey)
        .anySatisfy(k -> assertThat(k).startsWith("return-visit:bea:"))
        .anySatisfy(k -> assertThat(k).startsWith("return-visit:cid:"))
        .anySatisfy(k -> assertThat(k).startsWith("return-visit:ann:"))
        .anySatisfy(k -> assertThat(k).startsWith("overdue-task:return-visit:ann:"))
        .anySatisfy(k -> assertThat(k).startsWith("overdue-task:win-back-call:ann:"));
    // bea is elderly: her visit is HIGH and was worked first
    assertThat(RESULT.notified())
        .filteredOn(e -> e.customerId().equals(CustomerId.of("bea")))
        .extracting(TaskPlanned::priority)
        .containsOnly(Priority.HIGH);
    // the win-back follow-up calls (60 days without a visit, then 14) and the return visits (90
    // days); each pass takes bea (elderly, HIGH) before cid
    assertThat(RESULT.worked())
        .extracting(CareTask::customerId, CareTask::kind)
        .containsExactly(
            tuple(CustomerId.of("bea"), TaskKind.FOLLOW_UP_CALL),
            tuple(CustomerId.of("cid"), TaskKind.FOLLOW_UP_CALL),
            tuple(CustomerId.of("bea"), TaskKind.RETURN_VISIT),
            tuple(CustomerId.of("cid"), TaskKind.RETURN_VISIT));
    assertThat(RESULT.worked()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.DONE));
    // ann's call and visit were left: escalated a day past due, NORMAL raised to HIGH, each with
    // an overdue-task escalation (HIGH), itself raised to URGENT when left a day past due too
    assertThat(RESULT.escalated())
        .extracting(CareTask::customerId, CareTask::kind, CareTask::priority)
        .containsExactly(
            tuple(CustomerId.of("ann"), TaskKind.FOLLOW_UP_CALL, Priority.HIGH),
            tuple(CustomerId.of("ann"), TaskKind.ESCALATION, Priority.URGENT),
            tuple(CustomerId.of("ann"), TaskKind.RETURN_VISIT, Priority.HIGH),
            tuple(CustomerId.of("ann"), TaskKind.ESCALATION, Priority.URGENT));
    assertThat(RESULT.stillOpen()).hasSize(4).isSortedAccordingTo(TaskCursor.TASK_ORDER);
    assertThat(RESULT.stillOpen())
        .filteredOn(t -> t.kind() == TaskKind.ESCALATION)
        .extracting(CareTask::idempotencyKey)
        .allSatisfy(k -> assertThat(k).startsWith("overdue-task:"));
  }

  @Test
  void run_serviceReport_countsTheSalonsUnforgettableThankYou_andTheVisits() {
    assertThat(
            RESULT
                .report()
                .count(ServiceCount.Work.ACTION, "thank-you", ServiceLevel.UNFORGETTABLE))
        .isEqualTo(1);
    assertThat(RESULT.report().byTrigger(ServiceCount.Work.TASK))
        .containsEntry("return-visit", 3L)
        .containsEntry("win-back-call", 3L)
        .containsEntry("overdue-task", 2L);
    assertThat(RESULT.report().byLevel(ServiceCount.Work.ACTION).get(ServiceLevel.BASIC))
        .as("e-bills")
        .isEqualTo(3);
    assertThat(RESULT.tasksByLevel()).isEqualTo(RESULT.report().byLevel(ServiceCount.Work.TASK));
    assertThat(RESULT.tasksByLevel().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(
            RESULT.report().byTrigger(ServiceCount.Work.TASK).values().stream()
                .mapToLong(Long::longValue)
                .sum());
    assertThat(RESULT.actionsByTrigger()).containsEntry("thank-you", 1L);
  }

  @Test
  void main_prints() {
    StaffTaskQueue.main(new String[0]);
  }
}
