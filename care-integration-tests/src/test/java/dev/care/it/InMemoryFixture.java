package dev.care.it;

import dev.care.storage.CareStorage;
import dev.care.storage.memory.InMemoryStorage;

/** In memory: the store is the data, so a restart and a second instance share it. */
final class InMemoryFixture implements StorageFixture {
  private final InMemoryStorage storage = new InMemoryStorage();

  @Override
  public CareStorage storage() {
    return storage;
  }

  @Override
  public CareStorage reopen() {
    return storage;
  }

  @Override
  public CareStorage secondInstance() {
    return storage;
  }

  @Override
  public void close() {}
}
