package dev.care.storage.memory;

import dev.care.core.care.CareAction;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Transaction;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.state.CareState;
import dev.care.storage.CareStorage;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.CustomerChange;
import dev.care.storage.CustomerRecord;
import dev.care.storage.StorageException;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The reference adapter: everything in memory, thread-safe (one lock; commits are serialised and
 * validated as a whole), deterministic. Fine for tests, demos and small embedded use; data lives as
 * long as the instance.
 */
public final class InMemoryStorage implements CareStorage {
  private final Object lock = new Object();
  // files and states are looked up by hash (every unit of work reads both); the sorted id sets
  // serve only the paged reads in id order
  private final Map<CustomerId, Versioned<Customer>> customers = new HashMap<>();
  private final TreeSet<CustomerId> customerOrder = new TreeSet<>();
  private final Map<CustomerId, List<ConsumptionRecord>> consumption = new HashMap<>();
  private final Map<String, Versioned<ServiceInteraction>> interactions = new LinkedHashMap<>();
  private final Map<CustomerId, List<String>> interactionsByCustomer = new HashMap<>();
  private final Map<CustomerId, List<Transaction>> journals = new HashMap<>();
  private final Map<CustomerId, Versioned<CareState>> states = new HashMap<>();
  private final TreeSet<CustomerId> stateOrder = new TreeSet<>();
  // the due index: (next due, customer) of every state with a next due instant, and the leases
  private final java.util.NavigableSet<Due> due = new java.util.TreeSet<>();
  private final Map<CustomerId, Instant> dueLeases = new HashMap<>();
  private final TreeMap<Long, CustomerChange> changes = new TreeMap<>();
  private final Map<CustomerId, Long> changedAt = new HashMap<>();
  private long lastChange;
  private final Map<IdempotencyKey, Transaction> byKey = new HashMap<>();
  private final Map<String, Versioned<String>> segments = new TreeMap<>();
  private final Map<String, Map<Integer, Versioned<Long>>> counters = new HashMap<>();
  private final Map<CustomerId, List<CareAction>> actions = new HashMap<>();
  private final Set<String> actionKeys = new HashSet<>();
  private final Map<CustomerId, List<dev.care.core.care.CareTask>> tasks = new HashMap<>();
  private final Set<String> taskKeys = new HashSet<>();
  // the task queue's index: per status, every task in queue order (priority, due, customer, key)
  // by its cursor, so a page starts at its cursor and reads only the statuses asked for
  private final Map<
          dev.care.core.care.TaskStatus,
          java.util.NavigableMap<dev.care.core.care.TaskCursor, dev.care.core.care.CareTask>>
      taskQueue = emptyQueues();

  private static Map<
          dev.care.core.care.TaskStatus,
          java.util.NavigableMap<dev.care.core.care.TaskCursor, dev.care.core.care.CareTask>>
      emptyQueues() {
    Map<
            dev.care.core.care.TaskStatus,
            java.util.NavigableMap<dev.care.core.care.TaskCursor, dev.care.core.care.CareTask>>
        queues = new java.util.EnumMap<>(dev.care.core.care.TaskStatus.class);
    for (dev.care.core.care.TaskStatus s : dev.care.core.care.TaskStatus.values()) {
      queues.put(s, new TreeMap<>(dev.care.core.care.TaskCursor.ORDER));
    }
    return queues;
  }

  private void queue(dev.care.core.care.CareTask task) {
    taskQueue.get(task.status()).put(dev.care.core.care.TaskCursor.of(task), task);
  }

  private void unqueue(dev.care.core.care.CareTask task) {
    taskQueue.get(task.status()).remove(dev.care.core.care.TaskCursor.of(task));
  }

  private final Map<String, OutboxMessage> outbox = new LinkedHashMap<>();
  private final Map<String, Instant> claims = new HashMap<>();
  // by next attempt, then id (written out: the due and finished sets compare on every write)
  private static final Comparator<OutboxMessage> DUE_ORDER =
      (a, b) -> {
        int c = a.nextAttemptAt().compareTo(b.nextAttemptAt());
        return c != 0 ? c : a.id().compareTo(b.id());
      };
  private final java.util.NavigableSet<OutboxMessage> pending = new java.util.TreeSet<>(DUE_ORDER);

  /** Delivered and suppressed messages by final attempt, for {@link #purgeFinished}. */
  private final java.util.NavigableSet<OutboxMessage> finished = new java.util.TreeSet<>(DUE_ORDER);

