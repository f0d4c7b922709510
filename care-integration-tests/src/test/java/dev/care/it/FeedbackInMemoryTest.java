package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("two-way feedback and the erasure event through the engine, in memory")
class FeedbackInMemoryTest extends FeedbackContract {
  @Override
  StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
