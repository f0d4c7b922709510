package dev.care.rules.program;

import java.util.Objects;

/**
 * One thing wrong with a program definition.
 *
 * @param path where, as a JSON path such as {@code $.earning.categoryMultipliers.colour}
 * @param message what is wrong, in plain words
 */
public record ProgramProblem(String path, String message) {
  /** Validates. */
  public ProgramProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
