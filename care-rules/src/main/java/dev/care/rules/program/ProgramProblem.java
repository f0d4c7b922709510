package dev.care.rules.program;

import dev.care.rules.program.internal.Text;
import java.util.Objects;

/**
 * One thing wrong with a program definition. Both parts are safe to log: control characters and
 * invisible format characters that came from the input are escaped as {@code \}{@code u{XXXX}}, and
 * each part is cut short (the path at {@value #MAX_PATH}, the message at {@value #MAX_MESSAGE} code
 * points).
 *
 * @param path where, as a JSON path such as {@code $.earning.categoryMultipliers.colour}
 * @param message what is wrong, in plain words
 */
public record ProgramProblem(String path, String message) {
  /** Longest path kept, in code points. */
  public static final int MAX_PATH = 300;

  /** Longest message kept, in code points. */
  public static final int MAX_MESSAGE = 1000;

  /** Validates, escapes and bounds both parts. */
  public ProgramProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    path = Text.safe(path, MAX_PATH);
    message = Text.safe(message, MAX_MESSAGE);
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
