package dev.care.rules.engine;

import dev.care.core.satisfaction.ObservedFactor;
import java.util.List;
import java.util.Objects;

/**
 * A customer's answers to a satisfaction survey, as the satisfaction and dissatisfaction factors of
 * the engine's {@link dev.care.core.satisfaction.FactorCatalogue} they name, each with its
 * intensity (1–5): the application maps its form's questions to factor codes. No free text is kept.
 *
 * @param factors the factors the answers observed (each code once); may be empty (answered, no
 *     factor)
 */
public record FeedbackAnswers(List<ObservedFactor> factors) {
  /** Validates and copies. */
  public FeedbackAnswers {
    Objects.requireNonNull(factors, "factors");
    factors = List.copyOf(factors);
    if (factors.stream().map(ObservedFactor::code).distinct().count() != factors.size()) {
      throw new IllegalArgumentException("feedback names a factor twice: " + factors);
    }
  }

  /**
   * Answers observing the given factors.
   *
   * @param factors the factors
   * @return the answers
   */
  public static FeedbackAnswers of(ObservedFactor... factors) {
    return new FeedbackAnswers(List.of(factors));
  }
}
