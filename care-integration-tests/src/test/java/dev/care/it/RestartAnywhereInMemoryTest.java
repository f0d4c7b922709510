package dev.care.it;

import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;

@DisplayName("L31 restart anywhere, in memory")
class RestartAnywhereInMemoryTest extends RestartAnywhereContract {
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
