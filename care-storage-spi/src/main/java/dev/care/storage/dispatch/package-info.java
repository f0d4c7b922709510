/**
 * Delivering the outbox: the {@link dev.care.storage.dispatch.OutboxDispatcher} sends due messages
 * at least once through the application's channels and event publisher, with consent, quiet hours,
 * frequency caps ({@link dev.care.storage.dispatch.DispatchPolicy}), retries with back-off, and
 * retention of finished messages ({@link dev.care.storage.dispatch.OutboxRetention}).
 */
package dev.care.storage.dispatch;
