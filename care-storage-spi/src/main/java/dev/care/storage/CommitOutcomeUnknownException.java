package dev.care.storage;

/**
 * The commit may or may not have happened (e.g. the connection dropped after the commit was sent).
 * Never report this as a failure: retry with the same idempotency keys, which either finds the
 * committed result or applies the change once.
 */
public final class CommitOutcomeUnknownException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param cause the underlying failure, if any
   */
  public CommitOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
