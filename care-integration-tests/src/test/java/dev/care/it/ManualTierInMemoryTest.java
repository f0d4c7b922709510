package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("manual tier through the engine, in memory")
class ManualTierInMemoryTest extends ManualTierContract {
  @Override
  StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
