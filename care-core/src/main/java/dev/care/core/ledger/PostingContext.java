package dev.care.core.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a posting was made: every posting records the reason, the source reference (order id, etc.),
 * the actor, and the rule that produced it.
 *
 * @param reason why, in words (not blank)
 * @param sourceRef the reference in the caller's system, e.g. an order id
 * @param actor who or what caused it, e.g. {@code "pos-17"} or {@code "system"} (not blank)
 * @param rule the rule (program id, version and rule id) that produced it, if any
 */
public record PostingContext(
    String reason, Optional<String> sourceRef, String actor, Optional<String> rule) {
  /** Validates. */
  public PostingContext {
    requireText("reason", reason);
    requireText("actor", actor);
    Objects.requireNonNull(sourceRef, "sourceRef");
    Objects.requireNonNull(rule, "rule");
    sourceRef.ifPresent(s -> requireText("sourceRef", s));
    rule.ifPresent(s -> requireText("rule", s));
  }

  /**
   * A context with a reason and actor only.
   *
   * @param reason why
   * @param actor who
   * @return the context
   */
  public static PostingContext of(String reason, String actor) {
    return new PostingContext(reason, Optional.empty(), actor, Optional.empty());
  }

  /**
   * This context with a source reference.
   *
   * @param ref the reference
   * @return a copy
   */
  public PostingContext withSourceRef(String ref) {
    return new PostingContext(reason, Optional.of(ref), actor, rule);
  }

  /**
   * This context with a producing rule.
   *
   * @param ruleRef the rule reference
   * @return a copy
   */
  public PostingContext withRule(String ruleRef) {
    return new PostingContext(reason, sourceRef, actor, Optional.of(ruleRef));
  }

  private static void requireText(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isBlank() || value.length() > 500) {
      throw new IllegalArgumentException(
          "posting context " + field + " must be 1..500 characters and not blank");
    }
  }
}
