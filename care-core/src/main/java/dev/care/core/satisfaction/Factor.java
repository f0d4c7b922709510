package dev.care.core.satisfaction;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A satisfaction or dissatisfaction factor that staff (or a rule) can observe in an interaction.
 *
 * @param code stable upper-case code such as {@code SOLVED_FAST}
 * @param kind satisfier or dissatisfier
 * @param description plain-language description
 * @param weight how much it matters, 1–10
 */
public record Factor(String code, FactorKind kind, String description, int weight) {
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,59}");

  /** Validates. */
  public Factor {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "factor code must match " + CODE.pattern() + ", got '" + code + "'");
    }
    if (weight < 1 || weight > 10) {
      throw new IllegalArgumentException("factor " + code + " weight must be 1..10, got " + weight);
    }
  }
}
