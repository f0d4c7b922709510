package dev.care.rules.engine;

import java.util.Locale;

/** How a command's unit of work ended. */
public enum CommandOutcome {
  /** The unit committed (a command that found nothing to change counts here too). */
  COMMITTED,
  /** A repeat of an idempotency key, purchase or return id already recorded: nothing changed. */
  DUPLICATE,
  /**
   * A business rejection: a ledger {@code Outcome.Rejected}, a voucher that cannot be redeemed, a
   * campaign member left out. The reason is in {@link CommandReport#reason()}.
   */
  REJECTED,
  /** The unit met a conflict on every one of its bounded attempts and gave up. */
  CONFLICT,
  /** The unit failed with an exception (a caller mistake, a storage failure); nothing written. */
  FAILED,
  /**
   * The store lost the reply to the unit's commit ({@link
   * dev.care.storage.CommitOutcomeUnknownException}): it may or may not have landed. Retrying the
   * same call is safe: every command is idempotent by its id or key.
   */
  UNKNOWN;

  /**
   * The name in lower case, as metrics and logs show it.
   *
   * @return the tag value
   */
  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
