package dev.care.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.care.core.care.CareAction;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.customer.TierId;
import dev.care.core.ledger.Asset;
import dev.care.core.ledger.Command;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyConflictException;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PlaceHold;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.Redeem;
import dev.care.core.ledger.Reverse;
import dev.care.core.ledger.Spend;
import dev.care.core.ledger.TopUp;
import dev.care.core.ledger.Transaction;
import dev.care.core.ledger.Transfer;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.money.Money;
import dev.care.core.state.CareState;
import dev.care.core.state.ManualTier;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.CareStorage;
import dev.care.storage.CommitOutcomeUnknownException;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.CustomerChange;
import dev.care.storage.CustomerRecord;
import dev.care.storage.StorageException;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

/**
 * The storage conformance kit. An adapter's test is a few lines: a new store with the kit's {@link
 * #faults} passed to its connection, and a second adapter instance over the same data:
 *
 * <pre>{@code
 * class MyStorageTckTest extends CareStorageCompatibilityKit {
 *   @Override
 *   protected CareStorage newStorage() {
 *     return new MyStorage(faults.dataSource(freshDatabase()));
 *   }
 *
 *   @Override
 *   protected CareStorage reopen(CareStorage existing) {
 *     return new MyStorage(((MyStorage) existing).dataSource());
 *   }
 * }
 * }</pre>
 *
 * <p>Each contract group is a {@code @Nested} class. Time comes from a {@link ManualClock} (no
 * sleeps). The groups follow the storage model of DESIGN.md ("State and scale"): per-customer
 * journals appended at the position the writer saw, one versioned care state per customer, a change
 * feed with one entry per customer, idempotency keys unique across customers and instances, and
 * racing writers through {@link DurableLedger} that never conflict across customers (L33) and leave
 * journals that replay to what the ledger reports (L30). Beyond that the kit checks what realistic
 * adapters get wrong: units of over a thousand writes, journals longer than the library's page,
 * limits of 1, {@code Integer.MAX_VALUE} and below the minimum, ids that sort differently as text
 * and as numbers or differ only in case or at the end of a long id, instants to the nanosecond,
 * reads that must not be served from a per-instance cache, a delivered message id enqueued again,
 * and outbox retention ({@link CareStorage#purgeFinished}).
 *
 * <p>Every contract that involves two instances gets its second one from {@link #reopen}, a new
 * adapter instance over the same data: per-instance caches, leases and counters always face one. A
 * durable adapter declares {@link CareStorage.Capability#DURABLE}: the contract that needs data to
 * survive a restart (the change feed seen by another instance) runs only then. Faults beneath the
 * adapter come from the {@link FaultPlan} in {@link #faults}, which the adapter's test passes to
 * its connection: a statement failing at any step leaves nothing, a lost reply to a commit is
 * reported as {@link CommitOutcomeUnknownException} and a retry with the same keys has one effect.
 * Ids in the fidelity and ordering contracts are also generated (QuickTheories, fixed seeds) to mix
 * case, accents in both Unicode normal forms, characters beyond the BMP, long ids and digits.
 * Override {@link #concurrencyOperations} to run more or fewer racing operations. Every contract is
 * bounded: ten minutes each ({@code @Timeout}), five for the threads of a race together, a fixed
 * number of pages for paging loops.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
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
   * A new adapter instance over the same data as {@code existing}, as a second application instance
   * (or one after a restart) sees it. Every contract that involves two instances uses it, so an
   * adapter's per-instance caches, leases, sequence counters and key lookups always face a second
   * instance: return a new instance, never {@code existing} (the contracts check). For the
   * in-memory adapter, whose instances hold nothing but their data, a forwarding view over the same
   * store will do.
   *
   * @param existing the storage written so far
   * @return a new instance over the same data
   */
  protected abstract CareStorage reopen(CareStorage existing);

  /**
   * Faults to inject beneath the adapter, fresh (and idle) for each test: pass it to the adapter's
   * connection in {@link #newStorage()} ({@link FaultPlan#dataSource} for JDBC, {@link
   * FaultPlan#inMemory} for the in-memory adapter). The contracts of the group "reports faults
   * beneath it honestly" arm it, and fail, saying so, if the adapter never consults it.
   */
  protected final FaultPlan faults = new FaultPlan();

  /**
   * The second instance the multi-instance contracts use: {@link #reopen}, checked to be a new one.
   *
   * @return a new adapter instance over the data of {@link #storage}
   */
  CareStorage second() {
    CareStorage second = reopen(storage);
    assertThat(second)
        .as(
            "reopen(storage) must return a new adapter instance over the same data, not the same one")
        .isNotSameAs(storage);
    return second;
  }

  /**
   * Racing operations per thread in the concurrency contracts (8 threads over a handful of
   * customers; 4 threads on one customer, on one customer each, and with wallets for L30).
   *
   * @return operations per thread
   */
  protected int concurrencyOperations() {
    return 120;
  }

  @BeforeEach
  void freshStorage() {
    storage = newStorage();
  }

  static final CustomerId ANN = CustomerId.of("tck-ann");
  static final CustomerId BOB = CustomerId.of("tck-bob");
  static final CustomerId CY = CustomerId.of("tck-cy");
  static final CustomerId DI = CustomerId.of("tck-di");
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
      assertThat(storage.customer(CustomerId.of("TCK-ANN"))).as("ids are case-sensitive").isEmpty();
    }

    @Test
    @DisplayName("customer files read several at once are those read one at a time")
    void customersAtOnce() {
      List<CustomerId> ids = new ArrayList<>();
      commit(
          u -> {
            for (int i = 0; i < 150; i++) {
              CustomerId id = CustomerId.of("many-" + i);
              ids.add(id);
              u.putCustomer(customer(id, "M" + i), 0);
            }
          });
      Customer renamed =
          storage.customer(ids.get(7)).get().value().withProfile(Profile.named("Renamed"));
      commit(u -> u.putCustomer(renamed, 1));
      Set<CustomerId> asked = new java.util.HashSet<>(ids);
      asked.add(CustomerId.of("many-nobody"));
      asked.add(CustomerId.of("MANY-1"));
      Map<CustomerId, Versioned<Customer>> read = storage.customers(asked);
      assertThat(read)
          .hasSize(150)
          .doesNotContainKeys(CustomerId.of("many-nobody"), CustomerId.of("MANY-1"));
      for (CustomerId id : ids) {
        assertThat(read.get(id)).as("%s", id).isEqualTo(storage.customer(id).get());
      }
      assertThat(read.get(ids.get(7)).version()).isEqualTo(2);
      assertThat(storage.customers(Set.of())).isEmpty();
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
    @DisplayName(
        "customer ids page in code-point order from any id, across units, with limit 1 and"
            + " MAX_VALUE")
    void customerIdOrder() {
      List<String> written = List.of("c-9", "c-10", "d", "c-100", "c-2", "C-5", "c-1");
      List<CustomerId> expected =
          List.of("C-5", "c-1", "c-10", "c-100", "c-2", "c-9", "d").stream()
              .map(CustomerId::of)
              .toList();
      commit(u -> written.subList(0, 4).forEach(i -> u.putCustomer(customer(id(i), i), 0)));
      commit(u -> written.subList(4, 7).forEach(i -> u.putCustomer(customer(id(i), i), 0)));
      assertThat(storage.customerIds(Optional.empty(), Integer.MAX_VALUE)).isEqualTo(expected);
      for (int size : new int[] {1, 2, 7}) {
        List<CustomerId> read = new ArrayList<>();
        for (int page = 0; page < 20; page++) {
          List<CustomerId> next =
              storage.customerIds(
                  read.isEmpty() ? Optional.empty() : Optional.of(read.get(read.size() - 1)), size);
          read.addAll(next);
          if (next.size() < size) {
            break;
          }
        }
        assertThat(read).as("paged by %s", size).isEqualTo(expected);
      }
      assertThat(storage.customerIds(Optional.of(id("c-10")), 1)).containsExactly(id("c-100"));
      assertThat(storage.customerIds(Optional.of(id("c-11")), Integer.MAX_VALUE))
          .as("after an id that is not stored")
          .containsExactly(id("c-2"), id("c-9"), id("d"));
      assertThat(storage.customerIds(Optional.of(id("d")), 5)).isEmpty();
    }

    @Test
    @DisplayName("a customer id read with a negative limit is refused, naming the limit")
    void customerIdsBadLimit() {
      commit(u -> u.putCustomer(customer(ANN, "Ann"), 0));
      for (int limit : new int[] {-1, Integer.MIN_VALUE}) {
        assertThatThrownBy(() -> storage.customerIds(Optional.empty(), limit))
            .as("limit %s", limit)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("limit");
      }
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
    @DisplayName(
        "a customer's record holds what the single reads give: file, care state, consumption,"
            + " interactions and staff tasks as last written")
    void recordAgreesWithSingleReads() {
      var task =
          new dev.care.core.care.CareTask(
              "call/tck-ann/rec",
              ANN,
              dev.care.core.care.TaskKind.values()[0],
              "call Ann back",
              clock.instant(),
              dev.care.core.care.Priority.HIGH,
              dev.care.core.satisfaction.ServiceLevel.SATISFACTORY,
              Optional.empty(),
              Optional.empty(),
              List.of());
      var later =
          new dev.care.core.care.CareTask(
              "visit/tck-ann/rec",
              ANN,
              dev.care.core.care.TaskKind.values()[0],
              "see Ann again",
              clock.instant().plusSeconds(60),
              dev.care.core.care.Priority.LOW,
              dev.care.core.satisfaction.ServiceLevel.SATISFACTORY,
              Optional.empty(),
              Optional.empty(),
              List.of());
      commit(
          u -> {
            u.putCustomer(customer(ANN, "Ann"), 0);
            u.putCareState(state(ANN, 1), 0);
            u.addConsumption(Purchase.of("O-r1", ANN, clock.instant(), Money.ofMinor("EUR", 4500)));
            u.addConsumption(Purchase.of("O-r2", ANN, clock.instant(), Money.ofMinor("EUR", 500)));
            u.putInteraction(
                dev.care.core.satisfaction.ServiceInteraction.open(
                    "I-rec",
                    ANN,
                    dev.care.core.satisfaction.InteractionKind.COMPLAINT,
                    dev.care.core.customer.Channel.PHONE,
                    clock.instant()),
                0);
            u.addCareTask(task);
            u.addCareTask(later);
          });
      commit(u -> u.putCareTask(task.assignTo("staff-1")));
      CustomerRecord record = storage.record(ANN);
      assertThat(record.file()).isEqualTo(storage.customer(ANN));
      assertThat(record.state()).isEqualTo(storage.careState(ANN));
      assertThat(record.consumption()).isEqualTo(storage.consumption(ANN)).hasSize(2);
      assertThat(record.interactions()).isEqualTo(storage.interactions(ANN)).hasSize(1);
      assertThat(record.tasks())
          .as("the record's tasks, as last written")
          .isEqualTo(storage.careTasks(ANN))
          .containsExactly(task.assignTo("staff-1"), later);
      CustomerRecord none = storage.record(BOB);
      assertThat(none.file()).isEmpty();
      assertThat(none.state()).isEmpty();
      assertThat(none.consumption()).isEmpty();
      assertThat(none.interactions()).isEmpty();
      assertThat(none.tasks()).isEmpty();
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
      assertThat(storage.voucher("tck-aaaa-01")).as("codes are case-sensitive").isEmpty();
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

    static final int LARGE = 120;

    /** {@link #LARGE} customers, each written to every store: over a thousand writes. */
    void writeLargeUnit(UnitOfWork u) {
      Instant now = clock.instant();
      for (int i = 0; i < LARGE; i++) {
        CustomerId c = id("big-" + i);
        u.putCustomer(customer(c, "Big " + i), 0);
        u.addConsumption(Purchase.of("O-big-" + i, c, now, Money.ofMinor("EUR", 100 + i)));
        u.putInteraction(
            dev.care.core.satisfaction.ServiceInteraction.open(
                "I-big-" + i,
                c,
                dev.care.core.satisfaction.InteractionKind.COMPLAINT,
                dev.care.core.customer.Channel.PHONE,
                now),
            0);
        u.appendJournal(c, 0, List.of(first(c, "big-k-" + i)));
        u.putCareState(state(c, i), 0);
        u.addCareAction(action(c, "big-a-" + i));
        u.addCareTask(task(c, "big-t-" + i));
        u.putVoucher(
            dev.care.core.voucher.Voucher.issue(
                "TCK-BIG-" + i,
                "big",
                c,
                new dev.care.core.voucher.VoucherValue.Points(100),
                now,
                now.plus(Duration.ofDays(30))),
            0);
        u.enqueue(
            OutboxMessage.pending(
                "big-m-" + i, "care", Optional.of(c), Optional.empty(), Map.of(), now));
      }
      u.putSegmentDefinition("big", "tier in (GOLD)", 0);
    }

    @Test
    @DisplayName(
        "a unit of over a thousand writes across every store that fails at its last write leaves"
            + " nothing visible")
    void largeUnitFailingAtTheEnd() {
      commit(u -> u.putCustomer(customer(ANN, "Ann"), 0));
      long feed = storage.lastChangePosition();
      assertThatThrownBy(
              () ->
                  commit(
                      u -> {
                        writeLargeUnit(u);
                        u.putCustomer(customer(ANN, "Ann again"), 0);
                      }))
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.customerIds(Optional.empty(), Integer.MAX_VALUE)).containsExactly(ANN);
      assertThat(storage.careStates(Optional.empty(), Integer.MAX_VALUE)).isEmpty();
      assertThat(storage.lastChangePosition()).isEqualTo(feed);
      assertThat(storage.dueMessages(Instant.MAX, Integer.MAX_VALUE)).isEmpty();
      assertThat(storage.campaignVouchers("big")).isEmpty();
      assertThat(storage.segmentDefinitions()).doesNotContainKey("big");
      for (int i = 0; i < LARGE; i++) {
        CustomerId c = id("big-" + i);
        assertThat(storage.consumption(c)).as("consumption of %s", c).isEmpty();
        assertThat(storage.interaction("I-big-" + i)).as("interaction %s", i).isEmpty();
        assertThat(storage.journal(c, 0, 10)).as("journal of %s", c).isEmpty();
        assertThat(storage.transactionFor(key("big-k-" + i))).as("key %s", i).isEmpty();
        assertThat(storage.careActions(c)).as("actions of %s", c).isEmpty();
        assertThat(storage.careTasks(c)).as("tasks of %s", c).isEmpty();
        assertThat(storage.message("big-m-" + i)).as("message %s", i).isEmpty();
      }
    }

    @Test
    @DisplayName("a unit of over a thousand writes across every store lands whole")
    void largeUnitLandsWhole() {
      long feed = storage.lastChangePosition();
      commit(this::writeLargeUnit);
      assertThat(storage.customerIds(Optional.empty(), Integer.MAX_VALUE)).hasSize(LARGE);
      assertThat(storage.careStates(Optional.empty(), Integer.MAX_VALUE)).hasSize(LARGE);
      assertThat(storage.changes(feed, Integer.MAX_VALUE)).hasSize(LARGE);
      assertThat(storage.dueMessages(Instant.MAX, Integer.MAX_VALUE)).hasSize(LARGE);
      assertThat(storage.campaignVouchers("big")).hasSize(LARGE);
      assertThat(storage.segmentDefinitions()).containsKey("big");
      for (int i = 0; i < LARGE; i++) {
        CustomerId c = id("big-" + i);
        assertThat(storage.consumption(c)).as("consumption of %s", c).hasSize(1);
        assertThat(storage.interaction("I-big-" + i)).as("interaction %s", i).isPresent();
        assertThat(storage.journal(c, 0, 10)).as("journal of %s", c).hasSize(1);
        assertThat(storage.transactionFor(key("big-k-" + i))).as("key %s", i).isPresent();
        assertThat(storage.careActions(c)).as("actions of %s", c).hasSize(1);
        assertThat(storage.careTasks(c)).as("tasks of %s", c).hasSize(1);
        assertThat(storage.careState(c)).contains(new Versioned<>(state(c, i), 1));
      }
    }
  }

  /** Per-customer journals: append-only, at the position the writer saw, one effect per key. */
  @Nested
  @DisplayName("each customer's journal appends at its position, once per idempotency key")
  class Journal {
    /** Ann's first {@code n} transactions, numbered as a ledger numbers them. */
    List<Transaction> annJournal(int n) {
      Ledger l = Ledger.create(clock);
      for (int i = 1; i <= n; i++) {
        l.execute(Earn.of(key("j" + i), ANN, 10L * i, CTX));
      }
      return l.journalOf(ANN);
    }

    @Test
    @DisplayName("transactions are read back in order, numbered by position, and found by key")
    void appendAndRead() {
      List<Transaction> txs = annJournal(3);
      commit(u -> u.appendJournal(ANN, 0, txs.subList(0, 2)));
      assertThat(storage.journal(ANN, 0, 10)).isEqualTo(txs.subList(0, 2));
      commit(u -> u.appendJournal(ANN, 2, txs.subList(2, 3)));
      assertThat(storage.journal(ANN, 0, 10)).isEqualTo(txs);
      assertThat(storage.journal(ANN, 0, 10))
          .extracting(Transaction::sequence)
          .containsExactly(1L, 2L, 3L);
      assertThat(storage.journal(BOB, 0, 10)).isEmpty();
      assertThat(storage.transactionFor(key("j2"))).contains(txs.get(1));
      assertThat(storage.transactionFor(key("nope"))).isEmpty();
    }

    @Test
    @DisplayName("an append at any position but the journal's end is refused and writes nothing")
    void outOfPosition() {
      List<Transaction> txs = annJournal(3);
      commit(u -> u.appendJournal(ANN, 0, txs.subList(0, 1)));
      assertThatThrownBy(() -> commit(u -> u.appendJournal(ANN, 0, txs.subList(1, 2))))
          .as("behind the end")
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThatThrownBy(() -> commit(u -> u.appendJournal(ANN, 2, txs.subList(2, 3))))
          .as("beyond the end")
          .isInstanceOf(ConcurrencyConflictException.class);
      Transaction bob = first(BOB, "b1");
      assertThatThrownBy(
              () ->
                  commit(
                      u -> {
                        u.appendJournal(BOB, 0, List.of(bob));
                        u.appendJournal(ANN, 0, txs.subList(1, 2));
                      }))
          .as("with another customer's good append in the unit")
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.journal(ANN, 0, Integer.MAX_VALUE)).isEqualTo(txs.subList(0, 1));
      assertThat(storage.journal(BOB, 0, Integer.MAX_VALUE)).isEmpty();
      assertThat(storage.transactionFor(key("j2"))).isEmpty();
      assertThat(storage.transactionFor(key("b1"))).isEmpty();
    }

    @Test
    @DisplayName(
        "an append at a position another instance took since is refused, though this instance"
            + " appended last before it")
    void positionTakenByAnotherInstance() {
      CareStorage other = second();
      Ledger mine = Ledger.create(clock);
      mine.execute(Earn.of(key("pos-1"), ANN, 10, CTX));
      mine.execute(Earn.of(key("pos-mine"), ANN, 20, CTX));
      Ledger theirs = Ledger.create(clock);
      theirs.execute(Earn.of(key("pos-1"), ANN, 10, CTX));
      theirs.execute(Earn.of(key("pos-theirs"), ANN, 30, CTX));
      List<Transaction> j = mine.journalOf(ANN);
      Transaction taken = theirs.journalOf(ANN).get(1);
      commit(u -> u.appendJournal(ANN, 0, j.subList(0, 1)));
      try (UnitOfWork u = other.begin()) {
        u.appendJournal(ANN, 1, List.of(taken));
        u.commit();
      }
      assertThatThrownBy(() -> commit(u -> u.appendJournal(ANN, 1, j.subList(1, 2))))
          .as("position 2 was taken through the other instance (a different key)")
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.journal(ANN, 0, Integer.MAX_VALUE)).containsExactly(j.get(0), taken);
      assertThat(storage.transactionFor(key("pos-mine"))).isEmpty();
    }

    @Test
    @DisplayName("an idempotency key is refused for a second transaction, of any customer")
    void duplicateKey() {
      Transaction ann = first(ANN, "k");
      commit(u -> u.appendJournal(ANN, 0, List.of(ann)));
      Transaction bobs = first(BOB, "k");
      assertThatThrownBy(() -> commit(u -> u.appendJournal(BOB, 0, List.of(bobs))))
          .as("another customer's transaction with the key")
          .isInstanceOf(ConcurrencyConflictException.class);
      Transaction again =
          new Transaction(
              ANN, 2, ann.at(), ann.command(), ann.outcome(), ann.holdEvents(), ann.postings());
      assertThatThrownBy(() -> commit(u -> u.appendJournal(ANN, 1, List.of(again))))
          .as("the same customer's second transaction with the key")
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.journal(ANN, 0, Integer.MAX_VALUE)).containsExactly(ann);
      assertThat(storage.journal(BOB, 0, Integer.MAX_VALUE)).isEmpty();
      assertThat(storage.transactionFor(key("k"))).contains(ann);
    }

    @Test
    @DisplayName("one key in two customers' appends of one unit is refused; nothing of it lands")
    void duplicateKeyInOneUnit() {
      Transaction ann = first(ANN, "k");
      Transaction bob = first(BOB, "k");
      assertThatThrownBy(
              () ->
                  commit(
                      u -> {
                        u.appendJournal(ANN, 0, List.of(ann));
                        u.appendJournal(BOB, 0, List.of(bob));
                      }))
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.journal(ANN, 0, 10)).isEmpty();
      assertThat(storage.journal(BOB, 0, 10)).isEmpty();
      assertThat(storage.transactionFor(key("k"))).isEmpty();
    }

    @Test
    @DisplayName("a transfer is appended to both customers' journals in one unit, both or neither")
    void transferInBothJournals() {
      Ledger l = Ledger.create(clock);
      l.execute(Earn.of(key("b1"), BOB, 5, CTX));
      l.execute(Earn.of(key("a1"), ANN, 50, CTX));
      l.execute(new Transfer(key("a2"), ANN, BOB, 20, CTX));
      List<Transaction> ann = l.journalOf(ANN);
      List<Transaction> bob = l.journalOf(BOB);
      Transaction transfer = ann.get(1);
      assertThat(bob).containsExactly(bob.get(0), transfer);
      commit(
          u -> {
            u.appendJournal(BOB, 0, bob.subList(0, 1));
            u.appendJournal(ANN, 0, ann.subList(0, 1));
          });
      assertThatThrownBy(
              () ->
                  commit(
                      u -> {
                        u.appendJournal(ANN, 1, List.of(transfer));
                        u.appendJournal(BOB, 0, List.of(transfer));
                      }))
          .as("the receiving side at a stale position")
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.journal(ANN, 0, 10)).isEqualTo(ann.subList(0, 1));
      assertThat(storage.journal(BOB, 0, 10)).isEqualTo(bob.subList(0, 1));
      assertThat(storage.transactionFor(key("a2"))).isEmpty();
      commit(
          u -> {
            u.appendJournal(ANN, 1, List.of(transfer));
            u.appendJournal(BOB, 1, List.of(transfer));
          });
      assertThat(storage.journal(ANN, 0, 10)).isEqualTo(ann);
      assertThat(storage.journal(BOB, 0, 10)).isEqualTo(bob);
      assertThat(storage.journal(BOB, 1, 10).get(0).customer()).isEqualTo(ANN);
      assertThat(storage.transactionFor(key("a2"))).contains(transfer);
      assertThat(replay(BOB, storage.journal(BOB, 0, 10)).points(BOB).posted()).isEqualTo(25);
      assertThat(replay(ANN, storage.journal(ANN, 0, 10)).points(ANN).posted()).isEqualTo(30);
    }

    @Test
    @DisplayName("reads start in the middle and page across boundaries, with limit 1 and MAX_VALUE")
    void paging() {
      List<Transaction> txs = annJournal(7);
      commit(u -> u.appendJournal(ANN, 0, txs.subList(0, 3)));
      commit(u -> u.appendJournal(ANN, 3, txs.subList(3, 7)));
      assertThat(storage.journal(ANN, 0, Integer.MAX_VALUE)).isEqualTo(txs);
      assertThat(storage.journal(ANN, 3, 2)).isEqualTo(txs.subList(3, 5));
      assertThat(storage.journal(ANN, 2, 3)).as("across the appends").isEqualTo(txs.subList(2, 5));
      assertThat(storage.journal(ANN, 6, 10)).isEqualTo(txs.subList(6, 7));
      assertThat(storage.journal(ANN, 5, Integer.MAX_VALUE)).isEqualTo(txs.subList(5, 7));
      assertThat(storage.journal(ANN, 7, 10)).isEmpty();
      assertThat(storage.journal(ANN, 100, Integer.MAX_VALUE)).isEmpty();
      assertThat(storage.journal(ANN, 0, 1)).isEqualTo(txs.subList(0, 1));
      for (int size : new int[] {1, 3, 7}) {
        List<Transaction> read = new ArrayList<>();
        List<Integer> pages = new ArrayList<>();
        for (int page = 0; page < 20; page++) {
          List<Transaction> next = storage.journal(ANN, read.size(), size);
          pages.add(next.size());
          read.addAll(next);
          if (next.size() < size) {
            break;
          }
        }
        assertThat(read).as("paged by %s (page sizes %s)", size, pages).isEqualTo(txs);
      }
    }

    @Test
    @DisplayName(
        "a journal longer than the library's page of 1,000 reads back whole, at once and in pages")
    void longJournal() {
      List<Transaction> txs = annJournal(1_200);
      for (int from = 0; from < txs.size(); from += 400) {
        int at = from;
        commit(u -> u.appendJournal(ANN, at, txs.subList(at, at + 400)));
      }
      assertThat(storage.journal(ANN, 0, Integer.MAX_VALUE)).isEqualTo(txs);
      assertThat(storage.journal(ANN, 0, 1_000)).isEqualTo(txs.subList(0, 1_000));
      assertThat(storage.journal(ANN, 1_000, 1_000)).isEqualTo(txs.subList(1_000, 1_200));
      assertThat(storage.journal(ANN, 999, 2)).isEqualTo(txs.subList(999, 1_001));
      assertThat(storage.journal(ANN, 150, Integer.MAX_VALUE)).isEqualTo(txs.subList(150, 1_200));
      assertThat(ledger(storage).points(ANN).posted())
          .as("the ledger pages through it")
          .isEqualTo(replay(ANN, txs).points(ANN).posted());
    }

    @Test
    @DisplayName("a journal read with a limit below 1 is refused, naming the limit")
    void badLimit() {
      for (int limit : new int[] {0, -1, Integer.MIN_VALUE}) {
        assertThatThrownBy(() -> storage.journal(ANN, 0, limit))
            .as("limit %s", limit)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("limit");
      }
    }
  }

  /** Per-customer care state: one versioned record, written with the version read. */
  @Nested
  @DisplayName("keeps one versioned care state per customer")
  class CareStates {
    @Test
    @DisplayName("a state is inserted with expected version 0, updated with the version read")
    void insertAndUpdate() {
      assertThat(storage.careState(ANN)).isEmpty();
      commit(u -> u.putCareState(state(ANN, 1), 0));
      assertThat(storage.careState(ANN)).contains(new Versioned<>(state(ANN, 1), 1));
      commit(u -> u.putCareState(state(ANN, 2), 1));
      assertThat(storage.careState(ANN)).contains(new Versioned<>(state(ANN, 2), 2));
      assertThatThrownBy(() -> commit(u -> u.putCareState(state(ANN, 3), 0)))
          .as("inserted twice")
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.careState(ANN)).contains(new Versioned<>(state(ANN, 2), 2));
      assertThat(storage.careState(BOB)).isEmpty();
    }

    @Test
    @DisplayName("a stale version is a conflict, and nothing else in its unit is written")
    void staleVersionWritesNothing() {
      commit(u -> u.putCareState(state(ANN, 1), 0));
      commit(u -> u.putCareState(state(ANN, 2), 1));
      long feed = storage.lastChangePosition();
      Transaction bobs = first(BOB, "stale-b1");
      assertThatThrownBy(
              () ->
                  commit(
                      u -> {
                        u.putCustomer(customer(BOB, "Bob"), 0);
                        u.appendJournal(BOB, 0, List.of(bobs));
                        u.putCareState(state(BOB, 1), 0);
                        u.enqueue(
                            OutboxMessage.pending(
                                "stale-m",
                                "event",
                                Optional.empty(),
                                Optional.empty(),
                                Map.of(),
                                clock.instant()));
                        u.putCareState(state(ANN, 3), 1);
                      }))
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.careState(ANN)).contains(new Versioned<>(state(ANN, 2), 2));
      assertThat(storage.careState(BOB)).isEmpty();
      assertThat(storage.customer(BOB)).isEmpty();
      assertThat(storage.journal(BOB, 0, 10)).isEmpty();
      assertThat(storage.transactionFor(key("stale-b1"))).isEmpty();
      assertThat(storage.message("stale-m")).isEmpty();
      assertThat(storage.lastChangePosition()).isEqualTo(feed);
    }

    @Test
    @DisplayName("a unit writing two customers' states commits both or neither")
    void twoCustomersBothOrNeither() {
      commit(
          u -> {
            u.putCareState(state(ANN, 1), 0);
            u.putCareState(state(BOB, 1), 0);
          });
      assertThat(storage.careState(ANN)).contains(new Versioned<>(state(ANN, 1), 1));
      assertThat(storage.careState(BOB)).contains(new Versioned<>(state(BOB, 1), 1));
      for (boolean staleFirst : new boolean[] {true, false}) {
        assertThatThrownBy(
                () ->
                    commit(
                        u -> {
                          if (staleFirst) {
                            u.putCareState(state(BOB, 2), 0);
                          }
                          u.putCareState(state(ANN, 2), 1);
                          if (!staleFirst) {
                            u.putCareState(state(BOB, 2), 0);
                          }
                        }))
            .isInstanceOf(ConcurrencyConflictException.class);
        assertThat(storage.careState(ANN)).contains(new Versioned<>(state(ANN, 1), 1));
        assertThat(storage.careState(BOB)).contains(new Versioned<>(state(BOB, 1), 1));
      }
      commit(
          u -> {
            u.putCareState(state(BOB, 2), 1);
            u.putCareState(state(ANN, 2), 1);
          });
      assertThat(storage.careState(ANN)).contains(new Versioned<>(state(ANN, 2), 2));
      assertThat(storage.careState(BOB)).contains(new Versioned<>(state(BOB, 2), 2));
    }

    @Test
    @DisplayName("states page in customer id order (code-point order of the id, not numeric)")
    void paging() {
      List<String> written = List.of("c-9", "c-10", "d", "c-100", "c-2", "C-5", "c-1");
      List<CustomerId> expected =
          List.of("C-5", "c-1", "c-10", "c-100", "c-2", "c-9", "d").stream()
              .map(CustomerId::of)
              .toList();
      commit(u -> written.subList(0, 4).forEach(id -> u.putCareState(state(id(id), 1), 0)));
      commit(u -> written.subList(4, 7).forEach(id -> u.putCareState(state(id(id), 1), 0)));
      assertThat(ids(storage.careStates(Optional.empty(), Integer.MAX_VALUE))).isEqualTo(expected);
      for (int size : new int[] {1, 2, 7}) {
        List<CustomerId> read = new ArrayList<>();
        for (int page = 0; page < 20; page++) {
          List<Versioned<CareState>> next =
              storage.careStates(
                  read.isEmpty() ? Optional.empty() : Optional.of(read.get(read.size() - 1)), size);
          next.forEach(
              v ->
                  assertThat(v)
                      .as("as written")
                      .isEqualTo(new Versioned<>(state(v.value().customer(), 1), 1)));
          read.addAll(ids(next));
          if (next.size() < size) {
            break;
          }
        }
        assertThat(read).as("paged by %s", size).isEqualTo(expected);
      }
      assertThat(ids(storage.careStates(Optional.of(id("c-10")), 1))).containsExactly(id("c-100"));
      assertThat(ids(storage.careStates(Optional.of(id("c-11")), 2)))
          .as("after an id without a state")
          .containsExactly(id("c-2"), id("c-9"));
      assertThat(storage.careStates(Optional.of(id("d")), 5)).isEmpty();
    }

    @Test
    @DisplayName("a care state read with a limit below 1 is refused, naming the limit")
    void badLimit() {
      for (int limit : new int[] {0, -1, Integer.MIN_VALUE}) {
        assertThatThrownBy(() -> storage.careStates(Optional.empty(), limit))
            .as("limit %s", limit)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("limit");
      }
    }
  }

  /** The change feed: which customers changed since a position, each once, at its latest change. */
  @Nested
  @DisplayName("the change feed reports each customer's latest change after a position")
  class ChangeFeed {
    @Test
    @DisplayName("a commit appears after the last position, which then moves past it")
    void commitAppearsAfterLastPosition() {
      long p0 = storage.lastChangePosition();
      assertThat(p0).isNotNegative();
      assertThat(storage.changes(p0, 10)).isEmpty();
      commit(u -> u.putCareState(state(ANN, 1), 0));
      long p1 = storage.lastChangePosition();
      assertThat(p1).isGreaterThan(p0);
      assertThat(storage.changes(p0, 10)).containsExactly(new CustomerChange(p1, ANN, 1));
      assertThat(storage.changes(p1, 10)).isEmpty();
      assertThatThrownBy(() -> commit(u -> u.putCareState(state(ANN, 2), 0)))
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.lastChangePosition()).as("a refused commit is no change").isEqualTo(p1);
      assertThat(storage.changes(p1, 10)).isEmpty();
    }

    @Test
    @DisplayName("a customer appears once, at the position and version of the latest change")
    void oneEntryPerCustomer() {
      long p0 = storage.lastChangePosition();
      commit(u -> u.putCareState(state(ANN, 1), 0));
      commit(u -> u.putCareState(state(BOB, 1), 0));
      long bobAt = storage.lastChangePosition();
      commit(u -> u.putCareState(state(ANN, 2), 1));
      commit(u -> u.putCareState(state(CY, 1), 0));
      commit(u -> u.putCareState(state(ANN, 3), 2));
      List<CustomerChange> all = storage.changes(p0, Integer.MAX_VALUE);
      assertThat(all).extracting(CustomerChange::customer).containsExactly(BOB, CY, ANN);
      assertThat(all).extracting(CustomerChange::version).containsExactly(1L, 1L, 3L);
      assertThat(all.get(0).position()).isEqualTo(bobAt);
      assertThat(all.get(2).position()).isEqualTo(storage.lastChangePosition());
      assertThat(storage.changes(bobAt, 10))
          .extracting(CustomerChange::customer)
          .containsExactly(CY, ANN);
    }

    @Test
    @DisplayName("positions increase with commit order and page without gaps or repeats")
    void positionsIncrease() {
      long p0 = storage.lastChangePosition();
      List<CustomerId> committed = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        CustomerId c = id("feed-" + (i * 7 % 12));
        committed.add(c);
        commit(u -> u.putCareState(state(c, 1), 0));
      }
      commit(
          u -> {
            u.putCareState(state(ANN, 1), 0);
            u.putCareState(state(BOB, 1), 0);
          });
      for (int size : new int[] {1, 5, Integer.MAX_VALUE}) {
        List<CustomerChange> read = new ArrayList<>();
        long after = p0;
        for (int page = 0; page < 30; page++) {
          List<CustomerChange> next = storage.changes(after, size);
          read.addAll(next);
          if (next.size() < size || next.isEmpty()) {
            break;
          }
          after = next.get(next.size() - 1).position();
        }
        assertThat(read).as("paged by %s", size).hasSize(14);
        assertThat(read.subList(0, 12)).extracting(CustomerChange::customer).isEqualTo(committed);
        assertThat(read.subList(12, 14))
            .extracting(CustomerChange::customer)
            .containsExactlyInAnyOrder(ANN, BOB);
        for (int i = 1; i < read.size(); i++) {
          assertThat(read.get(i).position())
              .as("position %s", i)
              .isGreaterThan(read.get(i - 1).position());
        }
        assertThat(read.get(13).position()).isEqualTo(storage.lastChangePosition());
      }
    }

    @Test
    @DisplayName("a durable adapter's second instance sees the first one's changes, and back")
    void seenByASecondInstance() {
      assumeTrue(
          storage.capabilities().contains(CareStorage.Capability.DURABLE),
          "only a DURABLE adapter has a second instance over the same data");
      CareStorage second = second();
      long p0 = second.lastChangePosition();
      commit(u -> u.putCareState(state(ANN, 1), 0));
      long p1 = storage.lastChangePosition();
      assertThat(second.lastChangePosition()).isEqualTo(p1);
      assertThat(second.changes(p0, 10)).containsExactly(new CustomerChange(p1, ANN, 1));
      assertThat(second.careState(ANN)).contains(new Versioned<>(state(ANN, 1), 1));
      try (UnitOfWork u = second.begin()) {
        u.putCareState(state(BOB, 1), 0);
        u.putCareState(state(ANN, 2), 1);
        u.commit();
      }
      assertThat(storage.changes(p1, 10))
          .extracting(CustomerChange::customer)
          .containsExactlyInAnyOrder(ANN, BOB);
      assertThat(storage.lastChangePosition()).isEqualTo(second.lastChangePosition());
      assertThat(storage.changes(p0, 10)).isEqualTo(second.changes(p0, 10));
    }

    @Test
    @DisplayName(
        "any sequence of units, committed or refused, leaves states, journals and the feed as a"
            + " model predicts")
    void model() {
      List<CustomerId> customers = List.of(ANN, BOB, CY);
      QuickTheory.qt()
          .withFixedSeed(20261123L)
          .withExamples(30)
          .forAll(SourceDSL.lists().of(SourceDSL.integers().between(0, 11)).ofSizeBetween(1, 40))
          .checkAssert(
              ops -> {
                storage = newStorage();
                Ledger source = Ledger.create(clock);
                Map<CustomerId, Long> versions = new HashMap<>();
                Map<CustomerId, Integer> journals = new HashMap<>();
                Map<CustomerId, Integer> lastChange = new HashMap<>();
                long p0 = storage.lastChangePosition();
                int n = 0;
                for (int op : ops) {
                  CustomerId c = customers.get(op % 3);
                  CustomerId d = customers.get((op + 1) % 3);
                  long v = versions.getOrDefault(c, 0L);
                  long w = versions.getOrDefault(d, 0L);
                  int step = n++;
                  switch (op / 3) {
                    case 0 -> commit(u -> u.putCareState(state(c, step), v));
                    case 1 -> {
                      source.execute(Earn.of(key("m" + step), c, 1, CTX));
                      List<Transaction> journal = source.journalOf(c);
                      int at = journals.getOrDefault(c, 0);
                      commit(
                          u -> {
                            u.appendJournal(c, at, journal.subList(at, journal.size()));
                            u.putCareState(state(c, step), v);
                          });
                      journals.put(c, journal.size());
                    }
                    case 2 ->
                        assertThatThrownBy(
                                () ->
                                    commit(
                                        u -> {
                                          u.putCareState(state(c, step), v);
                                          u.putCareState(state(d, step), w + 1);
                                        }))
                            .isInstanceOf(ConcurrencyConflictException.class);
                    default -> {
                      commit(
                          u -> {
                            u.putCareState(state(c, step), v);
                            u.putCareState(state(d, step), w);
                          });
                      versions.put(d, w + 1);
                      lastChange.put(d, step);
                    }
                  }
                  if (op / 3 != 2) {
                    versions.put(c, v + 1);
                    lastChange.put(c, step);
                  }
                }
                for (CustomerId c : customers) {
                  assertThat(storage.careState(c).map(Versioned::version).orElse(0L))
                      .as("version of %s", c)
                      .isEqualTo(versions.getOrDefault(c, 0L));
                  assertThat(storage.journal(c, 0, Integer.MAX_VALUE))
                      .as("journal of %s", c)
                      .isEqualTo(source.journalOf(c));
                }
                List<CustomerChange> changes = storage.changes(p0, Integer.MAX_VALUE);
                assertThat(changes)
                    .extracting(CustomerChange::customer)
                    .as("one entry per changed customer")
                    .containsExactlyInAnyOrderElementsOf(lastChange.keySet());
                for (int i = 0; i < changes.size(); i++) {
                  CustomerChange change = changes.get(i);
                  assertThat(change.version()).isEqualTo(versions.get(change.customer()));
                  if (i > 0) {
                    // in the order of the latest changes; one unit's customers in either order
                    assertThat(lastChange.get(change.customer()))
                        .as("%s after %s", change.customer(), changes.get(i - 1).customer())
                        .isGreaterThanOrEqualTo(lastChange.get(changes.get(i - 1).customer()));
                  }
                }
                assertThat(storage.lastChangePosition())
                    .isEqualTo(changes.isEmpty() ? p0 : changes.get(changes.size() - 1).position());
              });
    }

    @Test
    @DisplayName("a change feed read with a limit below 1 is refused, naming the limit")
    void badLimit() {
      for (int limit : new int[] {0, -1, Integer.MIN_VALUE}) {
        assertThatThrownBy(() -> storage.changes(0, limit))
            .as("limit %s", limit)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("limit");
      }
    }
  }

  /** Idempotency keys are unique in storage, whichever instance writes them. */
  @Nested
  @DisplayName("keeps each idempotency key once across adapter instances")
  class IdempotencyAcrossInstances {
    @Test
    @DisplayName("two instances racing the same key: one commits, the other conflicts")
    void racingInstances() {
      CareStorage second = second();
      Transaction ann = first(ANN, "race-k");
      Transaction bob = first(BOB, "race-k");
      UnitOfWork one = storage.begin();
      UnitOfWork two = second.begin();
      try {
        one.appendJournal(ANN, 0, List.of(ann));
        two.appendJournal(BOB, 0, List.of(bob));
        two.putCareState(state(BOB, 1), 0);
        one.commit();
        assertThatThrownBy(two::commit).isInstanceOf(ConcurrencyConflictException.class);
      } finally {
        one.close();
        two.close();
      }
      for (CareStorage s : List.of(storage, second)) {
        assertThat(s.transactionFor(key("race-k"))).contains(ann);
        assertThat(s.journal(ANN, 0, 10)).containsExactly(ann);
        assertThat(s.journal(BOB, 0, 10)).isEmpty();
        assertThat(s.careState(BOB)).isEmpty();
      }
    }

    @Test
    @DisplayName("a key committed through one instance is found, and refused, through another")
    void committedKeySeenByAnotherInstance() {
      DurableLedger l = ledger(storage);
      Earn earn = Earn.of(key("once-k"), ANN, 12, CTX);
      Outcome reply = l.execute(earn);
      Transaction committed = storage.transactionFor(key("once-k")).orElseThrow();
      CareStorage second = second();
      assertThat(second.transactionFor(key("once-k"))).contains(committed);
      Transaction bob = first(BOB, "once-k");
      try (UnitOfWork u = second.begin()) {
        u.appendJournal(BOB, 0, List.of(bob));
        assertThatThrownBy(u::commit).isInstanceOf(ConcurrencyConflictException.class);
      }
      DurableLedger other = ledger(second);
      assertThat(other.execute(earn)).as("the same reply").isEqualTo(reply);
      assertThat(second.journal(ANN, 0, 10)).containsExactly(committed);
      assertThat(second.journal(BOB, 0, 10)).isEmpty();
      assertThat(other.points(ANN).posted()).isEqualTo(12);
    }

    @Test
    @DisplayName(
        "a key taken on another instance between decision and commit: refused, and the retry"
            + " names the first use")
    void keyTakenBetweenDecisionAndCommit() {
      DurableLedger l = ledger(storage);
      DurableLedger other = ledger(second());
      Earn bobs = Earn.of(key("taken-k"), BOB, 8, CTX);
      Earn anns = Earn.of(key("taken-k"), ANN, 9, CTX);
      assertThatThrownBy(
              () ->
                  l.update(
                      List.of(BOB),
                      a -> {
                        Outcome decided = a.execute(bobs);
                        other.execute(anns); // commits first; a re-run finds it committed
                        return decided;
                      }))
          .isInstanceOf(IdempotencyConflictException.class);
      assertThat(l.conflicts()).as("the refused commit").isEqualTo(1);
      Transaction committed = storage.transactionFor(key("taken-k")).orElseThrow();
      assertThat(committed.customer()).isEqualTo(ANN);
      assertThat(storage.journal(ANN, 0, 10)).containsExactly(committed);
      assertThat(storage.journal(BOB, 0, 10)).isEmpty();
      assertThat(storage.careState(BOB)).isEmpty();
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
      CareStorage other = second();
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
    @DisplayName(
        "a batch of outbox updates is recorded as each update in list order: the later of two with"
            + " one id stays, every claim ends")
    void updateAllInOrder() {
      Instant now = clock.instant();
      List<OutboxMessage> batch = new ArrayList<>();
      commit(
          u -> {
            for (int i = 0; i < 3; i++) {
              OutboxMessage m =
                  OutboxMessage.pending(
                      "ua-" + i, "care", Optional.of(ANN), Optional.empty(), Map.of(), now);
              u.enqueue(m);
              batch.add(m);
            }
          });
      Duration lease = Duration.ofMinutes(5);
      assertThat(storage.claimDue(now, 10, lease)).hasSize(3);
      OutboxMessage first = batch.get(0).deferred(now.plusSeconds(60), "quiet hours");
      OutboxMessage later =
          batch.get(0).attempted(DeliveryStatus.DELIVERED, now.plusSeconds(1), Optional.empty());
      OutboxMessage retry =
          batch.get(1).attempted(DeliveryStatus.PENDING, now, Optional.of("try again"));
      OutboxMessage failed =
          batch.get(2).attempted(DeliveryStatus.FAILED, now, Optional.of("gave up"));
      storage.updateAll(List.of(first, retry, later, failed));
      storage.updateAll(List.of());
      assertThat(storage.message("ua-0")).contains(later);
      assertThat(storage.message("ua-1")).contains(retry);
      assertThat(storage.message("ua-2")).contains(failed);
      assertThat(storage.deliveredTo(ANN, now)).containsExactly(later);
      assertThat(second().claimDue(now, 10, lease))
          .as("the updates ended the claims")
          .containsExactly(retry);
    }

    @Test
    @DisplayName(
        "a batch of outbox updates naming an unknown message records none of them and names it")
    void updateAllIsAtomic() {
      Instant now = clock.instant();
      OutboxMessage a =
          OutboxMessage.pending("at-a", "event", Optional.empty(), Optional.empty(), Map.of(), now);
      OutboxMessage b =
          OutboxMessage.pending("at-b", "event", Optional.empty(), Optional.empty(), Map.of(), now);
      commit(
          u -> {
            u.enqueue(a);
            u.enqueue(b);
          });
      OutboxMessage ghost =
          OutboxMessage.pending(
              "at-ghost", "event", Optional.empty(), Optional.empty(), Map.of(), now);
      assertThatThrownBy(
              () ->
                  storage.updateAll(
                      List.of(
                          a.attempted(DeliveryStatus.DELIVERED, now, Optional.empty()),
                          ghost.attempted(DeliveryStatus.DELIVERED, now, Optional.empty()),
                          b.attempted(DeliveryStatus.DELIVERED, now, Optional.empty()))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("at-ghost");
      assertThat(storage.message("at-a")).contains(a);
      assertThat(storage.message("at-b")).contains(b);
      assertThat(storage.message("at-ghost")).isEmpty();
      assertThat(storage.dueMessages(now, 10)).containsExactly(a, b);
    }

    @Test
    @DisplayName("deliveries to several customers at once are those read one customer at a time")
    void deliveredToSeveral() {
      Instant t0 = clock.instant();
      List<OutboxMessage> all = new ArrayList<>();
      commit(
          u -> {
            for (CustomerId c : List.of(ANN, BOB, CY)) {
              for (int i = 0; i < 3; i++) {
                OutboxMessage m =
                    OutboxMessage.pending(
                        "ds-" + c.value() + "-" + i,
                        "care",
                        Optional.of(c),
                        Optional.empty(),
                        Map.of(),
                        t0);
                u.enqueue(m);
                all.add(m);
              }
            }
          });
      List<OutboxMessage> outcomes = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        OutboxMessage m = all.get(i);
        // CY's are deferred, the others delivered at times out of their enqueue order
        outcomes.add(
            m.customer().get().equals(CY)
                ? m.deferred(t0.plusSeconds(3600), "quiet hours")
                : m.attempted(
                    DeliveryStatus.DELIVERED,
                    t0.plusSeconds(10L * ((i * 7) % 9) + 1),
                    Optional.empty()));
      }
      storage.updateAll(outcomes);
      for (Instant since :
          List.of(
              t0, t0.plusSeconds(1), t0.plusSeconds(31), t0.plusSeconds(51), t0.plusSeconds(90))) {
        Map<CustomerId, List<OutboxMessage>> expected = new HashMap<>();
        for (CustomerId c : List.of(ANN, BOB, CY, DI)) {
          List<OutboxMessage> one = storage.deliveredTo(c, since);
          if (!one.isEmpty()) {
            expected.put(c, one);
          }
        }
        assertThat(storage.deliveredTo(Set.of(ANN, BOB, CY, DI), since))
            .as("since %s", since)
            .isEqualTo(expected);
      }
      assertThat(storage.deliveredTo(Set.of(ANN, BOB), t0.plusSeconds(41)).get(ANN))
          .as("exclusive bound, oldest first")
          .extracting(OutboxMessage::nextAttemptAt)
          .isSortedAccordingTo(Instant::compareTo)
          .allMatch(at -> at.isAfter(t0.plusSeconds(41)));
      assertThat(storage.deliveredTo(Set.of(), t0)).isEmpty();
    }

    @Test
    @DisplayName(
        "a dispatched batch honours quiet hours, suppresses unknown customers and counts the"
            + " deliveries made earlier in the same batch against a frequency cap")
    void dispatcherBatchSemantics() {
      Instant now = clock.instant(); // 10:00 UTC
      var email = dev.care.core.customer.Channel.EMAIL;
      Profile reachable =
          Profile.named("Ann")
              .withEmail("ann@example.com")
              .withPreferredChannel(email)
              .withConsent(dev.care.core.customer.Consent.optedIn(email));
      commit(
          u -> {
            u.putCustomer(Customer.register(ANN, reachable, now), 0);
            // 10:00 UTC is 22:00 in Auckland (UTC+12 in June): inside 21:00-08:00
            u.putCustomer(
                Customer.register(
                    BOB,
                    reachable
                        .withZone(java.time.ZoneId.of("Pacific/Auckland"))
                        .withQuietHours(
                            Optional.of(
                                new dev.care.core.customer.QuietHours(
                                    java.time.LocalTime.of(21, 0), java.time.LocalTime.of(8, 0)))),
                    now),
                0);
          });
      // one delivery to Ann 8 days ago (outside the 7-day cap) and one 3 days ago (inside)
      OutboxMessage old =
          OutboxMessage.pending(
              "db-old",
              "care",
              Optional.of(ANN),
              Optional.of(email),
              Map.of(),
              now.minus(Duration.ofDays(9)));
      OutboxMessage recent =
          OutboxMessage.pending(
              "db-recent",
              "care",
              Optional.of(ANN),
              Optional.of(email),
              Map.of(),
              now.minus(Duration.ofDays(4)));
      commit(
          u -> {
            u.enqueue(old);
            u.enqueue(recent);
          });
      storage.updateAll(
          List.of(
              old.attempted(
                  DeliveryStatus.DELIVERED, now.minus(Duration.ofDays(8)), Optional.empty()),
              recent.attempted(
                  DeliveryStatus.DELIVERED, now.minus(Duration.ofDays(3)), Optional.empty())));
      List<String> toAnn = List.of("db-a1", "db-a2", "db-a3");
      commit(
          u -> {
            for (String id : toAnn) {
              u.enqueue(
                  OutboxMessage.pending(
                      id, "care", Optional.of(ANN), Optional.of(email), Map.of(), now));
            }
            u.enqueue(
                OutboxMessage.pending(
                    "db-bill", "e-bill", Optional.of(ANN), Optional.of(email), Map.of(), now));
            u.enqueue(
                OutboxMessage.pending(
                    "db-b", "care", Optional.of(BOB), Optional.of(email), Map.of(), now));
            u.enqueue(
                OutboxMessage.pending(
                    "db-ghost",
                    "care",
                    Optional.of(CustomerId.of("tck-nobody")),
                    Optional.of(email),
                    Map.of(),
                    now));
          });
      List<String> sent = new ArrayList<>();
      var dispatcher =
          new dev.care.storage.dispatch.OutboxDispatcher(
              storage,
              List.of(
                  new dev.care.storage.messaging.MessageChannel() {
                    @Override
                    public dev.care.core.customer.Channel channel() {
                      return email;
                    }

                    @Override
                    public void send(OutboxMessage message) {
                      sent.add(message.id());
                    }
                  }),
              m -> {},
              dev.care.storage.dispatch.DispatchPolicy.defaults()
                  .withCaps(
                      List.of(
                          new dev.care.storage.dispatch.DispatchPolicy.ChannelCap(
                              email, 2, Duration.ofDays(7)))),
              clock);
      var report = dispatcher.runOnce();
      // Ann: one delivery inside the window, so one more care message fits; the bill is uncapped
      assertThat(sent).containsExactly("db-a1", "db-bill");
      assertThat(report.delivered()).isEqualTo(2);
      assertThat(report.deferred()).as("db-a2, db-a3 capped; db-b in quiet hours").isEqualTo(3);
      assertThat(report.suppressed()).isEqualTo(1);
      // the window frees when the delivery 3 days ago leaves it
      assertThat(storage.message("db-a2").get().nextAttemptAt())
          .isEqualTo(now.minus(Duration.ofDays(3)).plus(Duration.ofDays(7)));
      assertThat(storage.message("db-a3").get().nextAttemptAt())
          .isEqualTo(now.minus(Duration.ofDays(3)).plus(Duration.ofDays(7)));
      assertThat(storage.message("db-b").get().nextAttemptAt())
          .isEqualTo(Instant.parse("2026-06-01T20:00:00Z"));
      assertThat(storage.message("db-ghost").get().status()).isEqualTo(DeliveryStatus.SUPPRESSED);
      assertThat(storage.message("db-a1").get().status()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(storage.deliveredTo(ANN, now.minus(Duration.ofDays(7))))
          .extracting(OutboxMessage::id)
          .containsExactlyInAnyOrder("db-recent", "db-a1", "db-bill");
    }

    @Test
    @DisplayName("a delivered message id enqueued again stays delivered and is not sent again")
    void reenqueuedDeliveredIsNotSentAgain() {
      OutboxMessage once =
          OutboxMessage.pending(
              "again",
              "event",
              Optional.empty(),
              Optional.empty(),
              Map.of("v", "1"),
              clock.instant());
      commit(u -> u.enqueue(once));
      Map<String, Integer> sends = new HashMap<>();
      var dispatcher =
          new dev.care.storage.dispatch.OutboxDispatcher(
              storage,
              List.of(),
              m -> sends.merge(m.id(), 1, Integer::sum),
              dev.care.storage.dispatch.DispatchPolicy.defaults(),
              clock);
      assertThat(dispatcher.runOnce().delivered()).isEqualTo(1);
      clock.advance(Duration.ofMinutes(1));
      OutboxMessage again =
          OutboxMessage.pending(
              "again",
              "event",
              Optional.empty(),
              Optional.empty(),
              Map.of("v", "2"),
              clock.instant());
      commit(u -> u.enqueue(again));
      assertThat(storage.message("again"))
          .hasValueSatisfying(
              m -> {
                assertThat(m.status()).isEqualTo(DeliveryStatus.DELIVERED);
                assertThat(m.attributes()).containsEntry("v", "1");
              });
      assertThat(storage.dueMessages(Instant.MAX, Integer.MAX_VALUE)).isEmpty();
      assertThat(dispatcher.runOnce().delivered()).isZero();
      assertThat(sends).containsExactly(Map.entry("again", 1));
    }

    @Test
    @DisplayName(
        "outbox reads honour limit 1 and MAX_VALUE, and refuse a negative limit, naming it")
    void outboxLimits() {
      Instant now = clock.instant();
      List<OutboxMessage> all = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        all.add(
            OutboxMessage.pending(
                "lim-" + i,
                "event",
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                now.plusMillis(i)));
      }
      commit(u -> all.forEach(u::enqueue));
      Instant later = now.plusSeconds(1);
      Duration lease = Duration.ofMinutes(5);
      assertThat(storage.dueMessages(later, 1)).containsExactly(all.get(0));
      assertThat(storage.dueMessages(later, Integer.MAX_VALUE)).isEqualTo(all);
      assertThat(storage.claimDue(later, 1, lease)).containsExactly(all.get(0));
      assertThat(storage.claimDue(later, Integer.MAX_VALUE, lease)).isEqualTo(all.subList(1, 5));
      for (int limit : new int[] {-1, Integer.MIN_VALUE}) {
        assertThatThrownBy(() -> storage.dueMessages(later, limit))
            .as("due, limit %s", limit)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("limit");
        assertThatThrownBy(() -> storage.claimDue(later, limit, lease))
            .as("claim, limit %s", limit)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("limit");
      }
    }

    @Test
    @DisplayName("L15 every committed ledger transaction has its messages; a failed one has none")
    void L15_outbox_in_the_same_transaction() {
      DurableLedger l = ledger(storage);
      l.execute(Earn.of(key("o1"), ANN, 10, CTX));
      l.execute(new Redeem(key("o2"), ANN, 5, CTX));
      l.execute(new Redeem(key("o3"), ANN, 50, CTX));
      List<Transaction> journal = storage.journal(ANN, 0, 100);
      assertThat(journal).hasSize(2);
      for (Transaction tx : journal) {
        assertThat(storage.message("tx/" + ANN.value() + "/" + tx.sequence()))
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
      assertThat(storage.journal(ANN, 0, 100)).isEqualTo(journal);
      assertThat(storage.message("tx/" + ANN.value() + "/3")).isEmpty();
    }
  }

  /** Ids, instants and order exactly as written: no collation, truncation or rounding. */
  @Nested
  @DisplayName("keeps ids and instants exactly as written")
  class Fidelity {
    @Test
    @DisplayName(
        "ids that differ only in case are different customers, care states, keys and messages")
    void caseSensitiveIds() {
      List<CustomerId> ids = List.of(id("tck-Case"), id("TCK-CASE"), id("tck-case"));
      commit(
          u -> {
            for (int i = 0; i < ids.size(); i++) {
              CustomerId c = ids.get(i);
              u.putCustomer(customer(c, "name " + i), 0);
              u.putCareState(state(c, i + 1), 0);
              u.appendJournal(c, 0, List.of(first(c, "Case-K" + "kK".charAt(i % 2) + i / 2)));
              u.enqueue(
                  OutboxMessage.pending(
                      "case-" + "mM".charAt(i % 2) + i / 2,
                      "care",
                      Optional.of(c),
                      Optional.empty(),
                      Map.of("i", Integer.toString(i)),
                      clock.instant()));
            }
          });
      assertThat(storage.customerIds(Optional.empty(), Integer.MAX_VALUE))
          .containsExactly(id("TCK-CASE"), id("tck-Case"), id("tck-case"));
      for (int i = 0; i < ids.size(); i++) {
        CustomerId c = ids.get(i);
        int n = i;
        assertThat(storage.customer(c))
            .as("customer %s", c)
            .hasValueSatisfying(v -> assertThat(v.value().profile().name()).isEqualTo("name " + n));
        assertThat(storage.careState(c))
            .as("state of %s", c)
            .contains(new Versioned<>(state(c, i + 1), 1));
        assertThat(storage.transactionFor(key("Case-K" + "kK".charAt(i % 2) + i / 2)))
            .as("key %s", i)
            .hasValueSatisfying(t -> assertThat(t.customer()).isEqualTo(c));
        assertThat(storage.message("case-" + "mM".charAt(i % 2) + i / 2))
            .as("message %s", i)
            .hasValueSatisfying(m -> assertThat(m.customer()).contains(c));
      }
      assertThat(storage.customer(id("TCK-Case"))).isEmpty();
    }

    @Test
    @DisplayName(
        "long ids that differ only at the end, and accented ones, are kept apart and in code-point"
            + " order")
    void longAndAccentedIds() {
      String base = "tck-" + "x".repeat(90) + "-";
      List<String> written =
          List.of(base + "2", "tck-Zo\u00eb", base + "1", "tck-Zoe", "tck-Zoe-1");
      commit(
          u -> {
            for (int i = 0; i < written.size(); i++) {
              u.putCustomer(customer(id(written.get(i)), "name " + i), 0);
              u.putCareState(state(id(written.get(i)), i + 1), 0);
            }
          });
      List<CustomerId> sorted = written.stream().sorted().map(CustomerId::of).toList();
      assertThat(storage.customerIds(Optional.empty(), Integer.MAX_VALUE)).isEqualTo(sorted);
      assertThat(ids(storage.careStates(Optional.empty(), Integer.MAX_VALUE))).isEqualTo(sorted);
      for (int i = 0; i < written.size(); i++) {
        CustomerId c = id(written.get(i));
        assertThat(storage.customer(c).map(v -> v.value().id())).as("customer %s", c).contains(c);
        assertThat(storage.careState(c))
            .as("state of %s", c)
            .contains(new Versioned<>(state(c, i + 1), 1));
      }
    }

    @Test
    @DisplayName(
        "generated ids that differ in case, accents (in either Unicode form), characters beyond"
            + " the BMP, spaces or a long tail are each their own customer, state, key and message")
    void generatedIdsKeptApart() {
      java.util.concurrent.atomic.AtomicInteger example =
          new java.util.concurrent.atomic.AtomicInteger();
      QuickTheory.qt()
          .withFixedSeed(idSeed())
          .withExamples(idExamples())
          .forAll(idBodies())
          .checkAssert(
              bodies -> {
                List<String> written = idVariants("g" + example.incrementAndGet() + "|", bodies);
                commit(
                    u -> {
                      for (int i = 0; i < written.size(); i++) {
                        CustomerId c = id(written.get(i));
                        u.putCustomer(customer(c, "name " + i), 0);
                        u.putCareState(state(c, i + 1), 0);
                        u.appendJournal(c, 0, List.of(first(c, "k|" + c.value())));
                        u.enqueue(
                            OutboxMessage.pending(
                                "m|" + c.value(),
                                "care",
                                Optional.of(c),
                                Optional.empty(),
                                Map.of(),
                                clock.instant()));
                      }
                    });
                for (int i = 0; i < written.size(); i++) {
                  CustomerId c = id(written.get(i));
                  int n = i;
                  assertThat(storage.customer(c))
                      .as("customer %s", escaped(c.value()))
                      .hasValueSatisfying(
                          v -> {
                            assertThat(v.value().id()).isEqualTo(c);
                            assertThat(v.value().profile().name()).isEqualTo("name " + n);
                          });
                  assertThat(storage.careState(c))
                      .as("state of %s", escaped(c.value()))
                      .contains(new Versioned<>(state(c, i + 1), 1));
                  assertThat(storage.transactionFor(key("k|" + c.value())))
                      .as("key of %s", escaped(c.value()))
                      .hasValueSatisfying(t -> assertThat(t.customer()).isEqualTo(c));
                  assertThat(storage.message("m|" + c.value()))
                      .as("message to %s", escaped(c.value()))
                      .hasValueSatisfying(m -> assertThat(m.customer()).contains(c));
                }
              });
    }

    @Test
    @DisplayName(
        "generated ids page in code-point order from any of them, with limits 1, 2 and MAX_VALUE"
            + " (not UTF-16, collation or numeric order)")
    void generatedIdsPageInCodePointOrder() {
      java.util.concurrent.atomic.AtomicInteger example =
          new java.util.concurrent.atomic.AtomicInteger();
      QuickTheory.qt()
          .withFixedSeed(idSeed() + 1)
          .withExamples(idExamples())
          .forAll(idBodies())
          .checkAssert(
              bodies -> {
                String prefix = "o" + example.incrementAndGet() + "|";
                List<String> written = idVariants(prefix, bodies);
                int half = written.size() / 2;
                commit(
                    u ->
                        written
                            .subList(half, written.size())
                            .forEach(s -> u.putCareState(state(id(s), 1), 0)));
                commit(
                    u -> written.subList(0, half).forEach(s -> u.putCareState(state(id(s), 1), 0)));
                commit(
                    u -> {
                      for (String s : written) {
                        u.putCustomer(customer(id(s), "c"), 0);
                      }
                    });
                List<CustomerId> expected =
                    written.stream().sorted(CODE_POINTS).map(CustomerId::of).toList();
                Optional<CustomerId> start = Optional.of(id(prefix));
                int n = expected.size();
                assertThat(storage.customerIds(start, n)).as("customer ids").isEqualTo(expected);
                assertThat(ids(storage.careStates(start, n))).as("care states").isEqualTo(expected);
                assertThat(storage.customerIds(start, Integer.MAX_VALUE).subList(0, n))
                    .as("customer ids, limit MAX_VALUE")
                    .isEqualTo(expected);
                for (int size : new int[] {1, 2}) {
                  List<CustomerId> read = new ArrayList<>();
                  for (int page = 0; page <= n && read.size() < n; page++) {
                    read.addAll(
                        ids(
                            storage.careStates(
                                read.isEmpty() ? start : Optional.of(read.get(read.size() - 1)),
                                size)));
                  }
                  assertThat(read.subList(0, Math.min(n, read.size())))
                      .as("care states paged by %s", size)
                      .isEqualTo(expected);
                }
                for (int i = 0; i + 1 < n; i++) {
                  assertThat(storage.customerIds(Optional.of(expected.get(i)), 1))
                      .as("the id after %s", escaped(expected.get(i).value()))
                      .containsExactly(expected.get(i + 1));
                }
              });
    }

    @Test
    @DisplayName(
        "instants keep their nanoseconds: care states read back equal, messages a nanosecond"
            + " apart are due and delivered in order")
    void subSecondInstants() {
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      CareState fine =
          CareState.initial(ANN, t0)
              .withJournalLength(0)
              .withTier(
                  Optional.of(
                      new ManualTier(
                          ManualTier.Mode.FIXED, TierId.of("GOLD"), t0.plusNanos(77_777))),
                  Optional.of(t0.plusNanos(500)))
              .withReferrer(Optional.of(CustomerId.of("REFERRER-1")))
              .withWinBackSent(Optional.of(t0.plusNanos(999)))
              .withAdvancedUntil(t0.plusNanos(123_456_789))
              .withNextDue(Optional.of(t0.plusSeconds(86_400).plusNanos(1)));
      commit(u -> u.putCareState(fine, 0));
      assertThat(storage.careState(ANN)).contains(new Versioned<>(fine, 1));
      assertThat(storage.careStates(Optional.empty(), 1)).containsExactly(new Versioned<>(fine, 1));
      Instant now = clock.instant();
      OutboxMessage a =
          OutboxMessage.pending(
              "ns-a", "care", Optional.of(ANN), Optional.empty(), Map.of(), now.plusNanos(2));
      OutboxMessage b =
          OutboxMessage.pending(
              "ns-b", "care", Optional.of(ANN), Optional.empty(), Map.of(), now.plusNanos(1));
      OutboxMessage c =
          OutboxMessage.pending(
              "ns-c", "care", Optional.of(ANN), Optional.empty(), Map.of(), now.plusNanos(1_001));
      commit(
          u -> {
            u.enqueue(a);
            u.enqueue(b);
            u.enqueue(c);
          });
      assertThat(storage.message("ns-a")).contains(a);
      assertThat(storage.dueMessages(now.plusNanos(1), 10)).containsExactly(b);
      assertThat(storage.dueMessages(now.plusNanos(2), 10)).containsExactly(b, a);
      assertThat(storage.dueMessages(now.plusNanos(1_000), 10)).containsExactly(b, a);
      OutboxMessage delivered =
          a.attempted(DeliveryStatus.DELIVERED, now.plusNanos(3), Optional.empty());
      storage.update(delivered);
      assertThat(storage.message("ns-a")).contains(delivered);
      assertThat(storage.deliveredTo(ANN, now.plusNanos(2))).containsExactly(delivered);
      assertThat(storage.deliveredTo(ANN, now.plusNanos(3))).isEmpty();
    }
  }

  /** Reads answer from committed data, never from what an instance remembers. */
  @Nested
  @DisplayName("a read never hides a later commit, of this instance or another")
  class Visibility {
    @Test
    @DisplayName(
        "a record read as missing is found once another instance commits it (no cached 'not"
            + " found')")
    void notFoundIsNotCached() {
      CareStorage second = second();
      Transaction tx = first(ANN, "vis-k");
      OutboxMessage m =
          OutboxMessage.pending(
              "vis-m", "care", Optional.of(ANN), Optional.empty(), Map.of(), clock.instant());
      var voucher =
          dev.care.core.voucher.Voucher.issue(
              "TCK-VIS-01",
              "vis",
              ANN,
              new dev.care.core.voucher.VoucherValue.Points(5),
              clock.instant(),
              clock.instant().plus(Duration.ofDays(30)));
      var interaction =
          dev.care.core.satisfaction.ServiceInteraction.open(
              "I-vis",
              ANN,
              dev.care.core.satisfaction.InteractionKind.COMPLAINT,
              dev.care.core.customer.Channel.PHONE,
              clock.instant());
      assertThat(second.customer(ANN)).isEmpty();
      assertThat(second.careState(ANN)).isEmpty();
      assertThat(second.transactionFor(key("vis-k"))).isEmpty();
      assertThat(second.message("vis-m")).isEmpty();
      assertThat(second.voucher("TCK-VIS-01")).isEmpty();
      assertThat(second.interaction("I-vis")).isEmpty();
      commit(
          u -> {
            u.putCustomer(customer(ANN, "Ann"), 0);
            u.putCareState(state(ANN, 1), 0);
            u.appendJournal(ANN, 0, List.of(tx));
            u.enqueue(m);
            u.putVoucher(voucher, 0);
            u.putInteraction(interaction, 0);
          });
      assertThat(second.customer(ANN)).as("customer").isPresent();
      assertThat(second.careState(ANN))
          .as("care state")
          .contains(new Versioned<>(state(ANN, 1), 1));
      assertThat(second.transactionFor(key("vis-k"))).as("key").contains(tx);
      assertThat(second.message("vis-m")).as("message").contains(m);
      assertThat(second.voucher("TCK-VIS-01")).as("voucher").isPresent();
      assertThat(second.interaction("I-vis")).as("interaction").isPresent();
      assertThat(second.record(ANN).state()).as("record").isPresent();
    }

    @Test
    @DisplayName("a record read once is read at its new version after another instance updates it")
    void staleValueIsNotCached() {
      CareStorage second = second();
      commit(
          u -> {
            u.putCustomer(customer(ANN, "Ann"), 0);
            u.putCareState(state(ANN, 1), 0);
          });
      assertThat(second.customer(ANN).map(Versioned::version)).contains(1L);
      assertThat(second.careState(ANN).map(Versioned::version)).contains(1L);
      commit(
          u -> {
            u.putCustomer(customer(ANN, "Ann B."), 1);
            u.putCareState(state(ANN, 2), 1);
          });
      assertThat(second.customer(ANN).map(Versioned::version)).contains(2L);
      assertThat(second.careState(ANN)).contains(new Versioned<>(state(ANN, 2), 2));
      try (UnitOfWork u = second.begin()) {
        u.putCareState(state(ANN, 3), 2);
        u.commit();
      }
      assertThat(storage.careState(ANN)).contains(new Versioned<>(state(ANN, 3), 3));
    }
  }

  /** Outbox retention: finished messages are purged after a cutoff, in bounded batches. */
  @Nested
  @DisplayName("the outbox purges finished messages older than a cutoff, and only those")
  class Retention {
    Instant now() {
      return clock.instant();
    }

    /** Enqueues a message created at {@code created} and records its final attempt. */
    OutboxMessage finished(
        String id, Optional<CustomerId> to, Instant created, DeliveryStatus status, Instant at) {
      OutboxMessage m = OutboxMessage.pending(id, "care", to, Optional.empty(), Map.of(), created);
      commit(u -> u.enqueue(m));
      if (status == DeliveryStatus.PENDING) {
        return m;
      }
      OutboxMessage done =
          m.attempted(
              status,
              at,
              status == DeliveryStatus.DELIVERED ? Optional.empty() : Optional.of("tck"));
      storage.update(done);
      return done;
    }

    List<String> ids(List<OutboxMessage> messages) {
      return messages.stream().map(OutboxMessage::id).toList();
    }

    @Test
    @DisplayName(
        "a purge removes delivered and suppressed messages finished before the cutoff, and keeps"
            + " failed, pending and newer ones")
    void purgesOnlyFinishedBeforeTheCutoff() {
      Instant cutoff = now().minus(Duration.ofDays(5));
      Instant old = now().minus(Duration.ofDays(10));
      Optional<CustomerId> ann = Optional.of(ANN);
      finished("d1", ann, now().minus(Duration.ofDays(20)), DeliveryStatus.DELIVERED, old);
      finished("s1", ann, old, DeliveryStatus.SUPPRESSED, old);
      finished("s2", Optional.empty(), old, DeliveryStatus.SUPPRESSED, cutoff.minusNanos(1));
      finished("f1", ann, old, DeliveryStatus.FAILED, old);
      finished("p1", ann, old, DeliveryStatus.PENDING, old);
      finished("d2", ann, old, DeliveryStatus.DELIVERED, now().minus(Duration.ofDays(1)));
      finished("d3", ann, old, DeliveryStatus.DELIVERED, cutoff);
      assertThat(storage.purgeFinished(cutoff, 100)).isEqualTo(3);
      for (String gone : List.of("d1", "s1", "s2")) {
        assertThat(storage.message(gone)).as(gone).isEmpty();
      }
      for (String kept : List.of("f1", "p1", "d2", "d3")) {
        assertThat(storage.message(kept)).as(kept).isPresent();
      }
      assertThat(ids(storage.messages(DeliveryStatus.FAILED))).containsExactly("f1");
      assertThat(ids(storage.messages(DeliveryStatus.DELIVERED)))
          .containsExactlyInAnyOrder("d2", "d3");
      assertThat(storage.messages(DeliveryStatus.SUPPRESSED)).isEmpty();
      assertThat(ids(storage.dueMessages(now(), 10))).containsExactly("p1");
    }

    @Test
    @DisplayName(
        "a purge removes at most its limit, oldest final attempt first, and refuses a limit below"
            + " 1")
    void purgeRespectsItsLimit() {
      Instant old = now().minus(Duration.ofDays(10));
      for (int i = 6; i >= 0; i--) {
        finished("lim-" + i, Optional.empty(), old, DeliveryStatus.DELIVERED, old.plusSeconds(i));
      }
      Instant cutoff = now().minus(Duration.ofDays(1));
      assertThat(storage.purgeFinished(cutoff, 3)).isEqualTo(3);
      assertThat(storage.message("lim-2")).isEmpty();
      assertThat(storage.message("lim-3")).isPresent();
      assertThat(storage.purgeFinished(cutoff, 3)).isEqualTo(3);
      assertThat(storage.purgeFinished(cutoff, 3)).isEqualTo(1);
      assertThat(storage.purgeFinished(cutoff, 3)).isZero();
      for (int limit : new int[] {0, -1, Integer.MIN_VALUE}) {
        assertThatThrownBy(() -> storage.purgeFinished(cutoff, limit))
            .as("limit %s", limit)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("limit");
      }
    }

    @Test
    @DisplayName(
        "a purged message leaves every read at once, and purging again, from any instance, removes"
            + " nothing more")
    void purgedMessageLeavesEveryRead() {
      Instant old = now().minus(Duration.ofDays(10));
      Optional<CustomerId> ann = Optional.of(ANN);
      finished("g-d1", ann, old, DeliveryStatus.DELIVERED, old);
      finished("g-s1", ann, old, DeliveryStatus.SUPPRESSED, old);
      finished("g-d2", ann, old, DeliveryStatus.DELIVERED, now().minus(Duration.ofDays(1)));
      Instant cutoff = now().minus(Duration.ofDays(5));
      assertThat(storage.purgeFinished(cutoff, 10)).isEqualTo(2);
      for (int round = 0; round < 2; round++) {
        assertThat(storage.message("g-d1")).isEmpty();
        assertThat(storage.message("g-s1")).isEmpty();
        assertThat(ids(storage.messages(DeliveryStatus.DELIVERED))).containsExactly("g-d2");
        assertThat(storage.messages(DeliveryStatus.SUPPRESSED)).isEmpty();
        assertThat(ids(storage.deliveredTo(ANN, old.minusSeconds(1)))).containsExactly("g-d2");
        assertThat(storage.purgeFinished(cutoff, 10)).as("purged again").isZero();
        assertThat(second().purgeFinished(cutoff, 10)).as("by another instance").isZero();
      }
    }

    @Test
    @DisplayName(
        "purging at the longest cap period keeps every delivery a frequency cap counts, whenever"
            + " the message was created")
    void capsKeepCounting() {
      Instant created = now().minus(Duration.ofDays(30));
      Duration period = Duration.ofDays(7);
      Optional<CustomerId> ann = Optional.of(ANN);
      finished("cap-a", ann, created, DeliveryStatus.DELIVERED, now().minus(Duration.ofDays(10)));
      finished("cap-b", ann, created, DeliveryStatus.DELIVERED, now().minus(period));
      finished("cap-c", ann, created, DeliveryStatus.DELIVERED, now().minus(Duration.ofDays(6)));
      finished("cap-d", ann, created, DeliveryStatus.DELIVERED, now().minus(Duration.ofDays(1)));
      Instant since = now().minus(period);
      assertThat(ids(storage.deliveredTo(ANN, since))).containsExactly("cap-c", "cap-d");
      assertThat(
              storage.purgeFinished(
                  dev.care.storage.dispatch.OutboxRetention.of(period).cutoff(now()), 100))
          .isEqualTo(1);
      assertThat(ids(storage.deliveredTo(ANN, since))).containsExactly("cap-c", "cap-d");
      assertThat(ids(storage.deliveredTo(ANN, since.minusSeconds(1))))
          .containsExactly("cap-b", "cap-c", "cap-d");
    }

    @Test
    @DisplayName(
        "a retention purges an outbox of many batches run by run, each run bounded, to the end")
    void retentionRunsInBoundedBatches() {
      Instant old = now().minus(Duration.ofDays(40));
      List<OutboxMessage> many = new ArrayList<>();
      for (int i = 0; i < 1_200; i++) {
        many.add(
            OutboxMessage.pending(
                "many-" + i, "event", Optional.empty(), Optional.empty(), Map.of(), old));
      }
      commit(u -> many.forEach(u::enqueue));
      many.forEach(
          m ->
              storage.update(
                  m.attempted(DeliveryStatus.DELIVERED, old.plusMillis(1), Optional.empty())));
      var retention =
          dev.care.storage.dispatch.OutboxRetention.defaults()
              .withBatchSize(500)
              .withMaxBatchesPerRun(2);
      assertThat(retention.purge(storage, now())).as("first run").isEqualTo(1_000);
      assertThat(retention.purge(storage, now())).as("second run").isEqualTo(200);
      assertThat(retention.purge(storage, now())).as("third run").isZero();
      assertThat(storage.messages(DeliveryStatus.DELIVERED)).isEmpty();
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
            Reverse.all(k, new dev.care.core.ledger.PostingId(c, 1 + amount % Math.max(1, n)), CTX);
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
                Map<CustomerId, Ledger> before = Map.of(ANN, l.view(ANN), BOB, l.view(BOB));
                // a view of both from the writer's cache, and from the store on a new instance
                Ledger both = l.view(List.of(ANN, BOB));
                DurableLedger restarted = ledger(second());
                for (CustomerId c : List.of(ANN, BOB)) {
                  Ledger after = restarted.view(c);
                  assertThat(after.balances()).as("%s", c).isEqualTo(before.get(c).balances());
                  assertThat(after.allLots()).as("%s", c).isEqualTo(before.get(c).allLots());
                  assertThat(after.holds()).as("%s", c).isEqualTo(before.get(c).holds());
                  assertThat(before.get(c).journalOf(c))
                      .as("%s: the journal of the writer's view is the stored one", c)
                      .isEqualTo(storage.journal(c, 0, Integer.MAX_VALUE));
                }
                Ledger bothAfter = restarted.view(List.of(ANN, BOB));
                assertThat(both.journal()).as("view of both").isEqualTo(bothAfter.journal());
                assertThat(both.balances()).as("view of both").isEqualTo(bothAfter.balances());
                assertThat(both.allLots()).as("view of both").isEqualTo(bothAfter.allLots());
                long rows = journalRows(storage, ANN, BOB);
                long feed = storage.lastChangePosition();
                for (Command c : sent) {
                  if (replies.containsKey(c.key())) {
                    assertThat(restarted.execute(c)).isEqualTo(replies.get(c.key()));
                  }
                }
                assertThat(journalRows(storage, ANN, BOB)).isEqualTo(rows);
                assertThat(storage.lastChangePosition()).isEqualTo(feed);
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
        boolean through = false;
        for (int step = 1; step <= 64 && !through; step++) {
          DurableLedger f = ledger(faulty);
          long rows = journalRows(storage, ANN, BOB);
          long feed = storage.lastChangePosition();
          List<Object> figures = figures(f);
          int messages = storage.dueMessages(Instant.MAX, 10_000).size();
          faulty.failOnCall(step);
          try {
            f.execute(c);
            through = true; // the step number exceeded the calls the command makes
          } catch (StorageException expected) {
            assertThat(journalRows(storage, ANN, BOB)).as("step %s", step).isEqualTo(rows);
            assertThat(storage.lastChangePosition()).as("step %s", step).isEqualTo(feed);
            assertThat(figures(ledger(storage))).as("step %s", step).isEqualTo(figures);
            assertThat(storage.dueMessages(Instant.MAX, 10_000)).hasSize(messages);
          }
        }
        assertThat(through).as("%s went through once its steps were exhausted", c).isTrue();
        faulty.heal();
        long rows = journalRows(storage, ANN, BOB);
        Outcome again = ledger(faulty).execute(c);
        assertThat(again.isApplied()).isTrue();
        assertThat(journalRows(storage, ANN, BOB)).isEqualTo(rows);
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
      assertThat(storage.journal(ANN, 0, 10)).hasSize(1);
      assertThat(l.points(ANN).posted()).isEqualTo(10);
    }
  }

  /**
   * Faults beneath the adapter, injected by the {@link FaultPlan} its test passes to its
   * connection: whatever the adapter reports must match what landed.
   */
  @Nested
  @DisplayName(
      "reports faults beneath it honestly: a failure leaves nothing, a lost reply is 'outcome"
          + " unknown'")
  class TransportFaults {
    /** How many statements a unit may take before the kit gives up failing each one in turn. */
    static final int MAX_STEPS = 400;

    static final CustomerId[] WHO = {id("tf-ann"), id("tf-bob")};

    /** A unit that writes to every store for two customers: one row of each kind per customer. */
    void writeUnit(UnitOfWork u) {
      Instant now = Instant.parse("2026-06-01T10:00:00Z");
      for (int i = 0; i < WHO.length; i++) {
        CustomerId c = WHO[i];
        u.putCustomer(customer(c, "TF " + i), 0);
        u.addConsumption(Purchase.of("O-tf-" + i, c, now, Money.ofMinor("EUR", 700 + i)));
        u.putInteraction(
            dev.care.core.satisfaction.ServiceInteraction.open(
                "I-tf-" + i,
                c,
                dev.care.core.satisfaction.InteractionKind.COMPLAINT,
                dev.care.core.customer.Channel.PHONE,
                now),
            0);
        u.appendJournal(c, 0, List.of(first(c, "tf-k-" + i)));
        u.putCareState(state(c, i + 1), 0);
        u.addCareAction(action(c, "tf-a-" + i));
        u.addCareTask(task(c, "tf-t-" + i));
        u.putVoucher(
            dev.care.core.voucher.Voucher.issue(
                "TCK-TF-" + i,
                "tf",
                c,
                new dev.care.core.voucher.VoucherValue.Points(100),
                now,
                now.plus(Duration.ofDays(30))),
            0);
        u.enqueue(
            OutboxMessage.pending(
                "tf-m-" + i, "care", Optional.of(c), Optional.empty(), Map.of(), now));
      }
      u.putSegmentDefinition("tf", "tier in (GOLD)", 0);
    }

    /** How many rows of each part of {@link #writeUnit} are visible: all 0 or all 1 when atomic. */
    Map<String, Integer> visible(CareStorage s) {
      Map<String, Integer> seen = new java.util.TreeMap<>();
      for (int i = 0; i < WHO.length; i++) {
        CustomerId c = WHO[i];
        seen.put("customer " + i, s.customer(c).isPresent() ? 1 : 0);
        seen.put("consumption " + i, s.consumption(c).size());
        seen.put("interaction " + i, s.interaction("I-tf-" + i).isPresent() ? 1 : 0);
        seen.put("journal " + i, s.journal(c, 0, 10).size());
        seen.put("key " + i, s.transactionFor(key("tf-k-" + i)).isPresent() ? 1 : 0);
        seen.put("care state " + i, s.careState(c).isPresent() ? 1 : 0);
        seen.put("care action " + i, s.careActions(c).size());
        seen.put("care task " + i, s.careTasks(c).size());
        seen.put("voucher " + i, s.voucher("TCK-TF-" + i).isPresent() ? 1 : 0);
        seen.put("message " + i, s.message("tf-m-" + i).isPresent() ? 1 : 0);
      }
      seen.put("segment", s.segmentDefinitions().containsKey("tf") ? 1 : 0);
      return seen;
    }

    Map<String, Integer> all(int n) {
      Map<String, Integer> expected = new java.util.TreeMap<>();
      visible(storage).keySet().forEach(k -> expected.put(k, n));
      return expected;
    }

    /** Runs the unit; returns what it threw, or null. */
    Throwable tryUnit() {
      return org.assertj.core.api.Assertions.catchThrowable(() -> commit(this::writeUnit));
    }

    void assertConsulted(String what, int count) {
      assertThat(count)
          .as(
              "the adapter never sent a %s through the fault plan: pass the kit's `faults` to its"
                  + " connection in newStorage() (faults.dataSource(...), faults.inMemory(), or"
                  + " faults.statement()/commit() from your client)",
              what)
          .isPositive();
    }

    /**
     * What the adapter reported must match what landed: an outcome-unknown leaves the unit whole or
     * absent, a plain failure leaves nothing, success leaves the unit whole.
     *
     * @return whether the unit landed
     */
    boolean assertHonest(Throwable thrown, String when) {
      Map<String, Integer> seen = visible(storage);
      Map<String, Integer> none = all(0);
      Map<String, Integer> whole = all(1);
      if (thrown == null) {
        assertThat(seen)
            .as("%s: the adapter reported success, so the whole unit must be visible", when)
            .isEqualTo(whole);
        return true;
      }
      assertThat(thrown)
          .as("%s: a fault beneath the adapter must surface as a StorageException", when)
          .isInstanceOf(StorageException.class);
      if (thrown instanceof CommitOutcomeUnknownException) {
        assertThat(seen)
            .as("%s: after 'outcome unknown' the unit is whole or absent, never part", when)
            .isIn(none, whole);
        return seen.equals(whole);
      }
      assertThat(seen)
          .as(
              "%s: the adapter reported a plain failure (%s), so nothing of the unit may be"
                  + " visible; a commit that may have landed is CommitOutcomeUnknownException",
              when, thrown)
          .isEqualTo(none);
      return false;
    }

    @Test
    @DisplayName(
        "a statement failing beneath the adapter at any step of a unit leaves nothing of it (or"
            + " all, if reported unknown); then the unit lands once")
    void statementFailingAtAnyStep() {
      boolean landed = false;
      int step = 1;
      for (; step <= MAX_STEPS && !landed; step++) {
        int fired = faults.fired();
        faults.failStatement(step);
        Throwable thrown = tryUnit();
        faults.heal();
        if (step == 1) {
          assertConsulted("statement", faults.statements());
        }
        if (faults.fired() == fired) {
          // the unit took fewer statements than the step: it went through untouched
          assertThat(thrown).as("the unit without a fault").isNull();
        }
        landed = assertHonest(thrown, "a failure at statement " + step);
      }
      assertThat(landed)
          .as("the unit went through within %s statements once no step failed", MAX_STEPS)
          .isTrue();
      assertThat(visible(second())).as("seen by a second instance").isEqualTo(all(1));
    }

    @Test
    @DisplayName(
        "a commit that lands but whose reply is lost is 'outcome unknown', never a plain failure")
    void lostReplyAfterCommit() {
      faults.loseReplyToNextCommit();
      Throwable thrown = tryUnit();
      faults.heal();
      assertConsulted("commit", faults.commits());
      assertThat(faults.fired()).as("the lost reply was injected").isEqualTo(1);
      assertThat(visible(storage)).as("the commit landed beneath the adapter").isEqualTo(all(1));
      assertHonest(thrown, "a lost reply to a commit that landed");
      assertThat(visible(second())).as("seen by a second instance").isEqualTo(all(1));
    }

    @Test
    @DisplayName(
        "a commit lost on its way is 'outcome unknown' (or a plain failure), never success;"
            + " nothing of it is visible")
    void lostCommit() {
      faults.loseNextCommit();
      Throwable thrown = tryUnit();
      faults.heal();
      assertConsulted("commit", faults.commits());
      assertThat(faults.fired()).as("the lost commit was injected").isEqualTo(1);
      assertThat(thrown)
          .as("the commit did not land: the adapter must not report success")
          .isNotNull();
      assertThat(assertHonest(thrown, "a commit lost on its way")).isFalse();
      assertThat(visible(second())).as("seen by a second instance").isEqualTo(all(0));
      assertThat(tryUnit()).as("the unit again, with no fault").isNull();
      assertThat(visible(storage)).isEqualTo(all(1));
    }

    @Test
    @DisplayName(
        "a command whose commit outcome is unknown, retried with its key, has exactly one effect")
    void unknownOutcomeRetriedToOneEffect() {
      DurableLedger l = ledger(storage);
      l.execute(Earn.of(key("tf-0"), ANN, 100, CTX));
      l.execute(TopUp.of(key("tf-1"), ANN, Money.ofMinor("EUR", 1_000), CTX));
      List<Command> commands =
          List.of(
              new Transfer(key("tf-2"), ANN, BOB, 40, CTX),
              new Spend(key("tf-3"), ANN, Money.ofMinor("EUR", 300), CTX),
              Earn.of(key("tf-4"), BOB, 7, CTX),
              new Redeem(key("tf-5"), ANN, 10, CTX));
      int n = 0;
      for (Command c : commands) {
        boolean reply = n++ % 2 == 0;
        String fault = reply ? "reply lost after the commit" : "commit lost on its way";
        long rows = journalRows(storage, ANN, BOB);
        if (reply) {
          faults.loseReplyToNextCommit();
        } else {
          faults.loseNextCommit();
        }
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> l.execute(c));
        faults.heal();
        assertThat(faults.fired()).as("%s: the fault was injected", c.key()).isEqualTo(n);
        boolean landed = storage.transactionFor(c.key()).isPresent();
        assertThat(landed).as("%s: %s", c.key(), fault).isEqualTo(reply);
        if (thrown == null) {
          assertThat(landed).as("%s: success was reported, so it committed", c.key()).isTrue();
        } else if (!(thrown instanceof CommitOutcomeUnknownException)) {
          assertThat(thrown)
              .as("%s: a plain failure", c.key())
              .isInstanceOf(StorageException.class);
          assertThat(landed).as("%s: a plain failure, so nothing committed", c.key()).isFalse();
        }
        Outcome retried = l.execute(c);
        assertThat(retried.isApplied()).as("%s retried", c.key()).isTrue();
        assertThat(ledger(second()).execute(c))
            .as("%s again, elsewhere", c.key())
            .isEqualTo(retried);
        assertThat(journalRows(storage, ANN, BOB) - rows)
            .as("%s: journal rows added by the command and its retries", c.key())
            .isEqualTo(c instanceof Transfer ? 2 : 1);
      }
      DurableLedger fresh = ledger(second());
      assertThat(fresh.points(BOB).posted()).isEqualTo(47);
      assertThat(fresh.points(ANN).posted()).isEqualTo(50);
      assertThat(fresh.wallet(ANN, EUR).paid().minorUnits()).isEqualTo(700);
    }
  }

  /** Racing writers, through {@link DurableLedger} on two adapter instances. */
  @Nested
  @DisplayName(
      "racing writers lose no update, spend nothing twice, and never conflict across customers")
  class Concurrency {
    @Test
    @DisplayName(
        "8 threads on 2 application instances over a handful of accounts end with every invariant")
    void racing_writers() throws Exception {
      List<CustomerId> accounts = List.of(ANN, BOB, CY, DI);
      DurableLedger[] instances = {ledger(storage), ledger(second())};
      Applied applied = race(instances, accounts, 8, concurrencyOperations(), false, false);
      assertNothingLostOrDoubled(applied, accounts);
    }

    @Test
    @DisplayName(
        "threads on one customer through 2 instances: every invariant holds, nothing lost or doubled")
    void one_customer() throws Exception {
      DurableLedger[] instances = {ledger(storage), ledger(second())};
      Applied applied = race(instances, List.of(ANN), 4, concurrencyOperations(), false, true);
      assertNothingLostOrDoubled(applied, List.of(ANN));
      assertThat(applied.keys).as("some commands applied").isNotEmpty();
    }

    @Test
    @DisplayName("threads on different customers through 2 instances meet no conflict at all")
    void different_customers_never_conflict() throws Exception {
      List<CustomerId> accounts = List.of(ANN, BOB, CY, DI);
      DurableLedger[] instances = {ledger(storage), ledger(second())};
      Applied applied = race(instances, accounts, 4, concurrencyOperations(), true, true);
      assertThat(instances[0].conflicts() + instances[1].conflicts())
          .as("ConcurrencyConflictExceptions met by the ledgers")
          .isZero();
      assertThat(applied.gaveUp).as("commands given up after conflicts").hasValue(0);
      assertNothingLostOrDoubled(applied, accounts);
    }

    @Test
    @DisplayName("a commit on another customer between a read and its commit is no conflict")
    void other_customer_between_read_and_commit() {
      DurableLedger l = ledger(storage);
      DurableLedger other = ledger(second());
      java.util.concurrent.atomic.AtomicInteger runs =
          new java.util.concurrent.atomic.AtomicInteger();
      Outcome ann =
          l.update(
              List.of(ANN),
              a -> {
                runs.incrementAndGet();
                other.execute(Earn.of(key("between-bob"), BOB, 3, CTX)); // idempotent on re-runs
                return a.execute(Earn.of(key("between-ann"), ANN, 4, CTX));
              });
      assertThat(ann.isApplied()).isTrue();
      assertThat(l.conflicts() + other.conflicts()).as("conflicts").isZero();
      assertThat(runs).as("decisions made").hasValue(1);
      assertThat(ledger(storage).points(ANN).posted()).isEqualTo(4);
      assertThat(ledger(storage).points(BOB).posted()).isEqualTo(3);
    }

    @Test
    @DisplayName(
        "L30 after racing threads, replaying each customer's stored journal gives what the"
            + " ledger reports")
    void L30_replay_each_customer_after_races() throws Exception {
      List<CustomerId> accounts = List.of(ANN, BOB, CY);
      DurableLedger[] instances = {ledger(storage), ledger(second())};
      Applied applied = race(instances, accounts, 4, concurrencyOperations(), false, true);
      for (CustomerId c : accounts) {
        List<Transaction> journal = storage.journal(c, 0, Integer.MAX_VALUE);
        Ledger replayed = replay(c, journal);
        for (DurableLedger l : instances) {
          assertThat(replayed.points(c)).as("points of %s", c).isEqualTo(l.points(c));
          assertThat(replayed.wallet(c, EUR)).as("wallet of %s", c).isEqualTo(l.wallet(c, EUR));
        }
        assertThat(replayed.points(c).posted())
            .as("points of %s: what the threads saw applied", c)
            .isEqualTo(applied.points.getOrDefault(c, 0L));
        assertThat(replayed.wallet(c, EUR).paid().minorUnits())
            .as("paid value of %s: what the threads saw applied", c)
            .isEqualTo(applied.paid.getOrDefault(c, 0L));
        assertThat(storage.careState(c).map(v -> v.value().journalLength()).orElse(0L))
            .as("the state of %s counts the journal it was committed with", c)
            .isEqualTo(journal.size());
      }
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
      CareStorage[] instances = {storage, second()};
      ExecutorService pool = Executors.newFixedThreadPool(4);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<dev.care.storage.dispatch.DispatchReport>> reports = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        var dispatcher =
            new dev.care.storage.dispatch.OutboxDispatcher(
                instances[t % 2],
                List.of(),
                m -> sends.merge(m.id(), 1, Integer::sum),
                dev.care.storage.dispatch.DispatchPolicy.defaults(),
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
      DurableLedger[] instances = {ledger(storage), ledger(second())};
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
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
      } finally {
        pool.shutdownNow();
      }
      assertThat(storage.journal(ANN, 0, 10)).hasSize(1);
      assertThat(ledger(storage).points(ANN).posted()).isEqualTo(7);
    }
  }

  /** How long the threads of one race are given, together. */
  static final int RACE_MINUTES = 5;

  /** What racing threads saw applied: net points and paid value per customer, and the keys. */
  static final class Applied {
    final Map<CustomerId, Long> points = new ConcurrentHashMap<>();
    final Map<CustomerId, Long> paid = new ConcurrentHashMap<>();
    final Set<IdempotencyKey> keys = ConcurrentHashMap.newKeySet();
    final AtomicLong gaveUp = new AtomicLong();
  }

  /**
   * Runs threads of random earns, redemptions and transfers (and, with {@code wallet}, top-ups and
   * spends) through the ledgers, thread {@code t} on instance {@code t % 2}; with {@code
   * ownCustomer} thread {@code t} works on customer {@code t % customers} only and transfers
   * nothing. A command that still conflicts after the ledger's bounded retries is counted in {@link
   * Applied#gaveUp} (nothing of it was written). Bounded: each thread runs {@code ops} commands,
   * and the threads are given {@link #RACE_MINUTES} together.
   */
  Applied race(
      DurableLedger[] instances,
      List<CustomerId> customers,
      int threads,
      int ops,
      boolean ownCustomer,
      boolean wallet)
      throws Exception {
    Applied applied = new Applied();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  Random r = new Random(20261123L + thread);
                  DurableLedger l = instances[thread % instances.length];
                  start.await();
                  for (int i = 0; i < ops; i++) {
                    CustomerId c =
                        ownCustomer
                            ? customers.get(thread % customers.size())
                            : customers.get(r.nextInt(customers.size()));
                    CustomerId to = customers.get((customers.indexOf(c) + 1) % customers.size());
                    IdempotencyKey k = key("t" + thread + "-" + i);
                    int amount = 1 + r.nextInt(20);
                    int kind = r.nextInt(wallet ? 5 : 3);
                    if (kind == 2 && (ownCustomer || to.equals(c))) {
                      kind = 0;
                    }
                    Command command =
                        switch (kind) {
                          case 0 -> Earn.of(k, c, amount, CTX);
                          case 1 -> new Redeem(k, c, amount, CTX);
                          case 2 -> new Transfer(k, c, to, amount, CTX);
                          case 3 -> TopUp.of(k, c, Money.ofMinor("EUR", amount), CTX);
                          default -> new Spend(k, c, Money.ofMinor("EUR", amount), CTX);
                        };
                    Outcome o;
                    try {
                      o = l.execute(command);
                    } catch (ConcurrencyConflictException gaveUp) {
                      applied.gaveUp.incrementAndGet();
                      continue;
                    }
                    if (!o.isApplied()) {
                      continue;
                    }
                    applied.keys.add(k);
                    switch (kind) {
                      case 0 -> applied.points.merge(c, (long) amount, Long::sum);
                      case 1 -> applied.points.merge(c, (long) -amount, Long::sum);
                      case 2 -> {
                        applied.points.merge(c, (long) -amount, Long::sum);
                        applied.points.merge(to, (long) amount, Long::sum);
                      }
                      case 3 -> applied.paid.merge(c, (long) amount, Long::sum);
                      default -> applied.paid.merge(c, (long) -amount, Long::sum);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(RACE_MINUTES);
      for (Future<?> f : done) {
        try {
          f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException late) {
          throw new AssertionError(
              threads + " racing threads did not finish within " + RACE_MINUTES + " minutes", late);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return applied;
  }

  /**
   * After a race: balances are what the applied commands add up to and never negative; each
   * customer's journal holds each applied key once, at consecutive positions, as long as its state
   * says; all balances together sum to zero (L2).
   */
  void assertNothingLostOrDoubled(Applied applied, List<CustomerId> customers) {
    DurableLedger fresh = ledger(second());
    Map<CustomerId, List<Transaction>> journals = new java.util.LinkedHashMap<>();
    List<IdempotencyKey> stored = new ArrayList<>();
    for (CustomerId c : customers) {
      List<Transaction> journal = storage.journal(c, 0, Integer.MAX_VALUE);
      journals.put(c, journal);
      long points = fresh.points(c).posted();
      long paid = fresh.wallet(c, EUR).paid().minorUnits();
      assertThat(points).as("no double spend on %s", c).isNotNegative();
      assertThat(points)
          .as("no lost update on %s: points = what was applied", c)
          .isEqualTo(applied.points.getOrDefault(c, 0L));
      assertThat(paid)
          .as("no lost update on %s: paid value = what was applied", c)
          .isEqualTo(applied.paid.getOrDefault(c, 0L));
      for (int i = 0; i < journal.size(); i++) {
        Transaction tx = journal.get(i);
        if (tx.customer().equals(c)) {
          assertThat(tx.sequence()).as("position %s of %s", i + 1, c).isEqualTo(i + 1);
          tx.command().ifPresent(cmd -> stored.add(cmd.key()));
        }
      }
      assertThat(storage.careState(c).map(v -> v.value().journalLength()).orElse(0L))
          .as("journal length in the state of %s", c)
          .isEqualTo(journal.size());
    }
    assertThat(stored).as("keys in the journals").doesNotHaveDuplicates();
    assertThat(new java.util.HashSet<>(stored))
        .as("keys in the journals = keys applied")
        .isEqualTo(applied.keys);
    BigInteger sum = BigInteger.ZERO;
    for (long v :
        Ledger.ofJournals(PointsPolicy.defaults(), WalletPolicy.defaults(), clock, journals)
            .balances()
            .values()) {
      sum = sum.add(BigInteger.valueOf(v));
    }
    assertThat(sum).as("L2").isEqualTo(BigInteger.ZERO);
  }

  static final java.util.Currency EUR = java.util.Currency.getInstance("EUR");

  /** A care action for a customer, with an idempotency key. */
  CareAction action(CustomerId c, String key) {
    return new CareAction(
        key,
        c,
        dev.care.core.care.CareActionKind.values()[0],
        dev.care.core.customer.Channel.EMAIL,
        "birthday",
        Map.of("firstName", "Ann"),
        clock.instant(),
        dev.care.core.care.Priority.NORMAL,
        dev.care.core.satisfaction.ServiceLevel.VALUE_ADDED);
  }

  /** A staff task for a customer, with an idempotency key. */
  dev.care.core.care.CareTask task(CustomerId c, String key) {
    return new dev.care.core.care.CareTask(
        key,
        c,
        dev.care.core.care.TaskKind.values()[0],
        "call back",
        clock.instant(),
        dev.care.core.care.Priority.HIGH,
        dev.care.core.satisfaction.ServiceLevel.SATISFACTORY,
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  /** One transaction of a customer's own command with a given key, at position 1. */
  Transaction first(CustomerId customer, String k) {
    Ledger l = Ledger.create(clock);
    l.execute(Earn.of(key(k), customer, 5, CTX));
    return l.journalOf(customer).get(0);
  }

  /**
   * Order of ids as the SPI defines it: by Unicode code point (not by UTF-16 unit, not collated).
   */
  static final java.util.Comparator<String> CODE_POINTS =
      (a, b) -> java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

  /**
   * Pieces of generated ids: case pairs, an accent precomposed and decomposed, letters that case
   * folding or collations merge (ß/ss, dotless and dotted i), digits that sort differently as
   * numbers, punctuation collations ignore, a space, characters at the top of the BMP (private use,
   * fullwidth) and beyond it (surrogate pairs), which UTF-16 order puts below them.
   */
  static final List<String> ID_PIECES =
      List.of(
          "a",
          "A",
          "b",
          "B",
          "e",
          "E",
          "\u00e9",
          "e\u0301",
          "\u00c9",
          "\u00df",
          "ss",
          "SS",
          "i",
          "I",
          "\u0131",
          "\u0130",
          "0",
          "1",
          "2",
          "9",
          "10",
          "-",
          "_",
          ".",
          " ",
          "~",
          "\uff21",
          "\ue000",
          "\ud83d\ude00",
          "\ud835\udd38",
          "\ufb00");

  /**
   * Examples of the generated-id contracts: 25, or {@code care.pbt.examples / 8} when that is more
   * (the build's {@code -Pstress} profile sets it).
   */
  static int idExamples() {
    return Math.max(25, Integer.getInteger("care.pbt.examples", 200) / 8);
  }

  /** The seed of the generated-id contracts: {@code care.pbt.seed} ("random" for a new one). */
  static long idSeed() {
    String seed = System.getProperty("care.pbt.seed", "20261123");
    return seed.equals("random") ? System.nanoTime() : Long.parseLong(seed);
  }

  /** Bodies of generated ids: a few pieces each, some after a run of 90 characters. */
  static org.quicktheories.core.Gen<List<String>> idBodies() {
    org.quicktheories.core.Gen<String> piece =
        SourceDSL.integers().between(0, ID_PIECES.size() - 1).map(ID_PIECES::get);
    org.quicktheories.core.Gen<String> body =
        SourceDSL.lists().of(piece).ofSizeBetween(1, 5).map(l -> String.join("", l));
    org.quicktheories.core.Gen<String> id =
        SourceDSL.integers().between(0, 3).zip(body, (k, b) -> k == 0 ? "x".repeat(90) + b : b);
    return SourceDSL.lists().of(id).ofSizeBetween(1, 4);
  }

  /**
   * The ids an example writes: each body with a prefix, and its variants that careless adapters
   * confuse with it: upper case, both normal forms, a trailing space, a character at the top of the
   * BMP and one beyond it. Distinct, in the order made.
   */
  static List<String> idVariants(String prefix, List<String> bodies) {
    java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
    for (String b : bodies) {
      ids.add(prefix + b);
      ids.add(prefix + b.toUpperCase(java.util.Locale.ROOT));
      ids.add(prefix + java.text.Normalizer.normalize(b, java.text.Normalizer.Form.NFC));
      ids.add(prefix + java.text.Normalizer.normalize(b, java.text.Normalizer.Form.NFD));
      ids.add(prefix + b + " ");
      ids.add(prefix + b + "\uff21");
      ids.add(prefix + b + "\ud83d\ude00");
    }
    return ids.stream().filter(s -> s.length() <= CustomerId.MAX_LENGTH).toList();
  }

  /** An id as Java source, non-ASCII escaped, for messages. */
  static String escaped(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      out.append(ch >= 0x20 && ch < 0x7f ? String.valueOf(ch) : String.format("\\u%04x", (int) ch));
    }
    return out.append('"').toString();
  }

  /** The nightly run's due index: which customers are due at an instant, and claims on them. */
  @Nested
  @DisplayName("answers which customers are due, and leases them to one nightly runner")
  class DueIndex {
    final Instant t = Instant.parse("2026-07-01T03:00:00.123456789Z");

    CareState dueAt(CustomerId c, Optional<Instant> due) {
      return state(c, 1).withNextDue(due);
    }

    List<CustomerId> allDue(CareStorage s, Instant at, int page) {
      List<CustomerId> read = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        List<CustomerId> next =
            s.dueCustomers(
                at,
                read.isEmpty() ? Optional.empty() : Optional.of(read.get(read.size() - 1)),
                page);
        assertThat(next.size()).as("page of at most %s", page).isLessThanOrEqualTo(page);
        read.addAll(next);
        if (next.size() < page) {
          return read;
        }
      }
      throw new AssertionError("paging the due customers does not end");
    }

    @Test
    @DisplayName(
        "customers are due when their next due instant is at or before the instant, to the"
            + " nanosecond, paged in id order")
    void dueAtOrBefore() {
      commit(
          u -> {
            u.putCareState(dueAt(id("c-9"), Optional.of(t.minus(Duration.ofDays(400)))), 0);
            u.putCareState(dueAt(id("c-10"), Optional.of(t)), 0);
            u.putCareState(dueAt(id("C-5"), Optional.of(t.minusNanos(1))), 0);
            u.putCareState(dueAt(id("c-2"), Optional.of(t.plusNanos(1))), 0);
            u.putCareState(dueAt(id("d"), Optional.empty()), 0);
            u.putCareState(dueAt(id("c-100"), Optional.of(t.minusSeconds(5))), 0);
          });
      List<CustomerId> expected = List.of(id("C-5"), id("c-10"), id("c-100"), id("c-9"));
      for (int page : new int[] {1, 2, 3, 4, Integer.MAX_VALUE}) {
        assertThat(allDue(storage, t, page)).as("paged by %s", page).isEqualTo(expected);
      }
      assertThat(storage.dueCustomers(t.minusNanos(1), Optional.empty(), 10))
          .as("a nanosecond earlier")
          .containsExactly(id("C-5"), id("c-100"), id("c-9"));
      assertThat(storage.dueCustomers(t.plusNanos(1), Optional.empty(), 10))
          .as("a nanosecond later")
          .containsExactly(id("C-5"), id("c-10"), id("c-100"), id("c-2"), id("c-9"));
      assertThat(storage.dueCustomers(t, Optional.of(id("c-11")), 10))
          .as("after an id that is not due")
          .containsExactly(id("c-9"));
      assertThat(storage.dueCustomers(Instant.parse("2020-01-01T00:00:00Z"), Optional.empty(), 10))
          .isEmpty();
      assertThat(second().dueCustomers(t, Optional.empty(), 10))
          .as("another adapter instance over the same data")
          .isEqualTo(expected);
    }

    @Test
    @DisplayName("a new state moves its customer in the index; a failed unit moves nobody")
    void updatesMoveCustomers() {
      commit(
          u -> {
            u.putCareState(dueAt(ANN, Optional.of(t.minusSeconds(60))), 0);
            u.putCareState(dueAt(BOB, Optional.of(t.minusSeconds(30))), 0);
          });
      commit(u -> u.putCareState(dueAt(ANN, Optional.of(t.minusSeconds(60))), 1));
      assertThat(storage.dueCustomers(t, Optional.empty(), 10))
          .as("a new state with the same due instant: still due, once")
          .containsExactly(ANN, BOB);
      commit(u -> u.putCareState(dueAt(ANN, Optional.of(t.plus(Duration.ofDays(1)))), 2));
      assertThat(storage.dueCustomers(t, Optional.empty(), 10)).containsExactly(BOB);
      commit(u -> u.putCareState(dueAt(BOB, Optional.empty()), 1));
      assertThat(storage.dueCustomers(Instant.MAX, Optional.empty(), 10))
          .as("a state with no due instant is never due")
          .containsExactly(ANN);
      assertThatThrownBy(
              () ->
                  commit(
                      u -> {
                        u.putCareState(dueAt(BOB, Optional.of(t.minusSeconds(1))), 2);
                        u.putCareState(dueAt(ANN, Optional.of(t.minusSeconds(1))), 1);
                      }))
          .as("a stale version of ANN's state")
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.dueCustomers(t, Optional.empty(), 10))
          .as("after the failed unit")
          .isEmpty();
    }

    @Test
    @DisplayName(
        "a claim leases due customers, earliest due first, hidden from every other claim until"
            + " the lease ends")
    void claims() {
      Instant now = t.plus(Duration.ofHours(1));
      commit(
          u -> {
            u.putCareState(dueAt(ANN, Optional.of(t.minusSeconds(10))), 0);
            u.putCareState(dueAt(BOB, Optional.of(t.minusSeconds(30))), 0);
            u.putCareState(dueAt(CY, Optional.of(t.minusSeconds(20))), 0);
            u.putCareState(dueAt(DI, Optional.of(t.plusSeconds(1))), 0);
          });
      Duration lease = Duration.ofMinutes(5);
      assertThat(storage.claimDueCustomers(t, now, lease, 2))
          .as("the two due earliest")
          .containsExactlyInAnyOrder(BOB, CY);
      CareStorage other = second();
      assertThat(other.claimDueCustomers(t, now, lease, 10))
          .as("another runner gets the rest")
          .containsExactly(ANN);
      assertThat(storage.claimDueCustomers(t, now.plus(lease).minusNanos(1), lease, 10))
          .as("before the leases end")
          .isEmpty();
      assertThat(storage.dueCustomers(t, Optional.empty(), 10))
          .as("claimed customers are still due until advanced")
          .containsExactly(ANN, BOB, CY);
      assertThat(other.claimDueCustomers(t, now.plus(lease), lease, 10))
          .as("when the leases end (a crashed runner's customers are taken over)")
          .containsExactlyInAnyOrder(ANN, BOB, CY);
      assertThat(storage.claimDueCustomers(t.plusSeconds(1), now.plus(lease), lease, 10))
          .as("a later instant makes DI due")
          .containsExactly(DI);
    }

    @Test
    @DisplayName("a lease is not a change: the state, its version and the change feed stay")
    void leaseIsNotAChange() {
      commit(u -> u.putCareState(dueAt(ANN, Optional.of(t)), 0));
      Versioned<CareState> before = storage.careState(ANN).orElseThrow();
      long feed = storage.lastChangePosition();
      assertThat(storage.claimDueCustomers(t, t, Duration.ofMinutes(5), 10)).containsExactly(ANN);
      assertThat(storage.careState(ANN)).contains(before);
      assertThat(storage.lastChangePosition()).isEqualTo(feed);
      assertThat(storage.changes(feed, 10)).isEmpty();
      commit(u -> u.putCareState(dueAt(ANN, Optional.of(t.plusSeconds(60))), before.version()));
      assertThat(storage.careState(ANN).orElseThrow().version()).isEqualTo(before.version() + 1);
    }

    @Test
    @DisplayName("due reads and claims with a limit below 1 or a lease not positive are refused")
    void badArguments() {
      for (int limit : new int[] {0, -1, Integer.MIN_VALUE}) {
        assertThatThrownBy(() -> storage.dueCustomers(t, Optional.empty(), limit))
            .as("limit %s", limit)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("limit");
        assertThatThrownBy(() -> storage.claimDueCustomers(t, t, Duration.ofMinutes(1), limit))
            .as("limit %s", limit)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("limit");
      }
      for (Duration lease : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
        assertThatThrownBy(() -> storage.claimDueCustomers(t, t, lease, 1))
            .as("lease %s", lease)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("lease");
      }
    }
  }

  @Nested
  @DisplayName("keeps program-wide counters in shards, each written at the version read")
  class CounterShards {
    final String budget = "goodwill:tck:2026-03";

    void put(String counter, int shard, long value, long expected) {
      try (UnitOfWork u = storage.begin()) {
        u.putCounterShard(counter, shard, value, expected);
        u.commit();
      }
    }

    @Test
    @DisplayName("a counter never written has no shards")
    void unknown_counter_is_empty() {
      assertThat(storage.counterShards(budget)).isEmpty();
    }

    @Test
    @DisplayName("shards are created at version 1 and updated at the version read")
    void shards_are_created_and_updated() {
      put(budget, 3, 200, 0);
      put(budget, 7, 50, 0);
      put(budget, 3, 300, 1);
      assertThat(storage.counterShards(budget))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(3, new Versioned<>(300L, 2L), 7, new Versioned<>(50L, 1L)));
      assertThat(storage.counterShards("goodwill:tck:2026-04")).isEmpty();
    }

    @Test
    @DisplayName("a write at a stale version, or creating a shard that exists, conflicts")
    void stale_writes_conflict_and_change_nothing() {
      put(budget, 0, 100, 0);
      assertThatThrownBy(() -> put(budget, 0, 150, 0))
          .isInstanceOf(ConcurrencyConflictException.class);
      put(budget, 0, 120, 1);
      assertThatThrownBy(() -> put(budget, 0, 999, 1))
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.counterShards(budget))
          .containsExactly(Map.entry(0, new Versioned<>(120L, 2L)));
    }

    @Test
    @DisplayName("a shard commits with the rest of its unit of work, or not at all")
    void shard_is_part_of_the_unit_of_work() {
      put(budget, 1, 10, 0);
      try (UnitOfWork u = storage.begin()) {
        u.putCounterShard(budget, 2, 40, 0);
        u.putCounterShard(budget, 1, 20, 7); // stale: the whole unit fails
        assertThatThrownBy(u::commit).isInstanceOf(ConcurrencyConflictException.class);
      }
      try (UnitOfWork u = storage.begin()) {
        u.putCounterShard(budget, 2, 40, 0);
        // closed without commit
      }
      assertThat(storage.counterShards(budget)).containsOnlyKeys(1);
    }

    @Test
    @DisplayName("refuses a malformed counter or shard")
    void malformed_arguments_are_refused() {
      try (UnitOfWork u = storage.begin()) {
        assertThatThrownBy(() -> u.putCounterShard("", 0, 1, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> u.putCounterShard(budget, 1024, 1, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("shard");
        assertThatThrownBy(() -> u.putCounterShard(budget, -1, 1, 0))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  /** A care state whose every field depends on {@code n}, so versions differ in value. */
  static CareState state(CustomerId customer, int n) {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    return CareState.initial(customer, t0)
        .withJournalLength(n)
        .withStage(Optional.of(LifecycleStage.values()[n % LifecycleStage.values().length]))
        .withTier(
            Optional.of(
                new ManualTier(
                    n % 2 == 0 ? ManualTier.Mode.FLOOR : ManualTier.Mode.FIXED,
                    TierId.of("GOLD"),
                    t0.plus(Duration.ofDays(60 + n)))),
            Optional.of(t0.plus(Duration.ofDays(n))))
        .withReferrer(n % 3 == 0 ? Optional.empty() : Optional.of(CustomerId.of("R-" + n)))
        .withWinBackSent(n % 2 == 0 ? Optional.of(t0.plusSeconds(n)) : Optional.empty())
        .withAdvancedUntil(t0.plus(Duration.ofHours(n)))
        .withNextDue(Optional.of(t0.plus(Duration.ofDays(30 + n))))
        .withAttributes(Map.of("n", Integer.toString(n), "tier", "GOLD"));
  }

  static CustomerId id(String value) {
    return CustomerId.of(value);
  }

  static List<CustomerId> ids(List<Versioned<CareState>> states) {
    return states.stream().map(v -> v.value().customer()).toList();
  }

  /** One customer's book rebuilt from a journal as stored (L30). */
  Ledger replay(CustomerId customer, List<Transaction> journal) {
    return Ledger.ofJournals(
        PointsPolicy.defaults(), WalletPolicy.defaults(), clock, Map.of(customer, journal));
  }

  /** The rows of some customers' journals. */
  static long journalRows(CareStorage s, CustomerId... customers) {
    long rows = 0;
    for (CustomerId c : customers) {
      rows += s.journal(c, 0, Integer.MAX_VALUE).size();
    }
    return rows;
  }

  /** Ann's and Bob's points and wallets, as a ledger reports them. */
  static List<Object> figures(DurableLedger l) {
    return List.of(
        l.points(ANN), l.wallet(ANN, EUR), l.points(BOB), l.wallet(BOB, EUR), l.view(ANN).holds());
  }

  /**
   * Erasure ({@link CareStorage#erase}): after it no read of the SPI, through this instance or
   * another, holds the customer's personal data, and the ledger is untouched.
   */
  @Nested
  @DisplayName("erases a customer's personal data from every store")
  class Erasure {
    final Instant far = Instant.parse("2100-01-01T00:00:00Z");

    /** What {@link #writeRich} left for one customer, and the personal strings it wrote. */
    record Written(
        CustomerId customer,
        List<String> personal,
        List<String> interactions,
        List<String> messages,
        List<String> vouchers,
        IdempotencyKey key) {}

    /**
     * Writes a customer with personal data in every store: the file (name, phone, e-mail, birthday,
     * anniversary, special need, tag), a purchase, an interaction with a noted temperament, a
     * journal transaction, a care state with a segment projection and a next due instant, a care
     * action with variables, a staff task with accommodations, a voucher, and two outbox messages
     * with texts (one pending, one delivered). {@code who} is lower-case letters, unique per
     * customer, and appears in every personal string.
     */
    Written writeRich(CustomerId id, String who, int n) {
      String cap = Character.toUpperCase(who.charAt(0)) + who.substring(1);
      String name = cap + " " + cap + "son";
      String phone = "+4477009" + (10_000 + n);
      String email = who + ".private@example.org";
      java.time.LocalDate born = java.time.LocalDate.of(1971, 11, 10 + n);
      java.time.LocalDate wed = java.time.LocalDate.of(1999, 8, 10 + n);
      var need =
          new dev.care.core.customer.SpecialNeed(
              who.toUpperCase(java.util.Locale.ROOT) + "_GUIDE_DOG",
              "guide dog of " + who,
              1,
              List.of("water bowl for " + who + "'s dog"));
      Customer file =
          Customer.register(
                  id,
                  Profile.named(name).withPhone(phone).withEmail(email),
                  Instant.parse("2026-01-01T00:00:00Z"))
              .withBirthday(dev.care.core.customer.ImportantDate.birthday(born))
              .withAnniversary(dev.care.core.customer.ImportantDate.of("wedding", wed))
              .withSpecialNeeds(Set.of(need))
              .withTags(Set.of(who + "-vip"));
      var temperament = dev.care.core.satisfaction.Temperament.values()[n % 4];
      var interaction =
          dev.care.core.satisfaction.ServiceInteraction.open(
                  "I-" + who,
                  id,
                  dev.care.core.satisfaction.InteractionKind.COMPLAINT,
                  dev.care.core.customer.Channel.PHONE,
                  clock.instant())
              .withTemperament(temperament);
      CareAction action =
          new CareAction(
              "act-" + who,
              id,
              dev.care.core.care.CareActionKind.values()[0],
              dev.care.core.customer.Channel.EMAIL,
              "birthday",
              Map.of("firstName", cap, "note", who + " gift note"),
              clock.instant(),
              dev.care.core.care.Priority.NORMAL,
              dev.care.core.satisfaction.ServiceLevel.VALUE_ADDED);
      var task =
          new dev.care.core.care.CareTask(
              "task-" + who,
              id,
              dev.care.core.care.TaskKind.values()[0],
              "call " + who + " about the repair",
              clock.instant(),
              dev.care.core.care.Priority.HIGH,
              dev.care.core.satisfaction.ServiceLevel.SATISFACTORY,
              Optional.empty(),
              Optional.empty(),
              List.of(who + " needs a sign-language interpreter"));
      var voucher =
          dev.care.core.voucher.Voucher.issue(
              "TCK-ERASE-" + who.toUpperCase(java.util.Locale.ROOT),
              "tck-erasure",
              id,
              new dev.care.core.voucher.VoucherValue.Points(5),
              clock.instant(),
              clock.instant().plus(Duration.ofDays(30)));
      OutboxMessage pending =
          OutboxMessage.pending(
              "erase-" + who + "-1",
              "care-action",
              Optional.of(id),
              Optional.of(dev.care.core.customer.Channel.EMAIL),
              Map.of("text", "Happy birthday " + cap + ", your code " + who + "-code"),
              clock.instant());
      OutboxMessage sent =
          OutboxMessage.pending(
              "erase-" + who + "-2",
              "e-bill",
              Optional.of(id),
              Optional.of(dev.care.core.customer.Channel.EMAIL),
              Map.of("text", who + " bill text"),
              clock.instant());
      Transaction tx = first(id, "erase-" + who);
      commit(
          u -> {
            u.putCustomer(file, 0);
            u.addConsumption(
                Purchase.of("O-" + who, id, clock.instant(), Money.ofMinor("EUR", 1234)));
            u.putInteraction(interaction, 0);
            u.appendJournal(id, 0, List.of(tx));
            u.putCareState(
                state(id, 3)
                    .withNextDue(Optional.of(clock.instant().plus(Duration.ofDays(1))))
                    .withAttributes(Map.of("note", who + "-segment-note")),
                0);
            u.addCareAction(action);
            u.addCareTask(task);
            u.putVoucher(voucher, 0);
            u.enqueue(pending);
            u.enqueue(sent);
          });
      storage.update(
          new OutboxMessage(
              sent.id(),
              sent.type(),
              sent.customer(),
              sent.channel(),
              sent.attributes(),
              sent.createdAt(),
              DeliveryStatus.DELIVERED,
              1,
              clock.instant(),
              Optional.empty()));
      return new Written(
          id,
          List.of(
              name,
              phone,
              email,
              "--11-" + (10 + n),
              "--08-" + (10 + n),
              need.code(),
              "water bowl for " + who,
              who + "-vip",
              "temperament=Optional[" + temperament + "]",
              who + " gift note",
              "call " + who,
              who + " needs a sign-language interpreter",
              who + "-code",
              who + " bill text",
              who + "-segment-note"),
          List.of(interaction.id()),
          List.of(pending.id(), sent.id()),
          List.of(voucher.code()),
          key("erase-" + who));
    }

    /** Every read of the SPI that can answer about the customer, as text. */
    String everything(CareStorage s, Written w) {
      CustomerId c = w.customer();
      StringBuilder b = new StringBuilder();
      b.append(s.customer(c)).append('\n').append(s.record(c)).append('\n');
      b.append(s.customerIds(Optional.empty(), Integer.MAX_VALUE)).append('\n');
      b.append(s.consumption(c)).append('\n').append(s.interactions(c)).append('\n');
      w.interactions().forEach(i -> b.append(s.interaction(i)).append('\n'));
      b.append(s.journal(c, 0, Integer.MAX_VALUE)).append('\n');
      b.append(s.transactionFor(w.key())).append('\n');
      b.append(s.careState(c)).append('\n');
      b.append(s.careStates(Optional.empty(), Integer.MAX_VALUE)).append('\n');
      b.append(s.changes(0, Integer.MAX_VALUE)).append('\n');
      b.append(s.dueCustomers(far, Optional.empty(), Integer.MAX_VALUE)).append('\n');
      b.append(s.careActions(c)).append('\n').append(s.careTasks(c)).append('\n');
      b.append(s.vouchers(c)).append('\n').append(s.campaignVouchers("tck-erasure")).append('\n');
      w.vouchers().forEach(v -> b.append(s.voucher(v)).append('\n'));
      for (DeliveryStatus status : DeliveryStatus.values()) {
        b.append(s.messages(status)).append('\n');
      }
      w.messages().forEach(m -> b.append(s.message(m)).append('\n'));
      b.append(s.dueMessages(far, Integer.MAX_VALUE)).append('\n');
      b.append(s.deliveredTo(c, Instant.EPOCH)).append('\n');
      b.append(s.segmentDefinitions()).append('\n');
      return b.toString();
    }

    void assertHoldsAll(String everything, Written w) {
      for (String p : w.personal()) {
        assertThat(everything).as("a read holds '%s' before the erasure", p).contains(p);
      }
    }

    void assertHoldsNone(String everything, Written w) {
      for (String p : w.personal()) {
        assertThat(everything).as("no read holds '%s' after the erasure", p).doesNotContain(p);
      }
    }

    @Test
    @DisplayName(
        "after erasure no read holds the name, contacts, dates, notes, care-action variables,"
            + " outbox texts, task accommodations or segment attributes")
    void personalDataLeavesEveryRead() {
      Written z = writeRich(id("tck-zelda"), "zelda", 3);
      assertHoldsAll(everything(storage, z), z);
      assertThat(storage.erase(z.customer(), clock.instant())).isTrue();
      assertHoldsNone(everything(storage, z), z);
      Customer erased = storage.customer(z.customer()).orElseThrow().value();
      assertThat(erased.isErased()).as("the file stays, erased").isTrue();
      assertThat(erased.id()).isEqualTo(z.customer());
      assertThat(storage.message("erase-zelda-1").orElseThrow().status())
          .as("a pending message to an erased customer is never sent")
          .isNotEqualTo(DeliveryStatus.PENDING);
    }

    @Test
    @DisplayName("the journal, keys, consumption and vouchers stay: balances and sums still hold")
    void ledgerStays() {
      Written z = writeRich(id("tck-zelda"), "zelda", 3);
      CustomerId c = z.customer();
      List<Transaction> journal = storage.journal(c, 0, Integer.MAX_VALUE);
      var consumption = storage.consumption(c);
      var vouchers = storage.vouchers(c);
      var points = replay(c, journal).points(c);
      storage.erase(c, clock.instant());
      assertThat(storage.journal(c, 0, Integer.MAX_VALUE)).as("journal").isEqualTo(journal);
      assertThat(storage.transactionFor(z.key())).as("key").contains(journal.get(0));
      assertThat(storage.consumption(c)).as("consumption").isEqualTo(consumption);
      assertThat(storage.vouchers(c)).as("vouchers").isEqualTo(vouchers);
      assertThat(replay(c, storage.journal(c, 0, Integer.MAX_VALUE)).points(c))
          .as("points")
          .isEqualTo(points);
    }

    @Test
    @DisplayName("erasing twice is harmless: the first erasure instant stays, nothing comes back")
    void erasingTwiceIsHarmless() {
      Written z = writeRich(id("tck-zelda"), "zelda", 3);
      Instant first = clock.instant();
      assertThat(storage.erase(z.customer(), first)).isTrue();
      clock.advance(Duration.ofHours(1));
      assertThat(storage.erase(z.customer(), clock.instant())).as("second erasure").isTrue();
      assertThat(storage.customer(z.customer()).orElseThrow().value().erasedAt()).contains(first);
      assertHoldsNone(everything(storage, z), z);
      assertThat(storage.journal(z.customer(), 0, Integer.MAX_VALUE)).hasSize(1);
    }

    @Test
    @DisplayName("erasing an unknown customer answers false and writes nothing")
    void unknownCustomerIsLeftUnknown() {
      writeRich(id("tck-zelda"), "zelda", 3);
      List<CustomerId> ids = storage.customerIds(Optional.empty(), Integer.MAX_VALUE);
      long position = storage.lastChangePosition();
      assertThat(storage.erase(id("tck-nobody"), clock.instant())).isFalse();
      assertThat(storage.customer(id("tck-nobody"))).isEmpty();
      assertThat(storage.careState(id("tck-nobody"))).isEmpty();
      assertThat(storage.customerIds(Optional.empty(), Integer.MAX_VALUE)).isEqualTo(ids);
      assertThat(storage.lastChangePosition()).isEqualTo(position);
    }

    @Test
    @DisplayName("another customer's personal data, messages and state are untouched")
    void otherCustomersUntouched() {
      Written z = writeRich(id("tck-zelda"), "zelda", 3);
      Written a = writeRich(ANN, "annika", 5);
      List<String> annReads =
          List.of(
              String.valueOf(storage.customer(ANN)),
              String.valueOf(storage.interactions(ANN)),
              String.valueOf(storage.careActions(ANN)),
              String.valueOf(storage.careTasks(ANN)),
              String.valueOf(storage.message("erase-annika-1")),
              String.valueOf(storage.message("erase-annika-2")),
              String.valueOf(storage.careState(ANN).map(Versioned::value)),
              String.valueOf(storage.deliveredTo(ANN, Instant.EPOCH)));
      storage.erase(z.customer(), clock.instant());
      assertThat(
              List.of(
                  String.valueOf(storage.customer(ANN)),
                  String.valueOf(storage.interactions(ANN)),
                  String.valueOf(storage.careActions(ANN)),
                  String.valueOf(storage.careTasks(ANN)),
                  String.valueOf(storage.message("erase-annika-1")),
                  String.valueOf(storage.message("erase-annika-2")),
                  String.valueOf(storage.careState(ANN).map(Versioned::value)),
                  String.valueOf(storage.deliveredTo(ANN, Instant.EPOCH))))
          .isEqualTo(annReads);
      assertHoldsAll(everything(storage, a), a);
      assertThat(storage.dueCustomers(far, Optional.empty(), Integer.MAX_VALUE)).contains(ANN);
    }

    @Test
    @DisplayName(
        "the erased customer's care state loses its projection and next due as a new version on"
            + " the change feed: the due index skips them")
    void erasedCustomerLeavesTheDueIndex() {
      Written z = writeRich(id("tck-zelda"), "zelda", 3);
      CustomerId c = z.customer();
      assertThat(storage.dueCustomers(far, Optional.empty(), 10)).contains(c);
      long version = storage.careState(c).orElseThrow().version();
      long position = storage.lastChangePosition();
      storage.erase(c, clock.instant());
      Versioned<CareState> after = storage.careState(c).orElseThrow();
      assertThat(after.value().nextDue()).as("next due").isEmpty();
      assertThat(after.value().attributes()).as("segment projection").isEmpty();
      assertThat(after.version()).as("a new version").isGreaterThan(version);
      assertThat(storage.dueCustomers(far, Optional.empty(), 10)).doesNotContain(c);
      assertThat(storage.claimDueCustomers(far, clock.instant(), Duration.ofMinutes(5), 10))
          .doesNotContain(c);
      assertThat(storage.changes(position, 10))
          .as("the change feed reports the erasure")
          .anySatisfy(
              ch -> {
                assertThat(ch.customer()).isEqualTo(c);
                assertThat(ch.version()).isEqualTo(after.version());
              });
    }

    @Test
    @DisplayName("a second adapter instance that read the customer before sees the erasure too")
    void secondInstanceSeesTheErasure() {
      Written z = writeRich(id("tck-zelda"), "zelda", 3);
      CareStorage second = second();
      assertHoldsAll(everything(second, z), z);
      storage.erase(z.customer(), clock.instant());
      assertHoldsNone(everything(second, z), z);
      assertThat(second.customer(z.customer()).orElseThrow().value().isErased()).isTrue();
    }
  }

  /** The staff task queue across customers, task updates, and the service counts. */
  @Nested
  @DisplayName("lists staff tasks across customers by priority and due time, and counts service")
  class TaskQueue {
    final Instant t0 = clock.instant();

    /** A task of a customer with a key, priority, due offset (minutes) and service level. */
    dev.care.core.care.CareTask queued(
        CustomerId c,
        String key,
        dev.care.core.care.Priority priority,
        long minutes,
        dev.care.core.satisfaction.ServiceLevel level) {
      return new dev.care.core.care.CareTask(
          key,
          c,
          dev.care.core.care.TaskKind.RETURN_VISIT,
          "visit " + key,
          t0.plus(Duration.ofMinutes(minutes)),
          priority,
          level,
          Optional.empty(),
          Optional.empty(),
          List.of("seating for " + c.value()));
    }

    /**
     * Fourteen tasks over four customers: every priority, equal due times across customers and keys
     * (ties), added in an order unlike the queue's.
     */
    List<dev.care.core.care.CareTask> writeQueue() {
      var p = dev.care.core.care.Priority.values();
      List<dev.care.core.care.CareTask> all = new ArrayList<>();
      List<CustomerId> who = List.of(DI, BOB, ANN, CY);
      var level = dev.care.core.satisfaction.ServiceLevel.VALUE_ADDED;
      for (int i = 0; i < 12; i++) {
        // three a priority; two of each three due at once (a tie between customers)
        all.add(
            queued(
                who.get(i % 4),
                "visit:" + (char) ('z' - i),
                p[(i / 3) % 4],
                i % 3 == 2 ? 60 : 0,
                level));
      }
      // one customer's two tasks alike but for the key (a tie within a customer)
      all.add(queued(ANN, "visit:m", dev.care.core.care.Priority.HIGH, 0, level));
      all.add(queued(ANN, "visit:l", dev.care.core.care.Priority.HIGH, 0, level));
      commit(u -> all.forEach(u::addCareTask));
      return all;
    }

    List<dev.care.core.care.CareTask> inQueueOrder(List<dev.care.core.care.CareTask> tasks) {
      return tasks.stream().sorted(dev.care.core.care.TaskCursor.TASK_ORDER).toList();
    }

    final Set<dev.care.core.care.TaskStatus> unfinished =
        java.util.EnumSet.of(
            dev.care.core.care.TaskStatus.OPEN, dev.care.core.care.TaskStatus.ASSIGNED);

    @Test
    @DisplayName(
        "orders by priority (most urgent first), then due time, then customer id and key for"
            + " ties")
    void queueOrder() {
      List<dev.care.core.care.CareTask> all = writeQueue();
      List<dev.care.core.care.CareTask> listed = storage.tasks(unfinished, Optional.empty(), 100);
      assertThat(listed).isEqualTo(inQueueOrder(all));
      assertThat(listed.get(0).priority()).isEqualTo(dev.care.core.care.Priority.URGENT);
      assertThat(reopen(storage).tasks(unfinished, Optional.empty(), 100)).isEqualTo(listed);
    }

    @Test
    @DisplayName(
        "pages with a cursor: every page size gives the same list, and a cursor taken mid-list"
            + " starts right after that task")
    void queuePagesWithCursor() {
      List<dev.care.core.care.CareTask> expected = inQueueOrder(writeQueue());
      for (int size : new int[] {1, 2, 5, 12}) {
        List<dev.care.core.care.CareTask> paged = new ArrayList<>();
        Optional<dev.care.core.care.TaskCursor> after = Optional.empty();
        for (int pages = 0; pages <= expected.size(); pages++) {
          List<dev.care.core.care.CareTask> page = storage.tasks(unfinished, after, size);
          assertThat(page.size()).isLessThanOrEqualTo(size);
          if (page.isEmpty()) {
            break;
          }
          paged.addAll(page);
          after = Optional.of(dev.care.core.care.TaskCursor.of(page.get(page.size() - 1)));
        }
        assertThat(paged).as("pages of %d", size).isEqualTo(expected);
      }
      for (int mid = 0; mid < expected.size(); mid++) {
        assertThat(
                storage.tasks(
                    unfinished,
                    Optional.of(dev.care.core.care.TaskCursor.of(expected.get(mid))),
                    3))
            .as("after task %d", mid)
            .isEqualTo(expected.subList(mid + 1, Math.min(expected.size(), mid + 4)));
      }
      assertThatThrownBy(() -> storage.tasks(unfinished, Optional.empty(), 0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> storage.tasks(Set.of(), Optional.empty(), 1))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName(
        "a task's later state replaces it (one task, new status and priority) and the queue"
            + " lists only the statuses asked for, in the new order")
    void queueFiltersStatus() {
      List<dev.care.core.care.CareTask> all = inQueueOrder(writeQueue());
      dev.care.core.care.CareTask done = all.get(0).assignTo("ana").complete("visited");
      dev.care.core.care.CareTask assigned = all.get(1).assignTo("ben");
      dev.care.core.care.CareTask cancelled = all.get(2).cancel("moved away");
      dev.care.core.care.CareTask escalated = all.get(all.size() - 1).escalate(clock.instant());
      commit(
          u -> {
            u.putCareTask(done);
            u.putCareTask(assigned);
            u.putCareTask(cancelled);
            u.putCareTask(escalated);
          });
      List<dev.care.core.care.CareTask> now = new ArrayList<>(all);
      now.set(0, done);
      now.set(1, assigned);
      now.set(2, cancelled);
      now.set(now.size() - 1, escalated);
      CareStorage second = reopen(storage);
      assertThat(second.careTask(done.taskKey())).contains(done);
      assertThat(second.careTasks(done.customerId()))
          .filteredOn(t -> t.idempotencyKey().equals(done.idempotencyKey()))
          .containsExactly(done);
      assertThat(second.tasks(unfinished, Optional.empty(), 100))
          .isEqualTo(inQueueOrder(now.stream().filter(t -> t.status().isUnfinished()).toList()));
      assertThat(
              second.tasks(
                  java.util.EnumSet.of(dev.care.core.care.TaskStatus.DONE), Optional.empty(), 9))
          .containsExactly(done);
      assertThat(
              second.tasks(
                  java.util.EnumSet.of(
                      dev.care.core.care.TaskStatus.CANCELLED,
                      dev.care.core.care.TaskStatus.ASSIGNED),
                  Optional.empty(),
                  9))
          .containsExactlyElementsOf(inQueueOrder(List.of(assigned, cancelled)));
      assertThat(second.careTask(new dev.care.core.care.TaskKey(ANN, "no-such-task"))).isEmpty();
    }

    @Test
    @DisplayName(
        "updating a task that is not stored fails the commit as a conflict, and nothing of the"
            + " unit is written")
    void updateOfUnknownTaskConflicts() {
      dev.care.core.care.CareTask stored =
          queued(
              ANN,
              "visit:a",
              dev.care.core.care.Priority.LOW,
              0,
              dev.care.core.satisfaction.ServiceLevel.BASIC);
      commit(u -> u.addCareTask(stored));
      dev.care.core.care.CareTask ghost =
          queued(
                  BOB,
                  "visit:ghost",
                  dev.care.core.care.Priority.LOW,
                  0,
                  dev.care.core.satisfaction.ServiceLevel.BASIC)
              .assignTo("ana");
      assertThatThrownBy(
              () ->
                  commit(
                      u -> {
                        u.putCareTask(stored.assignTo("ben"));
                        u.putCareTask(ghost);
                      }))
          .isInstanceOf(ConcurrencyConflictException.class);
      assertThat(storage.careTask(stored.taskKey())).contains(stored);
      assertThat(storage.careTask(ghost.taskKey())).isEmpty();
      assertThat(storage.tasks(unfinished, Optional.empty(), 9)).containsExactly(stored);
    }

    @Test
    @DisplayName("after an erasure the queue lists none of the customer's tasks, on any instance")
    void erasureEmptiesTheQueue() {
      List<dev.care.core.care.CareTask> all = writeQueue();
      commit(u -> u.putCustomer(customer(BOB, "Bob Queue"), 0));
      CareStorage second = reopen(storage);
      assertThat(second.tasks(unfinished, Optional.empty(), 100))
          .anySatisfy(t -> assertThat(t.customerId()).isEqualTo(BOB));
      storage.erase(BOB, clock.instant());
      List<dev.care.core.care.CareTask> left =
          all.stream().filter(t -> !t.customerId().equals(BOB)).toList();
      for (CareStorage s : List.of(storage, second)) {
        assertThat(s.tasks(unfinished, Optional.empty(), 100)).isEqualTo(inQueueOrder(left));
        assertThat(
                s.tasks(
                        java.util.EnumSet.allOf(dev.care.core.care.TaskStatus.class),
                        Optional.empty(),
                        100)
                    .toString())
            .doesNotContain("seating for " + BOB.value());
        all.stream()
            .filter(t -> t.customerId().equals(BOB))
            .forEach(t -> assertThat(s.careTask(t.taskKey())).isEmpty());
      }
    }

    @Test
    @DisplayName("counts care actions and tasks due in [from, to) per trigger and service level")
    void serviceCounts() {
      var l = dev.care.core.satisfaction.ServiceLevel.values();
      commit(
          u -> {
            for (int i = 0; i < 10; i++) {
              CustomerId c = i % 2 == 0 ? ANN : BOB;
              u.addCareAction(
                  new CareAction(
                      (i < 6 ? "birthday:" : "e-bill:") + c.value() + ":" + i,
                      c,
                      dev.care.core.care.CareActionKind.values()[0],
                      dev.care.core.customer.Channel.EMAIL,
                      "t",
                      Map.of(),
                      t0.plus(Duration.ofMinutes(i)),
                      dev.care.core.care.Priority.NORMAL,
                      l[i % 2 == 0 ? 3 : 0]));
              u.addCareTask(
                  queued(c, "escalation:" + i, dev.care.core.care.Priority.LOW, i, l[i % 3]));
            }
          });
      Instant from = t0.plus(Duration.ofMinutes(2));
      Instant to = t0.plus(Duration.ofMinutes(8));
      // i in 2..7: actions birthday 2,3,4,5 and e-bill 6,7; tasks escalation 2..7
      Map<List<Object>, Long> expected = new java.util.HashMap<>();
      for (int i = 2; i < 8; i++) {
        expected.merge(
            List.of(
                dev.care.storage.ServiceCount.Work.ACTION,
                i < 6 ? "birthday" : "e-bill",
                l[i % 2 == 0 ? 3 : 0]),
            1L,
            Long::sum);
        expected.merge(
            List.of(dev.care.storage.ServiceCount.Work.TASK, "escalation", l[i % 3]),
            1L,
            Long::sum);
      }
      for (CareStorage s : List.of(storage, reopen(storage))) {
        Map<List<Object>, Long> counted = new java.util.HashMap<>();
        for (dev.care.storage.ServiceCount n : s.serviceCounts(from, to)) {
          assertThat(counted.put(List.of(n.work(), n.trigger(), n.level()), n.count()))
              .as("one count per work, trigger and level")
              .isNull();
        }
        assertThat(counted).isEqualTo(expected);
      }
      assertThat(storage.serviceCounts(t0.minus(Duration.ofDays(1)), t0)).isEmpty();
      assertThatThrownBy(() -> storage.serviceCounts(to, from))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
