package dev.care.it;

import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the nightly run beside real life, in memory")
class NightlyRunInMemoryTest extends NightlyRunContract {
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
}
