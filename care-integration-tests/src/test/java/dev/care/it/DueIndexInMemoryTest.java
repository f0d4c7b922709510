package dev.care.it;

import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the nightly run's due index, in memory")
class DueIndexInMemoryTest extends DueIndexContract {
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
