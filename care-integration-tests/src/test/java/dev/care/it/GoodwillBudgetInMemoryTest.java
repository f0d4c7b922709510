package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("the goodwill budget across instances, in memory")
class GoodwillBudgetInMemoryTest extends GoodwillBudgetContract {
  @Override
  StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
