package dev.care.storage.messaging;

import dev.care.core.customer.Channel;
import dev.care.storage.outbox.OutboxMessage;

/**
 * Sends customer messages on one channel (SMS, e-mail, push...); the adapter does the sending.
 * Messages carry a stable id: a receiver that sees an id twice must treat it as one message.
 */
public interface MessageChannel {
  /**
   * Which channel this sends on.
   *
   * @return the channel
   */
  Channel channel();

  /**
   * Sends a message.
   *
   * @param message the message (its id is stable across retries)
   * @throws RuntimeException when sending failed; the dispatcher retries later
   */
  void send(OutboxMessage message);
}
