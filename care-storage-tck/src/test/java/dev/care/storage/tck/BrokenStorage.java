package dev.care.storage.tck;

import dev.care.core.care.CareAction;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.customer.Customer;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Transaction;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.storage.ForwardingCareStorage;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.outbox.OutboxMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A deliberately broken adapter, to prove the kit catches each flaw. */
final class BrokenStorage extends ForwardingCareStorage {
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

  private final Flaw flaw;

  BrokenStorage(Flaw flaw) {
    super(new InMemoryStorage());
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
                        ? delegate().customer(customer.id()).map(Versioned::version).orElse(0L)
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
                        ? Optional.ofNullable(delegate().segmentDefinitions().get(id))
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
          try (UnitOfWork first = delegate().begin()) {
            ops.get(0).accept(first);
            first.commit();
          }
          try (UnitOfWork rest = delegate().begin()) {
            ops.subList(1, ops.size()).forEach(o -> o.accept(rest));
            rest.commit();
          }
          return;
        }
        try (UnitOfWork all = delegate().begin()) {
          ops.forEach(o -> o.accept(all));
          all.commit();
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Optional<Transaction> transactionFor(IdempotencyKey key) {
    return flaw == Flaw.IGNORES_IDEMPOTENCY ? Optional.empty() : delegate().transactionFor(key);
  }
}
