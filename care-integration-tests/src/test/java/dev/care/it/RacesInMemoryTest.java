package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("L33 races through the engine, in memory")
class RacesInMemoryTest extends RacesContract {
  @Override
  StorageFixture newFixture() {
    return new InMemoryFixture();
  }

  @Override
  int commandsPerThread() {
    return 150;
  }
}
