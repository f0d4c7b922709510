package dev.care.rules.program;

import dev.care.core.error.CareException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A program definition was rejected. Carries every problem found, each with its JSON path; nothing
 * of the definition was applied.
 */
public final class InvalidProgramException extends CareException {
  private static final long serialVersionUID = 1L;

  /** Not serialised: problems are plain records. */
  private final transient List<ProgramProblem> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found, at least one
   */
  public InvalidProgramException(List<ProgramProblem> problems) {
    super(
        "invalid program definition ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n  "
            + problems.stream().map(ProgramProblem::toString).collect(Collectors.joining("\n  ")));
    this.problems = List.copyOf(problems);
  }

  /**
   * Every problem found, in document order.
   *
   * @return the problems
   */
  public List<ProgramProblem> problems() {
    return problems;
  }
}