  private final Map<CustomerId, List<OutboxMessage>> deliveredByCustomer = new HashMap<>();
  private final Map<String, Versioned<dev.care.core.voucher.Voucher>> vouchers =
      new LinkedHashMap<>();
  private final Map<CustomerId, List<String>> voucherCodesByCustomer = new HashMap<>();
  private final Map<String, List<String>> voucherCodesByCampaign = new HashMap<>();

  /** The path committing units take to the data ({@link Transport#DIRECT} unless a test's). */
  private final Transport transport;

  /** An empty store. */
  public InMemoryStorage() {
    this(Transport.DIRECT);
  }

  /**
   * An empty store whose commits go through a transport a test can break, as a database adapter's
   * go through a connection: the conformance kit passes its fault plan here.
   *
   * @param transport the path committing units take
   */
  public InMemoryStorage(Transport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /**
   * The path a committing unit of work takes to the data, standing in for a database connection so
   * that a test can break it where a connection breaks (the conformance kit's {@code FaultPlan}
   * does). The adapter reports what the transport does as a database adapter must report its
   * connection's failures: a failed write means nothing of the unit is applied ({@link
   * StorageException}); a failed commit means the adapter cannot know whether it landed ({@link
   * dev.care.storage.CommitOutcomeUnknownException}).
   */
  public interface Transport {
    /** Passes every write and commit straight through. */
    Transport DIRECT = new Transport() {};

    /**
     * Called before each write of a committing unit is sent, before any is applied. Throwing fails
     * the unit: nothing of it is applied, and the adapter reports a {@link StorageException}.
     *
     * @param write which write of the unit it is, from 1
     * @param writes how many writes the unit sends
     */
    default void write(int write, int writes) {}

    /**
     * Sends the commit: {@code apply} makes the unit land. Throwing (before or after running it)
     * loses the reply: the adapter cannot tell which, and reports {@link
     * dev.care.storage.CommitOutcomeUnknownException}.
     *
     * @param apply applies the unit's writes, all at once
     */
    default void commit(Runnable apply) {
      apply.run();
    }
  }

  @Override
  public UnitOfWork begin() {
    return new Work();
  }

  @Override
  public Optional<Versioned<Customer>> customer(CustomerId id) {
    synchronized (lock) {
      return Optional.ofNullable(customers.get(id));
    }
  }

  @Override
  public Map<CustomerId, Versioned<Customer>> customers(Set<CustomerId> ids) {
    Objects.requireNonNull(ids, "ids");
    synchronized (lock) {
      Map<CustomerId, Versioned<Customer>> found = new HashMap<>();
      for (CustomerId id : ids) {
        Versioned<Customer> c = customers.get(Objects.requireNonNull(id, "ids holds null"));
        if (c != null) {
          found.put(id, c);
        }
      }
      return found;
    }
  }

  @Override
  public List<CustomerId> customerIds(Optional<CustomerId> after, int limit) {
    Objects.requireNonNull(after, "after");
    checkNotNegative(limit);
    synchronized (lock) {
      var view = after.isPresent() ? customerOrder.tailSet(after.get(), false) : customerOrder;
      return view.stream().limit(limit).toList();
    }
  }

  @Override
  public List<ConsumptionRecord> consumption(CustomerId id) {
    synchronized (lock) {
      return List.copyOf(consumption.getOrDefault(id, List.of()));
    }
  }

  @Override
  public Optional<Versioned<ServiceInteraction>> interaction(String id) {
    synchronized (lock) {
      return Optional.ofNullable(interactions.get(id));
    }
  }

  @Override
  public List<ServiceInteraction> interactions(CustomerId customer) {
    synchronized (lock) {
      return interactionsByCustomer.getOrDefault(customer, List.of()).stream()
          .map(id -> interactions.get(id).value())
          .toList();
    }
  }

  @Override
  public List<Transaction> journal(CustomerId customer, long afterPosition, int limit) {
    Objects.requireNonNull(customer, "customer");
    checkLimit(limit);
    if (afterPosition < 0) {
      throw new IllegalArgumentException("afterPosition must be >= 0, got " + afterPosition);
    }
    synchronized (lock) {
      List<Transaction> all = journals.getOrDefault(customer, List.of());
      int from = (int) Math.min(afterPosition, all.size());
      int to = (int) Math.min(all.size(), (long) from + limit);
      return List.copyOf(all.subList(from, to));
    }
  }

  private static void checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
  }

  private static void checkNotNegative(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
  }

  @Override
  public Optional<Versioned<CareState>> careState(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    synchronized (lock) {
      return Optional.ofNullable(states.get(customer));
    }
  }

