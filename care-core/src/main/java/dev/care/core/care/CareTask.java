package dev.care.core.care;

import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.Playbook;
import dev.care.core.satisfaction.ServiceLevel;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Work for staff: a call back, a return visit, an escalation. Carries what staff need to do it well
 * — the playbook for the customer's temperament and the accommodations for special needs — and its
 * life: {@code OPEN → ASSIGNED → DONE}, or {@code CANCELLED} from either unfinished status ({@link
 * #assignTo}, {@link #complete}, {@link #cancel}; a wrong move throws {@link
 * TaskTransitionException}).
 *
 * @param idempotencyKey the occasion's key, 1–200 characters
 * @param customerId the customer
 * @param kind what to do
 * @param summary one line for the task list (no sensitive personal data)
 * @param due when it should be done
 * @param priority how urgent (special needs raise it)
 * @param targetLevel the service level it aims at
 * @param assignee who should do it, if decided
 * @param playbook how to handle the customer, if their temperament is known
 * @param accommodations what to offer for special needs
 * @param status where the task is in its life
 * @param resolution the outcome of a done task or the reason of a cancelled one
 * @param escalatedAt when the task was escalated for being overdue, if it was
 */
public record CareTask(
    String idempotencyKey,
    CustomerId customerId,
    TaskKind kind,
    String summary,
    Instant due,
    Priority priority,
    ServiceLevel targetLevel,
    Optional<String> assignee,
    Optional<Playbook> playbook,
    List<String> accommodations,
    TaskStatus status,
    Optional<String> resolution,
    Optional<Instant> escalatedAt) {

  /** Validates every field. */
  public CareTask {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(due, "due");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(targetLevel, "targetLevel");
    Objects.requireNonNull(assignee, "assignee");
    Objects.requireNonNull(playbook, "playbook");
    Objects.requireNonNull(accommodations, "accommodations");
    Keys.check("care task", idempotencyKey);
    if (summary.isBlank() || summary.length() > 300) {
      throw new IllegalArgumentException(
          "care task " + idempotencyKey + " summary must be 1..300 characters");
    }
    accommodations = List.copyOf(accommodations);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(resolution, "resolution");
    Objects.requireNonNull(escalatedAt, "escalatedAt");
    assignee.ifPresent(a -> checkText(idempotencyKey, "assignee", a));
    resolution.ifPresent(r -> checkText(idempotencyKey, "resolution", r));
    if (status == TaskStatus.ASSIGNED && assignee.isEmpty()) {
      throw new IllegalArgumentException(
          "care task " + idempotencyKey + " is ASSIGNED but names no assignee");
    }
    if (status.isUnfinished() != resolution.isEmpty()) {
      throw new IllegalArgumentException(
          "care task "
              + idempotencyKey
              + " is "
              + status
              + (resolution.isEmpty() ? " but has no outcome or reason" : " but has a resolution"));
    }
  }

  /**
   * A new, open task (not assigned, not escalated).
   *
   * @param idempotencyKey the occasion's key, 1–200 characters
   * @param customerId the customer
   * @param kind what to do
   * @param summary one line for the task list (no sensitive personal data)
   * @param due when it should be done
   * @param priority how urgent (special needs raise it)
   * @param targetLevel the service level it aims at
   * @param assignee who should do it, if decided
   * @param playbook how to handle the customer, if their temperament is known
   * @param accommodations what to offer for special needs
   */
  public CareTask(
      String idempotencyKey,
      CustomerId customerId,
      TaskKind kind,
      String summary,
      Instant due,
      Priority priority,
      ServiceLevel targetLevel,
      Optional<String> assignee,
      Optional<Playbook> playbook,
      List<String> accommodations) {
    this(
        idempotencyKey,
        customerId,
        kind,
        summary,
        due,
        priority,
        targetLevel,
        assignee,
        playbook,
        accommodations,
        assignee.isPresent() ? TaskStatus.ASSIGNED : TaskStatus.OPEN,
        Optional.empty(),
        Optional.empty());
  }

  private static void checkText(String key, String what, String value) {
    if (value.isBlank() || value.length() > 300) {
      throw new IllegalArgumentException(
          "care task " + key + " " + what + " must be 1..300 characters, got '" + value + "'");
    }
  }

  /**
   * What names this task: its customer and key.
   *
   * @return the key
   */
  public TaskKey taskKey() {
    return new TaskKey(customerId, idempotencyKey);
  }

  /**
   * This task taken by someone: from {@link TaskStatus#OPEN}, or from {@link TaskStatus#ASSIGNED}
   * to the same person (a repeat answers this task unchanged).
   *
   * @param who who takes it (1–300 characters)
   * @return the assigned task
   * @throws TaskTransitionException if the task is done, cancelled, or assigned to someone else
   */
  public CareTask assignTo(String who) {
    Objects.requireNonNull(who, "who");
    checkText(idempotencyKey, "assignee", who);
    if (status == TaskStatus.ASSIGNED && assignee.orElseThrow().equals(who)) {
      return this;
    }
    if (status != TaskStatus.OPEN) {
      throw new TaskTransitionException(
          taskKey(),
          status,
          TaskStatus.ASSIGNED,
          status == TaskStatus.ASSIGNED ? "it is assigned to " + assignee.orElseThrow() : "");
    }
    return with(TaskStatus.ASSIGNED, Optional.of(who), Optional.empty());
  }

  /**
   * This task done, from {@link TaskStatus#ASSIGNED} (done with the same outcome again answers this
   * task unchanged).
   *
   * @param outcome what came of it (1–300 characters)
   * @return the done task
   * @throws TaskTransitionException if the task is open (assign it first), cancelled, or done with
   *     another outcome
   */
  public CareTask complete(String outcome) {
    Objects.requireNonNull(outcome, "outcome");
    checkText(idempotencyKey, "outcome", outcome);
    if (status == TaskStatus.DONE && resolution.orElseThrow().equals(outcome)) {
      return this;
    }
    if (status != TaskStatus.ASSIGNED) {
      throw new TaskTransitionException(
          taskKey(),
          status,
          TaskStatus.DONE,
          status == TaskStatus.OPEN ? "assign it first" : "it is finished");
    }
    return with(TaskStatus.DONE, assignee, Optional.of(outcome));
  }

  /**
   * This task dropped, from {@link TaskStatus#OPEN} or {@link TaskStatus#ASSIGNED} (cancelled with
   * the same reason again answers this task unchanged).
   *
   * @param reason why (1–300 characters)
   * @return the cancelled task
   * @throws TaskTransitionException if the task is done, or cancelled with another reason
   */
  public CareTask cancel(String reason) {
    Objects.requireNonNull(reason, "reason");
    checkText(idempotencyKey, "reason", reason);
    if (status == TaskStatus.CANCELLED && resolution.orElseThrow().equals(reason)) {
      return this;
    }
    if (!status.isUnfinished()) {
      throw new TaskTransitionException(taskKey(), status, TaskStatus.CANCELLED, "it is finished");
    }
    return with(TaskStatus.CANCELLED, assignee, Optional.of(reason));
  }

  /**
   * Whether this task waits for staff past its due time plus a grace, and was not escalated yet.
   *
   * @param now the instant
   * @param grace how long past due before it is overdue
   * @return whether to escalate it
   */
  public boolean isOverdue(Instant now, java.time.Duration grace) {
    return status.isUnfinished() && escalatedAt.isEmpty() && now.isAfter(due.plus(grace));
  }

  /**
   * This task escalated for being overdue: its priority raised one step and the instant noted, so
   * it is escalated once.
   *
   * @param at when
   * @return the escalated task
   * @throws IllegalStateException if it is finished or was escalated already
   */
  public CareTask escalate(Instant at) {
    Objects.requireNonNull(at, "at");
    if (!status.isUnfinished() || escalatedAt.isPresent()) {
      throw new IllegalStateException(
          "care task " + taskKey() + " is " + status + " and escalated at " + escalatedAt);
    }
    return new CareTask(
        idempotencyKey,
        customerId,
        kind,
        summary,
        due,
        priority.raisedBy(1),
        targetLevel,
        assignee,
        playbook,
        accommodations,
        status,
        resolution,
        Optional.of(at));
  }

  private CareTask with(TaskStatus s, Optional<String> who, Optional<String> how) {
    return new CareTask(
        idempotencyKey,
        customerId,
        kind,
        summary,
        due,
        priority,
        targetLevel,
        who,
        playbook,
        accommodations,
        s,
        how,
        escalatedAt);
  }
}
