package dev.care.core.care;

/** What a staff task asks for. */
public enum TaskKind {
  /** Call the customer back. */
  CALL_BACK,
  /** Follow-up call, e.g. after a win-back offer had no effect. */
  FOLLOW_UP_CALL,
  /** Visit or inspect (regular return visit, proactive service). */
  RETURN_VISIT,
  /** A responsible person takes over a complaint (service recovery, overdue turnaround). */
  ESCALATION,
  /** Prepare an accommodation for a customer's special needs at their next visit. */
  ACCOMMODATION
}
