package dev.care.core.satisfaction;

/** The two kinds of factor in the two-factor view of satisfaction. */
public enum FactorKind {
  /** Present → delight; absent → no complaint. */
  SATISFIER,
  /** Absent → taken for granted; present → dissatisfied. */
  DISSATISFIER
}
