package dev.care.storage;

import dev.care.core.care.CareAction;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Transaction;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.state.CareState;
import dev.care.storage.outbox.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage SPI: what an adapter (in-memory, JDBC, ...) implements so the library can keep
 * customers, consumption, interactions, the ledger journal, segment definitions, care actions and
 * the outbox. Reads see committed data only; writes go through a {@link UnitOfWork}. Run the {@code
 * care-storage-tck} kit against an implementation to prove it conforms.
 */
public interface CareStorage extends OutboxStore {
  /**
   * Starts a unit of work.
   *
   * @return a new unit of work
   */
  UnitOfWork begin();

  /**
   * A customer file.
   *
   * @param id the customer
   * @return the customer and its version
   */
  Optional<Versioned<Customer>> customer(CustomerId id);

  /**
   * Several customer files at once, each as {@link #customer} would answer it (for the outbox
   * dispatcher, which reads the customers of a whole claimed batch). Adapters answer it in one
   * round trip, not one per customer.
   *
   * @param ids the customers (an empty set reads nothing)
   * @return the stored ones, by id; an id with no file is absent
   */
  Map<CustomerId, Versioned<Customer>> customers(java.util.Set<CustomerId> ids);

  /**
   * Customer ids, in id order, for paging.
   *
   * @param after start after this id, or empty for the first page
   * @param limit at most this many
   * @return the ids
   */
  List<CustomerId> customerIds(Optional<CustomerId> after, int limit);

  /**
   * A customer's purchases and returns, in the order they were added.
   *
   * @param id the customer
   * @return the records
   */
  List<ConsumptionRecord> consumption(CustomerId id);

  /**
   * A service interaction.
   *
   * @param id the interaction id
   * @return the interaction and its version
   */
  Optional<Versioned<ServiceInteraction>> interaction(String id);

  /**
   * A customer's service interactions, in the order they were first written.
   *
   * @param customer the customer
   * @return the interactions
   */
  List<ServiceInteraction> interactions(CustomerId customer);

  /**
   * One customer's journal after a position, in order: the transactions of that customer's commands
   * and expiries, and transactions of other customers that touched this one (a transfer's receiving
   * side), each at the position it was appended. Replaying it rebuilds the customer's ledger state
   * exactly (L30).
   *
   * @param customer the customer
   * @param afterPosition 0 for all
   * @param limit at most this many (at least 1)
   * @return the transactions
   * @throws IllegalArgumentException if {@code limit} is below 1 or {@code afterPosition} below 0
   */
  List<Transaction> journal(CustomerId customer, long afterPosition, int limit);

  /**
   * A customer's care state.
   *
   * @param customer the customer
   * @return the state and its version, if one was written
   */
  Optional<Versioned<CareState>> careState(CustomerId customer);

  /**
   * One customer's file, care state, consumption, interactions and staff tasks, read together: what
   * a command needs besides the journal. The default reads them one by one; an adapter that can
   * answer in one round trip should.
   *
   * @param customer the customer
   * @return the record (empty parts for an unknown customer)
   */
  default CustomerRecord record(CustomerId customer) {
    return new CustomerRecord(
        customer,
        customer(customer),
        careState(customer),
        consumption(customer),
        interactions(customer),
        careTasks(customer));
  }

  /**
   * Care states in customer id order, for paging: the compact per-customer projection an engine
   * streams once when it starts.
   *
   * @param after start after this customer, or empty for the first page
   * @param limit at most this many (at least 1)
   * @return the states with their versions
   * @throws IllegalArgumentException if {@code limit} is below 1
   */
  List<Versioned<CareState>> careStates(Optional<CustomerId> after, int limit);

