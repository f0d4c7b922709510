package dev.care.storage.tck;

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
import dev.care.storage.ForwardingCareStorage;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.outbox.OutboxMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A deliberately broken adapter, to prove the kit catches each flaw: the in-memory adapter with one
 * defect added. Flaws marked durable declare {@link Capability#DURABLE}; {@link #reopened()} is a
 * second instance over the same data, as a restarted application or a second one would see it.
 */
final class BrokenStorage extends ForwardingCareStorage {
  enum Flaw {
    /** Ignores expected versions of customers and segments: the last writer silently wins. */
    LOSES_UPDATES,
    /** Does not keep idempotency keys. */
    IGNORES_IDEMPOTENCY,
    /** Commits the first write on its own, then the rest: a failure leaves half. */
    HALF_COMMIT,
    /** Drops outbox messages. */
    DROPS_OUTBOX,
    /** Appends at the journal's end whatever position the writer saw (renumbering). */
    IGNORES_JOURNAL_POSITION,
    /** Keeps a transfer only in the sender's journal: the receiver's append is dropped. */
    DROPS_RECEIVED_TRANSFERS,
    /** Returns an empty page for a limit below 1 instead of refusing it. */
    ACCEPTS_BAD_LIMITS,
    /** Ignores the care state's expected version: the last writer silently wins. */
    IGNORES_STATE_VERSION,
    /** Ignores both the care state's version and the journal position: no optimistic check. */
    LAST_WRITER_WINS,
    /** Pages care states in "natural" order, numbers in ids compared as numbers. */
    PAGES_STATES_NUMERICALLY,
    /** Reports every change in the feed, not one entry per customer. */
    FEED_EVERY_CHANGE,
    /** Durable, but each instance keeps the change feed of its own commits only. */
    FEED_PER_INSTANCE,
    /** Durable, but answers key lookups from the keys this instance committed. */
    KEY_LOOKUP_PER_INSTANCE,
    /**
     * Emulates a programme-wide journal sequence: a commit conflicts when any customer changed
     * since the customers it writes were read.
     */
    PROGRAMME_WIDE_SEQUENCE,
    /** Compares due instants to the second: a customer due within the second is missed. */
    DUE_TO_THE_SECOND,
    /** Lists due customers earliest due first, not in id order: paging skips and repeats. */
    DUE_IN_DUE_ORDER,
    /** Keeps every due instant ever written: a customer advanced past it stays due. */
    KEEPS_OLD_DUE,
    /** Claims without a lease: every claim returns every due customer. */
    CLAIMS_WITHOUT_LEASE,
    /** Records a lease by writing the care state again: a new version and a change feed entry. */
    LEASE_IS_A_CHANGE
  }

  /** Every due instant each customer's state was written with ({@code KEEPS_OLD_DUE}). */
  private final Map<CustomerId, List<java.time.Instant>> everDue = new ConcurrentHashMap<>();

  private final Flaw flaw;

  /** The instance-local feed ({@code FEED_*} flaws), guarded by itself. */
  private final List<CustomerChange> feed = new ArrayList<>();

  private long feedPosition;

  /** Keys this instance committed ({@code KEY_LOOKUP_PER_INSTANCE}). */
  private final Map<IdempotencyKey, Transaction> localKeys = new ConcurrentHashMap<>();

  /** The feed position when each customer was last read ({@code PROGRAMME_WIDE_SEQUENCE}). */
  private final Map<CustomerId, Long> readAt = new ConcurrentHashMap<>();

  BrokenStorage(Flaw flaw) {
    this(flaw, new InMemoryStorage());
  }

  private BrokenStorage(Flaw flaw, CareStorage data) {
    super(data);
    this.flaw = flaw;
  }

  /** A second instance over the same data. */
  BrokenStorage reopened() {
    return new BrokenStorage(flaw, delegate());
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> caps = EnumSet.noneOf(Capability.class);
    caps.addAll(delegate().capabilities());
    if (flaw == Flaw.FEED_PER_INSTANCE || flaw == Flaw.KEY_LOOKUP_PER_INSTANCE) {
      caps.add(Capability.DURABLE);
    }
    return caps;
  }

  private boolean ownFeed() {
    return flaw == Flaw.FEED_EVERY_CHANGE || flaw == Flaw.FEED_PER_INSTANCE;
  }

  @Override
  public UnitOfWork begin() {
    List<Consumer<UnitOfWork>> ops = new ArrayList<>();
    List<CustomerId> statesWritten = new ArrayList<>();
    List<Transaction> keyed = new ArrayList<>();
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
      public void appendJournal(
          CustomerId customer, long expectedLastPosition, List<Transaction> transactions) {
        List<Transaction> txs = List.copyOf(transactions);
        if (flaw == Flaw.IGNORES_IDEMPOTENCY) {
          txs =
              txs.stream()
                  .map(
                      t ->
                          new Transaction(
                              t.customer(),
                              t.sequence(),
                              t.at(),
                              Optional.empty(),
                              t.outcome(),
                              t.holdEvents(),
                              t.postings()))
                  .toList();
        }
        if (flaw == Flaw.DROPS_RECEIVED_TRANSFERS) {
          txs = txs.stream().filter(t -> t.customer().equals(customer)).toList();
          if (txs.isEmpty()) {
            return;
          }
        }
        txs.stream()
            .filter(t -> t.customer().equals(customer) && t.command().isPresent())
            .forEach(keyed::add);
        List<Transaction> append = txs;
        if (flaw == Flaw.IGNORES_JOURNAL_POSITION || flaw == Flaw.LAST_WRITER_WINS) {
          ops.add(
              u -> {
                long end = delegate().journal(customer, 0, Integer.MAX_VALUE).size();
                List<Transaction> renumbered = new ArrayList<>();
                for (Transaction t : append) {
                  renumbered.add(
                      !t.customer().equals(customer)
                          ? t
                          : new Transaction(
                              t.customer(),
                              end + renumbered.size() + 1,
                              t.at(),
                              t.command(),
                              t.outcome(),
                              t.holdEvents(),
                              t.postings()));
                }
                u.appendJournal(customer, end, renumbered);
              });
          return;
        }
        ops.add(u -> u.appendJournal(customer, expectedLastPosition, append));
      }

      @Override
      public void putCareState(CareState state, long expectedVersion) {
        statesWritten.add(state.customer());
        if (flaw == Flaw.KEEPS_OLD_DUE) {
          ops.add(
              u ->
                  state
                      .nextDue()
                      .ifPresent(
                          d ->
                              everDue
                                  .computeIfAbsent(
                                      state.customer(),
                                      c ->
                                          java.util.Collections.synchronizedList(new ArrayList<>()))
                                  .add(d)));
        }
        ops.add(
            u ->
                u.putCareState(
                    state,
                    flaw == Flaw.IGNORES_STATE_VERSION || flaw == Flaw.LAST_WRITER_WINS
                        ? delegate().careState(state.customer()).map(Versioned::version).orElse(0L)
                        : expectedVersion));
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
      public void putCounterShard(String counter, int shard, long value, long expectedVersion) {
        ops.add(u -> u.putCounterShard(counter, shard, value, expectedVersion));
      }

      @Override
      public void enqueue(OutboxMessage message) {
        if (flaw != Flaw.DROPS_OUTBOX) {
          ops.add(u -> u.enqueue(message));
        }
      }

      @Override
      public void commit() {
        if (flaw == Flaw.PROGRAMME_WIDE_SEQUENCE) {
          long now = delegate().lastChangePosition();
          for (CustomerId c : statesWritten) {
            long seen = readAt.getOrDefault(c, now);
            if (seen != now) {
              throw new ConcurrencyConflictException("programme-wide journal", seen, now);
            }
          }
        }
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
        if (ownFeed()) {
          synchronized (feed) {
            commitAll();
            for (CustomerId c : statesWritten) {
              long version = delegate().careState(c).orElseThrow().version();
              if (flaw == Flaw.FEED_PER_INSTANCE) {
                feed.removeIf(change -> change.customer().equals(c));
              }
              feed.add(new CustomerChange(++feedPosition, c, version));
            }
          }
          return;
        }
        commitAll();
        keyed.forEach(t -> localKeys.put(t.command().orElseThrow().key(), t));
      }

      private void commitAll() {
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
    return switch (flaw) {
      case IGNORES_IDEMPOTENCY -> Optional.empty();
      case KEY_LOOKUP_PER_INSTANCE -> Optional.ofNullable(localKeys.get(key));
      default -> delegate().transactionFor(key);
    };
  }

  @Override
  public Optional<Versioned<CareState>> careState(CustomerId customer) {
    if (flaw == Flaw.PROGRAMME_WIDE_SEQUENCE) {
      readAt.put(customer, delegate().lastChangePosition());
    }
    return delegate().careState(customer);
  }

  @Override
  public List<Transaction> journal(CustomerId customer, long afterPosition, int limit) {
    if (flaw == Flaw.ACCEPTS_BAD_LIMITS && limit < 1) {
      return List.of();
    }
    return delegate().journal(customer, afterPosition, limit);
  }

  @Override
  public List<CustomerId> dueCustomers(
      java.time.Instant at, Optional<CustomerId> after, int limit) {
    if (flaw == Flaw.ACCEPTS_BAD_LIMITS && limit < 1) {
      return List.of();
    }
    switch (flaw) {
      case DUE_TO_THE_SECOND:
        return delegate()
            .dueCustomers(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), after, limit);
      case DUE_IN_DUE_ORDER:
        {
          checkLimit(limit);
          List<Versioned<CareState>> due = new ArrayList<>();
          for (CustomerId c : delegate().dueCustomers(at, Optional.empty(), Integer.MAX_VALUE)) {
            due.add(delegate().careState(c).orElseThrow());
          }
          due.sort(Comparator.comparing(v -> v.value().nextDue().orElseThrow()));
          List<CustomerId> ids = due.stream().map(v -> v.value().customer()).toList();
          int from = after.map(a -> ids.indexOf(a) + 1).orElse(0);
          return ids.subList(Math.max(0, from), ids.size()).stream().limit(limit).toList();
        }
      case KEEPS_OLD_DUE:
        {
          checkLimit(limit);
          java.util.TreeSet<CustomerId> due =
              new java.util.TreeSet<>(delegate().dueCustomers(at, after, Integer.MAX_VALUE));
          everDue.forEach(
              (c, ds) -> {
                if ((after.isEmpty() || c.compareTo(after.get()) > 0)
                    && ds.stream().anyMatch(d -> !d.isAfter(at))) {
                  due.add(c);
                }
              });
          return due.stream().limit(limit).toList();
        }
      default:
        return delegate().dueCustomers(at, after, limit);
    }
  }

  @Override
  public List<CustomerId> claimDueCustomers(
      java.time.Instant at, java.time.Instant now, java.time.Duration lease, int limit) {
    if (flaw == Flaw.CLAIMS_WITHOUT_LEASE) {
      return delegate().dueCustomers(at, Optional.empty(), limit);
    }
    List<CustomerId> claimed = delegate().claimDueCustomers(at, now, lease, limit);
    if (flaw == Flaw.LEASE_IS_A_CHANGE) {
      for (CustomerId c : claimed) {
        Versioned<CareState> v = delegate().careState(c).orElseThrow();
        try (UnitOfWork u = delegate().begin()) {
          u.putCareState(v.value(), v.version());
          u.commit();
        }
      }
      // the rewrite ended the delegate's lease: keep it by claiming again
      delegate().claimDueCustomers(at, now, lease, limit);
    }
    return claimed;
  }

  /** Orders ids as people read them: runs of digits by their number. */
  static final Comparator<CustomerId> NATURAL =
      Comparator.comparing((CustomerId c) -> c.value().replaceAll("[0-9]+", ""))
          .thenComparingLong(
              c -> {
                String digits = c.value().replaceAll("[^0-9]", "");
                return digits.isEmpty() ? -1 : Long.parseLong(digits);
              });

  @Override
  public List<Versioned<CareState>> careStates(Optional<CustomerId> after, int limit) {
    if (flaw == Flaw.ACCEPTS_BAD_LIMITS && limit < 1) {
      return List.of();
    }
    if (flaw != Flaw.PAGES_STATES_NUMERICALLY) {
      return delegate().careStates(after, limit);
    }
    checkLimit(limit);
    List<Versioned<CareState>> all =
        new ArrayList<>(delegate().careStates(Optional.empty(), Integer.MAX_VALUE));
    all.sort(Comparator.comparing(v -> v.value().customer(), NATURAL));
    return all.stream()
        .filter(v -> after.isEmpty() || NATURAL.compare(v.value().customer(), after.get()) > 0)
        .limit(limit)
        .toList();
  }

  @Override
  public List<CustomerChange> changes(long afterPosition, int limit) {
    if (flaw == Flaw.ACCEPTS_BAD_LIMITS && limit < 1) {
      return List.of();
    }
    if (!ownFeed()) {
      return delegate().changes(afterPosition, limit);
    }
    checkLimit(limit);
    synchronized (feed) {
      return feed.stream().filter(c -> c.position() > afterPosition).limit(limit).toList();
    }
  }

  @Override
  public long lastChangePosition() {
    if (!ownFeed()) {
      return delegate().lastChangePosition();
    }
    synchronized (feed) {
      return feedPosition;
    }
  }

  private static void checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
  }

  @Override
  public String toString() {
    return "BrokenStorage[" + flaw + "]";
  }
}
