package dev.care.examples.storage;

import dev.care.storage.CareStorage;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.tck.CareStorageCompatibilityKit;

/** The example adapter runs the whole conformance kit, over the in-memory adapter. */
class MeteredStorageTckTest extends CareStorageCompatibilityKit {
  @Override
  protected CareStorage newStorage() {
    return new MeteredStorage(new InMemoryStorage());
  }
}
