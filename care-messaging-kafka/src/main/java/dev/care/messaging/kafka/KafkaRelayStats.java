package dev.care.messaging.kafka;

/**
 * What a publisher or channel has done since it was created.
 *
 * @param sent records acknowledged by the broker
 * @param failed sends that failed ({@link KafkaSendFailedException}); the outbox retries them
 * @param heldBack messages not sent because an earlier one with the same key had failed ({@link
 *     KafkaSendHeldBackException}); the outbox retries them
 */
public record KafkaRelayStats(long sent, long failed, long heldBack) {}
