package dev.care.rules.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one command's unit of work did, as an {@link EngineObserver} hears it.
 *
 * @param kind the command
 * @param outcome how it ended
 * @param reason for {@link CommandOutcome#REJECTED}, the reason in lower case with hyphens (a
 *     ledger {@code Rejection} such as {@code insufficient-balance}, {@code
 *     voucher-not-redeemable}, a campaign suppression such as {@code no-consent}); for {@link
 *     CommandOutcome#FAILED}, the exception's simple class name; empty otherwise. A bounded set of
 *     values, so it can be a metric tag.
 * @param attempts how many times the unit was decided (1 without a conflict; each further one is a
 *     retry after a conflict)
 * @param elapsed the wall time of the whole command, retries included
 */
public record CommandReport(
    CommandKind kind,
    CommandOutcome outcome,
    Optional<String> reason,
    int attempts,
    Duration elapsed) {
  /** Validates. */
  public CommandReport {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(elapsed, "elapsed");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0, got " + attempts);
    }
  }

  /**
   * The retries after conflicts: attempts beyond the first.
   *
   * @return the retries, at least 0
   */
  public int retries() {
    return Math.max(0, attempts - 1);
  }
}
