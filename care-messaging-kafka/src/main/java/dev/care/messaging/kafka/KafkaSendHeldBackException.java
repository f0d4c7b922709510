package dev.care.messaging.kafka;

import java.util.Objects;

/**
 * Not sent on purpose: an earlier message with the same key (the same customer) failed and has not
 * been delivered yet, and sending this one first would put the customer's records out of order. The
 * outbox retries it after its back-off, by when the earlier one has usually gone. The hold ends
 * when the earlier message is delivered, or after {@link KafkaSettings#orderHold()}.
 */
public final class KafkaSendHeldBackException extends KafkaRelayException {
  private static final long serialVersionUID = 1L;

  private final String blockedBy;

  /**
   * Creates the exception.
   *
   * @param messageId the outbox message id held back
   * @param topic the topic
   * @param key the record key
   * @param blockedBy the id of the oldest undelivered message with the same key
   */
  public KafkaSendHeldBackException(String messageId, String topic, String key, String blockedBy) {
    super(
        "outbox message "
            + messageId
            + " held back: the earlier message "
            + blockedBy
            + " with key "
            + key
            + " (topic "
            + topic
            + ") is not delivered yet",
        messageId,
        topic,
        key,
        null);
    this.blockedBy = Objects.requireNonNull(blockedBy, "blockedBy");
  }

  /**
   * The oldest undelivered message of the key, which this one waits for.
   *
   * @return its id
   */
  public String blockedBy() {
    return blockedBy;
  }
}
