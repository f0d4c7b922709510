package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("pending points become available without a visit, in memory")
class PendingPointsInMemoryTest extends PendingPointsContract {
  @Override
  StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
