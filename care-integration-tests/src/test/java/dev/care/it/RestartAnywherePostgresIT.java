package dev.care.it;

import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;

@DisplayName("L31 restart anywhere, on PostgreSQL")
class RestartAnywherePostgresIT extends RestartAnywhereContract {
  @Override
  StorageFixture newFixture() {
    return new PostgresFixture();
  }

  @Override
  LongStream seeds() {
    return Seeds.postgres();
  }

  @Override
  int customers() {
    return 8;
  }
}
