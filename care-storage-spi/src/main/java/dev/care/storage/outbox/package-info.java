/**
 * The transactional outbox: messages written in the same unit of work as their cause, their
 * delivery states, and the outbox side of the storage SPI. The {@link
 * dev.care.storage.dispatch.OutboxDispatcher} delivers them.
 */
package dev.care.storage.outbox;
