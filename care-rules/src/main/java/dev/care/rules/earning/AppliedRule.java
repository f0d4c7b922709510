package dev.care.rules.earning;

import dev.care.rules.program.RuleRef;
import java.util.Objects;

/**
 * One rule that changed the outcome, and how, in plain words.
 *
 * @param rule the rule
 * @param explanation e.g. "category colour ×2 on line COL-F"
 */
public record AppliedRule(RuleRef rule, String explanation) {
  /** Validates. */
  public AppliedRule {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(explanation, "explanation");
  }
}
