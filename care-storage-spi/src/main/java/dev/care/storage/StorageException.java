package dev.care.storage;

import dev.care.core.error.CareException;

/** The store failed; the unit of work did not commit. Safe to retry with the same keys. */
public class StorageException extends CareException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the underlying failure, if any
   */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed
   */
  public StorageException(String message) {
    super(message);
  }
}
