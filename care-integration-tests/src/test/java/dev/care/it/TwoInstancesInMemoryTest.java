package dev.care.it;

import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;

@DisplayName("L32 two instances, in memory")
class TwoInstancesInMemoryTest extends TwoInstancesContract {
  @Override
  StorageFixture newFixture() {
    return new InMemoryFixture();
  }

  @Override
  LongStream seeds() {
    return Seeds.memory();
  }

  @Override
  int customers() {
    return 16;
  }

  @Override
  int commandsPerInstance() {
    return 400;
  }
}
