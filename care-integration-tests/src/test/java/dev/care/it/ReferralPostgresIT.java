package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("referrals through the engine, on PostgreSQL")
class ReferralPostgresIT extends ReferralContract {
  @Override
  StorageFixture newFixture() {
    return new PostgresFixture();
  }
}
