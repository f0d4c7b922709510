package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.StorageException;
import dev.care.storage.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * On a data source whose transactions are REPEATABLE READ, a unit that updates a row another
 * session changed meanwhile fails with a serialization failure (SQLSTATE 40001). The adapter
 * re-runs the unit, which now sees the new version and reports an honest {@link
 * ConcurrencyConflictException}; without retries the 40001 surfaces as a {@link StorageException}
 * with the cause attached. Either way nothing of the unit is written.
 */
class SerializationRetryIT {
  private static final CustomerId ANN = CustomerId.of("sr-ann");
  private static final Instant AT = Instant.parse("2026-06-01T10:00:00Z");

  private static Throwable commitAfterConcurrentUpdate(RetryPolicy policy) throws Exception {
    try (HikariDataSource repeatable =
        TestDatabase.newPool(
            "repeatable-read", 3, c -> c.setTransactionIsolation("TRANSACTION_REPEATABLE_READ"))) {
      PostgresStorage storage =
          PostgresStorage.builder(repeatable)
              .schema(TestDatabase.freshSchema())
              .retryPolicy(policy)
              .build();
      try (UnitOfWork u = storage.begin()) {
        u.putCustomer(Customer.register(ANN, Profile.named("Ann"), AT), 0);
        u.commit();
      }
      try (Connection foreign = TestDatabase.dataSource().getConnection();
          Connection watcher = TestDatabase.dataSource().getConnection()) {
        foreign.setAutoCommit(false);
        try (PreparedStatement s =
            foreign.prepareStatement(
                "UPDATE \""
                    + storage.schema()
                    + "\".customer SET version = version + 1 WHERE customer_id = 'sr-ann'")) {
          s.executeUpdate();
        }
        UnitOfWork unit = storage.begin();
        unit.putCustomer(
            Customer.register(ANN, Profile.named("Ann"), AT).withProfile(Profile.named("Ann B.")),
            1);
        CompletableFuture<Void> commit = CompletableFuture.runAsync(unit::commit);
        TestDatabase.waitForBackendBlockedOn(watcher, storage.schema() + "\".customer");
        foreign.commit();
        try {
          commit.get(1, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
          assertThat(storage.customer(ANN).orElseThrow().value().profile().name())
              .as("nothing of the unit written")
              .isEqualTo("Ann");
          return e.getCause();
        }
      }
    }
    throw new AssertionError("the unit committed over a concurrent update");
  }

  @Test
  @DisplayName("a serialization failure is re-run, and the re-run reports the real conflict")
  void serialization_failure_is_retried() throws Exception {
    assertThat(commitAfterConcurrentUpdate(RetryPolicy.defaults()))
        .isInstanceOf(ConcurrencyConflictException.class)
        .hasMessageContaining("customer sr-ann: expected version 1 but found 2");
  }

  @Test
  @DisplayName("without retries the serialization failure surfaces with its cause")
  void serialization_failure_without_retry() throws Exception {
    assertThat(commitAfterConcurrentUpdate(RetryPolicy.none()))
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(ConcurrencyConflictException.class)
        .hasMessageContaining("40001")
        .hasCauseInstanceOf(SQLException.class);
  }
}
