package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.StorageException;
import dev.care.storage.UnitOfWork;
import dev.care.storage.ledger.DurableLedger;
import dev.care.storage.outbox.DeliveryStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The database connection dies in the middle of a unit of work: another session ends it with {@code
 * pg_terminate_backend} while the unit has written a customer row and waits to write its journal
 * and outbox rows. Nothing of it may persist, and a retry with the same idempotency key applies it
 * once.
 */
class CrashIT {
  private static final PostingContext CTX = PostingContext.of("crash", "test");
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));

  @Test
  @DisplayName("a connection killed mid-transaction leaves nothing; the retry applies once")
  void killed_mid_transaction() throws Exception {
    PostgresStorage storage = TestDatabase.freshStorage();
    DurableLedger ledger =
        new DurableLedger(storage, PointsPolicy.defaults(), WalletPolicy.defaults(), clock);
    CustomerId ann = CustomerId.of("crash-ann");
    ledger.execute(Earn.of(IdempotencyKey.of("before"), ann, 5, CTX));
    long sequence = storage.journal(ann, 0, 100).size();
    int messages = storage.messages(DeliveryStatus.PENDING).size();
    Earn earn = Earn.of(IdempotencyKey.of("killed"), ann, 10, CTX);
    // the unit also registers a customer: that insert runs first, then the journal and outbox
    Customer bob =
        Customer.register(CustomerId.of("crash-bob"), Profile.named("Bob"), clock.instant());
    Consumer<UnitOfWork> registerBob = u -> u.putCustomer(bob, 0);

    CompletableFuture<Outcome> attempt;
    try (Connection blocker = TestDatabase.dataSource().getConnection();
        Connection watcher = TestDatabase.dataSource().getConnection()) {
      // hold the outbox so the unit stops inside its transaction, after its customer insert
      blocker.setAutoCommit(false);
      try (Statement s = blocker.createStatement()) {
        s.execute("LOCK TABLE \"" + storage.schema() + "\".outbox IN EXCLUSIVE MODE");
      }
      attempt =
          CompletableFuture.supplyAsync(
              () -> ledger.update(List.of(ann), a -> registerBobAnd(a, registerBob, earn)));
      // (the unit's journal statement writes the outbox late in its text, which pg_stat_activity
      // may cut short: the lock wait is found by the schema)
      int victim = TestDatabase.waitForBackendBlockedOn(watcher, "\"" + storage.schema() + "\".");
      try (PreparedStatement kill = watcher.prepareStatement("SELECT pg_terminate_backend(?)")) {
        kill.setInt(1, victim);
        try (ResultSet rs = kill.executeQuery()) {
          assertThat(rs.next() && rs.getBoolean(1)).as("backend terminated").isTrue();
        }
      }
      assertThatThrownBy(() -> attempt.get(1, TimeUnit.MINUTES))
          .hasCauseInstanceOf(StorageException.class)
          .cause()
          .hasMessageContaining("connection broke before the commit")
          .hasRootCauseInstanceOf(org.postgresql.util.PSQLException.class);
      blocker.rollback();
    }

    // nothing of the killed unit persisted: no journal row, no outbox row, no key
    assertThat(storage.journal(ann, 0, 100).size()).isEqualTo(sequence);
    assertThat(storage.transactionFor(earn.key())).isEmpty();
    assertThat(storage.customer(bob.id())).isEmpty();
    assertThat(storage.messages(DeliveryStatus.PENDING)).hasSize(messages);
    assertThat(storage.message("tx/" + ann.value() + "/" + (sequence + 1))).isEmpty();

    // the retry with the same key applies once, and a second retry finds the first
    Outcome retried = ledger.update(List.of(ann), a -> registerBobAnd(a, registerBob, earn));
    assertThat(storage.customer(bob.id())).hasValueSatisfying(v -> assertThat(v.version()).isOne());
    assertThat(retried.isApplied()).isTrue();
    assertThat(storage.journal(ann, 0, 100).size()).isEqualTo(sequence + 1);
    assertThat(ledger.execute(earn)).isEqualTo(retried);
    DurableLedger restarted =
        new DurableLedger(
            PostgresStorage.builder(TestDatabase.newPool("crash-restart", 2))
                .schema(storage.schema())
                .build(),
            PointsPolicy.defaults(),
            WalletPolicy.defaults(),
            clock);
    assertThat(restarted.execute(earn)).isEqualTo(retried);
    assertThat(storage.journal(ann, 0, 100).size()).isEqualTo(sequence + 1);
    assertThat(restarted.points(ann).posted()).isEqualTo(15);
  }

  private static Outcome registerBobAnd(
      DurableLedger.Attempt attempt, Consumer<UnitOfWork> registerBob, Earn earn) {
    attempt.alsoWrite(registerBob);
    return attempt.execute(earn);
  }
}
