package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("the staff task queue through the engine, on PostgreSQL")
class TaskQueuePostgresIT extends TaskQueueContract {
  @Override
  StorageFixture newFixture() {
    return new PostgresFixture();
  }
}
