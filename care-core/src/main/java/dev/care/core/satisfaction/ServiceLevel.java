package dev.care.core.satisfaction;

/** The four levels of service a care action can aim at, lowest first. */
public enum ServiceLevel {
  /** The transaction, nothing owed either way. */
  BASIC,
  /** Friendly and polite. */
  SATISFACTORY,
  /** Something extra that need not have been given. */
  VALUE_ADDED,
  /** Far beyond expectation, remembered. */
  UNFORGETTABLE
}
