package dev.care.storage.ledger;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareTask;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Transaction;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.state.CareState;
import dev.care.core.voucher.Voucher;
import dev.care.storage.CustomerRecord;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
import dev.care.storage.outbox.OutboxMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A unit of work that passes every write on and notes those that change a customer's record (file,
 * consumption, interactions, tasks), so that once it committed the records as stored can be derived
 * from the records as read ({@link #after}) without reading them again.
 */
final class RecordWrites implements UnitOfWork {
  private final UnitOfWork unit;
  private final Map<CustomerId, Versioned<Customer>> files = new HashMap<>();
  private final Map<CustomerId, List<ConsumptionRecord>> consumption = new HashMap<>();
  private final Map<CustomerId, Map<String, ServiceInteraction>> interactions = new HashMap<>();
  private final Map<CustomerId, List<CareTask>> added = new HashMap<>();
  private final Map<CustomerId, Map<String, CareTask>> changed = new HashMap<>();

  RecordWrites(UnitOfWork unit) {
    this.unit = unit;
  }

  /** The customers whose record this unit writes. */
  Set<CustomerId> customers() {
    Set<CustomerId> all = new HashSet<>(files.keySet());
    all.addAll(consumption.keySet());
    all.addAll(interactions.keySet());
    all.addAll(added.keySet());
    all.addAll(changed.keySet());
    return all;
  }

  /**
   * A customer's record as stored after this unit committed, from the record as read when the unit
   * began (stored order: consumption and tasks in the order added, interactions in the order first
   * written; a task added under a key the customer has keeps the stored one).
   *
   * @param read the record as read
   * @param state the care state the unit committed, with its version
   * @return the record as stored, or empty if it cannot be derived (a task changed that the record
   *     did not hold)
   */
  Optional<CustomerRecord> after(CustomerRecord read, Versioned<CareState> state) {
    CustomerId id = read.customer();
    Optional<Versioned<Customer>> file =
        files.containsKey(id) ? Optional.of(files.get(id)) : read.file();
    List<ConsumptionRecord> history = read.consumption();
    if (consumption.containsKey(id)) {
      history = new ArrayList<>(history);
      history.addAll(consumption.get(id));
    }
    List<ServiceInteraction> all = read.interactions();
    Map<String, ServiceInteraction> put = interactions.get(id);
    if (put != null) {
      Map<String, ServiceInteraction> byId = new LinkedHashMap<>();
      all.forEach(i -> byId.put(i.id(), i));
      byId.putAll(put);
      all = List.copyOf(byId.values());
    }
    List<CareTask> tasks = read.tasks();
    if (added.containsKey(id) || changed.containsKey(id)) {
      Map<String, CareTask> byKey = new LinkedHashMap<>();
      tasks.forEach(t -> byKey.put(t.idempotencyKey(), t));
      for (CareTask t : added.getOrDefault(id, List.of())) {
        byKey.putIfAbsent(t.idempotencyKey(), t);
      }
      for (CareTask t : changed.getOrDefault(id, Map.of()).values()) {
        if (byKey.replace(t.idempotencyKey(), t) == null) {
          return Optional.empty();
        }
      }
      tasks = List.copyOf(byKey.values());
    }
    return Optional.of(new CustomerRecord(id, file, Optional.of(state), history, all, tasks));
  }

  @Override
  public void putCustomer(Customer customer, long expectedVersion) {
    unit.putCustomer(customer, expectedVersion);
    // several writes of one file in a unit must agree on the version; the last one lands
    files.put(customer.id(), new Versioned<>(customer, expectedVersion + 1));
  }

  @Override
  public void addConsumption(ConsumptionRecord record) {
    unit.addConsumption(record);
    consumption.computeIfAbsent(record.customerId(), c -> new ArrayList<>()).add(record);
  }

  @Override
  public void putInteraction(ServiceInteraction interaction, long expectedVersion) {
    unit.putInteraction(interaction, expectedVersion);
    interactions
        .computeIfAbsent(interaction.customerId(), c -> new LinkedHashMap<>())
        .put(interaction.id(), interaction);
  }

  @Override
  public void appendJournal(CustomerId customer, long expectedLastPosition, List<Transaction> txs) {
    unit.appendJournal(customer, expectedLastPosition, txs);
  }

  @Override
  public void putCareState(CareState state, long expectedVersion) {
    unit.putCareState(state, expectedVersion);
  }

  @Override
  public void putSegmentDefinition(String id, String definition, long expectedVersion) {
    unit.putSegmentDefinition(id, definition, expectedVersion);
  }

  @Override
  public void addCareAction(CareAction action) {
    unit.addCareAction(action);
  }

  @Override
  public void addCareTask(CareTask task) {
    unit.addCareTask(task);
    added.computeIfAbsent(task.customerId(), c -> new ArrayList<>()).add(task);
  }

  @Override
  public void putCareTask(CareTask task) {
    unit.putCareTask(task);
    changed
        .computeIfAbsent(task.customerId(), c -> new LinkedHashMap<>())
        .put(task.idempotencyKey(), task);
  }

  @Override
  public void putVoucher(Voucher voucher, long expectedVersion) {
    unit.putVoucher(voucher, expectedVersion);
  }

  @Override
  public void putCounterShard(String counter, int shard, long value, long expectedVersion) {
    unit.putCounterShard(counter, shard, value, expectedVersion);
  }

  @Override
  public void enqueue(OutboxMessage message) {
    unit.enqueue(message);
  }

  @Override
  public void commit() {
    unit.commit();
  }

  @Override
  public void close() {
    unit.close();
  }
}
