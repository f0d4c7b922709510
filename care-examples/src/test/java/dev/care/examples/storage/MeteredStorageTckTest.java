package dev.care.examples.storage;

import dev.care.storage.CareStorage;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.tck.CareStorageCompatibilityKit;

/**
 * The example adapter runs the whole conformance kit, over the in-memory adapter: the kit's fault
 * plan goes to the in-memory store's transport, and a second instance is a new {@code
 * MeteredStorage} over the same store.
 */
class MeteredStorageTckTest extends CareStorageCompatibilityKit {
  private InMemoryStorage data;

  @Override
  protected CareStorage newStorage() {
    data = new InMemoryStorage(faults.inMemory());
    return new MeteredStorage(data);
  }

  @Override
  protected CareStorage reopen(CareStorage existing) {
    return new MeteredStorage(data);
  }
}
