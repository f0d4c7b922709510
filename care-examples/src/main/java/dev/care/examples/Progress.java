package dev.care.examples;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long run on standard error: on a terminal, a bar redrawn in place (carriage return)
 * about every 2 %; anywhere else (a CI log, a file, a pipe), a plain line every 10 %, so a log gets
 * eleven readable lines instead of one line of fifty carriage returns.
 */
final class Progress {
  private final PrintStream err;
  private final boolean terminal;
  private int shown = -1;

  /**
   * Creates a progress reporter.
   *
   * @param err where progress goes
   * @param terminal whether {@code err} is a terminal ({@code System.console() != null})
   */
  Progress(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /**
   * Reports that {@code done} of {@code total} steps are done; prints only when the shown
   * percentage changes by a step (2 % on a terminal, 10 % otherwise).
   *
   * @param done steps done
   * @param total all steps
   */
  void update(int done, int total) {
    int percent = (int) (100L * done / Math.max(1, total));
    int step = terminal ? 2 : 10;
    int bucket = percent / step * step;
    if (bucket == shown) {
      return;
    }
    shown = bucket;
    if (terminal) {
      int width = 40;
      int filled = width * bucket / 100;
      err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + bucket + "%");
    } else {
      err.printf(Locale.ROOT, "progress: %d%% (%,d of %,d events)%n", bucket, done, total);
    }
    err.flush();
  }

  /**
   * Reports completion and ends the bar's line on a terminal.
   *
   * @param total all steps
   */
  void done(int total) {
    update(total, total);
    if (terminal) {
      err.println();
    }
  }
}
