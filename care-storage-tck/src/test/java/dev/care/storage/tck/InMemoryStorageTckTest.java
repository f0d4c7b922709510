package dev.care.storage.tck;

import dev.care.storage.CareStorage;
import dev.care.storage.memory.InMemoryStorage;

/** The reference adapter runs the whole kit. */
class InMemoryStorageTckTest extends CareStorageCompatibilityKit {
  @Override
  protected CareStorage newStorage() {
    return new InMemoryStorage();
  }
}
