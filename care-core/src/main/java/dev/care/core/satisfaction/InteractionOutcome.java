package dev.care.core.satisfaction;

/** How a closed interaction ended. */
public enum InteractionOutcome {
  /** The need was met. */
  RESOLVED,
  /** Partly met. */
  PARTIALLY_RESOLVED,
  /** Not met. */
  UNRESOLVED,
  /** Handed up to a responsible person; closed here. */
  ESCALATED,
  /** The customer gave up or withdrew. */
  WITHDRAWN
}
