package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("erasure through the engine, on PostgreSQL")
class ErasurePostgresIT extends ErasureContract {
  @Override
  StorageFixture newFixture() {
    return new PostgresFixture();
  }
}
