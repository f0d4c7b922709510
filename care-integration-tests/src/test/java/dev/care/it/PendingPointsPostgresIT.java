package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("pending points become available without a visit, on PostgreSQL")
class PendingPointsPostgresIT extends PendingPointsContract {
  @Override
  StorageFixture newFixture() {
    return new PostgresFixture();
  }
}
