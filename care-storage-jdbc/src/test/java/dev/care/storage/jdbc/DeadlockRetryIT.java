package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.storage.StorageException;
import dev.care.storage.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A unit of work that PostgreSQL aborts as a deadlock victim (SQLSTATE 40P01) is re-run under the
 * {@link RetryPolicy} and commits once; without retries it fails cleanly with the cause attached.
 * The deadlock is made by a foreign session that locks the rows in the opposite order to the
 * adapter's fixed order (segments before customers).
 */
class DeadlockRetryIT {
  private static final CustomerId ANN = CustomerId.of("dl-ann");
  private static final Instant AT = Instant.parse("2026-06-01T10:00:00Z");

  private static PostgresStorage storage(RetryPolicy policy) {
    PostgresStorage s =
        PostgresStorage.builder(TestDatabase.dataSource())
            .schema(TestDatabase.freshSchema())
            .retryPolicy(policy)
            .build();
    try (UnitOfWork u = s.begin()) {
      u.putSegmentDefinition("vip", "tier in (GOLD)", 0);
      u.putCustomer(Customer.register(ANN, Profile.named("Ann"), AT), 0);
      u.commit();
    }
    return s;
  }

  /**
   * Runs the unit while a foreign session closes a lock cycle with it. PostgreSQL picks as victim
   * the session whose deadlock check first sees the cycle; the foreign session checks late (a long
   * deadlock_timeout where the user may set it), and if it is the victim anyway the scenario is run
   * again, so the adapter's transaction is the one aborted.
   *
   * @return the commit's failure, if it failed
   */
  private static Optional<Throwable> commitIntoDeadlock(PostgresStorage s, int version)
      throws Exception {
    for (int round = 0; round < 5; round++) {
      try (Connection foreign = TestDatabase.dataSource().getConnection();
          Connection watcher = TestDatabase.dataSource().getConnection()) {
        foreign.setAutoCommit(false);
        try {
          exec(foreign, "SET LOCAL deadlock_timeout = '20s'");
        } catch (SQLException notSuperuser) {
          foreign.rollback();
        }
        exec(
            foreign,
            "UPDATE \"" + s.schema() + "\".customer SET doc = doc WHERE customer_id = 'dl-ann'");
        UnitOfWork unit = s.begin();
        unit.putSegmentDefinition("vip", "tier in (GOLD, PLATINUM)", version);
        unit.putCustomer(
            Customer.register(ANN, Profile.named("Ann"), AT).withProfile(Profile.named("Ann B.")),
            version);
        CompletableFuture<Void> commit = CompletableFuture.runAsync(unit::commit);
        TestDatabase.waitForBackendBlockedOn(watcher, s.schema() + "\".customer");
        boolean foreignVictim = false;
        try {
          exec(
              foreign,
              "UPDATE \"" + s.schema() + "\".segment SET definition = definition WHERE id = 'vip'");
          foreign.commit();
        } catch (SQLException e) {
          foreignVictim = true;
          foreign.rollback();
        }
        Optional<Throwable> failure = Optional.empty();
        try {
          commit.get(1, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
          failure = Optional.of(e.getCause());
        }
        if (!foreignVictim) {
          return failure;
        }
        // the foreign session lost: the unit committed without a deadlock; undo and go again
        version++;
      }
    }
    throw new AssertionError("the adapter's transaction was never the deadlock victim");
  }

  @Test
  @DisplayName("a deadlock victim is re-run and commits once")
  void deadlock_is_retried() throws Exception {
    PostgresStorage s = storage(new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(50)));
    assertThat(commitIntoDeadlock(s, 1)).isEmpty();
    long version = s.customer(ANN).orElseThrow().version();
    assertThat(s.segmentDefinitions().get("vip").version()).isEqualTo(version);
    assertThat(s.customer(ANN).orElseThrow().value().profile().name()).isEqualTo("Ann B.");
  }

  @Test
  @DisplayName("without retries the deadlock fails the commit, cause attached, nothing written")
  void deadlock_without_retry_fails_cleanly() throws Exception {
    PostgresStorage s = storage(RetryPolicy.none());
    Throwable failure = commitIntoDeadlock(s, 1).orElseThrow();
    assertThat(failure)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("40P01")
        .hasMessageContaining("nothing written")
        .hasCauseInstanceOf(SQLException.class);
    // the aborted unit wrote neither of its two rows: both stay at the same version
    assertThat(s.customer(ANN).orElseThrow().version())
        .isEqualTo(s.segmentDefinitions().get("vip").version());
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.executeUpdate();
    }
  }
}
