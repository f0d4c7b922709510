package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("manual tier through the engine, on PostgreSQL")
class ManualTierPostgresIT extends ManualTierContract {
  @Override
  StorageFixture newFixture() {
    return new PostgresFixture();
  }
}
