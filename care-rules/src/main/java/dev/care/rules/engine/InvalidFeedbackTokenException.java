package dev.care.rules.engine;

import dev.care.core.error.CareException;

/**
 * A feedback token that cannot be answered: no survey carries it (unknown or forged), its survey's
 * answer period is over, or it was answered already with other answers. Nothing was recorded.
 */
public final class InvalidFeedbackTokenException extends CareException {
  private static final long serialVersionUID = 1L;

  /** Why a token is refused. */
  public enum Reason {
    /** No survey carries the token: mistyped, forged, or its customer was erased. */
    UNKNOWN,
    /** The survey's answer period ({@link CareEngine.Builder#surveyValidity}) is over. */
    EXPIRED,
    /** The survey was answered already, with other answers. */
    ALREADY_USED
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the token is refused
   * @param detail what the caller needs to know (never the whole token)
   */
  public InvalidFeedbackTokenException(Reason reason, String detail) {
    super("feedback token refused (" + reason + "): " + detail);
    this.reason = reason;
  }

  /**
   * Why the token is refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
