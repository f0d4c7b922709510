package dev.care.core.event;

import dev.care.core.care.Priority;
import dev.care.core.care.TaskStatus;
import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A staff task moved: assigned, done, cancelled, or escalated for being overdue (then {@code from}
 * equals {@code to} and {@code escalated} is true, with the raised priority).
 *
 * @param customerId the customer
 * @param occurredAt when
 * @param taskKey the task's key (per customer)
 * @param from its status before
 * @param to its status after
 * @param priority its priority after
 * @param assignee who holds it after, if anyone
 * @param escalated whether this change is the overdue escalation
 */
public record TaskChanged(
    CustomerId customerId,
    Instant occurredAt,
    String taskKey,
    TaskStatus from,
    TaskStatus to,
    Priority priority,
    Optional<String> assignee,
    boolean escalated)
    implements CareEvent {
  /** Rejects null fields. */
  public TaskChanged {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(taskKey, "taskKey");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(assignee, "assignee");
  }
}
