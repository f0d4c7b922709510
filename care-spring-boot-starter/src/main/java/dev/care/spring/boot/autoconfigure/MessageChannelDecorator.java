package dev.care.spring.boot.autoconfigure;

import dev.care.storage.messaging.MessageChannel;

/**
 * Wraps each {@link MessageChannel} bean before the starter's dispatcher sends on it (to meter,
 * trace or log sends). Beans of this type are applied in their order; the Micrometer meters add one
 * that counts sends by channel.
 */
@FunctionalInterface
public interface MessageChannelDecorator {
  /**
   * Wraps a channel.
   *
   * @param channel the channel (possibly already wrapped by an earlier decorator)
   * @return the channel to send on
   */
  MessageChannel decorate(MessageChannel channel);
}
