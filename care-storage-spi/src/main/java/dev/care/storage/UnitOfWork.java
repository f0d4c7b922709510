package dev.care.storage;

import dev.care.core.care.CareAction;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.customer.Customer;
import dev.care.core.ledger.Transaction;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.storage.outbox.OutboxMessage;

/**
 * One atomic change across every store: nothing is visible to readers until {@link #commit()}, and
 * then all of it is. Writes name the version they expect (0 for "must not exist yet"), so two
 * application instances sharing one database never lose an update. Closing without committing
 * discards everything.
 */
public interface UnitOfWork extends AutoCloseable {
  /**
   * Writes a customer file.
   *
   * @param customer the customer
   * @param expectedVersion the version read, or 0 for a new customer
   */
  void putCustomer(Customer customer, long expectedVersion);

  /**
   * Appends a purchase or return to a customer's consumption history.
   *
   * @param record the record; its id must be new
   */
  void addConsumption(ConsumptionRecord record);

  /**
   * Writes a service interaction. An interaction keeps the customer it was first written for: an
   * update naming another customer fails the commit with {@link ConcurrencyConflictException}.
   *
   * @param interaction the interaction
   * @param expectedVersion the version read, or 0 for a new one
   */
  void putInteraction(ServiceInteraction interaction, long expectedVersion);

  /**
   * Appends transactions to one customer's journal, which must end at {@code expectedLastPosition}
   * (another writer's append to the same customer fails the commit with {@link
   * ConcurrencyConflictException}). A transaction of this customer ({@link Transaction#customer()})
   * must carry the position it is appended at as its sequence; one of another customer that touched
   * this one (a transfer's receiving side) is appended as it is. The idempotency keys of this
   * customer's commands must be new: a key already committed (for any customer) or repeated within
   * the unit fails the commit with {@link ConcurrencyConflictException}, and nothing of the unit is
   * written.
   *
   * @param customer whose journal
   * @param expectedLastPosition the last position the writer saw (0 for an empty journal)
   * @param transactions the next transactions, in order
   */
  void appendJournal(
      dev.care.core.customer.CustomerId customer,
      long expectedLastPosition,
      java.util.List<Transaction> transactions);

  /**
   * Writes a customer's care state.
   *
   * @param state the state
   * @param expectedVersion the version read, or 0 for a customer without one
   */
  void putCareState(dev.care.core.state.CareState state, long expectedVersion);

  /**
   * Writes a segment definition (its text form).
   *
   * @param id the segment id
   * @param definition the definition
   * @param expectedVersion the version read, or 0 for a new one
   */
  void putSegmentDefinition(String id, String definition, long expectedVersion);

  /**
   * Records a planned care action; its idempotency key must be new for its customer (a repeat is
   * ignored; keys are scoped per customer, like every customer-owned record).
   *
   * @param action the action
   */
  void addCareAction(CareAction action);

  /**
   * Records a task for staff (call, escalation, visit); its idempotency key must be new for its
   * customer (a repeat is ignored).
   *
   * @param task the task
   */
  void addCareTask(dev.care.core.care.CareTask task);

  /**
   * Replaces a stored staff task (the one with the same customer and key) by a later state of it:
   * assigned, done, cancelled, escalated. Task rows carry no version of their own: the caller
   * commits a new version of the customer's care state in the same unit ({@code
   * DurableLedger.Attempt#claim}), so of two writers changing one customer's tasks at once, one
   * conflicts. A task that is not stored fails the commit with {@link ConcurrencyConflictException}
   * (it was erased meanwhile), and nothing of the unit is written.
   *
   * @param task the task's new state
   */
  void putCareTask(dev.care.core.care.CareTask task);

  /**
   * Issues or updates (redeems) a voucher. Optimistic like customers: {@code expectedVersion} 0
   * issues a new code (a code already taken fails the commit with {@link
   * ConcurrencyConflictException}); otherwise it must be the version read, so of two racing
   * redemptions only one commits. A voucher keeps its holder and campaign: an update naming another
   * fails the commit with {@link ConcurrencyConflictException}.
   *
   * @param voucher the voucher
   * @param expectedVersion the version read, or 0 to issue
   */
  void putVoucher(dev.care.core.voucher.Voucher voucher, long expectedVersion);

  /**
   * Writes one shard of a program-wide counter ({@link CareStorage#counterShards}) with optimistic
   * concurrency: {@code expectedVersion} 0 creates the shard (a shard that exists fails the commit
   * with {@link ConcurrencyConflictException}), otherwise it must be the version read.
   *
   * @param counter the counter (1–200 characters)
   * @param shard the shard, 0–1023
   * @param value the shard's new value
   * @param expectedVersion the version read, or 0 to create
   */
  void putCounterShard(String counter, int shard, long value, long expectedVersion);

  /**
   * Writes a message to the transactional outbox, to be delivered after commit (L15).
   *
   * @param message the message; its id must be new (a repeat is ignored)
   */
  void enqueue(OutboxMessage message);

  /**
   * Makes every write visible at once.
   *
   * @throws ConcurrencyConflictException if an expected version did not match (nothing written)
   * @throws CommitOutcomeUnknownException if it is unknown whether the commit happened
   * @throws StorageException if the store failed (nothing written)
   */
  void commit();

  /** Discards uncommitted writes; no effect after commit. */
  @Override
  void close();
}