  /**
   * Customers due at or before an instant: those whose care state's {@link CareState#nextDue} is at
   * or before it, in customer id order, for paging. This is the nightly run's index: adapters
   * answer it from an index on the due instant (on PostgreSQL {@code WHERE next_due <= ?}), never
   * by reading every care state.
   *
   * @param at the instant
   * @param after start after this customer, or empty for the first page
   * @param limit at most this many (at least 1)
   * @return the customers due
   * @throws IllegalArgumentException if {@code limit} is below 1
   */
  List<CustomerId> dueCustomers(Instant at, Optional<CustomerId> after, int limit);

  /**
   * Claims customers due at or before an instant for one nightly runner, earliest due first: up to
   * {@code limit} customers due at {@code at} whose nightly lease is free at {@code now} are leased
   * until {@code now + lease} and returned. A claimed customer is not claimed again (by this or any
   * runner sharing the store) until the lease ends, so several application instances running the
   * same night split the customers between them; a customer the runner advances past {@code at} is
   * no longer due, and one whose runner crashed is claimable again when the lease ends. A lease is
   * not a care-state change: it changes neither the state's version nor the change feed.
   *
   * @param at the instant customers must be due by
   * @param now the time of the claim
   * @param lease how long the claim hides the customers from other runners (positive)
   * @param limit at most this many (at least 1)
   * @return the claimed customers
   * @throws IllegalArgumentException if {@code limit} is below 1 or {@code lease} is not positive
   */
  List<CustomerId> claimDueCustomers(Instant at, Instant now, Duration lease, int limit);

  /**
   * Customers whose care state changed after a feed position, oldest change first: how an engine
   * instance learns of commits made by others (to keep its segment index current). A customer
   * appears once, at the position of their latest change, so the feed stays as long as the number
   * of customers however many changes there were. Positions grow with commit order; an adapter
   * whose positions can become visible out of order (e.g. a database sequence taken before commit)
   * documents how far back a reader must look.
   *
   * @param afterPosition a position from an earlier change, or 0 for all
   * @param limit at most this many (at least 1)
   * @return the changes
   * @throws IllegalArgumentException if {@code limit} is below 1
   */
  List<CustomerChange> changes(long afterPosition, int limit);

  /**
   * The position of the latest committed change (0 when none): where an engine that has just read
   * every care state starts following {@link #changes}.
   *
   * @return the position
   */
  long lastChangePosition();

  /**
   * The committed transaction of a command with this idempotency key.
   *
   * @param key the key
   * @return the transaction, if one committed
   */
  Optional<Transaction> transactionFor(IdempotencyKey key);

  /**
   * Segment definitions.
   *
   * @return definitions (text form) by segment id, with versions
   */
  Map<String, Versioned<String>> segmentDefinitions();

  /**
   * A customer's planned care actions.
   *
   * @param customer the customer
   * @return the actions, in the order added
   */
  List<CareAction> careActions(CustomerId customer);

  /**
   * A customer's staff tasks.
   *
   * @param customer the customer
   * @return the tasks, in the order added
   */
  List<dev.care.core.care.CareTask> careTasks(CustomerId customer);

  /**
   * One staff task.
   *
   * @param key the task's customer and key
   * @return the task, if stored
   */
  Optional<dev.care.core.care.CareTask> careTask(dev.care.core.care.TaskKey key);

  /**
   * The staff task queue across customers: tasks in one of the statuses, ordered by priority (most
   * urgent first), then due time (earliest first), then customer id and key (ties), starting
   * strictly after a cursor. Adapters answer it from an index on that order (on PostgreSQL a
   * partial index over the unfinished tasks), never by reading every customer's tasks.
   *
   * @param statuses the statuses to list (at least one)
   * @param after start after this position, or empty for the first page
   * @param limit at most this many (at least 1)
   * @return the tasks
   * @throws IllegalArgumentException if {@code statuses} is empty or {@code limit} is below 1
   */
  List<dev.care.core.care.CareTask> tasks(
      java.util.Set<dev.care.core.care.TaskStatus> statuses,
      Optional<dev.care.core.care.TaskCursor> after,
      int limit);

