package dev.care.storage;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareTask;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Transaction;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.voucher.Voucher;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link CareStorage} that forwards every call to another one: the base of decorators (fault
 * injection, metrics, deliberately broken adapters in tests). Override what the decorator changes;
 * everything else reaches the wrapped adapter unchanged.
 */
public abstract class ForwardingCareStorage implements CareStorage {
  private final CareStorage delegate;

  /**
   * Wraps an adapter.
   *
   * @param delegate the adapter every call goes to
   */
  protected ForwardingCareStorage(CareStorage delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The wrapped adapter.
   *
   * @return the adapter
   */
  protected final CareStorage delegate() {
    return delegate;
  }

  @Override
  public UnitOfWork begin() {
    return delegate.begin();
  }

  @Override
  public boolean erase(CustomerId customer, Instant at) {
    return delegate.erase(customer, at);
  }

  @Override
  public Map<Integer, Versioned<Long>> counterShards(String counter) {
    return delegate.counterShards(counter);
  }

  @Override
  public Optional<Versioned<Customer>> customer(CustomerId id) {
    return delegate.customer(id);
  }

  @Override
  public Map<CustomerId, Versioned<Customer>> customers(Set<CustomerId> ids) {
    return delegate.customers(ids);
  }

  @Override
  public List<CustomerId> customerIds(Optional<CustomerId> after, int limit) {
    return delegate.customerIds(after, limit);
  }

  @Override
  public List<ConsumptionRecord> consumption(CustomerId id) {
    return delegate.consumption(id);
  }

  @Override
  public Optional<Versioned<ServiceInteraction>> interaction(String id) {
    return delegate.interaction(id);
  }

  @Override
  public List<ServiceInteraction> interactions(CustomerId customer) {
    return delegate.interactions(customer);
  }

  @Override
  public List<Transaction> journal(CustomerId customer, long afterPosition, int limit) {
    return delegate.journal(customer, afterPosition, limit);
  }

  @Override
  public Optional<Versioned<dev.care.core.state.CareState>> careState(CustomerId customer) {
    return delegate.careState(customer);
  }

  /**
   * Forwards to the delegate's {@code record}, keeping its single round trip. A decorator that
   * changes what {@link #customer}, {@link #careState}, {@link #consumption} or {@link
   * #interactions} return must override this too.
   */
  @Override
  public CustomerRecord record(CustomerId customer) {
    return delegate.record(customer);
  }

  @Override
  public List<Versioned<dev.care.core.state.CareState>> careStates(
      Optional<CustomerId> after, int limit) {
    return delegate.careStates(after, limit);
  }

  @Override
  public List<CustomerId> dueCustomers(
      java.time.Instant at, Optional<CustomerId> after, int limit) {
    return delegate.dueCustomers(at, after, limit);
  }

  @Override
  public List<CustomerId> claimDueCustomers(
      java.time.Instant at, java.time.Instant now, java.time.Duration lease, int limit) {
    return delegate.claimDueCustomers(at, now, lease, limit);
  }

  @Override
  public List<CustomerChange> changes(long afterPosition, int limit) {
    return delegate.changes(afterPosition, limit);
  }

  @Override
  public long lastChangePosition() {
    return delegate.lastChangePosition();
  }

  @Override
  public Optional<Transaction> transactionFor(IdempotencyKey key) {
    return delegate.transactionFor(key);
  }

  @Override
  public Map<String, Versioned<String>> segmentDefinitions() {
    return delegate.segmentDefinitions();
  }

  @Override
  public List<CareAction> careActions(CustomerId customer) {
    return delegate.careActions(customer);
  }

  @Override
  public List<CareTask> careTasks(CustomerId customer) {
    return delegate.careTasks(customer);
  }

  @Override
  public Optional<CareTask> careTask(dev.care.core.care.TaskKey key) {
    return delegate.careTask(key);
  }

  @Override
  public List<CareTask> tasks(
      java.util.Set<dev.care.core.care.TaskStatus> statuses,
      Optional<dev.care.core.care.TaskCursor> after,
      int limit) {
    return delegate.tasks(statuses, after, limit);
  }

  @Override
  public List<ServiceCount> serviceCounts(Instant from, Instant to) {
    return delegate.serviceCounts(from, to);
  }

  @Override
  public Optional<Versioned<Voucher>> voucher(String code) {
    return delegate.voucher(code);
  }

  @Override
  public List<Voucher> vouchers(CustomerId customer) {
    return delegate.vouchers(customer);
  }

  @Override
  public List<Voucher> campaignVouchers(String campaignId) {
    return delegate.campaignVouchers(campaignId);
  }

  @Override
  public List<OutboxMessage> deliveredTo(CustomerId customer, Instant since) {
    return delegate.deliveredTo(customer, since);
  }

  @Override
  public Map<CustomerId, List<OutboxMessage>> deliveredTo(
      Set<CustomerId> customers, Instant since) {
    return delegate.deliveredTo(customers, since);
  }

  @Override
  public List<OutboxMessage> dueMessages(Instant now, int limit) {
    return delegate.dueMessages(now, limit);
  }

  @Override
  public List<OutboxMessage> claimDue(Instant now, int limit, Duration lease) {
    return delegate.claimDue(now, limit, lease);
  }

  @Override
  public Optional<OutboxMessage> message(String id) {
    return delegate.message(id);
  }

  @Override
  public List<OutboxMessage> messages(DeliveryStatus status) {
    return delegate.messages(status);
  }

  @Override
  public void update(OutboxMessage message) {
    delegate.update(message);
  }

  @Override
  public void updateAll(List<OutboxMessage> messages) {
    delegate.updateAll(messages);
  }

  @Override
  public int purgeFinished(Instant olderThan, int limit) {
    return delegate.purgeFinished(olderThan, limit);
  }

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }
}
