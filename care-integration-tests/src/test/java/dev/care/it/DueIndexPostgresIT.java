package dev.care.it;

import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the nightly run's due index, on PostgreSQL")
class DueIndexPostgresIT extends DueIndexContract {
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
