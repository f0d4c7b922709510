package dev.care.core.satisfaction;

/** What a service interaction was about. */
public enum InteractionKind {
  /** A question. */
  INQUIRY,
  /** A complaint. */
  COMPLAINT,
  /** A repair. */
  REPAIR,
  /** A service visit or appointment. */
  SERVICE_VISIT,
  /** A return visit or proactive check made by us. */
  RETURN_VISIT,
  /** Feedback given by the customer, e.g. a survey answer. */
  FEEDBACK
}
