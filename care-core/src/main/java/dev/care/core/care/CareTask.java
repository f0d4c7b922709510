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
 * — the playbook for the customer's temperament and the accommodations for special needs.
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
    List<String> accommodations) {

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
  }
}
