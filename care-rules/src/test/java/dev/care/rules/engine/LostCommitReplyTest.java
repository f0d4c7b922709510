package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Outcome;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.rules.testing.Programs;
import dev.care.storage.CommitOutcomeUnknownException;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The store loses the reply to a command's commit (beneath the adapter, which honestly reports
 * "outcome unknown"): the engine reports the command as {@link CommandOutcome#UNKNOWN}, not as
 * failed, and passes the exception on; the caller's retry of the same call has exactly one effect,
 * whether the commit had landed or not.
 */
class LostCommitReplyTest {
  private static final CustomerId ANN = CustomerId.of("ann");

  /** What the next commit does: pass, land and lose the reply, or be lost on its way. */
  private enum Next {
    PASS,
    LOSE_REPLY,
    LOSE_COMMIT
  }

  private volatile Next next = Next.PASS;
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-05T10:00:00Z"));
  private final InMemoryStorage storage =
      new InMemoryStorage(
          new InMemoryStorage.Transport() {
            @Override
            public void commit(Runnable apply) {
              Next fault = next;
              next = Next.PASS;
              if (fault != Next.LOSE_COMMIT) {
                apply.run();
              }
              if (fault != Next.PASS) {
                throw new IllegalStateException("injected: connection reset");
              }
            }
          });
  private final List<CommandReport> reports = new CopyOnWriteArrayList<>();
  private final CareEngine engine =
      CareEngine.builder()
          .program(Programs.salon())
          .storage(storage)
          .clock(clock)
          .observer(
              new EngineObserver() {
                @Override
                public void commandDone(CommandReport report) {
                  reports.add(report);
                }
              })
          .build();

  private void register() {
    engine.register(Customer.register(ANN, Profile.named("Ann"), clock.instant()));
  }

  private CommandReport last() {
    return reports.get(reports.size() - 1);
  }

  @Test
  @DisplayName(
      "a purchase whose commit landed but whose reply was lost is 'unknown', and its retry earns"
          + " once")
  void purchase_reply_lost() {
    register();
    Purchase purchase = Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 5_000));
    next = Next.LOSE_REPLY;
    assertThatThrownBy(() -> engine.recordPurchase(purchase))
        .isInstanceOf(CommitOutcomeUnknownException.class);
    assertThat(last().outcome()).isEqualTo(CommandOutcome.UNKNOWN);
    var balance = engine.points(ANN);
    assertThat(balance.posted()).as("the commit landed").isPositive();
    assertThat(storage.journal(ANN, 0, 100)).hasSize(1);

    PurchaseOutcome retried = engine.recordPurchase(purchase);
    assertThat(retried.duplicate()).as("the retry finds the landed purchase").isTrue();
    assertThat(retried.earnings())
        .as("and answers with what it earned")
        .containsExactly(storage.journal(ANN, 0, 100).get(0).outcome());
    assertThat(last().outcome()).isEqualTo(CommandOutcome.DUPLICATE);
    assertThat(engine.points(ANN)).isEqualTo(balance);
    assertThat(storage.journal(ANN, 0, 100)).hasSize(1);
  }

  @Test
  @DisplayName("a purchase whose commit was lost on its way is 'unknown', and its retry earns once")
  void purchase_commit_lost() {
    register();
    Purchase purchase = Purchase.of("O-2", ANN, clock.instant(), Money.ofMinor("EUR", 5_000));
    next = Next.LOSE_COMMIT;
    assertThatThrownBy(() -> engine.recordPurchase(purchase))
        .isInstanceOf(CommitOutcomeUnknownException.class);
    assertThat(last().outcome()).isEqualTo(CommandOutcome.UNKNOWN);
    assertThat(storage.journal(ANN, 0, 100)).as("nothing landed").isEmpty();

    PurchaseOutcome retried = engine.recordPurchase(purchase);
    assertThat(retried.duplicate()).isFalse();
    assertThat(retried.pointsEarned()).isPositive();
    assertThat(last().outcome()).isEqualTo(CommandOutcome.COMMITTED);
    assertThat(storage.journal(ANN, 0, 100)).hasSize(1);
    assertThat(engine.recordPurchase(purchase).duplicate()).isTrue();
    assertThat(storage.journal(ANN, 0, 100)).hasSize(1);
  }

  @Test
  @DisplayName(
      "a top-up whose reply was lost, retried with its key, answers as the first and pays once")
  void top_up_reply_lost() {
    register();
    IdempotencyKey key = IdempotencyKey.of("top-up-1");
    next = Next.LOSE_REPLY;
    assertThatThrownBy(() -> engine.topUp(key, ANN, Money.ofMinor("EUR", 2_000)))
        .isInstanceOf(CommitOutcomeUnknownException.class);
    assertThat(last().outcome()).isEqualTo(CommandOutcome.UNKNOWN);

    Outcome retried = engine.topUp(key, ANN, Money.ofMinor("EUR", 2_000));
    assertThat(retried.isApplied()).isTrue();
    assertThat(retried).isEqualTo(storage.transactionFor(key).orElseThrow().outcome());
    assertThat(engine.wallet(ANN).paid()).isEqualTo(Money.ofMinor("EUR", 2_000));
  }
}
