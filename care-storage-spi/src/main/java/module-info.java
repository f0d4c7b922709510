/**
 * The storage and messaging SPIs, the unit of work, the transactional outbox and its dispatcher,
 * the durable ledger, the in-memory reference adapter, and Micrometer meters for the outbox
 * (Micrometer is optional: only {@code dev.care.storage.metrics} needs it).
 */
@SuppressWarnings("requires-automatic") // Micrometer has no module name of its own
module dev.care.storage.spi {
  requires transitive dev.care.core;
  requires org.slf4j;
  requires com.github.benmanes.caffeine;
  // optional: only dev.care.storage.metrics uses it; who uses that package requires Micrometer too
  requires static micrometer.core;

  exports dev.care.storage;
  exports dev.care.storage.ledger;
  exports dev.care.storage.memory;
  exports dev.care.storage.messaging;
  exports dev.care.storage.metrics;
  exports dev.care.storage.outbox;
  exports dev.care.storage.dispatch;
}
