package dev.care.examples.storage;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareTask;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Transaction;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.state.CareState;
import dev.care.core.voucher.Voucher;
import dev.care.storage.CareStorage;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.CustomerChange;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A storage adapter that wraps another and counts what the library asks of it: reads, units of work
 * begun, commits that succeeded, commits refused by optimistic concurrency, commits that failed
 * otherwise, units closed without a commit, buffered writes and outbox updates (and purges).
 * Publish {@link #metrics()} to your metrics system (Micrometer gauges, JMX, a health page).
 *
 * <p>It changes nothing about the wrapped adapter's behaviour: every call is passed on, every
 * exception is passed up unchanged after it is counted, and it declares the wrapped adapter's
 * capabilities. {@code MeteredStorageTckTest} proves it with the conformance kit. Thread-safe when
 * the wrapped adapter is.
 */
public final class MeteredStorage implements CareStorage {
  private final CareStorage delegate;
  private final LongAdder reads = new LongAdder();
  private final LongAdder begun = new LongAdder();
  private final LongAdder commits = new LongAdder();
  private final LongAdder conflicts = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder abandoned = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder outboxUpdates = new LongAdder();

  /**
   * Wraps an adapter.
   *
   * @param delegate the adapter that stores the data
   */
  public MeteredStorage(CareStorage delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The counts so far.
   *
   * @param reads read calls (customers, consumption, journals, care states, the change feed,
   *     outbox, ...)
   * @param unitsBegun units of work begun
   * @param commits commits that succeeded
   * @param conflicts commits refused because another writer got there first
   * @param failures commits that failed for any other reason (including an unknown outcome)
   * @param abandoned units of work closed without a commit being attempted
   * @param writes writes buffered in units of work
   * @param outboxUpdates outbox status updates (deliveries, retries) and purges of finished
   *     messages (one per purge call)
   */
  public record Metrics(
      long reads,
      long unitsBegun,
      long commits,
      long conflicts,
      long failures,
      long abandoned,
      long writes,
      long outboxUpdates) {}

  /**
   * The counts so far (each one exact; taken while other threads work, they need not add up).
   *
   * @return the counts
   */
  public Metrics metrics() {
    return new Metrics(
        reads.sum(),
        begun.sum(),
        commits.sum(),
        conflicts.sum(),
        failures.sum(),
        abandoned.sum(),
        writes.sum(),
        outboxUpdates.sum());
  }

  private <T> T read(T result) {
    reads.increment();
    return result;
  }

  @Override
  public UnitOfWork begin() {
    UnitOfWork unit = delegate.begin();
    begun.increment();
    return new MeteredUnitOfWork(unit);
  }

  @Override
  public Optional<Versioned<Customer>> customer(CustomerId id) {
    return read(delegate.customer(id));
  }

  @Override
  public Map<CustomerId, Versioned<Customer>> customers(java.util.Set<CustomerId> ids) {
    return read(delegate.customers(ids));
  }

  @Override
  public List<CustomerId> customerIds(Optional<CustomerId> after, int limit) {
    return read(delegate.customerIds(after, limit));
  }

  @Override
  public List<ConsumptionRecord> consumption(CustomerId id) {
    return read(delegate.consumption(id));
  }

  @Override
  public Optional<Versioned<ServiceInteraction>> interaction(String id) {
    return read(delegate.interaction(id));
  }

  @Override
  public List<ServiceInteraction> interactions(CustomerId customer) {
    return read(delegate.interactions(customer));
  }

  @Override
  public List<Transaction> journal(CustomerId customer, long afterPosition, int limit) {
    return read(delegate.journal(customer, afterPosition, limit));
  }

  @Override
  public Optional<Versioned<CareState>> careState(CustomerId customer) {
    return read(delegate.careState(customer));
  }

  @Override
  public List<Versioned<CareState>> careStates(Optional<CustomerId> after, int limit) {
    return read(delegate.careStates(after, limit));
  }

  @Override
  public List<CustomerId> dueCustomers(
      java.time.Instant at, Optional<CustomerId> after, int limit) {
    return read(delegate.dueCustomers(at, after, limit));
  }

  @Override
  public List<CustomerId> claimDueCustomers(
      java.time.Instant at, java.time.Instant now, java.time.Duration lease, int limit) {
    return read(delegate.claimDueCustomers(at, now, lease, limit));
  }

  @Override
  public List<CustomerChange> changes(long afterPosition, int limit) {
    return read(delegate.changes(afterPosition, limit));
  }

  @Override
  public long lastChangePosition() {
    return read(delegate.lastChangePosition());
  }

  @Override
  public Optional<Transaction> transactionFor(IdempotencyKey key) {
    return read(delegate.transactionFor(key));
  }

  @Override
  public Map<String, Versioned<String>> segmentDefinitions() {
    return read(delegate.segmentDefinitions());
  }

  @Override
  public Map<Integer, Versioned<Long>> counterShards(String counter) {
    return read(delegate.counterShards(counter));
  }

  @Override
  public List<CareAction> careActions(CustomerId customer) {
    return read(delegate.careActions(customer));
  }

  @Override
  public List<CareTask> careTasks(CustomerId customer) {
    return read(delegate.careTasks(customer));
  }

  @Override
  public Optional<CareTask> careTask(dev.care.core.care.TaskKey key) {
    return read(delegate.careTask(key));
  }

  @Override
  public List<CareTask> tasks(
      java.util.Set<dev.care.core.care.TaskStatus> statuses,
      Optional<dev.care.core.care.TaskCursor> after,
      int limit) {
    return read(delegate.tasks(statuses, after, limit));
  }

  @Override
  public List<dev.care.storage.ServiceCount> serviceCounts(
      java.time.Instant from, java.time.Instant to) {
    return read(delegate.serviceCounts(from, to));
  }

  @Override
  public Optional<Versioned<Voucher>> voucher(String code) {
    return read(delegate.voucher(code));
  }

  @Override
  public List<Voucher> vouchers(CustomerId customer) {
    return read(delegate.vouchers(customer));
  }

  @Override
  public List<Voucher> campaignVouchers(String campaignId) {
    return read(delegate.campaignVouchers(campaignId));
  }

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public List<OutboxMessage> dueMessages(Instant now, int limit) {
    return read(delegate.dueMessages(now, limit));
  }

  /** A claim counts as a read of the due messages, as {@link #dueMessages} did before claims. */
  @Override
  public List<OutboxMessage> claimDue(Instant now, int limit, java.time.Duration lease) {
    return read(delegate.claimDue(now, limit, lease));
  }

  @Override
  public Optional<OutboxMessage> message(String id) {
    return read(delegate.message(id));
  }

  @Override
  public List<OutboxMessage> messages(DeliveryStatus status) {
    return read(delegate.messages(status));
  }

  @Override
  public List<OutboxMessage> deliveredTo(CustomerId customer, Instant since) {
    return read(delegate.deliveredTo(customer, since));
  }

  @Override
  public Map<CustomerId, List<OutboxMessage>> deliveredTo(
      java.util.Set<CustomerId> customers, Instant since) {
    return read(delegate.deliveredTo(customers, since));
  }

  @Override
  public void update(OutboxMessage message) {
    delegate.update(message);
    outboxUpdates.increment();
  }

  /** A batch of outbox updates counts one update per message, as if made one by one. */
  @Override
  public void updateAll(List<OutboxMessage> messages) {
    delegate.updateAll(messages);
    outboxUpdates.add(messages.size());
  }

  /** An erasure counts as one write, however many records it scrubs. */
  @Override
  public boolean erase(CustomerId customer, Instant at) {
    boolean existed = delegate.erase(customer, at);
    writes.increment();
    return existed;
  }

  /** A purge counts as one outbox update, however many messages it removes. */
  @Override
  public int purgeFinished(Instant olderThan, int limit) {
    int purged = delegate.purgeFinished(olderThan, limit);
    outboxUpdates.increment();
    return purged;
  }

  @Override
  public String toString() {
    return "MeteredStorage[" + delegate + "]";
  }

  /** Passes every call on; counts writes and how the unit ends. */
  private final class MeteredUnitOfWork implements UnitOfWork {
    private final UnitOfWork unit;
    private boolean commitAttempted;

    MeteredUnitOfWork(UnitOfWork unit) {
      this.unit = unit;
    }

    private void wrote() {
      writes.increment();
    }

    @Override
    public void putCustomer(Customer customer, long expectedVersion) {
      unit.putCustomer(customer, expectedVersion);
      wrote();
    }

    @Override
    public void addConsumption(ConsumptionRecord record) {
      unit.addConsumption(record);
      wrote();
    }

    @Override
    public void putInteraction(ServiceInteraction interaction, long expectedVersion) {
      unit.putInteraction(interaction, expectedVersion);
      wrote();
    }

    @Override
    public void appendJournal(
        CustomerId customer, long expectedLastPosition, List<Transaction> transactions) {
      unit.appendJournal(customer, expectedLastPosition, transactions);
      wrote();
    }

    @Override
    public void putCareState(CareState state, long expectedVersion) {
      unit.putCareState(state, expectedVersion);
      wrote();
    }

    @Override
    public void putSegmentDefinition(String id, String definition, long expectedVersion) {
      unit.putSegmentDefinition(id, definition, expectedVersion);
      wrote();
    }

    @Override
    public void addCareAction(CareAction action) {
      unit.addCareAction(action);
      wrote();
    }

    @Override
    public void addCareTask(CareTask task) {
      unit.addCareTask(task);
      wrote();
    }

    @Override
    public void putCareTask(CareTask task) {
      unit.putCareTask(task);
      wrote();
    }

    @Override
    public void putVoucher(Voucher voucher, long expectedVersion) {
      unit.putVoucher(voucher, expectedVersion);
      wrote();
    }

    @Override
    public void putCounterShard(String counter, int shard, long value, long expectedVersion) {
      unit.putCounterShard(counter, shard, value, expectedVersion);
      wrote();
    }

    @Override
    public void enqueue(OutboxMessage message) {
      unit.enqueue(message);
      wrote();
    }

    @Override
    public void commit() {
      commitAttempted = true;
      try {
        unit.commit();
      } catch (ConcurrencyConflictException e) {
        conflicts.increment();
        throw e;
      } catch (RuntimeException e) {
        failures.increment();
        throw e;
      }
      commits.increment();
    }

    @Override
    public void close() {
      if (!commitAttempted) {
        abandoned.increment();
      }
      unit.close();
    }
  }
}
