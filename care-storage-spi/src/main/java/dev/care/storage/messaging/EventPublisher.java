package dev.care.storage.messaging;

import dev.care.storage.outbox.OutboxMessage;

/** Publishes domain events (outbox messages without a channel) to the application's bus. */
public interface EventPublisher {
  /**
   * Publishes an event.
   *
   * @param event the event message (its id is stable across retries)
   * @throws RuntimeException when publishing failed; the dispatcher retries later
   */
  void publish(OutboxMessage event);
}
