package dev.care.storage.dispatch;

/**
 * What one dispatcher run did.
 *
 * @param delivered messages delivered
 * @param deferred messages put off (quiet hours, frequency caps)
 * @param suppressed messages not sent for lack of consent or contact
 * @param retried failed attempts that will be retried
 * @param failed messages that used up their attempts
 * @param purged finished messages removed after their retention ({@link OutboxRetention})
 */
public record DispatchReport(
    int delivered, int deferred, int suppressed, int retried, int failed, int purged) {
  /**
   * A report of a run that purged nothing.
   *
   * @param delivered messages delivered
   * @param deferred messages put off
   * @param suppressed messages not sent
   * @param retried attempts to be retried
   * @param failed messages that used up their attempts
   */
  public DispatchReport(int delivered, int deferred, int suppressed, int retried, int failed) {
    this(delivered, deferred, suppressed, retried, failed, 0);
  }
}
