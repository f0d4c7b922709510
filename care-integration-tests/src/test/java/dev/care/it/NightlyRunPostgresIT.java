package dev.care.it;

import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the nightly run beside real life, on PostgreSQL")
class NightlyRunPostgresIT extends NightlyRunContract {
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
    return 10;
  }
}
