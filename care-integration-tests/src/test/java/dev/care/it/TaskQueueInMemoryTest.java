package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("the staff task queue through the engine, in memory")
class TaskQueueInMemoryTest extends TaskQueueContract {
  @Override
  StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
