package dev.care.messaging.kafka;

import dev.care.core.error.CareException;
import java.util.Objects;

/**
 * An outbox message was not written to Kafka. The {@link
 * dev.care.storage.dispatch.OutboxDispatcher} that called the publisher or channel records the
 * failure on the message, which stays pending and is retried after a back-off (or, after its last
 * attempt, is kept as failed for an operator): it is never dropped. The subclass says why.
 */
public abstract class KafkaRelayException extends CareException {
  private static final long serialVersionUID = 1L;

  private final String messageId;
  private final String topic;
  private final String key;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param messageId the outbox message id
   * @param topic the topic it was meant for
   * @param key the record key it was meant to carry
   * @param cause the underlying failure, or null
   */
  protected KafkaRelayException(
      String message, String messageId, String topic, String key, Throwable cause) {
    super(message, cause);
    this.messageId = Objects.requireNonNull(messageId, "messageId");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.key = Objects.requireNonNull(key, "key");
  }

  /**
   * The outbox message that was not written.
   *
   * @return its id
   */
  public String messageId() {
    return messageId;
  }

  /**
   * The topic it was meant for.
   *
   * @return the topic name
   */
  public String topic() {
    return topic;
  }

  /**
   * The record key it was meant to carry (the customer id, or the message id for an event about no
   * customer).
   *
   * @return the key
   */
  public String key() {
    return key;
  }
}
