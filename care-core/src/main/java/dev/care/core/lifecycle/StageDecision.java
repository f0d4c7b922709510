package dev.care.core.lifecycle;

import java.util.Objects;

/**
 * A stage and the plain-language reason a policy chose it.
 *
 * @param stage the stage
 * @param reason why, e.g. "no purchase for 200 days (lapsed after 180)"
 */
public record StageDecision(LifecycleStage stage, String reason) {
  /** Validates. */
  public StageDecision {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(reason, "reason");
  }
}
