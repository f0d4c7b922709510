package dev.care.it;

import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;

@DisplayName("L32 two instances, on PostgreSQL")
class TwoInstancesPostgresIT extends TwoInstancesContract {
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

  @Override
  int commandsPerInstance() {
    return 150;
  }
}
