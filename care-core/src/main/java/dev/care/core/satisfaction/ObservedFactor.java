package dev.care.core.satisfaction;

import java.util.Objects;

/**
 * A factor observed in an interaction, with how strongly it was felt.
 *
 * @param code the factor's code in the program's {@link FactorCatalogue}
 * @param intensity how strongly, 1 (barely) to 5 (the peak of the experience)
 */
public record ObservedFactor(String code, int intensity) {
  /** Validates. */
  public ObservedFactor {
    Objects.requireNonNull(code, "code");
    if (intensity < 1 || intensity > 5) {
      throw new IllegalArgumentException(
          "observed factor " + code + " intensity must be 1..5, got " + intensity);
    }
  }
}
