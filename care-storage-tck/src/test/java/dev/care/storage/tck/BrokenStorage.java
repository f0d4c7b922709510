package dev.care.storage.tck;

import dev.care.core.care.CareAction;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Transaction;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.storage.CareStorage;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A deliberately broken adapter, to prove the kit catches each flaw. */
final class BrokenStorage implements CareStorage {
  enum Flaw {
    /** Ignores expected versions: the last writer silently wins. */
    LOSES_UPDATES,
    /** Does not keep idempotency keys. */
    IGNORES_IDEMPOTENCY,
    /** Commits the first write on its own, then the rest: a failure leaves half. */
    HALF_COMMIT,
    /** Drops outbox messages. */
    DROPS_OUTBOX
  }

  private final InMemoryStorage delegate = new InMemoryStorage();
  private final Flaw flaw;

  BrokenStorage(Flaw flaw) {
    this.flaw = flaw;
  }

  @Override
  public UnitOfWork begin() {
    List<Consumer<UnitOfWork>> ops = new ArrayList<>();
    return new UnitOfWork() {
      @Override
      public void putCustomer(Customer customer, long expectedVersion) {
        ops.add(
            u ->
                u.putCustomer(
                    customer,
                    flaw == Flaw.LOSES_UPDATES
                        ? delegate.customer(customer.id()).map(Versioned::version).orElse(0L)
                        : expectedVersion));
      }

      @Override
      public void addConsumption(ConsumptionRecord record) {
        ops.add(u -> u.addConsumption(record));
      }

      @Override
      public void putInteraction(ServiceInteraction interaction, long expectedVersion) {
        ops.add(u -> u.putInteraction(interaction, expectedVersion));
      }

      @Override
      public void appendJournal(long expectedLastSequence, List<Transaction> transactions) {
        List<Transaction> txs =
            flaw != Flaw.IGNORES_IDEMPOTENCY
                ? transactions
                : transactions.stream()
                    .map(
                        t ->
                            new Transaction(
                                t.sequence(),
                                t.at(),
                                Optional.empty(),
                                t.outcome(),
                                t.holdEvents(),
                                t.postings()))
                    .toList();
        ops.add(u -> u.appendJournal(expectedLastSequence, txs));
      }

      @Override
      public void putSegmentDefinition(String id, String definition, long expectedVersion) {
        ops.add(
            u ->
                u.putSegmentDefinition(
                    id,
                    definition,
                    flaw == Flaw.LOSES_UPDATES
                        ? Optional.ofNullable(delegate.segmentDefinitions().get(id))
                            .map(Versioned::version)
                            .orElse(0L)
                        : expectedVersion));
      }

      @Override
      public void addCareAction(CareAction action) {
        ops.add(u -> u.addCareAction(action));
      }

      @Override
      public void addCareTask(dev.care.core.care.CareTask task) {
        ops.add(u -> u.addCareTask(task));
      }

      @Override
      public void putVoucher(dev.care.core.voucher.Voucher voucher, long expectedVersion) {
        ops.add(u -> u.putVoucher(voucher, expectedVersion));
      }

      @Override
      public void enqueue(OutboxMessage message) {
        if (flaw != Flaw.DROPS_OUTBOX) {
          ops.add(u -> u.enqueue(message));
        }
      }

      @Override
      public void commit() {
        if (flaw == Flaw.HALF_COMMIT && ops.size() > 1) {
          try (UnitOfWork first = delegate.begin()) {
            ops.get(0).accept(first);
            first.commit();
          }
          try (UnitOfWork rest = delegate.begin()) {
            ops.subList(1, ops.size()).forEach(o -> o.accept(rest));
            rest.commit();
          }
          return;
        }
        try (UnitOfWork all = delegate.begin()) {
          ops.forEach(o -> o.accept(all));
          all.commit();
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Optional<Versioned<Customer>> customer(CustomerId id) {
    return delegate.customer(id);
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
  public List<Transaction> journal(long afterSequence, int limit) {
    return delegate.journal(afterSequence, limit);
  }

  @Override
  public long lastSequence() {
    return delegate.lastSequence();
  }

  @Override
  public Optional<Transaction> transactionFor(IdempotencyKey key) {
    return flaw == Flaw.IGNORES_IDEMPOTENCY ? Optional.empty() : delegate.transactionFor(key);
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
  public List<dev.care.core.care.CareTask> careTasks(CustomerId customer) {
    return delegate.careTasks(customer);
  }

  @Override
  public Optional<Versioned<dev.care.core.voucher.Voucher>> voucher(String code) {
    return delegate.voucher(code);
  }

  @Override
  public List<dev.care.core.voucher.Voucher> vouchers(CustomerId customer) {
    return delegate.vouchers(customer);
  }

  @Override
  public List<dev.care.core.voucher.Voucher> campaignVouchers(String campaignId) {
    return delegate.campaignVouchers(campaignId);
  }

  @Override
  public List<OutboxMessage> deliveredTo(CustomerId customer, Instant since) {
    return delegate.deliveredTo(customer, since);
  }

  @Override
  public List<OutboxMessage> claimDue(Instant now, int limit, java.time.Duration lease) {
    return delegate.claimDue(now, limit, lease);
  }

  @Override
  public List<OutboxMessage> dueMessages(Instant now, int limit) {
    return delegate.dueMessages(now, limit);
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
}
