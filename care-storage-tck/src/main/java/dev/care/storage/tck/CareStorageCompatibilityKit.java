package dev.care.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.AccountId;
import dev.care.core.ledger.Asset;
import dev.care.core.ledger.Command;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PlaceHold;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.Redeem;
import dev.care.core.ledger.Reverse;
import dev.care.core.ledger.Transaction;
import dev.care.core.ledger.Transfer;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.Spend;
import dev.care.core.wallet.TopUp;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.CareStorage;
import dev.care.storage.CommitOutcomeUnknownException;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.StorageException;
import dev.care.storage.UnitOfWork;
import dev.care.storage.ledger.DurableLedger;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

/**
 * The storage conformance kit. An adapter's test is a few lines:
 *
 * <pre>{@code
 * class MyStorageTckTest extends CareStorageCompatibilityKit {
 *   @Override
 *   protected CareStorage newStorage() {
 *     return new MyStorage(freshDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>Each contract group is a {@code @Nested} class. Time comes from a {@link ManualClock} (no
 * sleeps). Override {@link #reopen} if your adapter is durable, to prove that data and idempotency
 * survive a restart; override {@link #concurrencyOperations} to run more or fewer racing
 * operations.
 */
public abstract class CareStorageCompatibilityKit {
  /** For subclasses: an adapter's test extends the kit and supplies the store. */
  protected CareStorageCompatibilityKit() {}

