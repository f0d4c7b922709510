package dev.care.rules.program;

import java.util.Objects;

/**
 * Which rule of which program version produced a posting or an action; recorded on every posting.
 *
 * @param programId the program
 * @param programVersion the program's version
 * @param ruleId the rule inside it, e.g. {@code earning.base} or {@code promotion.double-december}
 */
public record RuleRef(String programId, int programVersion, String ruleId) {
  /** Validates. */
  public RuleRef {
    Objects.requireNonNull(programId, "programId");
    Objects.requireNonNull(ruleId, "ruleId");
    if (programVersion < 1) {
      throw new IllegalArgumentException("programVersion must be >= 1, got " + programVersion);
    }
  }

  @Override
  public String toString() {
    return programId + "@" + programVersion + "/" + ruleId;
  }
}
