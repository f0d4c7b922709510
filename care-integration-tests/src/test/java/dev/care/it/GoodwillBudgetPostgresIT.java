package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("the goodwill budget across instances, on PostgreSQL")
class GoodwillBudgetPostgresIT extends GoodwillBudgetContract {
  @Override
  StorageFixture newFixture() {
    return new PostgresFixture();
  }
}
