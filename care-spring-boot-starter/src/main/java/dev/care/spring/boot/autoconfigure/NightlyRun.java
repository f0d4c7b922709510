package dev.care.spring.boot.autoconfigure;

import dev.care.rules.engine.AdvanceReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One nightly run the starter made: when it started and how long it took, and either the engine's
 * report or the failure that stopped it.
 *
 * @param startedAt when the run started (the instant the engine advanced to)
 * @param took how long it ran
 * @param report what the engine did, empty when the run failed as a whole
 * @param failure why the run failed as a whole ({@code ExceptionClass: message}), else empty
 */
public record NightlyRun(
    Instant startedAt, Duration took, Optional<AdvanceReport> report, Optional<String> failure) {
  /** Validates. */
  public NightlyRun {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(took, "took");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(failure, "failure");
    if (report.isPresent() == failure.isPresent()) {
      throw new IllegalArgumentException("a run has either a report or a failure");
    }
  }

  /**
   * Whether the run ended without failing as a whole (single customers may still have failed: see
   * {@link AdvanceReport#failures()}).
   *
   * @return true if the engine returned a report
   */
  public boolean succeeded() {
    return report.isPresent();
  }
}
