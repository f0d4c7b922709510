package dev.care.messaging.kafka;

/**
 * The broker did not acknowledge a record within the send timeout, or refused it (the cause says
 * which: a timeout, a broker error, a serialization or size error). The record may still have been
 * written — a lost acknowledgement — so a retry may deliver it twice under the same {@link
 * CareHeaders#MESSAGE_ID}; consumers de-duplicate on it.
 */
public final class KafkaSendFailedException extends KafkaRelayException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param messageId the outbox message id
   * @param topic the topic
   * @param key the record key
   * @param cause what the producer reported
   */
  public KafkaSendFailedException(String messageId, String topic, String key, Throwable cause) {
    super(
        "outbox message "
            + messageId
            + " was not acknowledged by Kafka (topic "
            + topic
            + ", key "
            + key
            + "): "
            + (cause == null
                ? "no cause"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage()),
        messageId,
        topic,
        key,
        cause);
  }
}
