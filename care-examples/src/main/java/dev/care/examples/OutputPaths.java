package dev.care.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks an output path before a command starts its work, so that a long run never ends in "cannot
 * write": the file's directory must exist and be writable, and the file, if it exists, must be a
 * writable regular file.
 */
final class OutputPaths {
  private OutputPaths() {}

  /**
   * What stops a file being written, if anything.
   *
   * @param option the option that named it, for the message
   * @param file the file, or {@code null} when not asked for
   * @return the problem in one line, or empty
   */
  static Optional<String> problem(String option, Path file) {
    if (file == null) {
      return Optional.empty();
    }
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      return Optional.of(option + " " + file + " is a directory; give a file name");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      return Optional.of(option + " " + file + ": directory " + dir + " does not exist");
    }
    if (Files.exists(absolute) && !Files.isWritable(absolute)) {
      return Optional.of(option + " " + file + " exists and is not writable");
    }
    if (!Files.exists(absolute) && !Files.isWritable(dir)) {
      return Optional.of(option + " " + file + ": directory " + dir + " is not writable");
    }
    return Optional.empty();
  }

  /**
   * Whether two paths name the same file (when both exist) or the same normalised path.
   *
   * @param a a path
   * @param b another
   * @return true if writing one would overwrite the other
   */
  static boolean same(Path a, Path b) {
    try {
      if (Files.exists(a) && Files.exists(b)) {
        return Files.isSameFile(a, b);
      }
    } catch (IOException e) {
      // fall back to comparing the paths
    }
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }
}
