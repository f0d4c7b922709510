package dev.care.rules.earning;

import dev.care.rules.program.LoyaltyProgram;

/**
 * One small, named step of earning. Steps are pure: they take the calculation so far and return the
 * next one, recording an {@link AppliedRule} whenever they change something.
 */
public interface EarningPolicy {
  /**
   * The step's name, used as the rule id on postings and in explanations (e.g. {@code
   * earning.category}).
   *
   * @return the name
   */
  String name();

  /**
   * Applies the step.
   *
   * @param calc the calculation so far
   * @param request the purchase and its facts
   * @param program the program
   * @return the next calculation
   */
  EarnCalculation apply(EarnCalculation calc, EarnRequest request, LoyaltyProgram program);
}
