package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("erasure through the engine, in memory")
class ErasureInMemoryTest extends ErasureContract {
  @Override
  StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
