package dev.care.core.event;

import dev.care.core.care.Priority;
import dev.care.core.care.TaskKind;
import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.ServiceLevel;
import java.time.Instant;
import java.util.Objects;

/**
 * A new staff task joined the queue: what a staff application shows as "new work". It carries no
 * personal data beyond the customer id; read the task itself for the summary and accommodations.
 *
 * @param customerId the customer
 * @param occurredAt when it was planned
 * @param taskKey the task's key (per customer)
 * @param kind what to do
 * @param priority how urgent
 * @param level the service level it aims at
 * @param due when it should be done
 */
public record TaskPlanned(
    CustomerId customerId,
    Instant occurredAt,
    String taskKey,
    TaskKind kind,
    Priority priority,
    ServiceLevel level,
    Instant due)
    implements CareEvent {
  /** Rejects null fields. */
  public TaskPlanned {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(taskKey, "taskKey");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(due, "due");
  }
}
