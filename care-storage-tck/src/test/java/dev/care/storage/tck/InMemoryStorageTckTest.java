package dev.care.storage.tck;

import dev.care.storage.CareStorage;
import dev.care.storage.ForwardingCareStorage;
import dev.care.storage.memory.InMemoryStorage;

/** The reference adapter runs the whole kit. */
class InMemoryStorageTckTest extends CareStorageCompatibilityKit {
  @Override
  protected CareStorage newStorage() {
    return new InMemoryStorage(faults.inMemory());
  }

  @Override
  protected CareStorage reopen(CareStorage existing) {
    // an in-memory store's instances hold nothing but the data: a view over it is a second one
    return new ForwardingCareStorage(existing) {};
  }
}
