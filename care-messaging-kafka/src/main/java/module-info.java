/**
 * Relays care's transactional outbox to Kafka: {@link dev.care.messaging.kafka.KafkaEventPublisher}
 * for domain events and {@link dev.care.messaging.kafka.KafkaMessageChannel} for customer messages,
 * on an idempotent producer, keyed by customer, each record carrying the outbox message id.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // kafka-clients has no
// module name of its own; its Producer is part of this module's API (bring your own producer)
module dev.care.messaging.kafka {
  requires transitive dev.care.storage.spi;
  requires transitive kafka.clients;
  requires org.slf4j;

  exports dev.care.messaging.kafka;
}
