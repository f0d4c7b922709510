package dev.care.storage.outbox;

/**
 * What one dispatcher run did.
 *
 * @param delivered messages delivered
 * @param deferred messages put off (quiet hours, frequency caps)
 * @param suppressed messages not sent for lack of consent or contact
 * @param retried failed attempts that will be retried
 * @param failed messages that used up their attempts
 */
public record DispatchReport(
    int delivered, int deferred, int suppressed, int retried, int failed) {}