  /**
   * How many care actions and staff tasks fall due in {@code [from, to)}, per trigger and service
   * level: the figures of a service report. The trigger of an action or task is its idempotency
   * key's first part, before the first {@code ':'} ({@code birthday}, {@code e-bill}, {@code
   * escalation}...). Adapters count in the store (on PostgreSQL one grouped query over an index on
   * the due instant), never by reading every customer's actions.
   *
   * @param from start (inclusive)
   * @param to end (exclusive), after {@code from}
   * @return the counts, only the non-zero ones, in no particular order
   * @throws IllegalArgumentException if {@code to} is not after {@code from}
   */
  List<ServiceCount> serviceCounts(Instant from, Instant to);

  /**
   * A voucher by its code.
   *
   * @param code the code
   * @return the voucher with its version, if issued
   */
  Optional<Versioned<dev.care.core.voucher.Voucher>> voucher(String code);

  /**
   * A customer's vouchers, redeemed or not.
   *
   * @param customer the holder
   * @return the vouchers, in the order issued
   */
  List<dev.care.core.voucher.Voucher> vouchers(CustomerId customer);

  /**
   * The vouchers a campaign issued, for its report.
   *
   * @param campaignId the issuing campaign's id
   * @return the vouchers, in the order issued
   */
  List<dev.care.core.voucher.Voucher> campaignVouchers(String campaignId);

  /**
   * The shards of a program-wide counter, such as one calendar month's goodwill budget: what each
   * shard holds, with its version. Writers spread over the shards (the engine starts at a hash of
   * the customer), so no single row is every writer's; a reader sums them in one bounded query.
   * Shards never written are absent.
   *
   * @param counter the counter, e.g. {@code goodwill:salon-rewards:2026-03} (1–200 characters)
   * @return shard number to its value and version
   */
  Map<Integer, Versioned<Long>> counterShards(String counter);

  /**
   * Erases a customer's personal data from every store, in one step that either lands whole or not
   * at all (the right to be forgotten). Afterwards no read of this SPI, through this instance or
   * another over the same data, returns any of:
   *
   * <ul>
   *   <li>the customer file's name, contacts (phone, e-mail, quiet hours), birthday, anniversaries,
   *       special needs and tags: the file becomes {@link Customer#erase(Instant)} (the id, type,
   *       tier, registration and erasure instants stay, so the customer stays known);
   *   <li>care actions' variables (the adapters delete the customer's care actions);
   *   <li>staff tasks' summaries and accommodations (the adapters delete the customer's tasks);
   *   <li>notes on service interactions: the observed temperament (the interactions stay, for the
   *       satisfaction history, with their factors and outcome);
   *   <li>the content of outbox messages addressed to the customer: their attributes are emptied,
   *       pending ones are suppressed and never sent;
   *   <li>the care state's segment projection: its attributes are emptied and its next due instant
   *       cleared (so the due index skips the customer), as a new version on the change feed, so
   *       every engine's segment index hears of it.
   * </ul>
   *
   * <p>The ledger stays: the customer's journal, consumption records, vouchers and idempotency keys
   * are kept exactly as they were (they hold no personal data beyond the customer id), so programme
   * sums (issued, redeemed, liability) still hold. Erasing an erased customer is harmless: it keeps
   * the first erasure instant and answers {@code true}.
   *
   * @param customer the customer
   * @param at when the erasure happens
   * @return whether the customer existed (an unknown customer is left unknown: nothing is written)
   * @throws StorageException if the store failed (nothing erased)
   */
  boolean erase(CustomerId customer, Instant at);

  /**
   * What this adapter supports beyond the required contract.
   *
   * @return the capabilities
   */
  default java.util.Set<Capability> capabilities() {
    return java.util.Set.of();
  }

  /** Optional features a TCK run gates on. */
  enum Capability {
    /** Data survives a restart of the adapter (a new instance over the same database). */
    DURABLE,
    /** Safe for writers in several processes (not just threads). */
    MULTI_PROCESS
  }
}
