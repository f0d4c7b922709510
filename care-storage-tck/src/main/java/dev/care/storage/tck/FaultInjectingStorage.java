package dev.care.storage.tck;

import dev.care.core.care.CareAction;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Transaction;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.state.CareState;
import dev.care.storage.CareStorage;
import dev.care.storage.CommitOutcomeUnknownException;
import dev.care.storage.ForwardingCareStorage;
import dev.care.storage.StorageException;
import dev.care.storage.UnitOfWork;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps any adapter and makes it fail on purpose: on the Nth unit-of-work call (every write, the
 * commit and an erasure count), after a commit with an unknown outcome (the commit happens, then
 * the caller hears a timeout), or slowly. For the kit's fault contracts, and for integrators' own
 * tests.
 */
public final class FaultInjectingStorage extends ForwardingCareStorage {
  private final AtomicInteger failOnCall = new AtomicInteger(-1);
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean unknownAfterCommit;
  private final AtomicLong delayNanos = new AtomicLong();

  /**
   * Wraps an adapter; no faults until configured.
   *
   * @param delegate the adapter
   */
  public FaultInjectingStorage(CareStorage delegate) {
    super(delegate);
  }

  /**
   * Fails the Nth unit-of-work call from now (1 = the next one), once.
   *
   * @param n which call
   * @return this
   */
  public FaultInjectingStorage failOnCall(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    calls.set(0);
    failOnCall.set(n);
    return this;
  }

  /**
   * Lets the next commit happen, then throws {@link CommitOutcomeUnknownException}, once.
   *
   * @return this
   */
  public FaultInjectingStorage failAfterNextCommit() {
    unknownAfterCommit = true;
    return this;
  }

  /**
   * Delays every unit-of-work call (to widen race windows).
   *
   * @param delay the delay
   * @return this
   */
  public FaultInjectingStorage slowCalls(Duration delay) {
    delayNanos.set(delay.toNanos());
    return this;
  }

  /** Stops injecting faults. */
  public void heal() {
    failOnCall.set(-1);
    unknownAfterCommit = false;
    delayNanos.set(0);
  }

  /**
   * Unit-of-work calls counted since the last {@link #failOnCall}.
   *
   * @return the count
   */
  public int calls() {
    return calls.get();
  }

  private void step(String what) {
    long d = delayNanos.get();
    if (d > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(d);
    }
    int n = calls.incrementAndGet();
    if (failOnCall.get() == n) {
      failOnCall.set(-1);
      throw new StorageException("injected failure on call " + n + " (" + what + ")");
    }
  }

  /** An erasure is one call: an injected failure on it erases nothing. */
  @Override
  public boolean erase(CustomerId customer, java.time.Instant at) {
    step("erase");
    return delegate().erase(customer, at);
  }

  @Override
  public UnitOfWork begin() {
    UnitOfWork work = delegate().begin();
    return new UnitOfWork() {
      @Override
      public void putCustomer(Customer customer, long expectedVersion) {
        step("putCustomer");
        work.putCustomer(customer, expectedVersion);
      }

      @Override
      public void addConsumption(ConsumptionRecord record) {
        step("addConsumption");
        work.addConsumption(record);
      }

      @Override
      public void putInteraction(ServiceInteraction interaction, long expectedVersion) {
        step("putInteraction");
        work.putInteraction(interaction, expectedVersion);
      }

      @Override
      public void appendJournal(
          CustomerId customer, long expectedLastPosition, List<Transaction> transactions) {
        step("appendJournal");
        work.appendJournal(customer, expectedLastPosition, transactions);
      }

      @Override
      public void putCareState(CareState state, long expectedVersion) {
        step("putCareState");
        work.putCareState(state, expectedVersion);
      }

      @Override
      public void putSegmentDefinition(String id, String definition, long expectedVersion) {
        step("putSegmentDefinition");
        work.putSegmentDefinition(id, definition, expectedVersion);
      }

      @Override
      public void addCareAction(CareAction action) {
        step("addCareAction");
        work.addCareAction(action);
      }

      @Override
      public void addCareTask(dev.care.core.care.CareTask task) {
        step("addCareTask");
        work.addCareTask(task);
      }

      @Override
      public void putCareTask(dev.care.core.care.CareTask task) {
        step("putCareTask");
        work.putCareTask(task);
      }

      @Override
      public void putVoucher(dev.care.core.voucher.Voucher voucher, long expectedVersion) {
        step("putVoucher");
        work.putVoucher(voucher, expectedVersion);
      }

      @Override
      public void putCounterShard(String counter, int shard, long value, long expectedVersion) {
        step("putCounterShard");
        work.putCounterShard(counter, shard, value, expectedVersion);
      }

      @Override
      public void enqueue(OutboxMessage message) {
        step("enqueue");
        work.enqueue(message);
      }

      @Override
      public void commit() {
        step("commit");
        work.commit();
        if (unknownAfterCommit) {
          unknownAfterCommit = false;
          throw new CommitOutcomeUnknownException(
              "injected: committed, but the reply was lost", null);
        }
      }

      @Override
      public void close() {
        work.close();
      }
    };
  }
}
