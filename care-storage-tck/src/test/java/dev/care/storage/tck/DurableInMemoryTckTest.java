package dev.care.storage.tck;

import dev.care.storage.CareStorage;

/**
 * The kit over instances that share one in-memory store, declared {@code DURABLE}: the contracts
 * that need a second instance over the same data run, and pass, on a correct adapter.
 */
class DurableInMemoryTckTest extends CareStorageCompatibilityKit {
  @Override
  protected CareStorage newStorage() {
    return new SharedInMemoryStorage(faults.inMemory());
  }

  @Override
  protected CareStorage reopen(CareStorage existing) {
    return ((SharedInMemoryStorage) existing).reopened();
  }
}
