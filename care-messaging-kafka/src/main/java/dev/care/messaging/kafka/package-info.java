/**
 * Kafka for the outbox: {@link dev.care.messaging.kafka.KafkaEventPublisher} (an {@link
 * dev.care.storage.messaging.EventPublisher}) and {@link
 * dev.care.messaging.kafka.KafkaMessageChannel} (a {@link
 * dev.care.storage.messaging.MessageChannel}), configured by {@link
 * dev.care.messaging.kafka.KafkaSettings}. Each record is keyed by the customer (one partition per
 * customer, so one customer's records keep their order), carries the outbox message id in the
 * {@link dev.care.messaging.kafka.CareHeaders#MESSAGE_ID} header so consumers de-duplicate, and is
 * acknowledged by every in-sync replica before the outbox marks it delivered. A failure throws a
 * {@link dev.care.messaging.kafka.KafkaRelayException}, which the {@link
 * dev.care.storage.dispatch.OutboxDispatcher} records and retries: at least once, never dropped.
 */
package dev.care.messaging.kafka;
