package dev.care.storage.tck;

import dev.care.storage.CareStorage;
import dev.care.storage.ForwardingCareStorage;
import dev.care.storage.memory.InMemoryStorage;
import java.util.EnumSet;
import java.util.Set;

/**
 * A correct stand-in for a durable adapter: every instance {@link #reopened()} forwards to the same
 * in-memory store, as instances of a database adapter share one database. It declares {@code
 * DURABLE}, so the contracts that need a second instance over the same data run against it.
 */
final class SharedInMemoryStorage extends ForwardingCareStorage {
  SharedInMemoryStorage(InMemoryStorage.Transport transport) {
    this(new InMemoryStorage(transport));
  }

  private SharedInMemoryStorage(CareStorage data) {
    super(data);
  }

  /** A second instance over the same data. */
  SharedInMemoryStorage reopened() {
    return new SharedInMemoryStorage(delegate());
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.DURABLE);
  }
}
