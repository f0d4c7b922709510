package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("L33 races through the engine, on PostgreSQL")
class RacesPostgresIT extends RacesContract {
  @Override
  StorageFixture newFixture() {
    return new PostgresFixture();
  }

  @Override
  int commandsPerThread() {
    return 40;
  }
}
