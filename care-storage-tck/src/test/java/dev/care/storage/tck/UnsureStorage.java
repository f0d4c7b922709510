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
import java.util.List;

/**
 * A correct but cautious adapter: it reports every failure of its connection during a commit as
 * "outcome unknown", even a statement that failed before the commit was sent (as an adapter that
 * cannot tell where its driver failed must). Honest, so the kit must accept it.
 */
final class UnsureStorage extends ForwardingCareStorage {
  UnsureStorage(CareStorage delegate) {
    super(delegate);
  }

  @Override
  public UnitOfWork begin() {
    UnitOfWork work = delegate().begin();
    return new UnitOfWork() {
      @Override
      public void putCustomer(Customer customer, long expectedVersion) {
        work.putCustomer(customer, expectedVersion);
      }

      @Override
      public void addConsumption(ConsumptionRecord record) {
        work.addConsumption(record);
      }

      @Override
      public void putInteraction(ServiceInteraction interaction, long expectedVersion) {
        work.putInteraction(interaction, expectedVersion);
      }

      @Override
      public void appendJournal(
          CustomerId customer, long expectedLastPosition, List<Transaction> transactions) {
        work.appendJournal(customer, expectedLastPosition, transactions);
      }

      @Override
      public void putCareState(CareState state, long expectedVersion) {
        work.putCareState(state, expectedVersion);
      }

      @Override
      public void putSegmentDefinition(String id, String definition, long expectedVersion) {
        work.putSegmentDefinition(id, definition, expectedVersion);
      }

      @Override
      public void addCareAction(CareAction action) {
        work.addCareAction(action);
      }

      @Override
      public void addCareTask(dev.care.core.care.CareTask task) {
        work.addCareTask(task);
      }

      @Override
      public void putCareTask(dev.care.core.care.CareTask task) {
        work.putCareTask(task);
      }

      @Override
      public void putVoucher(dev.care.core.voucher.Voucher voucher, long expectedVersion) {
        work.putVoucher(voucher, expectedVersion);
      }

      @Override
      public void putCounterShard(String counter, int shard, long value, long expectedVersion) {
        work.putCounterShard(counter, shard, value, expectedVersion);
      }

      @Override
      public void enqueue(OutboxMessage message) {
        work.enqueue(message);
      }

      @Override
      public void commit() {
        try {
          work.commit();
        } catch (StorageException e) {
          if (e instanceof CommitOutcomeUnknownException
              || !(e.getCause() instanceof FaultPlan.InjectedFault)) {
            throw e;
          }
          throw new CommitOutcomeUnknownException(
              "the connection failed during the commit; it may or may not have landed", e);
        }
      }

      @Override
      public void close() {
        work.close();
      }
    };
  }
}
