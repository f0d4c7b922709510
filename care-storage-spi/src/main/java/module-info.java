/**
 * The storage and messaging SPIs, the unit of work, the transactional outbox and its dispatcher,
 * the durable ledger and the in-memory reference adapter.
 */
module dev.care.storage.spi {
  requires transitive dev.care.core;
  requires org.slf4j;
  requires com.github.benmanes.caffeine;

  exports dev.care.storage;
  exports dev.care.storage.ledger;
  exports dev.care.storage.memory;
  exports dev.care.storage.messaging;
  exports dev.care.storage.outbox;
}
