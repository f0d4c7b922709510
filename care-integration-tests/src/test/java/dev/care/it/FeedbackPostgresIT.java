package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("two-way feedback and the erasure event through the engine, on PostgreSQL")
class FeedbackPostgresIT extends FeedbackContract {
  @Override
  StorageFixture newFixture() {
    return new PostgresFixture();
  }
}
