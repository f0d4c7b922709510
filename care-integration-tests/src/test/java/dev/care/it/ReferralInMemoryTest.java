package dev.care.it;

import org.junit.jupiter.api.DisplayName;

@DisplayName("referrals through the engine, in memory")
class ReferralInMemoryTest extends ReferralContract {
  @Override
  StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