  /** The clock every contract uses. */
  protected final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));

  /** The storage under test, fresh for each test. */
  protected CareStorage storage;

  /**
   * A new, empty storage.
   *
   * @return the adapter under test
   */
  protected abstract CareStorage newStorage();

  /**
   * The same data seen by a new adapter instance, as after an application restart. The default
   * returns the same instance (for in-memory adapters).
   *
   * @param existing the storage written so far
   * @return a storage over the same data
   */
  protected CareStorage reopen(CareStorage existing) {
    return existing;
  }

  /**
   * Racing operations per thread in the concurrency contracts (8 threads).
   *
   * @return operations per thread
   */
  protected int concurrencyOperations() {
    return 1000;
  }

  @BeforeEach
  void freshStorage() {
    storage = newStorage();
  }

  static final CustomerId ANN = CustomerId.of("tck-ann");
  static final CustomerId BOB = CustomerId.of("tck-bob");
  static final PostingContext CTX = PostingContext.of("tck", "tck");

  static Customer customer(CustomerId id, String name) {
    return Customer.register(id, Profile.named(name), Instant.parse("2026-01-01T00:00:00Z"));
  }

  DurableLedger ledger(CareStorage s) {
    return new DurableLedger(s, PointsPolicy.defaults(), WalletPolicy.defaults(), clock);
  }

  static IdempotencyKey key(String k) {
    return IdempotencyKey.of(k);
  }

  void commit(java.util.function.Consumer<UnitOfWork> writes) {
    try (UnitOfWork uow = storage.begin()) {
      writes.accept(uow);
      uow.commit();
    }
  }

  /** Customers, consumption records, interactions, segment definitions, care actions. */
  @Nested
  @DisplayName("stores and reads every record")
  class Records {
    @Test
    @DisplayName("a customer file is stored, versioned and read back")
    void customers() {
      commit(u -> u.putCustomer(customer(ANN, "Ann"), 0));
      assertThat(storage.customer(ANN))
          .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
      Customer renamed = storage.customer(ANN).get().value().withProfile(Profile.named("Ann B."));
      commit(u -> u.putCustomer(renamed, 1));
      assertThat(storage.customer(ANN).get().value().profile().name()).isEqualTo("Ann B.");
      assertThat(storage.customer(ANN).get().version()).isEqualTo(2);
      assertThat(storage.customer(BOB)).isEmpty();
    }

    @Test
    @DisplayName("customer ids page in id order")
    void paging() {
      commit(
          u -> {
            for (int i = 0; i < 5; i++) {
              u.putCustomer(customer(CustomerId.of("c" + i), "C" + i), 0);
            }
          });
      assertThat(storage.customerIds(Optional.empty(), 2))
          .containsExactly(CustomerId.of("c0"), CustomerId.of("c1"));
      assertThat(storage.customerIds(Optional.of(CustomerId.of("c1")), 10)).hasSize(3);
    }

    @Test
    @DisplayName("consumption records keep their order and ids are unique per customer")
    void consumption() {
      Purchase p1 = Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 4500));
      Purchase p2 = Purchase.of("O-2", ANN, clock.instant(), Money.ofMinor("EUR", 500));
      commit(
          u -> {
            u.addConsumption(p1);
            u.addConsumption(p2);
          });
      assertThat(storage.consumption(ANN)).containsExactly(p1, p2);
      assertThatThrownBy(() -> commit(u -> u.addConsumption(p1)))
          .isInstanceOf(StorageException.class);
      assertThat(storage.consumption(ANN)).hasSize(2);
    }

    @Test
    @DisplayName("care actions and staff tasks are kept once per idempotency key")
    void actionsAndTasks() {
      var action =
          new dev.care.core.care.CareAction(
              "greet/tck-ann/2026",
              ANN,
              dev.care.core.care.CareActionKind.values()[0],
              dev.care.core.customer.Channel.EMAIL,
              "birthday",
              Map.of("firstName", "Ann"),
              clock.instant(),
              dev.care.core.care.Priority.NORMAL,
              dev.care.core.satisfaction.ServiceLevel.VALUE_ADDED);
      var task =
          new dev.care.core.care.CareTask(
              "call/tck-ann/1",
              ANN,
              dev.care.core.care.TaskKind.values()[0],
              "call Ann back",
              clock.instant(),
              dev.care.core.care.Priority.HIGH,
              dev.care.core.satisfaction.ServiceLevel.SATISFACTORY,
              Optional.empty(),
              Optional.empty(),
              List.of());
      commit(
          u -> {
            u.addCareAction(action);
            u.addCareTask(task);
          });
      commit(
          u -> {
            u.addCareAction(action);
            u.addCareTask(task);
          });
      assertThat(storage.careActions(ANN)).containsExactly(action);
      assertThat(storage.careTasks(ANN)).containsExactly(task);
    }

    @Test
    @DisplayName("segment definitions are versioned")
    void segments() {
      commit(u -> u.putSegmentDefinition("vip", "tier in (GOLD)", 0));
      commit(u -> u.putSegmentDefinition("vip", "tier in (GOLD, PLATINUM)", 1));
      assertThat(storage.segmentDefinitions().get("vip").value())
          .isEqualTo("tier in (GOLD, PLATINUM)");
      assertThatThrownBy(() -> commit(u -> u.putSegmentDefinition("vip", "x", 1)))
          .isInstanceOf(ConcurrencyConflictException.class);
    }
  }

  /** Service interactions and e-vouchers: versioned records read by id and by customer. */
  @Nested
  @DisplayName("keeps interactions and vouchers versioned")
  class InteractionsAndVouchers {
    @Test
    @DisplayName("an interaction is stored, versioned, and listed under its customer only")
    void interactions() {
      var opened =
          dev.care.core.satisfaction.ServiceInteraction.open(
              "I-1",
              ANN,
              dev.care.core.satisfaction.InteractionKind.COMPLAINT,
              dev.care.core.customer.Channel.PHONE,
              clock.instant());
      commit(u -> u.putInteraction(opened, 0));
      assertThat(storage.interaction("I-1"))
          .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
      var updated = opened.withTemperament(dev.care.core.satisfaction.Temperament.GENTLE);
      commit(u -> u.putInteraction(updated, 1));
      assertThat(storage.interaction("I-1").get().version()).isEqualTo(2);
      assertThat(storage.interaction("I-1").get().value()).isEqualTo(updated);
      assertThat(storage.interactions(ANN)).containsExactly(updated);
      assertThat(storage.interactions(BOB)).isEmpty();
      assertThatThrownBy(() -> commit(u -> u.putInteraction(opened, 1)))
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.interaction("I-1").get().value()).isEqualTo(updated);
      assertThat(storage.interaction("I-2")).isEmpty();
    }

    private dev.care.core.voucher.Voucher voucher(String code, CustomerId holder) {
      return dev.care.core.voucher.Voucher.issue(
          code,
          "spring-2026",
          holder,
          new dev.care.core.voucher.VoucherValue.Points(500),
          clock.instant(),
          clock.instant().plus(Duration.ofDays(30)));
    }

    @Test
    @DisplayName("vouchers are read by code, holder and campaign; a code is issued once")
    void vouchers() {
      commit(
          u -> {
            u.putVoucher(voucher("TCK-AAAA-01", ANN), 0);
            u.putVoucher(voucher("TCK-BBBB-02", BOB), 0);
          });
      assertThat(storage.voucher("TCK-AAAA-01"))
          .hasValueSatisfying(
              v -> {
                assertThat(v.version()).isEqualTo(1);
                assertThat(v.value()).isEqualTo(voucher("TCK-AAAA-01", ANN));
              });
      assertThat(storage.vouchers(ANN)).extracting(v -> v.code()).containsExactly("TCK-AAAA-01");
      assertThat(storage.campaignVouchers("spring-2026")).hasSize(2);
      assertThat(storage.campaignVouchers("other")).isEmpty();
      assertThat(storage.voucher("TCK-NONE-00")).isEmpty();
      assertThatThrownBy(() -> commit(u -> u.putVoucher(voucher("TCK-AAAA-01", BOB), 0)))
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.voucher("TCK-AAAA-01").get().value().customerId()).isEqualTo(ANN);
    }

    @Test
    @DisplayName("of two redemptions from the same read, exactly one commits")
    void redeemedOnce() {
      commit(u -> u.putVoucher(voucher("TCK-CCCC-03", ANN), 0));
      var read = storage.voucher("TCK-CCCC-03").orElseThrow();
      var first = read.value().redeem(ANN, clock.instant(), "order-1");
      var second = read.value().redeem(ANN, clock.instant(), "order-2");
      commit(u -> u.putVoucher(first, read.version()));
      assertThatThrownBy(() -> commit(u -> u.putVoucher(second, read.version())))
          .isInstanceOf(ConcurrencyConflictException.class);
      var stored = storage.voucher("TCK-CCCC-03").orElseThrow();
      assertThat(stored.version()).isEqualTo(2);
      assertThat(stored.value().redemption())
          .hasValueSatisfying(r -> assertThat(r.reference()).isEqualTo("order-1"));
    }
  }

  /** One atomic commit, optimistic concurrency. */
  @Nested
  @DisplayName("a unit of work commits all or nothing")
  class UnitsOfWork {
    @Test
    @DisplayName("nothing is visible before commit, and closing without commit discards")
    void invisibleUntilCommit() {
      try (UnitOfWork u = storage.begin()) {
        u.putCustomer(customer(ANN, "Ann"), 0);
        u.enqueue(
            OutboxMessage.pending(
                "m1", "event", Optional.empty(), Optional.empty(), Map.of(), clock.instant()));
        assertThat(storage.customer(ANN)).isEmpty();
        assertThat(storage.message("m1")).isEmpty();
      }
      assertThat(storage.customer(ANN)).isEmpty();
      assertThat(storage.message("m1")).isEmpty();
    }

    @Test
    @DisplayName("a stale version fails the whole unit: none of its writes land")
    void staleVersionWritesNothing() {
      commit(u -> u.putCustomer(customer(ANN, "Ann"), 0));
      assertThatThrownBy(
              () ->
                  commit(
                      u -> {
                        u.putCustomer(customer(BOB, "Bob"), 0);
                        u.enqueue(
                            OutboxMessage.pending(
                                "m2",
                                "event",
                                Optional.empty(),
                                Optional.empty(),
                                Map.of(),
                                clock.instant()));
                        u.putCustomer(customer(ANN, "Ann again"), 0);
                      }))
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.customer(BOB)).isEmpty();
      assertThat(storage.message("m2")).isEmpty();
      assertThat(storage.customer(ANN).get().value().profile().name()).isEqualTo("Ann");
    }

    @Test
    @DisplayName("two writers from the same version: the second loses, no update is lost")
    void secondWriterLoses() {
      commit(u -> u.putCustomer(customer(ANN, "Ann"), 0));
      UnitOfWork first = storage.begin();
      UnitOfWork second = storage.begin();
      first.putCustomer(customer(ANN, "first"), 1);
      second.putCustomer(customer(ANN, "second"), 1);
      first.commit();
      assertThatThrownBy(second::commit).isInstanceOf(ConcurrencyConflictException.class);
      second.close();
      assertThat(storage.customer(ANN).get().value().profile().name()).isEqualTo("first");
      assertThat(storage.customer(ANN).get().version()).isEqualTo(2);
    }
  }

  /** The journal: append-only, sequenced, one effect per key. */
  @Nested
  @DisplayName("the journal appends in sequence, once per idempotency key")
  class Journal {
    List<Transaction> sample() {
      Ledger l = Ledger.create(clock);
      l.execute(Earn.of(key("j1"), ANN, 10, CTX));
      l.execute(Earn.of(key("j2"), ANN, 20, CTX));
      return l.journal();
    }

    @Test
    @DisplayName("transactions are read back in order and found by key")
    void appendAndRead() {
      List<Transaction> txs = sample();
      commit(u -> u.appendJournal(0, txs));
      assertThat(storage.journal(0, 10)).isEqualTo(txs);
      assertThat(storage.journal(1, 10)).containsExactly(txs.get(1));
      assertThat(storage.lastSequence()).isEqualTo(2);
      assertThat(storage.transactionFor(key("j2"))).contains(txs.get(1));
      assertThat(storage.transactionFor(key("nope"))).isEmpty();
    }

    @Test
    @DisplayName("appending after a stale sequence is a conflict")
    void staleSequence() {
      List<Transaction> txs = sample();
      commit(u -> u.appendJournal(0, txs.subList(0, 1)));
      assertThatThrownBy(() -> commit(u -> u.appendJournal(0, txs.subList(0, 1))))
          .isInstanceOf(StorageException.class);
      assertThat(storage.lastSequence()).isEqualTo(1);
    }

    @Test
    @DisplayName("a second transaction with a committed idempotency key is refused")
    void duplicateKey() {
      List<Transaction> txs = sample();
      commit(u -> u.appendJournal(0, txs.subList(0, 1)));
      Ledger other = Ledger.create(clock);
      other.execute(Earn.of(key("x"), BOB, 1, CTX));
      other.execute(Earn.of(key("j1"), BOB, 5, CTX));
      Transaction sameKey = other.journal().get(1);
      Transaction renumbered =
          new Transaction(
              2,
              sameKey.at(),
              sameKey.command(),
              sameKey.outcome(),
              sameKey.holdEvents(),
              sameKey.postings());
      assertThatThrownBy(() -> commit(u -> u.appendJournal(1, List.of(renumbered))))
          .isInstanceOf(StorageException.class);
      assertThat(storage.lastSequence()).isEqualTo(1);
    }
  }

  /** The transactional outbox. */
  @Nested
  @DisplayName("the outbox delivers what committed, and only that")
  class Outbox {
    @Test
    @DisplayName("messages are due in order and updates are kept")
    void dueAndUpdate() {
      OutboxMessage a =
          OutboxMessage.pending(
              "a", "event", Optional.empty(), Optional.empty(), Map.of("k", "v"), clock.instant());
      OutboxMessage b =
          OutboxMessage.pending(
              "b",
              "event",
              Optional.empty(),
              Optional.empty(),
              Map.of(),
              clock.instant().plusSeconds(60));
      commit(
          u -> {
            u.enqueue(a);
            u.enqueue(b);
            u.enqueue(a);
          });
      assertThat(storage.dueMessages(clock.instant(), 10)).containsExactly(a);
      assertThat(storage.dueMessages(clock.instant().plusSeconds(60), 10)).containsExactly(a, b);
      storage.update(a.attempted(DeliveryStatus.DELIVERED, clock.instant(), Optional.empty()));
      assertThat(storage.message("a").get().status()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(storage.messages(DeliveryStatus.DELIVERED))
          .extracting(OutboxMessage::id)
          .containsExactly("a");
      assertThat(storage.dueMessages(clock.instant().plusSeconds(60), 10)).containsExactly(b);
    }

    @Test
    @DisplayName("a claimed message goes to one claimant until its lease ends or it is updated")
    void claims() {
      Instant now = clock.instant();
      OutboxMessage a =
          OutboxMessage.pending("ca", "event", Optional.empty(), Optional.empty(), Map.of(), now);
      OutboxMessage b =
          OutboxMessage.pending(
              "cb", "event", Optional.empty(), Optional.empty(), Map.of(), now.plusSeconds(1));
      commit(
          u -> {
            u.enqueue(a);
            u.enqueue(b);
          });
      Duration lease = Duration.ofMinutes(5);
      CareStorage other = reopen(storage);
      assertThat(storage.claimDue(now.plusSeconds(1), 10, lease)).containsExactly(a, b);
      assertThat(other.claimDue(now.plusSeconds(2), 10, lease)).isEmpty();
      assertThat(storage.dueMessages(now.plusSeconds(2), 10)).containsExactly(a, b);
      OutboxMessage retry = a.attempted(DeliveryStatus.PENDING, now, Optional.of("try again"));
      storage.update(retry);
      assertThat(other.claimDue(now.plusSeconds(2), 10, lease)).containsExactly(retry);
      assertThat(other.claimDue(now.plus(lease).plusSeconds(1), 10, lease)).containsExactly(b);
    }

    @Test
    @DisplayName("deliveries are read per customer and time, for frequency caps")
    void deliveredTo() {
      Instant t0 = clock.instant();
      List<OutboxMessage> toAnn = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        toAnn.add(
            OutboxMessage.pending(
                "ann-" + i, "care", Optional.of(ANN), Optional.empty(), Map.of(), t0));
      }
      OutboxMessage toBob =
          OutboxMessage.pending("bob-0", "care", Optional.of(BOB), Optional.empty(), Map.of(), t0);
      commit(
          u -> {
            toAnn.forEach(u::enqueue);
            u.enqueue(toBob);
          });
      storage.update(
          toAnn.get(2).attempted(DeliveryStatus.DELIVERED, t0.plusSeconds(30), Optional.empty()));
      storage.update(
          toAnn.get(0).attempted(DeliveryStatus.DELIVERED, t0.plusSeconds(10), Optional.empty()));
      storage.update(
          toBob.attempted(DeliveryStatus.DELIVERED, t0.plusSeconds(20), Optional.empty()));
      storage.update(toAnn.get(1).deferred(t0.plusSeconds(3600), "quiet hours"));
      assertThat(storage.deliveredTo(ANN, t0))
          .extracting(OutboxMessage::id)
          .containsExactly("ann-0", "ann-2");
      assertThat(storage.deliveredTo(ANN, t0.plusSeconds(10)))
          .extracting(OutboxMessage::id)
          .containsExactly("ann-2");
      assertThat(storage.deliveredTo(BOB, t0))
          .extracting(OutboxMessage::id)
          .containsExactly("bob-0");
      assertThat(storage.dueMessages(t0.plusSeconds(60), 10)).isEmpty();
      assertThat(storage.dueMessages(t0.plusSeconds(3600), 10))
          .extracting(OutboxMessage::id)
          .containsExactly("ann-1");
    }

    @Test
    @DisplayName("L15 every committed ledger transaction has its messages; a failed one has none")
    void L15_outbox_in_the_same_transaction() {
      DurableLedger l = ledger(storage);
      l.execute(Earn.of(key("o1"), ANN, 10, CTX));
      l.execute(new Redeem(key("o2"), ANN, 5, CTX));
      l.execute(new Redeem(key("o3"), ANN, 50, CTX));
      for (Transaction tx : storage.journal(0, 100)) {
        assertThat(storage.message("tx/" + tx.sequence()))
            .as("event for %s", tx.sequence())
            .isPresent();
        if (tx.outcome() instanceof Outcome.Posted p) {
          p.bills()
              .forEach(
                  b ->
                      assertThat(storage.message("bill/" + b.posting() + "/" + b.customer()))
                          .isPresent());
        }
      }
      FaultInjectingStorage faulty = new FaultInjectingStorage(storage);
      DurableLedger f = ledger(faulty);
      faulty.failOnCall(3);
      assertThatThrownBy(() -> f.execute(Earn.of(key("o4"), ANN, 1, CTX)))
          .isInstanceOf(StorageException.class);
      assertThat(storage.lastSequence()).isEqualTo(2);
      assertThat(storage.message("tx/3")).isEmpty();
    }
  }

  /** The ledger and wallet invariants, through this storage. */
  @Nested
  @DisplayName("the ledger keeps its invariants through the storage")
  class LedgerThroughStorage {
    Command command(int kind, int amount, int n) {
      IdempotencyKey k = key("h" + n);
      CustomerId c = n % 2 == 0 ? ANN : BOB;
      return switch (kind) {
        case 0 -> Earn.of(k, c, amount, CTX);
        case 1 -> new Redeem(k, c, amount, CTX);
        case 2 -> new Transfer(k, c, c == ANN ? BOB : ANN, amount, CTX);
        case 3 ->
            TopUp.of(k, c, Money.ofMinor("EUR", amount), CTX)
                .withBonus(Money.ofMinor("EUR", 1 + amount / 10), Duration.ofDays(3));
        case 4 -> new Spend(k, c, Money.ofMinor("EUR", amount), CTX);
        case 5 -> new PlaceHold(k, c, Asset.POINTS, amount, Duration.ofHours(5), CTX);
        default ->
            Reverse.all(k, new dev.care.core.ledger.PostingId(1 + amount % Math.max(1, n)), CTX);
      };
    }

    @Test
    @DisplayName("L7 L11 after a restart, replay gives the same state and every key the same reply")
    void L7_L11_replay_and_idempotency_across_restart() {
      QuickTheory.qt()
          .withFixedSeed(20261123L)
          .withExamples(30)
          .forAll(
              SourceDSL.lists()
                  .of(SourceDSL.integers().between(0, 6 * 1000 - 1))
                  .ofSizeBetween(1, 40))
          .checkAssert(
              ops -> {
                storage = newStorage();
                DurableLedger l = ledger(storage);
                List<Command> sent = new ArrayList<>();
                Map<IdempotencyKey, Outcome> replies = new HashMap<>();
                int n = 0;
                for (int op : ops) {
                  if (op % 50 == 0) {
                    clock.advance(Duration.ofHours(op % 300));
                  }
                  Command c = command(op % 7, 1 + op / 7 % 200, n++);
                  Outcome o = l.execute(c);
                  sent.add(c);
                  if (o.isApplied()) {
                    replies.put(c.key(), o);
                  }
                }
                Ledger before = l.view();
                DurableLedger restarted = ledger(reopen(storage));
                Ledger after = restarted.view();
                assertThat(after.balances()).isEqualTo(before.balances());
                assertThat(after.allLots()).isEqualTo(before.allLots());
                assertThat(after.holds()).isEqualTo(before.holds());
                long size = storage.lastSequence();
                for (Command c : sent) {
                  if (replies.containsKey(c.key())) {
                    assertThat(restarted.execute(c)).isEqualTo(replies.get(c.key()));
                  }
                }
                assertThat(storage.lastSequence()).isEqualTo(size);
              });
    }

    @Test
    @DisplayName(
        "L14 a failure at any step of a multi-leg command leaves nothing; a retry applies it once")
    void L14_failure_at_each_step() {
      DurableLedger l = ledger(storage);
      l.execute(Earn.of(key("f0"), ANN, 100, CTX));
      l.execute(
          TopUp.of(key("f1"), ANN, Money.ofMinor("EUR", 1_000), CTX)
              .withBonus(Money.ofMinor("EUR", 200), Duration.ofDays(5)));
      FaultInjectingStorage faulty = new FaultInjectingStorage(storage);
      List<Command> multiLeg =
          List.of(
              new Transfer(key("f2"), ANN, BOB, 40, CTX),
              new Spend(key("f3"), ANN, Money.ofMinor("EUR", 500), CTX));
      for (Command c : multiLeg) {
        for (int step = 1; ; step++) {
          DurableLedger f = ledger(faulty);
          long seq = storage.lastSequence();
          Map<AccountId, Long> balances = f.view().balances();
          int messages = storage.dueMessages(Instant.MAX, 10_000).size();
          faulty.failOnCall(step);
          try {
            f.execute(c);
            break; // the step number exceeded the calls the command makes: it went through
          } catch (StorageException expected) {
            assertThat(storage.lastSequence()).isEqualTo(seq);
            assertThat(ledger(storage).view().balances()).isEqualTo(balances);
            assertThat(storage.dueMessages(Instant.MAX, 10_000)).hasSize(messages);
          }
        }
        faulty.heal();
        long seq = storage.lastSequence();
        Outcome again = ledger(faulty).execute(c);
        assertThat(again.isApplied()).isTrue();
        assertThat(storage.lastSequence()).isEqualTo(seq);
      }
      assertThat(ledger(storage).points(BOB).posted()).isEqualTo(40);
    }

    @Test
    @DisplayName("an unknown commit outcome is reported as unknown, and the retry finds the commit")
    void unknown_outcome_is_not_failure() {
      FaultInjectingStorage faulty = new FaultInjectingStorage(storage);
      DurableLedger l = ledger(faulty);
      faulty.failAfterNextCommit();
      Earn earn = Earn.of(key("u1"), ANN, 10, CTX);
      assertThatThrownBy(() -> l.execute(earn)).isInstanceOf(CommitOutcomeUnknownException.class);
      Outcome retry = l.execute(earn);
      assertThat(retry.isApplied()).isTrue();
      assertThat(storage.lastSequence()).isEqualTo(1);
      assertThat(l.points(ANN).posted()).isEqualTo(10);
    }
  }

  /** Racing writers. */
  @Nested
  @DisplayName("racing writers lose no update and spend nothing twice")
  class Concurrency {
    @Test
    @DisplayName(
        "8 threads on 2 application instances over a handful of accounts end with every invariant")
    void racing_writers() throws Exception {
      List<CustomerId> accounts =
          List.of(ANN, BOB, CustomerId.of("tck-cy"), CustomerId.of("tck-di"));
      DurableLedger[] instances = {ledger(storage), ledger(reopen(storage))};
      int threads = 8;
      int ops = concurrencyOperations();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<long[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  Random r = new Random(20261123L + thread);
                  DurableLedger l = instances[thread % 2];
                  long earned = 0;
                  long redeemed = 0;
                  start.await();
                  for (int i = 0; i < ops; i++) {
                    CustomerId c = accounts.get(r.nextInt(accounts.size()));
                    IdempotencyKey k = key("t" + thread + "-" + i);
                    int amount = 1 + r.nextInt(20);
                    Outcome o =
                        switch (r.nextInt(3)) {
                          case 0 -> l.execute(Earn.of(k, c, amount, CTX));
                          case 1 -> l.execute(new Redeem(k, c, amount, CTX));
                          default ->
                              l.execute(
                                  new Transfer(
                                      k,
                                      c,
                                      accounts.get((accounts.indexOf(c) + 1) % accounts.size()),
                                      amount,
                                      CTX));
                        };
                    if (o.isApplied() && o instanceof Outcome.Posted p) {
                      switch (p.posting().kind()) {
                        case EARN -> earned += amount;
                        case REDEEM -> redeemed += amount;
                        default -> {}
                      }
                    }
                  }
                  return new long[] {earned, redeemed};
                }));
      }
      start.countDown();
      long earned = 0;
      long redeemed = 0;
      for (Future<long[]> f : results) {
        long[] v = f.get(10, TimeUnit.MINUTES);
        earned += v[0];
        redeemed += v[1];
      }
      pool.shutdown();
      Ledger view = ledger(reopen(storage)).view();
      long held = 0;
      for (CustomerId c : accounts) {
        assertThat(view.points(c).posted()).as("no double spend on %s", c).isNotNegative();
        held += view.points(c).posted();
      }
      assertThat(held)
          .as("no lost update: balances = earned - redeemed")
          .isEqualTo(earned - redeemed);
      BigInteger sum = BigInteger.ZERO;
      for (long v : view.balances().values()) {
        sum = sum.add(BigInteger.valueOf(v));
      }
      assertThat(sum).as("L2").isEqualTo(BigInteger.ZERO);
      assertThat(storage.journal(0, Integer.MAX_VALUE)).hasSize((int) storage.lastSequence());
    }

    @Test
    @DisplayName("dispatchers on 2 application instances deliver every message exactly once")
    void racing_dispatchers() throws Exception {
      int count = 300;
      commit(
          u -> {
            for (int i = 0; i < count; i++) {
              u.enqueue(
                  OutboxMessage.pending(
                      "race-" + i,
                      "event",
                      Optional.empty(),
                      Optional.empty(),
                      Map.of("i", Integer.toString(i)),
                      clock.instant()));
            }
          });
      Map<String, Integer> sends = new java.util.concurrent.ConcurrentHashMap<>();
      CareStorage[] instances = {storage, reopen(storage)};
      ExecutorService pool = Executors.newFixedThreadPool(4);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<dev.care.storage.outbox.DispatchReport>> reports = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        var dispatcher =
            new dev.care.storage.outbox.OutboxDispatcher(
                instances[t % 2],
                List.of(),
                m -> sends.merge(m.id(), 1, Integer::sum),
                dev.care.storage.outbox.DispatchPolicy.defaults(),
                clock);
        reports.add(
            pool.submit(
                () -> {
                  start.await();
                  return dispatcher.runOnce();
                }));
      }
      start.countDown();
      int delivered = 0;
      for (var f : reports) {
        delivered += f.get(5, TimeUnit.MINUTES).delivered();
      }
      pool.shutdown();
      assertThat(delivered).isEqualTo(count);
      assertThat(sends).hasSize(count);
      assertThat(sends.values()).as("sends per message").containsOnly(1);
      assertThat(storage.messages(DeliveryStatus.DELIVERED)).hasSize(count);
    }

    @Test
    @DisplayName("the same idempotency key arriving at the same moment has one effect")
    void same_key_at_once() throws Exception {
      DurableLedger[] instances = {ledger(storage), ledger(reopen(storage))};
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      Earn earn = Earn.of(key("same"), ANN, 7, CTX);
      List<Future<Outcome>> replies = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        DurableLedger l = instances[t % 2];
        replies.add(
            pool.submit(
                () -> {
                  start.await();
                  return l.execute(earn);
                }));
      }
      start.countDown();
      Outcome first = replies.get(0).get(1, TimeUnit.MINUTES);
      for (Future<Outcome> f : replies) {
        assertThat(f.get(1, TimeUnit.MINUTES)).isEqualTo(first);
      }
      pool.shutdown();
      assertThat(storage.lastSequence()).isEqualTo(1);
      assertThat(ledger(storage).points(ANN).posted()).isEqualTo(7);
    }
  }
}