  @Override
  public CustomerRecord record(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    synchronized (lock) {
      return new CustomerRecord(
          customer,
          customer(customer),
          careState(customer),
          consumption(customer),
          interactions(customer),
          careTasks(customer));
    }
  }

  @Override
  public List<Versioned<CareState>> careStates(Optional<CustomerId> after, int limit) {
    Objects.requireNonNull(after, "after");
    checkLimit(limit);
    synchronized (lock) {
      var view = after.isPresent() ? stateOrder.tailSet(after.get(), false) : stateOrder;
      return view.stream().limit(limit).map(states::get).toList();
    }
  }

  /** An entry of the due index. */
  private record Due(Instant at, CustomerId customer) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : customer.compareTo(o.customer);
    }
  }

  @Override
  public List<CustomerId> dueCustomers(Instant at, Optional<CustomerId> after, int limit) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(after, "after");
    checkLimit(limit);
    synchronized (lock) {
      TreeSet<CustomerId> ids = new TreeSet<>();
      for (Due d : due) {
        if (d.at().isAfter(at)) {
          break;
        }
        if (after.isEmpty() || d.customer().compareTo(after.get()) > 0) {
          ids.add(d.customer());
          if (ids.size() > limit) {
            ids.pollLast();
          }
        }
      }
      return List.copyOf(ids);
    }
  }

  @Override
  public List<CustomerId> claimDueCustomers(Instant at, Instant now, Duration lease, int limit) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(lease, "lease");
    checkLimit(limit);
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, got " + lease);
    }
    synchronized (lock) {
      List<CustomerId> claimed = new ArrayList<>();
      for (Due d : due) {
        if (d.at().isAfter(at)) {
          break;
        }
        Instant until = dueLeases.get(d.customer());
        if (until == null || !until.isAfter(now)) {
          dueLeases.put(d.customer(), now.plus(lease));
          claimed.add(d.customer());
          if (claimed.size() == limit) {
            break;
          }
        }
      }
      return claimed;
    }
  }

  @Override
  public List<CustomerChange> changes(long afterPosition, int limit) {
    checkLimit(limit);
    synchronized (lock) {
      // (a stream over the tail would count the whole tail first: a sub-map's size is a walk)
      List<CustomerChange> page = new ArrayList<>(Math.min(limit, 64));
      for (CustomerChange c : changes.tailMap(afterPosition, false).values()) {
        if (page.size() == limit) {
          break;
        }
        page.add(c);
      }
      return List.copyOf(page);
    }
  }

  @Override
  public long lastChangePosition() {
    synchronized (lock) {
      return lastChange;
    }
  }

  @Override
  public Optional<Transaction> transactionFor(IdempotencyKey key) {
    synchronized (lock) {
      return Optional.ofNullable(byKey.get(key));
    }
  }

  @Override
  public Map<String, Versioned<String>> segmentDefinitions() {
    synchronized (lock) {
      return Map.copyOf(segments);
    }
  }

  @Override
  public Map<Integer, Versioned<Long>> counterShards(String counter) {
    checkCounter(counter);
    synchronized (lock) {
      return Map.copyOf(counters.getOrDefault(counter, Map.of()));
    }
  }

  private static void checkCounter(String counter) {
    Objects.requireNonNull(counter, "counter");
    if (counter.isEmpty() || counter.length() > 200) {
      throw new IllegalArgumentException("counter must be 1-200 characters, got '" + counter + "'");
    }
  }

  @Override
  public List<CareAction> careActions(CustomerId customer) {
    synchronized (lock) {
      return List.copyOf(actions.getOrDefault(customer, List.of()));
    }
  }

  @Override
  public List<dev.care.core.care.CareTask> careTasks(CustomerId customer) {
    synchronized (lock) {
      return List.copyOf(tasks.getOrDefault(customer, List.of()));
    }
  }

  @Override
  public Optional<dev.care.core.care.CareTask> careTask(dev.care.core.care.TaskKey key) {
    Objects.requireNonNull(key, "key");
    synchronized (lock) {
      return tasks.getOrDefault(key.customerId(), List.of()).stream()
          .filter(t -> t.idempotencyKey().equals(key.key()))
          .findFirst();
    }
  }

  /**
   * Reads each status asked for from the cursor on (at most a page each), then keeps the first page
   * of them in queue order.
   */
  @Override
  public List<dev.care.core.care.CareTask> tasks(
      Set<dev.care.core.care.TaskStatus> statuses,
      Optional<dev.care.core.care.TaskCursor> after,
      int limit) {
    Objects.requireNonNull(statuses, "statuses");
    Objects.requireNonNull(after, "after");
    if (statuses.isEmpty()) {
      throw new IllegalArgumentException("statuses must name at least one status");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    synchronized (lock) {
      List<dev.care.core.care.CareTask> page = new ArrayList<>();
      for (dev.care.core.care.TaskStatus status : statuses) {
        var queue = taskQueue.get(Objects.requireNonNull(status, "statuses holds null"));
        var from = after.isPresent() ? queue.tailMap(after.get(), false) : queue;
        int taken = 0;
        for (dev.care.core.care.CareTask t : from.values()) {
          if (taken++ == limit) {
            break;
          }
          page.add(t);
        }
      }
      page.sort(dev.care.core.care.TaskCursor.TASK_ORDER);
      return List.copyOf(page.subList(0, Math.min(limit, page.size())));
    }
  }

  @Override
  public List<dev.care.storage.ServiceCount> serviceCounts(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to " + to + " must be after from " + from);
    }
    Map<List<Object>, Long> counts = new java.util.LinkedHashMap<>();
    synchronized (lock) {
      for (List<CareAction> list : actions.values()) {
        for (CareAction a : list) {
          if (!a.due().isBefore(from) && a.due().isBefore(to)) {
            counts.merge(
                List.of(
                    dev.care.storage.ServiceCount.Work.ACTION,
                    dev.care.storage.ServiceCount.triggerOf(a.idempotencyKey()),
                    a.targetLevel()),
                1L,
                Long::sum);
          }
        }
      }
      for (dev.care.core.care.CareTask t :
          taskQueue.values().stream().flatMap(q -> q.values().stream()).toList()) {
        if (!t.due().isBefore(from) && t.due().isBefore(to)) {
          counts.merge(
              List.of(
                  dev.care.storage.ServiceCount.Work.TASK,
                  dev.care.storage.ServiceCount.triggerOf(t.idempotencyKey()),
                  t.targetLevel()),
              1L,
              Long::sum);
        }
      }
    }
    List<dev.care.storage.ServiceCount> out = new ArrayList<>();
    counts.forEach(
        (k, n) ->
            out.add(
                new dev.care.storage.ServiceCount(
                    (dev.care.storage.ServiceCount.Work) k.get(0),
                    (String) k.get(1),
                    (dev.care.core.satisfaction.ServiceLevel) k.get(2),
                    n)));
    return List.copyOf(out);
  }

  @Override
  public Optional<Versioned<dev.care.core.voucher.Voucher>> voucher(String code) {
    synchronized (lock) {
      return Optional.ofNullable(vouchers.get(code));
    }
  }

  @Override
  public List<dev.care.core.voucher.Voucher> vouchers(CustomerId customer) {
    synchronized (lock) {
      return issued(voucherCodesByCustomer.get(customer));
    }
  }

  @Override
  public List<dev.care.core.voucher.Voucher> campaignVouchers(String campaignId) {
    synchronized (lock) {
      return issued(voucherCodesByCampaign.get(campaignId));
    }
  }

  /** The vouchers of an index list, in the order issued. */
  private List<dev.care.core.voucher.Voucher> issued(List<String> codes) {
    return codes == null ? List.of() : codes.stream().map(c -> vouchers.get(c).value()).toList();
  }

  /** Keeps the per-customer and per-campaign code lists in step with the voucher map. */
  private void indexVoucher(
      Versioned<dev.care.core.voucher.Voucher> old, dev.care.core.voucher.Voucher now) {
    if (old != null
        && old.value().customerId().equals(now.customerId())
        && old.value().campaignId().equals(now.campaignId())) {
      return;
    }
    if (old != null) {
      voucherCodesByCustomer.get(old.value().customerId()).remove(now.code());
      voucherCodesByCampaign.get(old.value().campaignId()).remove(now.code());
    }
    voucherCodesByCustomer
        .computeIfAbsent(now.customerId(), k -> new ArrayList<>())
        .add(now.code());
    voucherCodesByCampaign
        .computeIfAbsent(now.campaignId(), k -> new ArrayList<>())
        .add(now.code());
  }

  @Override
  public List<OutboxMessage> dueMessages(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    checkNotNegative(limit);
    synchronized (lock) {
      List<OutboxMessage> due = new ArrayList<>(Math.min(limit, 64));
      for (OutboxMessage m : pending) {
        if (due.size() >= limit || m.nextAttemptAt().isAfter(now)) {
          break;
        }
        due.add(m);
      }
      return due;
    }
  }

  @Override
  public List<OutboxMessage> claimDue(Instant now, int limit, java.time.Duration lease) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(lease, "lease");
    checkNotNegative(limit);
    synchronized (lock) {
      List<OutboxMessage> claimed = new ArrayList<>(Math.min(limit, 64));
      for (OutboxMessage m : pending) {
        if (claimed.size() >= limit || m.nextAttemptAt().isAfter(now)) {
          break;
        }
        if (!claims.getOrDefault(m.id(), Instant.MIN).isAfter(now)) {
          claimed.add(m);
        }
      }
      Instant until = now.plus(lease);
      claimed.forEach(m -> claims.put(m.id(), until));
      return claimed;
    }
  }

  @Override
  public Optional<OutboxMessage> message(String id) {
    synchronized (lock) {
      return Optional.ofNullable(outbox.get(id));
    }
  }

  @Override
  public List<OutboxMessage> messages(DeliveryStatus status) {
    synchronized (lock) {
      return outbox.values().stream().filter(m -> m.status() == status).toList();
    }
  }

  @Override
  public void update(OutboxMessage message) {
    synchronized (lock) {
      OutboxMessage old = outbox.get(message.id());
      if (old == null) {
        throw new StorageException("no outbox message " + message.id());
      }
      outbox.put(message.id(), message);
      index(old, message);
      claims.remove(message.id());
    }
  }

  /** Checks every id first, then applies them in order under the lock: all or nothing. */
  @Override
  public void updateAll(List<OutboxMessage> messages) {
    Objects.requireNonNull(messages, "messages");
    synchronized (lock) {
      for (OutboxMessage m : messages) {
        if (!outbox.containsKey(Objects.requireNonNull(m, "messages holds null").id())) {
          throw new StorageException("no outbox message " + m.id());
        }
      }
      messages.forEach(this::update);
    }
  }

  @Override
  public Map<CustomerId, List<OutboxMessage>> deliveredTo(
      Set<CustomerId> customers, Instant since) {
    Objects.requireNonNull(customers, "customers");
    Objects.requireNonNull(since, "since");
    synchronized (lock) {
      Map<CustomerId, List<OutboxMessage>> found = new HashMap<>();
      for (CustomerId c : customers) {
        List<OutboxMessage> delivered =
            deliveredTo(Objects.requireNonNull(c, "customers holds null"), since);
        if (!delivered.isEmpty()) {
          found.put(c, delivered);
        }
      }
      return found;
    }
  }

  @Override
  public List<OutboxMessage> deliveredTo(CustomerId customer, Instant since) {
    synchronized (lock) {
      List<OutboxMessage> all = deliveredByCustomer.getOrDefault(customer, List.of());
      List<OutboxMessage> after = new ArrayList<>();
      for (OutboxMessage m : all) {
        if (m.nextAttemptAt().isAfter(since)) {
          after.add(m);
        }
      }
      after.sort(Comparator.comparing(OutboxMessage::nextAttemptAt));
      return after;
    }
  }

  /**
   * Removes the oldest finished messages from the outbox and from every index: {@code finished} is
   * ordered by final attempt, so a purge visits only what it removes.
   */
  @Override
  public int purgeFinished(Instant olderThan, int limit) {
    Objects.requireNonNull(olderThan, "olderThan");
    checkLimit(limit);
    synchronized (lock) {
      int removed = 0;
      for (var it = finished.iterator(); it.hasNext() && removed < limit; removed++) {
        OutboxMessage m = it.next();
        if (!m.nextAttemptAt().isBefore(olderThan)) {
          break;
        }
        it.remove();
        outbox.remove(m.id());
        claims.remove(m.id());
        m.customer()
            .ifPresent(
                c -> {
                  List<OutboxMessage> delivered = deliveredByCustomer.get(c);
                  if (delivered != null
                      && delivered.removeIf(d -> d.id().equals(m.id()))
                      && delivered.isEmpty()) {
                    deliveredByCustomer.remove(c);
                  }
                });
      }
      return removed;
    }
  }

  /**
   * Keeps the due queue, the finished set and the per-customer delivery index in step with the
   * outbox map.
   */
  private void index(Optional<OutboxMessage> old, OutboxMessage now) {
    // each set holds the messages of its statuses only: a message leaves the one it was in
    if (old.isPresent()) {
      if (old.get().status() == DeliveryStatus.PENDING) {
        pending.remove(old.get());
      } else if (isFinished(old.get())) {
        finished.remove(old.get());
      }
    }
    if (isFinished(now)) {
      finished.add(now);
    }
    if (now.status() == DeliveryStatus.PENDING) {
      pending.add(now);
    } else if (now.status() == DeliveryStatus.DELIVERED
        && now.customer().isPresent()
        && old.map(o -> o.status() != DeliveryStatus.DELIVERED).orElse(true)) {
      deliveredByCustomer.computeIfAbsent(now.customer().get(), k -> new ArrayList<>()).add(now);
    }
  }

  private static boolean isFinished(OutboxMessage m) {
    return m.status() == DeliveryStatus.DELIVERED || m.status() == DeliveryStatus.SUPPRESSED;
  }

  private void index(OutboxMessage old, OutboxMessage now) {
    index(Optional.of(old), now);
  }

  /** Writes a care state at a version, keeping the due index and the change feed in step. */
  private void writeState(CareState state, long version) {
    CustomerId id = state.customer();
    Versioned<CareState> before = states.put(id, new Versioned<>(state, version));
    Optional<Instant> dueBefore = Optional.empty();
    if (before != null) {
      dueBefore = before.value().nextDue();
    } else {
      stateOrder.add(id);
    }
    // a write that leaves the next due instant as it was keeps its index entry
    if (!dueBefore.equals(state.nextDue())) {
      dueBefore.ifPresent(at -> due.remove(new Due(at, id)));
      state.nextDue().ifPresent(at -> due.add(new Due(at, id)));
    }
    dueLeases.remove(id);
    Long old = changedAt.put(id, ++lastChange);
    if (old != null) {
      changes.remove(old);
    }
    changes.put(lastChange, new CustomerChange(lastChange, id, version));
  }

  /**
   * Erases under the lock, all at once: the file becomes {@link Customer#erase(Instant)}, care
   * actions and tasks are deleted (with their keys), interactions lose the observed temperament,
   * outbox messages to the customer lose their content (pending ones are suppressed), and the care
   * state loses its attributes and next due instant as a new version on the change feed. Journal,
   * consumption and vouchers stay.
   */
  @Override
  public boolean erase(CustomerId customer, Instant at) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(at, "at");
    synchronized (lock) {
      Versioned<Customer> file = customers.get(customer);
      if (file == null) {
        return false;
      }
      Customer erased = file.value().erase(at);
      if (!erased.equals(file.value())) {
        customers.put(customer, new Versioned<>(erased, file.version() + 1));
      }
      String prefix = customer.value() + "\n";
      List<CareAction> gone = actions.remove(customer);
      if (gone != null) {
        gone.forEach(a -> actionKeys.remove(prefix + a.idempotencyKey()));
      }
      List<dev.care.core.care.CareTask> goneTasks = tasks.remove(customer);
      if (goneTasks != null) {
        goneTasks.forEach(t -> taskKeys.remove(prefix + t.idempotencyKey()));
        goneTasks.forEach(this::unqueue);
      }
      for (String id : interactionsByCustomer.getOrDefault(customer, List.of())) {
        Versioned<ServiceInteraction> v = interactions.get(id);
        ServiceInteraction i = v.value();
        if (i.temperament().isPresent()) {
          interactions.put(id, new Versioned<>(i.erased(), v.version() + 1));
        }
      }
      List<OutboxMessage> addressed =
          outbox.values().stream().filter(m -> m.customer().equals(Optional.of(customer))).toList();
      for (OutboxMessage m : addressed) {
        OutboxMessage scrubbed = m.erased();
        outbox.put(m.id(), scrubbed);
        index(m, scrubbed);
        claims.remove(m.id());
      }
      List<OutboxMessage> delivered = deliveredByCustomer.get(customer);
      if (delivered != null) {
        delivered.replaceAll(m -> outbox.getOrDefault(m.id(), m.erased()));
      }
      Versioned<CareState> state = states.get(customer);
      if (state != null) {
        writeState(
            state.value().withAttributes(Map.of()).withNextDue(Optional.empty()),
            state.version() + 1);
      }
      return true;
    }
  }

  /** Buffers writes; validates and applies them all at commit, under the lock. */
  private final class Work implements UnitOfWork {
    private final List<Consumer<Void>> checks = new ArrayList<>();
    private final List<Runnable> writes = new ArrayList<>();

    /** The idempotency keys the unit's appends carry, across customers (filled by the checks). */
    private final Set<IdempotencyKey> keysInUnit = new HashSet<>();

    private boolean done;

    private void open() {
      if (done) {
        throw new IllegalStateException("unit of work already committed or closed");
      }
    }

    private static long version(Versioned<?> v) {
      return v == null ? 0 : v.version();
    }

    /** A version check at commit; {@code what} names the row, built only for a conflict. */
    private void expect(
        java.util.function.Supplier<String> what,
        long expected,
        java.util.function.LongSupplier actual) {
      checks.add(
          v -> {
            long a = actual.getAsLong();
            if (a != expected) {
              throw new ConcurrencyConflictException(what.get(), expected, a);
            }
          });
    }

    @Override
    public void putCustomer(Customer customer, long expectedVersion) {
      open();
      Objects.requireNonNull(customer, "customer");
      expect(
          () -> "customer " + customer.id(),
          expectedVersion,
          () -> version(customers.get(customer.id())));
      writes.add(
          () -> {
            if (customers.put(customer.id(), new Versioned<>(customer, expectedVersion + 1))
                == null) {
              customerOrder.add(customer.id());
            }
          });
    }

    @Override
    public void addConsumption(ConsumptionRecord record) {
      open();
      Objects.requireNonNull(record, "record");
      checks.add(
          v -> {
            for (ConsumptionRecord r : consumption.getOrDefault(record.customerId(), List.of())) {
              if (r.recordId().equals(record.recordId())) {
                throw new StorageException(
                    "consumption record "
                        + record.recordId()
                        + " of "
                        + record.customerId()
                        + " exists");
              }
            }
          });
      writes.add(
          () ->
              consumption.computeIfAbsent(record.customerId(), k -> new ArrayList<>()).add(record));
    }

    @Override
    public void putInteraction(ServiceInteraction interaction, long expectedVersion) {
      open();
      expect(
          () -> "interaction " + interaction.id(),
          expectedVersion,
          () -> version(interactions.get(interaction.id())));
      checks.add(
          v -> {
            Versioned<ServiceInteraction> old = interactions.get(interaction.id());
            if (old != null && !old.value().customerId().equals(interaction.customerId())) {
              throw new ConcurrencyConflictException(
                  "interaction "
                      + interaction.id()
                      + " of "
                      + old.value().customerId()
                      + " written for "
                      + interaction.customerId(),
                  expectedVersion,
                  old.version());
            }
          });
      writes.add(
          () -> {
            if (interactions.put(
                    interaction.id(), new Versioned<>(interaction, expectedVersion + 1))
                == null) {
              interactionsByCustomer
                  .computeIfAbsent(interaction.customerId(), k -> new ArrayList<>())
                  .add(interaction.id());
            }
          });
    }

    @Override
    public void appendJournal(
        CustomerId customer, long expectedLastPosition, List<Transaction> transactions) {
      open();
      Objects.requireNonNull(customer, "customer");
      List<Transaction> txs = List.copyOf(transactions);
      expect(
          () -> "journal of " + customer,
          expectedLastPosition,
          () -> journals.getOrDefault(customer, List.of()).size());
      checks.add(
          v -> {
            long seq = expectedLastPosition;
            for (Transaction tx : txs) {
              seq++;
              if (!tx.customers().contains(customer)) {
                throw new IllegalArgumentException(
                    "transaction "
                        + tx.sequence()
                        + " of "
                        + tx.customer()
                        + " does not touch "
                        + customer);
              }
              if (!tx.customer().equals(customer)) {
                continue;
              }
              if (tx.sequence() != seq) {
                throw new IllegalArgumentException(
                    "journal transaction "
                        + tx.sequence()
                        + " of "
                        + customer
                        + " appended at position "
                        + seq);
              }
              if (tx.command().isPresent()) {
                IdempotencyKey k = tx.command().get().key();
                if (byKey.containsKey(k) || !keysInUnit.add(k)) {
                  throw new ConcurrencyConflictException("idempotency key " + k, 0, 1);
                }
              }
            }
          });
      writes.add(
          () -> {
            List<Transaction> journal = journals.computeIfAbsent(customer, k -> new ArrayList<>());
            for (Transaction tx : txs) {
              journal.add(tx);
              if (tx.customer().equals(customer)) {
                tx.command().ifPresent(c -> byKey.put(c.key(), tx));
              }
            }
          });
    }

    @Override
    public void putCareState(CareState state, long expectedVersion) {
      open();
      Objects.requireNonNull(state, "state");
      CustomerId id = state.customer();
      expect(() -> "care state of " + id, expectedVersion, () -> version(states.get(id)));
      writes.add(() -> writeState(state, expectedVersion + 1));
    }

    @Override
    public void putSegmentDefinition(String id, String definition, long expectedVersion) {
      open();
      expect(() -> "segment " + id, expectedVersion, () -> version(segments.get(id)));
      writes.add(() -> segments.put(id, new Versioned<>(definition, expectedVersion + 1)));
    }

    @Override
    public void putCounterShard(String counter, int shard, long value, long expectedVersion) {
      open();
      checkCounter(counter);
      if (shard < 0 || shard > 1023) {
        throw new IllegalArgumentException("shard must be 0-1023, got " + shard);
      }
      expect(
          () -> "counter " + counter + " shard " + shard,
          expectedVersion,
          () -> version(counters.getOrDefault(counter, Map.of()).get(shard)));
      writes.add(
          () ->
              counters
                  .computeIfAbsent(counter, k -> new HashMap<>())
                  .put(shard, new Versioned<>(value, expectedVersion + 1)));
    }

    @Override
    public void addCareAction(CareAction action) {
      open();
      writes.add(
          () -> {
            if (actionKeys.add(action.customerId().value() + "\n" + action.idempotencyKey())) {
              actions.computeIfAbsent(action.customerId(), k -> new ArrayList<>()).add(action);
            }
          });
    }

    @Override
    public void addCareTask(dev.care.core.care.CareTask task) {
      open();
      writes.add(
          () -> {
            if (taskKeys.add(task.customerId().value() + "\n" + task.idempotencyKey())) {
              tasks.computeIfAbsent(task.customerId(), k -> new ArrayList<>()).add(task);
              queue(task);
            }
          });
    }

    @Override
    public void putCareTask(dev.care.core.care.CareTask task) {
      open();
      Objects.requireNonNull(task, "task");
      checks.add(
          v -> {
            if (!taskKeys.contains(task.customerId().value() + "\n" + task.idempotencyKey())) {
              throw new ConcurrencyConflictException(
                  "care task " + task.taskKey() + " is not stored (erased meanwhile?)", 1, 0);
            }
          });
      writes.add(
          () -> {
            List<dev.care.core.care.CareTask> list = tasks.get(task.customerId());
            for (int i = 0; i < list.size(); i++) {
              if (list.get(i).idempotencyKey().equals(task.idempotencyKey())) {
                unqueue(list.get(i));
                list.set(i, task);
                queue(task);
              }
            }
          });
    }

    @Override
    public void putVoucher(dev.care.core.voucher.Voucher voucher, long expectedVersion) {
      open();
      expect(
          () -> "voucher " + voucher.code(),
          expectedVersion,
          () -> version(vouchers.get(voucher.code())));
      checks.add(
          v -> {
            var old = vouchers.get(voucher.code());
            if (old != null
                && (!old.value().customerId().equals(voucher.customerId())
                    || !old.value().campaignId().equals(voucher.campaignId()))) {
              throw new ConcurrencyConflictException(
                  "voucher "
                      + voucher.code()
                      + " of "
                      + old.value().customerId()
                      + " written for another holder or campaign",
                  expectedVersion,
                  old.version());
            }
          });
      writes.add(
          () ->
              indexVoucher(
                  vouchers.put(voucher.code(), new Versioned<>(voucher, expectedVersion + 1)),
                  voucher));
    }

    @Override
    public void enqueue(OutboxMessage message) {
      open();
      writes.add(
          () -> {
            if (outbox.putIfAbsent(message.id(), message) == null) {
              index(Optional.empty(), message);
            }
          });
    }

    @Override
    public void commit() {
      open();
      synchronized (lock) {
        keysInUnit.clear();
        if (writes.isEmpty()) {
          done = true;
          return;
        }
        for (int i = 0; i < writes.size(); i++) {
          try {
            transport.write(i + 1, writes.size());
          } catch (RuntimeException e) {
            done = true;
            throw new StorageException(
                "committing a unit of work failed at write "
                    + (i + 1)
                    + " of "
                    + writes.size()
                    + " (nothing written): "
                    + e.getMessage(),
                e);
          }
        }
        for (Consumer<Void> c : checks) {
          c.accept(null);
        }
        try {
          transport.commit(() -> writes.forEach(Runnable::run));
        } catch (RuntimeException e) {
          done = true;
          throw new dev.care.storage.CommitOutcomeUnknownException(
              "committing a unit of work: the reply was lost; the commit may or may not have"
                  + " happened — retry with the same idempotency keys ("
                  + e.getMessage()
                  + ")",
              e);
        }
      }
      done = true;
    }

    @Override
    public void close() {
      done = true;
    }
  }
}
