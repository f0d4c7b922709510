package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.CommitOutcomeUnknownException;
import dev.care.storage.StorageException;
import dev.care.storage.ledger.DurableLedger;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * The connection breaks around the commit (the COMMIT of a transaction, or the one statement of a
 * unit that commits on its own). If the reply to COMMIT is lost the adapter cannot know whether it
 * happened, and must say so ({@link CommitOutcomeUnknownException}), never report a plain failure;
 * a retry with the same key then finds the committed transaction. If the commit is refused before
 * it reaches the server, it is a plain {@link StorageException}.
 */
class CommitOutcomeIT {
  private static final PostingContext CTX = PostingContext.of("commit", "test");
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));

  /** What the next commit does. */
  private enum Fault {
    NONE,
    COMMIT_THEN_LOSE_REPLY,
    LOSE_CONNECTION_INSTEAD,
    /** The commit lands, then the driver fails with no SQLSTATE and no answer from the server. */
    COMMIT_THEN_FAIL_WITHOUT_STATE
  }

  private final AtomicReference<Fault> next = new AtomicReference<>(Fault.NONE);

  /** An adapter over a fresh schema whose connections break as told. */
  private PostgresStorage faultyStorage() {
    return PostgresStorage.builder(faulty(TestDatabase.dataSource()))
        .schema(TestDatabase.freshSchema())
        .build();
  }

  private DurableLedger ledger(PostgresStorage storage) {
    return new DurableLedger(storage, PointsPolicy.defaults(), WalletPolicy.defaults(), clock);
  }

  /** A data source whose connections break at commit as told. */
  private DataSource faulty(DataSource real) {
    return new DelegatingDataSource(real) {
      @Override
      public Connection getConnection() throws SQLException {
        return wrap(super.getConnection());
      }

      @Override
      public Connection getConnection(String user, String password) throws SQLException {
        return wrap(super.getConnection(user, password));
      }
    };
  }

  /**
   * A connection that breaks as told where the unit commits: at {@code commit()}, or, for a unit
   * written by one statement committing on its own (autocommit), at that statement.
   */
  private Connection wrap(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("commit")) {
                return breakAround(
                    () -> {
                      c.commit();
                      return null;
                    },
                    c::rollback);
              }
              Object result = invoke(c, method, args);
              // the unit's statement (Sql.appendJournals), not the reads before it
              if (method.getName().equals("prepareStatement")
                  && ((String) args[0]).startsWith("WITH e AS")) {
                PreparedStatement statement = (PreparedStatement) result;
                return Proxy.newProxyInstance(
                    PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class},
                    (p, m, a) ->
                        m.getName().startsWith("execute") && c.getAutoCommit()
                            ? breakAround(() -> invoke(statement, m, a), () -> {})
                            : invoke(statement, m, a));
              }
              return result;
            });
  }

  private interface Call {
    Object run() throws Throwable;
  }

  private interface Undo {
    void run() throws SQLException;
  }

  /** Runs the committing call with the next fault around it. */
  private Object breakAround(Call commit, Undo undo) throws Throwable {
    Fault fault = next.getAndSet(Fault.NONE);
    if (fault == Fault.LOSE_CONNECTION_INSTEAD) {
      undo.run();
      throw new PSQLException("injected: connection lost", PSQLState.CONNECTION_FAILURE);
    }
    Object result = commit.run();
    if (fault == Fault.COMMIT_THEN_LOSE_REPLY) {
      throw new PSQLException("injected: reply to COMMIT lost", PSQLState.CONNECTION_FAILURE);
    }
    if (fault == Fault.COMMIT_THEN_FAIL_WITHOUT_STATE) {
      throw new SQLException("injected: socket closed");
    }
    return result;
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  @DisplayName(
      "a lost reply to the COMMIT of a two-customer unit is an unknown outcome; the retry finds"
          + " the commit")
  void lost_reply_to_a_transaction_is_unknown_outcome() {
    PostgresStorage storage = faultyStorage();
    DurableLedger ledger = ledger(storage);
    CustomerId dee = CustomerId.of("dee");
    CustomerId eve = CustomerId.of("eve");
    Earn toDee = Earn.of(IdempotencyKey.of("two-dee"), dee, 5, CTX);
    Earn toEve = Earn.of(IdempotencyKey.of("two-eve"), eve, 6, CTX);

    next.set(Fault.COMMIT_THEN_LOSE_REPLY);
    assertThatThrownBy(
            () ->
                ledger.update(
                    List.of(dee, eve),
                    a -> {
                      a.execute(toDee);
                      return a.execute(toEve);
                    }))
        .isInstanceOf(CommitOutcomeUnknownException.class)
        .hasMessageContaining("may or may not have happened");
    assertThat(storage.journal(dee, 0, 10)).hasSize(1);
    assertThat(storage.journal(eve, 0, 10)).hasSize(1);

    assertThat(ledger.execute(toDee).isApplied()).isTrue();
    assertThat(ledger.execute(toEve).isApplied()).isTrue();
    assertThat(storage.journal(dee, 0, 10)).hasSize(1);
    assertThat(ledger.points(eve).posted()).isEqualTo(6);
  }

  @Test
  @DisplayName("a lost reply to COMMIT is an unknown outcome; the retry finds the commit")
  void lost_reply_is_unknown_outcome() {
    PostgresStorage storage = faultyStorage();
    DurableLedger ledger = ledger(storage);
    Earn earn = Earn.of(IdempotencyKey.of("lost-reply"), CustomerId.of("ann"), 10, CTX);

    next.set(Fault.COMMIT_THEN_LOSE_REPLY);
    assertThatThrownBy(() -> ledger.execute(earn))
        .isInstanceOf(CommitOutcomeUnknownException.class)
        .hasMessageContaining("may or may not have happened")
        .hasCauseInstanceOf(PSQLException.class);
    assertThat(storage.journal(CustomerId.of("ann"), 0, 10)).hasSize(1);

    Outcome retried = ledger.execute(earn);
    assertThat(retried.isApplied()).isTrue();
    assertThat(storage.journal(CustomerId.of("ann"), 0, 10)).hasSize(1);
    assertThat(ledger.points(CustomerId.of("ann")).posted()).isEqualTo(10);
  }

  @Test
  @DisplayName(
      "a commit that never happened is unknown to the caller too, and the retry applies it")
  void lost_connection_before_commit() {
    PostgresStorage storage = faultyStorage();
    DurableLedger ledger = ledger(storage);
    Earn earn = Earn.of(IdempotencyKey.of("lost-conn"), CustomerId.of("bob"), 7, CTX);

    next.set(Fault.LOSE_CONNECTION_INSTEAD);
    assertThatThrownBy(() -> ledger.execute(earn))
        .isInstanceOf(CommitOutcomeUnknownException.class);
    assertThat(storage.journal(CustomerId.of("bob"), 0, 10)).isEmpty();

    assertThat(ledger.execute(earn).isApplied()).isTrue();
    assertThat(storage.journal(CustomerId.of("bob"), 0, 10)).hasSize(1);
    assertThat(ledger.execute(earn)).isEqualTo(storage.transactionFor(earn.key()).get().outcome());
  }

  @Test
  @DisplayName(
      "a commit failing with no answer from the server (no SQLSTATE) is an unknown outcome, not a"
          + " plain failure")
  void failure_without_an_answer_is_unknown_outcome() {
    PostgresStorage storage = faultyStorage();
    DurableLedger ledger = ledger(storage);
    Earn earn = Earn.of(IdempotencyKey.of("no-state"), CustomerId.of("cy"), 3, CTX);

    next.set(Fault.COMMIT_THEN_FAIL_WITHOUT_STATE);
    assertThatThrownBy(() -> ledger.execute(earn))
        .isInstanceOf(CommitOutcomeUnknownException.class)
        .hasCauseInstanceOf(SQLException.class);
    assertThat(storage.journal(CustomerId.of("cy"), 0, 10)).hasSize(1);
    assertThat(ledger.execute(earn).isApplied()).isTrue();
    assertThat(storage.journal(CustomerId.of("cy"), 0, 10)).hasSize(1);
  }
}
