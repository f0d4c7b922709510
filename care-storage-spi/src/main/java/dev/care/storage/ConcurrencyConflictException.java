package dev.care.storage;

/**
 * Another writer changed what this unit of work read (optimistic concurrency); nothing was written.
 * Re-read and retry.
 */
public final class ConcurrencyConflictException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param what the record, e.g. {@code "customer C-1"} or {@code "journal"}
   * @param expected the version the writer expected
   * @param actual the version found
   */
  public ConcurrencyConflictException(String what, long expected, long actual) {
    super(what + ": expected version " + expected + " but found " + actual);
  }
}
