/**
 * The transactional outbox: messages written in the same unit of work as their cause, and the
 * {@link dev.care.storage.outbox.OutboxDispatcher} that delivers them at least once, with retries,
 * back-off, consent, quiet hours and frequency caps.
 */
package dev.care.storage.outbox;
