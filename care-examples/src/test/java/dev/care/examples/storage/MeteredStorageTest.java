package dev.care.examples.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.money.Money;
import dev.care.core.state.CareState;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.CareStorage;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.CustomerChange;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.tck.FaultInjectingStorage;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeteredStorageTest {
  static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
  static final CustomerId ANN = CustomerId.of("ann");

  final MeteredStorage storage = new MeteredStorage(new InMemoryStorage());

  static Customer ann() {
    return Customer.register(ANN, Profile.named("Ann Lee"), NOW);
  }

  @Test
  void metrics_fresh_areAllZero() {
    assertThat(storage.metrics()).isEqualTo(new MeteredStorage.Metrics(0, 0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void commit_oneUnitWithTwoWrites_countsOneUnitTwoWritesOneCommit() {
    try (UnitOfWork u = storage.begin()) {
      u.putCustomer(ann(), 0);
      u.addConsumption(Purchase.of("O-1", ANN, NOW, Money.ofMinor("EUR", 4_500)));
      u.commit();
    }
    assertThat(storage.customer(ANN)).isPresent();
    assertThat(storage.consumption(ANN)).hasSize(1);
    assertThat(storage.metrics()).isEqualTo(new MeteredStorage.Metrics(2, 1, 1, 0, 0, 0, 2, 0));
  }

  @Test
  void commit_staleVersion_isCountedAsAConflictAndPassedUp() {
    try (UnitOfWork u = storage.begin()) {
      u.putCustomer(ann(), 0);
      u.commit();
    }
    UnitOfWork stale = storage.begin();
    stale.putCustomer(ann(), 0);
    assertThatThrownBy(stale::commit).isInstanceOf(ConcurrencyConflictException.class);
    stale.close();
    MeteredStorage.Metrics m = storage.metrics();
    assertThat(m.commits()).isEqualTo(1);
    assertThat(m.conflicts()).isEqualTo(1);
    assertThat(m.failures()).isZero();
    assertThat(m.abandoned()).isZero();
  }

  @Test
  void commit_wrappedAdapterFails_isCountedAsAFailureAndPassedUp() {
    FaultInjectingStorage faulty = new FaultInjectingStorage(new InMemoryStorage());
    MeteredStorage metered = new MeteredStorage(faulty);
    UnitOfWork u = metered.begin();
    u.putCustomer(ann(), 0);
    faulty.failOnCall(1);
    assertThatThrownBy(u::commit).isInstanceOf(RuntimeException.class);
    u.close();
    assertThat(metered.metrics().failures()).isEqualTo(1);
    assertThat(metered.metrics().commits()).isZero();
    assertThat(metered.customer(ANN)).isEmpty();
  }

  @Test
  void close_withoutCommit_isCountedAsAbandonedAndWritesNothing() {
    try (UnitOfWork u = storage.begin()) {
      u.putCustomer(ann(), 0);
    }
    assertThat(storage.customer(ANN)).isEmpty();
    assertThat(storage.metrics().abandoned()).isEqualTo(1);
    assertThat(storage.metrics().commits()).isZero();
  }

  @Test
  void engine_onePurchase_commitsOnceForTheCustomerOnceForThePurchaseAndConflictsNever() {
    LoyaltyProgram program =
        new ProgramLoader()
            .load(
                MeteredStorageTest.class.getResourceAsStream(
                    "/dev/care/rules/program/salon-program.json"));
    CareEngine engine =
        CareEngine.builder().program(program).storage(storage).clock(ManualClock.at(NOW)).build();
    engine.register(ann());
    MeteredStorage.Metrics afterRegister = storage.metrics();
    assertThat(afterRegister.commits()).isEqualTo(1);

    engine.recordPurchase(Purchase.of("O-1", ANN, NOW, Money.ofMinor("EUR", 4_500)));

    MeteredStorage.Metrics m = storage.metrics();
    // the purchase, its points, its care, the tier review and the care state: one unit of work
    assertThat(m.commits() - afterRegister.commits()).isEqualTo(1);
    assertThat(m.conflicts()).isZero();
    assertThat(m.failures()).isZero();
    assertThat(m.abandoned()).isZero();
    assertThat(m.unitsBegun()).isEqualTo(m.commits());
    assertThat(m.reads()).isGreaterThan(afterRegister.reads());
    assertThat(engine.points(ANN).posted()).isEqualTo(45);
  }

  @Test
  void perCustomerState_readsAndWritesAreCountedAndPassedOn() {
    CareState state = CareState.initial(ANN, NOW);
    try (UnitOfWork u = storage.begin()) {
      u.putCareState(state, 0);
      u.commit();
    }
    assertThat(storage.careState(ANN)).contains(new Versioned<>(state, 1));
    assertThat(storage.careStates(Optional.empty(), 10)).hasSize(1);
    long position = storage.lastChangePosition();
    assertThat(storage.changes(0, 10)).containsExactly(new CustomerChange(position, ANN, 1));
    assertThat(storage.journal(ANN, 0, 10)).isEmpty();
    assertThat(storage.metrics()).isEqualTo(new MeteredStorage.Metrics(5, 1, 1, 0, 0, 0, 1, 0));
    try (UnitOfWork stale = storage.begin()) {
      stale.putCareState(state, 0);
      assertThatThrownBy(stale::commit).isInstanceOf(ConcurrencyConflictException.class);
    }
    assertThat(storage.metrics().conflicts()).isEqualTo(1);
    assertThat(storage.lastChangePosition()).isEqualTo(position);
  }

  @Test
  void capabilitiesAndData_areTheWrappedAdapters() {
    CareStorage inner = new InMemoryStorage();
    assertThat(new MeteredStorage(inner).capabilities()).isEqualTo(inner.capabilities());
    assertThat(new MeteredStorage(inner)).hasToString("MeteredStorage[" + inner + "]");
  }
}
