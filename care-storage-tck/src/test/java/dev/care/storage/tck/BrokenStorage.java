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
import dev.care.storage.CustomerRecord;
import dev.care.storage.ForwardingCareStorage;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A deliberately broken adapter, to prove the kit catches each flaw: the in-memory adapter with one
 * defect added. {@link #reopened()} is a second instance over the same data, as a restarted
 * application or a second one would see it: the kit's runs use it for every multi-instance
 * contract, so flaws in per-instance state are caught without declaring anything; only {@code
 * FEED_PER_INSTANCE} declares {@link Capability#DURABLE}, for the one contract gated on it.
 */
final class BrokenStorage extends ForwardingCareStorage {
  enum Flaw {
    /**
     * Ignores expected versions of customers, segments, interactions and vouchers: the last writer
     * silently wins.
     */
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
    /**
     * Returns an empty page (or purges nothing) for a limit it should refuse instead of refusing
     * it.
     */
    ACCEPTS_BAD_LIMITS,
    /** Ignores the care state's expected version: the last writer silently wins. */
    IGNORES_STATE_VERSION,
    /** Ignores both the care state's version and the journal position: no optimistic check. */
    LAST_WRITER_WINS,
    /** Pages care states and customer ids in "natural" order, numbers in ids as numbers. */
    PAGES_STATES_NUMERICALLY,
    /** Reports every change in the feed, not one entry per customer. */
    FEED_EVERY_CHANGE,
    /** Durable, but each instance keeps the change feed of its own commits only. */
    FEED_PER_INSTANCE,
    /**
     * Answers key lookups from the keys this instance committed (not declared durable: the kit's
     * default second instance exposes it).
     */
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
    LEASE_IS_A_CHANGE,
    /** Applies each write of a unit at once (auto-commit): readers see a unit half-way. */
    VISIBLE_BEFORE_COMMIT,
    /**
     * Writes counter shards at the version stored, whatever the writer read: no optimistic check.
     */
    COUNTERS_LAST_WRITER_WINS,
    /** Commits each counter shard write at once, outside its unit of work. */
    COUNTERS_OUTSIDE_THE_UNIT,
    /** Answers a counter's shards from every counter (a query missing its key). */
    COUNTERS_IGNORE_THE_NAME,
    /** Answers a counter never written with one empty shard. */
    COUNTERS_START_WITH_A_SHARD,
    /**
     * Ignores malformed counter writes (a blank name, a shard out of range) instead of refusing.
     */
    COUNTERS_ACCEPT_MALFORMED,
    /** No unique keys on consumption, care actions and tasks: repeats are kept, not refused. */
    REPEATS_RECORDS,
    /** Pages from an id or position inclusively ({@code >=} for {@code >}): the edge repeats. */
    AFTER_INCLUSIVE,
    /** Looks customers, care states and vouchers up case-insensitively (a _ci collation). */
    CASE_INSENSITIVE_IDS,
    /** Looks customers and care states up by the first 64 characters of the id (varchar(64)). */
    TRUNCATES_IDS,
    /** Keeps instants of care states and outbox messages to the microsecond, as timestamp does. */
    TRUNCATES_TO_MICROS,
    /** Stores a care state without its manual tier and referrer (columns an adapter forgot). */
    FORGETS_MANUAL_TIER_AND_REFERRER,
    /** Commits a unit's writes in batches of 100, each in its own transaction. */
    COMMITS_IN_BATCHES,
    /** Silently drops the writes of a unit beyond its first 256 (a capped batch statement). */
    DROPS_WRITES_PAST_256,
    /** Returns at most 1,000 journal rows a read, whatever the limit (a fetch cap). */
    CAPS_READS_AT_1000,
    /** Enqueueing an existing id replaces the message: a delivered one becomes pending again. */
    REENQUEUE_REPLACES,
    /** Ignores outbox updates and claims: a handled message stays due. */
    LOSES_OUTBOX_UPDATES,
    /**
     * Caches reads per instance (found and not found), invalidated only by the instance's own
     * commits (not declared durable: the kit's default second instance exposes it).
     */
    CACHES_READS,
    /** Purges failed and pending messages too, not only finished ones. */
    PURGES_EVERY_STATUS,
    /** Purges every finished message older than the cutoff, whatever the limit. */
    PURGE_IGNORES_LIMIT,
    /** A purged message still shows in the status list and the deliveries (a stale index). */
    PURGE_LEAVES_GHOSTS,
    /** Purges by creation time instead of the final attempt. */
    PURGE_BY_CREATED_AT,
    /** Erases the file but leaves the notes (temperament) on the customer's interactions. */
    ERASE_LEAVES_INTERACTION_NOTES,
    /** Erases the file but leaves the texts of the customer's outbox messages (and sends them). */
    ERASE_LEAVES_OUTBOX_TEXTS,
    /** Erases the file but forgets the care actions: their variables stay. */
    ERASE_LEAVES_ACTION_VARIABLES,
    /** Erases the file but forgets the staff tasks: their accommodations stay. */
    ERASE_LEAVES_TASK_ACCOMMODATIONS,
    /** Erases the file but leaves the care state's segment projection. */
    ERASE_LEAVES_SEGMENT_ATTRIBUTES,
    /** Empties the segment projection but keeps the next due instant: the nightly run visits. */
    ERASE_KEEPS_DUE,
    /** Deletes the customer's journal with the personal data: balances and sums break. */
    ERASE_DELETES_JOURNAL,
    /** Deletes the customer file instead of erasing it: a second erasure answers "unknown". */
    ERASE_DELETES_THE_FILE,
    /** Creates an erased file for a customer it never knew, and answers true. */
    ERASE_CREATES_UNKNOWN,
    /** Empties the texts of every customer's outbox messages (a predicate missing its customer). */
    ERASE_SCRUBS_EVERY_CUSTOMER,
    /**
     * Reports a commit whose reply was lost as a plain failure (it translates every driver error to
     * "failed"), though the commit may have landed.
     */
    LIES_ABOUT_LOST_REPLY,
    /** Swallows a lost reply to a commit and reports success ("it probably went through"). */
    SWALLOWS_LOST_REPLY,
    /** Lets the connection's failures escape untranslated, as a bare runtime exception. */
    LEAKS_TRANSPORT_ERRORS,
    /**
     * Keeps outbox and nightly leases in a table of its own instance (a per-process lease map): a
     * second instance claims what the first holds. Not durable: caught with the kit's default
     * second instance.
     */
    LEASES_PER_INSTANCE,
    /**
     * Trusts a per-instance cache of each journal's last position (kept from its own appends): an
     * append another instance made since is not seen, and the new one is renumbered past it. Not
     * durable: caught with the kit's default second instance.
     */
    POSITIONS_PER_INSTANCE,
    /** Looks ids up after Unicode normalisation (NFC): an accent's two forms are one customer. */
    NORMALISES_IDS,
    /**
     * Pages customer ids and care states in UTF-16 order (Java's String order), not code points.
     */
    ORDERS_BY_UTF16,
    /** Lists the task queue earliest due first, priority second. */
    QUEUE_BY_DUE,
    /** Pages the task queue from the cursor inclusively: the cursor's task repeats. */
    QUEUE_CURSOR_INCLUSIVE,
    /** Lists tasks of every status, whatever statuses were asked for. */
    QUEUE_IGNORES_STATUS,
    /** Updating a task that is not stored inserts it instead of failing the commit. */
    TASK_UPDATE_UPSERTS,
    /** Answers the queue from an index of its own that erasure does not touch. */
    QUEUE_KEEPS_ERASED,
    /** Counts service up to and including the period's end. */
    SERVICE_COUNTS_END_INCLUSIVE,
    /**
     * Reads a customer's record without their staff tasks (the one-round-trip read forgot them).
     */
    RECORD_MISSES_TASKS,
    /**
     * Writes a batch of outbox updates with one statement that, of two with the same id, keeps the
     * first (as {@code UPDATE ... FROM unnest(...)} does with repeated ids).
     */
    BATCH_UPDATE_FIRST_WINS,
    /**
     * Writes a batch of outbox updates one by one: an unknown id leaves the earlier ones written.
     */
    BATCH_UPDATE_PER_MESSAGE,
    /** Reads deliveries to several customers with an inclusive lower bound ({@code >=}). */
    DELIVERIES_AT_ONCE_INCLUSIVE,
    /** Reads several customer files at once, but at most 100 of them (a parameter limit). */
    CUSTOMERS_AT_ONCE_CAPS_AT_100
  }

  /** Every task written through any instance ({@code QUEUE_KEEPS_ERASED}), shared. */
  private final Map<dev.care.core.care.TaskKey, dev.care.core.care.CareTask> ownQueue =
      new ConcurrentHashMap<>();

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

  /** Voucher codes written through any instance ({@code CASE_INSENSITIVE_IDS}), shared. */
  private final Set<String> codes;

  /** Outbox ids every read hides, as if purged (the purge flaws), shared. */
  private final Set<String> hidden;

  /** Purged messages still listed ({@code PURGE_LEAVES_GHOSTS}), shared. */
  private final List<OutboxMessage> ghosts;

  /** Repeated care actions and tasks kept ({@code REPEATS_RECORDS}), shared. */
  private final Map<CustomerId, List<Object>> repeats;

  /** This instance's read cache ({@code CACHES_READS}). */
  private final Map<String, Object> cache = new ConcurrentHashMap<>();

  /** Outbox and nightly leases this instance took ({@code LEASES_PER_INSTANCE}). */
  private final Map<String, Instant> leases = new ConcurrentHashMap<>();

  /**
   * Each journal's last position as this instance last wrote it ({@code POSITIONS_PER_INSTANCE}).
   */
  private final Map<CustomerId, Long> positions = new ConcurrentHashMap<>();

  BrokenStorage(Flaw flaw) {
    this(flaw, InMemoryStorage.Transport.DIRECT);
  }

  /** Over an in-memory store whose commits go through a transport (the kit's fault plan). */
  BrokenStorage(Flaw flaw, InMemoryStorage.Transport transport) {
    this(
        flaw,
        new InMemoryStorage(transport),
        ConcurrentHashMap.newKeySet(),
        ConcurrentHashMap.newKeySet(),
        new CopyOnWriteArrayList<>(),
        new ConcurrentHashMap<>());
  }

  private BrokenStorage(
      Flaw flaw,
      CareStorage data,
      Set<String> codes,
      Set<String> hidden,
      List<OutboxMessage> ghosts,
      Map<CustomerId, List<Object>> repeats) {
    super(data);
    this.flaw = flaw;
    this.codes = codes;
    this.hidden = hidden;
    this.ghosts = ghosts;
    this.repeats = repeats;
  }

  /** A second instance over the same data. */
  BrokenStorage reopened() {
    return new BrokenStorage(flaw, delegate(), codes, hidden, ghosts, repeats);
  }

  /** A read through this instance's cache, with {@code CACHES_READS}. */
  @SuppressWarnings("unchecked")
  private <T> T cached(String what, Object key, Supplier<T> read) {
    if (flaw != Flaw.CACHES_READS) {
      return read.get();
    }
    return (T) cache.computeIfAbsent(what + "\n" + key, k -> read.get());
  }

  /** The id as the flawed lookups compare it. */
  private String collated(String id) {
    return switch (flaw) {
      case CASE_INSENSITIVE_IDS -> id.toLowerCase(Locale.ROOT);
      case TRUNCATES_IDS -> id.length() > 64 ? id.substring(0, 64) : id;
      case NORMALISES_IDS -> java.text.Normalizer.normalize(id, java.text.Normalizer.Form.NFC);
      default -> id;
    };
  }

  private boolean collates() {
    return flaw == Flaw.CASE_INSENSITIVE_IDS
        || flaw == Flaw.TRUNCATES_IDS
        || flaw == Flaw.NORMALISES_IDS;
  }

  static Instant micros(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  static CareState micros(CareState s) {
    return new CareState(
        s.customer(),
        s.journalLength(),
        s.stage(),
        s.manualTier()
            .map(m -> new dev.care.core.state.ManualTier(m.mode(), m.tier(), micros(m.until()))),
        s.tierBelowSince().map(BrokenStorage::micros),
        s.winBackSent().map(BrokenStorage::micros),
        micros(s.advancedUntil()),
        s.nextDue().map(BrokenStorage::micros),
        s.attributes(),
        s.referrer());
  }

  static OutboxMessage micros(OutboxMessage m) {
    return new OutboxMessage(
        m.id(),
        m.type(),
        m.customer(),
        m.channel(),
        m.attributes(),
        micros(m.createdAt()),
        m.status(),
        m.attempts(),
        micros(m.nextAttemptAt()),
        m.lastError());
  }

  @Override
  public List<dev.care.core.care.CareTask> tasks(
      Set<dev.care.core.care.TaskStatus> statuses,
      Optional<dev.care.core.care.TaskCursor> after,
      int limit) {
    if (statuses.isEmpty() || limit < 1) {
      return super.tasks(statuses, after, limit);
    }
    Comparator<dev.care.core.care.CareTask> order = dev.care.core.care.TaskCursor.TASK_ORDER;
    List<dev.care.core.care.CareTask> all;
    switch (flaw) {
      case QUEUE_BY_DUE -> {
        order =
            Comparator.comparing(dev.care.core.care.CareTask::due)
                .thenComparing(dev.care.core.care.TaskCursor.TASK_ORDER);
        all = super.tasks(statuses, Optional.empty(), Integer.MAX_VALUE);
      }
      case QUEUE_IGNORES_STATUS ->
          all =
              super.tasks(
                  EnumSet.allOf(dev.care.core.care.TaskStatus.class),
                  Optional.empty(),
                  Integer.MAX_VALUE);
      case QUEUE_KEEPS_ERASED ->
          all = ownQueue.values().stream().filter(t -> statuses.contains(t.status())).toList();
      case QUEUE_CURSOR_INCLUSIVE ->
          all = super.tasks(statuses, Optional.empty(), Integer.MAX_VALUE);
      default -> {
        return super.tasks(statuses, after, limit);
      }
    }
    Comparator<dev.care.core.care.CareTask> o = order;
    return all.stream()
        .sorted(o)
        .filter(
            t ->
                after.isEmpty()
                    || (flaw == Flaw.QUEUE_CURSOR_INCLUSIVE
                        ? dev.care.core.care.TaskCursor.ORDER.compare(
                                after.get(), dev.care.core.care.TaskCursor.of(t))
                            <= 0
                        : o.compare(
                                t,
                                all.stream()
                                    .filter(
                                        x ->
                                            dev.care.core.care.TaskCursor.of(x).equals(after.get()))
                                    .findFirst()
                                    .orElse(t))
                            > 0))
        .limit(limit)
        .toList();
  }

  @Override
  public List<dev.care.storage.ServiceCount> serviceCounts(Instant from, Instant to) {
    return super.serviceCounts(
        from, flaw == Flaw.SERVICE_COUNTS_END_INCLUSIVE && to.isAfter(from) ? to.plusNanos(1) : to);
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> caps = EnumSet.noneOf(Capability.class);
    caps.addAll(delegate().capabilities());
    if (flaw == Flaw.FEED_PER_INSTANCE) {
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
    List<OutboxMessage> enqueued = new ArrayList<>();
    return new UnitOfWork() {
      /** Buffers a write, or applies it at once ({@code VISIBLE_BEFORE_COMMIT}). */
      private void add(Consumer<UnitOfWork> op) {
        if (flaw == Flaw.VISIBLE_BEFORE_COMMIT) {
          try (UnitOfWork now = delegate().begin()) {
            op.accept(now);
            now.commit();
          }
          return;
        }
        if (flaw == Flaw.DROPS_WRITES_PAST_256 && ops.size() >= 256) {
          return;
        }
        ops.add(op);
      }

      @Override
      public void putCustomer(Customer customer, long expectedVersion) {
        add(
            u ->
                u.putCustomer(
                    customer,
                    flaw == Flaw.LOSES_UPDATES
                        ? delegate().customer(customer.id()).map(Versioned::version).orElse(0L)
                        : expectedVersion));
      }

      @Override
      public void addConsumption(ConsumptionRecord record) {
        add(
            u -> {
              if (flaw != Flaw.REPEATS_RECORDS
                  || delegate().consumption(record.customerId()).stream()
                      .noneMatch(r -> r.recordId().equals(record.recordId()))) {
                u.addConsumption(record);
              }
            });
      }

      @Override
      public void putInteraction(ServiceInteraction interaction, long expectedVersion) {
        add(
            u ->
                u.putInteraction(
                    interaction,
                    flaw == Flaw.LOSES_UPDATES
                        ? delegate()
                            .interaction(interaction.id())
                            .map(Versioned::version)
                            .orElse(0L)
                        : expectedVersion));
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
          add(
              u -> {
                long end = delegate().journal(customer, 0, Integer.MAX_VALUE).size();
                u.appendJournal(customer, end, renumbered(customer, end, append));
              });
          return;
        }
        if (flaw == Flaw.POSITIONS_PER_INSTANCE) {
          long own = append.stream().filter(t -> t.customer().equals(customer)).count();
          add(
              u -> {
                Long cached = positions.get(customer);
                long end =
                    cached != null && cached == expectedLastPosition
                        ? delegate().journal(customer, 0, Integer.MAX_VALUE).size()
                        : expectedLastPosition;
                u.appendJournal(customer, end, renumbered(customer, end, append));
                positions.put(customer, expectedLastPosition + own);
              });
          return;
        }
        add(u -> u.appendJournal(customer, expectedLastPosition, append));
      }

      @Override
      public void putCareState(CareState state, long expectedVersion) {
        statesWritten.add(state.customer());
        if (flaw == Flaw.KEEPS_OLD_DUE) {
          add(
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
        CareState kept =
            flaw == Flaw.TRUNCATES_TO_MICROS
                ? micros(state)
                : flaw == Flaw.FORGETS_MANUAL_TIER_AND_REFERRER
                    ? state
                        .withTier(Optional.empty(), state.tierBelowSince())
                        .withReferrer(Optional.empty())
                    : state;
        add(
            u ->
                u.putCareState(
                    kept,
                    flaw == Flaw.IGNORES_STATE_VERSION || flaw == Flaw.LAST_WRITER_WINS
                        ? delegate().careState(state.customer()).map(Versioned::version).orElse(0L)
                        : expectedVersion));
      }

      @Override
      public void putSegmentDefinition(String id, String definition, long expectedVersion) {
        add(
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
        add(
            u -> {
              if (flaw == Flaw.REPEATS_RECORDS
                  && delegate().careActions(action.customerId()).stream()
                      .anyMatch(a -> a.idempotencyKey().equals(action.idempotencyKey()))) {
                repeats
                    .computeIfAbsent(action.customerId(), k -> new CopyOnWriteArrayList<>())
                    .add(action);
              } else {
                u.addCareAction(action);
              }
            });
      }

      @Override
      public void addCareTask(dev.care.core.care.CareTask task) {
        add(
            u -> {
              if (flaw == Flaw.REPEATS_RECORDS
                  && delegate().careTasks(task.customerId()).stream()
                      .anyMatch(t -> t.idempotencyKey().equals(task.idempotencyKey()))) {
                repeats
                    .computeIfAbsent(task.customerId(), k -> new CopyOnWriteArrayList<>())
                    .add(task);
              } else {
                u.addCareTask(task);
                if (flaw == Flaw.QUEUE_KEEPS_ERASED) {
                  ownQueue.putIfAbsent(task.taskKey(), task);
                }
              }
            });
      }

      @Override
      public void putCareTask(dev.care.core.care.CareTask task) {
        add(
            u -> {
              if (flaw == Flaw.TASK_UPDATE_UPSERTS
                  && delegate().careTask(task.taskKey()).isEmpty()) {
                u.addCareTask(task);
              } else {
                u.putCareTask(task);
              }
              if (flaw == Flaw.QUEUE_KEEPS_ERASED) {
                ownQueue.put(task.taskKey(), task);
              }
            });
      }

      @Override
      public void putVoucher(dev.care.core.voucher.Voucher voucher, long expectedVersion) {
        codes.add(voucher.code());
        add(
            u ->
                u.putVoucher(
                    voucher,
                    flaw == Flaw.LOSES_UPDATES
                        ? delegate().voucher(voucher.code()).map(Versioned::version).orElse(0L)
                        : expectedVersion));
      }

      @Override
      public void putCounterShard(String counter, int shard, long value, long expectedVersion) {
        if (flaw == Flaw.COUNTERS_ACCEPT_MALFORMED
            && (counter.isBlank() || shard < 0 || shard >= 1024)) {
          return;
        }
        if (flaw == Flaw.COUNTERS_OUTSIDE_THE_UNIT) {
          try (UnitOfWork now = delegate().begin()) {
            now.putCounterShard(counter, shard, value, expectedVersion);
            now.commit();
          }
          return;
        }
        add(
            u ->
                u.putCounterShard(
                    counter,
                    shard,
                    value,
                    flaw == Flaw.COUNTERS_LAST_WRITER_WINS
                        ? Optional.ofNullable(delegate().counterShards(counter).get(shard))
                            .map(Versioned::version)
                            .orElse(0L)
                        : expectedVersion));
      }

      @Override
      public void enqueue(OutboxMessage message) {
        if (flaw != Flaw.DROPS_OUTBOX) {
          OutboxMessage kept = flaw == Flaw.TRUNCATES_TO_MICROS ? micros(message) : message;
          enqueued.add(kept);
          add(u -> u.enqueue(kept));
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
        List<OutboxMessage> replaced =
            flaw == Flaw.REENQUEUE_REPLACES
                ? enqueued.stream().filter(m -> delegate().message(m.id()).isPresent()).toList()
                : List.of();
        commitAll();
        replaced.forEach(m -> delegate().update(m));
        keyed.forEach(t -> localKeys.put(t.command().orElseThrow().key(), t));
        cache.clear();
      }

      private void commitAll() {
        int batch = flaw == Flaw.COMMITS_IN_BATCHES ? 100 : Math.max(1, ops.size());
        for (int from = 0; from < ops.size() || from == 0; from += batch) {
          try (UnitOfWork all = delegate().begin()) {
            ops.subList(from, Math.min(ops.size(), from + batch)).forEach(o -> o.accept(all));
            translated(all::commit);
          }
        }
      }

      /** A commit, its failures translated as the lost-reply flaws translate them. */
      private void translated(Runnable commit) {
        try {
          commit.run();
        } catch (dev.care.storage.CommitOutcomeUnknownException e) {
          switch (flaw) {
            case LIES_ABOUT_LOST_REPLY ->
                throw new dev.care.storage.StorageException(
                    "committing a unit of work failed (nothing written): " + e.getMessage(), e);
            case SWALLOWS_LOST_REPLY -> {
              // "it probably went through"
            }
            case LEAKS_TRANSPORT_ERRORS -> throw new IllegalStateException(e.getCause());
            default -> throw e;
          }
        } catch (dev.care.storage.StorageException e) {
          if (flaw == Flaw.LEAKS_TRANSPORT_ERRORS && e.getCause() != null) {
            throw new IllegalStateException(e.getCause());
          }
          throw e;
        }
      }

      @Override
      public void close() {}
    };
  }

  /** Customers this instance erased ({@code ERASE_DELETES_*}). */
  private final Set<CustomerId> erasedHere = ConcurrentHashMap.newKeySet();

  @Override
  public boolean erase(CustomerId customer, Instant at) {
    switch (flaw) {
      case ERASE_DELETES_THE_FILE -> {
        if (erasedHere.contains(customer)) {
          return false;
        }
      }
      case ERASE_CREATES_UNKNOWN -> {
        if (delegate().customer(customer).isEmpty()) {
          try (UnitOfWork u = delegate().begin()) {
            u.putCustomer(
                Customer.register(customer, dev.care.core.customer.Profile.named("-"), at)
                    .erase(at),
                0);
            u.commit();
          }
          return true;
        }
      }
      default -> {}
    }
    List<ServiceInteraction> interactions = delegate().interactions(customer);
    List<OutboxMessage> messages = new ArrayList<>();
    for (DeliveryStatus status : DeliveryStatus.values()) {
      delegate().messages(status).stream()
          .filter(m -> m.customer().equals(Optional.of(customer)))
          .forEach(messages::add);
    }
    List<CareAction> actions = delegate().careActions(customer);
    List<dev.care.core.care.CareTask> tasks = delegate().careTasks(customer);
    Optional<Versioned<CareState>> state = delegate().careState(customer);
    boolean existed = delegate().erase(customer, at);
    if (!existed) {
      return false;
    }
    erasedHere.add(customer);
    switch (flaw) {
      case ERASE_LEAVES_INTERACTION_NOTES -> {
        try (UnitOfWork u = delegate().begin()) {
          for (ServiceInteraction i : interactions) {
            u.putInteraction(i, delegate().interaction(i.id()).orElseThrow().version());
          }
          u.commit();
        }
      }
      case ERASE_LEAVES_OUTBOX_TEXTS -> messages.forEach(delegate()::update);
      case ERASE_LEAVES_ACTION_VARIABLES -> {
        try (UnitOfWork u = delegate().begin()) {
          actions.forEach(u::addCareAction);
          u.commit();
        }
      }
      case ERASE_LEAVES_TASK_ACCOMMODATIONS -> {
        try (UnitOfWork u = delegate().begin()) {
          tasks.forEach(u::addCareTask);
          u.commit();
        }
      }
      case ERASE_LEAVES_SEGMENT_ATTRIBUTES, ERASE_KEEPS_DUE ->
          state.ifPresent(
              before -> {
                Versioned<CareState> now = delegate().careState(customer).orElseThrow();
                CareState kept =
                    flaw == Flaw.ERASE_KEEPS_DUE
                        ? now.value().withNextDue(before.value().nextDue())
                        : now.value().withAttributes(before.value().attributes());
                try (UnitOfWork u = delegate().begin()) {
                  u.putCareState(kept, now.version());
                  u.commit();
                }
              });
      case ERASE_SCRUBS_EVERY_CUSTOMER -> {
        for (DeliveryStatus status : DeliveryStatus.values()) {
          for (OutboxMessage m : delegate().messages(status)) {
            delegate()
                .update(
                    new OutboxMessage(
                        m.id(),
                        m.type(),
                        m.customer(),
                        m.channel(),
                        Map.of(),
                        m.createdAt(),
                        m.status(),
                        m.attempts(),
                        m.nextAttemptAt(),
                        m.lastError()));
          }
        }
      }
      default -> {}
    }
    return true;
  }

  @Override
  public Optional<Transaction> transactionFor(IdempotencyKey key) {
    return switch (flaw) {
      case IGNORES_IDEMPOTENCY -> Optional.empty();
      case KEY_LOOKUP_PER_INSTANCE -> Optional.ofNullable(localKeys.get(key));
      default -> cached("key", key, () -> delegate().transactionFor(key));
    };
  }

  @Override
  public Optional<Versioned<CareState>> careState(CustomerId customer) {
    if (flaw == Flaw.PROGRAMME_WIDE_SEQUENCE) {
      readAt.put(customer, delegate().lastChangePosition());
    }
    if (collates()) {
      return delegate().careStates(Optional.empty(), Integer.MAX_VALUE).stream()
          .filter(v -> collated(v.value().customer().value()).equals(collated(customer.value())))
          .findFirst();
    }
    return cached("state", customer, () -> delegate().careState(customer));
  }

  /** Each customer through this adapter's {@link #customer}, so its lookup flaws apply too. */
  @Override
  public Map<CustomerId, Versioned<Customer>> customers(Set<CustomerId> ids) {
    Map<CustomerId, Versioned<Customer>> found = new java.util.HashMap<>();
    ids.stream()
        .sorted(Comparator.comparing(CustomerId::value))
        .limit(flaw == Flaw.CUSTOMERS_AT_ONCE_CAPS_AT_100 ? 100 : Long.MAX_VALUE)
        .forEach(id -> customer(id).ifPresent(c -> found.put(id, c)));
    return found;
  }

  @Override
  public Optional<Versioned<Customer>> customer(CustomerId id) {
    if (collates()) {
      return delegate().customerIds(Optional.empty(), Integer.MAX_VALUE).stream()
          .filter(c -> collated(c.value()).equals(collated(id.value())))
          .findFirst()
          .flatMap(c -> delegate().customer(c));
    }
    if (flaw == Flaw.ERASE_DELETES_THE_FILE && erasedHere.contains(id)) {
      return Optional.empty();
    }
    return cached("customer", id, () -> delegate().customer(id));
  }

  /**
   * Transactions renumbered to follow a journal end a broken adapter chose: the customer's own from
   * {@code end + 1} on (counting every transaction before them), the others as they are.
   */
  private static List<Transaction> renumbered(
      CustomerId customer, long end, List<Transaction> transactions) {
    List<Transaction> renumbered = new ArrayList<>();
    for (Transaction t : transactions) {
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
    return renumbered;
  }

  @Override
  public CustomerRecord record(CustomerId customer) {
    if (flaw == Flaw.RECORD_MISSES_TASKS) {
      CustomerRecord r = delegate().record(customer);
      return new CustomerRecord(
          customer, r.file(), r.state(), r.consumption(), r.interactions(), List.of());
    }
    if (collates() || flaw == Flaw.CACHES_READS) {
      return new CustomerRecord(
          customer,
          customer(customer),
          careState(customer),
          consumption(customer),
          interactions(customer),
          careTasks(customer));
    }
    return delegate().record(customer);
  }

  @Override
  public Optional<Versioned<ServiceInteraction>> interaction(String id) {
    return cached("interaction", id, () -> delegate().interaction(id));
  }

  @Override
  public Optional<Versioned<dev.care.core.voucher.Voucher>> voucher(String code) {
    if (collates()) {
      return codes.stream()
          .sorted()
          .filter(c -> collated(c).equals(collated(code)))
          .findFirst()
          .flatMap(c -> delegate().voucher(c));
    }
    return cached("voucher", code, () -> delegate().voucher(code));
  }

  @Override
  public List<CareAction> careActions(CustomerId customer) {
    return withRepeats(delegate().careActions(customer), customer, CareAction.class);
  }

  @Override
  public List<dev.care.core.care.CareTask> careTasks(CustomerId customer) {
    return withRepeats(delegate().careTasks(customer), customer, dev.care.core.care.CareTask.class);
  }

  private <T> List<T> withRepeats(List<T> stored, CustomerId customer, Class<T> type) {
    List<Object> repeated = repeats.getOrDefault(customer, List.of());
    if (repeated.isEmpty()) {
      return stored;
    }
    List<T> all = new ArrayList<>(stored);
    repeated.stream().filter(type::isInstance).map(type::cast).forEach(all::add);
    return all;
  }

  @Override
  public List<CustomerId> customerIds(Optional<CustomerId> after, int limit) {
    if (flaw == Flaw.ACCEPTS_BAD_LIMITS && limit < 0) {
      return List.of();
    }
    if (flaw == Flaw.PAGES_STATES_NUMERICALLY || flaw == Flaw.ORDERS_BY_UTF16) {
      Comparator<CustomerId> order = flaw == Flaw.ORDERS_BY_UTF16 ? UTF16 : NATURAL;
      return delegate().customerIds(Optional.empty(), Integer.MAX_VALUE).stream()
          .sorted(order)
          .filter(c -> after.isEmpty() || order.compare(c, after.get()) > 0)
          .limit(limit)
          .toList();
    }
    if (flaw == Flaw.AFTER_INCLUSIVE
        && after.isPresent()
        && delegate().customer(after.get()).isPresent()
        && limit > 0) {
      List<CustomerId> page = new ArrayList<>();
      page.add(after.get());
      page.addAll(delegate().customerIds(after, limit - 1 == 0 ? 1 : limit - 1));
      return page.subList(0, Math.min(limit, page.size()));
    }
    return delegate().customerIds(after, limit);
  }

  @Override
  public List<Transaction> journal(CustomerId customer, long afterPosition, int limit) {
    if (flaw == Flaw.ACCEPTS_BAD_LIMITS && limit < 1) {
      return List.of();
    }
    if (flaw == Flaw.AFTER_INCLUSIVE && afterPosition > 0) {
      return delegate().journal(customer, afterPosition - 1, limit);
    }
    if (flaw == Flaw.CAPS_READS_AT_1000) {
      return delegate().journal(customer, afterPosition, Math.min(limit, 1_000));
    }
    if (flaw == Flaw.ERASE_DELETES_JOURNAL && erasedHere.contains(customer)) {
      checkLimit(limit);
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
    if (flaw == Flaw.LEASES_PER_INSTANCE) {
      checkLimit(limit);
      List<CustomerId> claimed = new ArrayList<>();
      for (CustomerId c : delegate().dueCustomers(at, Optional.empty(), Integer.MAX_VALUE)) {
        if (claimed.size() < limit && !leases.getOrDefault("due\n" + c, Instant.MIN).isAfter(now)) {
          leases.put("due\n" + c, now.plus(lease));
          claimed.add(c);
        }
      }
      return claimed;
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

  // ------------------------------------------------------------------ outbox

  private List<OutboxMessage> visible(List<OutboxMessage> messages) {
    return hidden.isEmpty()
        ? messages
        : messages.stream().filter(m -> !hidden.contains(m.id())).toList();
  }

  @Override
  public List<OutboxMessage> dueMessages(Instant now, int limit) {
    if (flaw == Flaw.ACCEPTS_BAD_LIMITS && limit < 0) {
      return List.of();
    }
    return visible(delegate().dueMessages(now, limit));
  }

  @Override
  public List<OutboxMessage> claimDue(Instant now, int limit, Duration lease) {
    if (flaw == Flaw.ACCEPTS_BAD_LIMITS && limit < 0) {
      return List.of();
    }
    if (flaw == Flaw.LOSES_OUTBOX_UPDATES) {
      return dueMessages(now, limit);
    }
    if (flaw == Flaw.LEASES_PER_INSTANCE) {
      List<OutboxMessage> claimed = new ArrayList<>();
      for (OutboxMessage m : dueMessages(now, Integer.MAX_VALUE)) {
        if (claimed.size() < limit
            && !leases.getOrDefault("outbox\n" + m.id(), Instant.MIN).isAfter(now)) {
          leases.put("outbox\n" + m.id(), now.plus(lease));
          claimed.add(m);
        }
      }
      return claimed;
    }
    return visible(delegate().claimDue(now, limit, lease));
  }

  @Override
  public Optional<OutboxMessage> message(String id) {
    if (hidden.contains(id)) {
      return Optional.empty();
    }
    return cached("message", id, () -> delegate().message(id));
  }

  @Override
  public List<OutboxMessage> messages(DeliveryStatus status) {
    List<OutboxMessage> all = new ArrayList<>(visible(delegate().messages(status)));
    ghosts.stream().filter(g -> g.status() == status).forEach(all::add);
    return all;
  }

  @Override
  public List<OutboxMessage> deliveredTo(CustomerId customer, Instant since) {
    List<OutboxMessage> all = new ArrayList<>(visible(delegate().deliveredTo(customer, since)));
    ghosts.stream()
        .filter(g -> g.status() == DeliveryStatus.DELIVERED)
        .filter(g -> g.customer().equals(Optional.of(customer)))
        .filter(g -> g.nextAttemptAt().isAfter(since))
        .forEach(all::add);
    all.sort(Comparator.comparing(OutboxMessage::nextAttemptAt));
    return all;
  }

  /**
   * Each message through this adapter's {@link #update} (so its outbox flaws apply to batches too),
   * after checking every id first, as a correct adapter's single transaction would.
   */
  @Override
  public void updateAll(List<OutboxMessage> messages) {
    List<OutboxMessage> written = messages;
    if (flaw == Flaw.BATCH_UPDATE_FIRST_WINS) {
      Map<String, OutboxMessage> first = new java.util.LinkedHashMap<>();
      messages.forEach(m -> first.putIfAbsent(m.id(), m));
      written = List.copyOf(first.values());
    }
    if (flaw != Flaw.BATCH_UPDATE_PER_MESSAGE) {
      for (OutboxMessage m : written) {
        if (message(m.id()).isEmpty()) {
          throw new dev.care.storage.StorageException("no outbox message " + m.id());
        }
      }
    }
    written.forEach(this::update);
  }

  @Override
  public Map<CustomerId, List<OutboxMessage>> deliveredTo(
      Set<CustomerId> customers, Instant since) {
    Map<CustomerId, List<OutboxMessage>> found = new java.util.HashMap<>();
    for (CustomerId c : customers) {
      List<OutboxMessage> delivered =
          deliveredTo(c, flaw == Flaw.DELIVERIES_AT_ONCE_INCLUSIVE ? since.minusNanos(1) : since);
      if (!delivered.isEmpty()) {
        found.put(c, delivered);
      }
    }
    return found;
  }

  @Override
  public void update(OutboxMessage message) {
    if (flaw == Flaw.LOSES_OUTBOX_UPDATES) {
      return;
    }
    delegate().update(flaw == Flaw.TRUNCATES_TO_MICROS ? micros(message) : message);
    cache.clear();
    leases.remove("outbox\n" + message.id());
  }

  /** The finished messages (delivered, suppressed) no read hides. */
  private List<OutboxMessage> finished() {
    List<OutboxMessage> all =
        new ArrayList<>(visible(delegate().messages(DeliveryStatus.DELIVERED)));
    all.addAll(visible(delegate().messages(DeliveryStatus.SUPPRESSED)));
    return all;
  }

  @Override
  public int purgeFinished(Instant olderThan, int limit) {
    if (flaw == Flaw.ACCEPTS_BAD_LIMITS && limit < 1) {
      return 0;
    }
    switch (flaw) {
      case PURGES_EVERY_STATUS -> {
        int n = delegate().purgeFinished(olderThan, limit);
        List<OutboxMessage> others =
            new ArrayList<>(visible(delegate().messages(DeliveryStatus.FAILED)));
        others.addAll(visible(delegate().messages(DeliveryStatus.PENDING)));
        for (OutboxMessage m : others) {
          if (n < limit && m.nextAttemptAt().isBefore(olderThan)) {
            hidden.add(m.id());
            n++;
          }
        }
        return n;
      }
      case PURGE_IGNORES_LIMIT -> {
        int total = 0;
        for (int batch = 0; batch < 1_000; batch++) {
          int n = delegate().purgeFinished(olderThan, 1_000);
          total += n;
          if (n < 1_000) {
            break;
          }
        }
        return total;
      }
      case PURGE_LEAVES_GHOSTS -> {
        List<OutboxMessage> before =
            finished().stream().filter(m -> m.nextAttemptAt().isBefore(olderThan)).toList();
        int n = delegate().purgeFinished(olderThan, limit);
        before.stream().filter(m -> delegate().message(m.id()).isEmpty()).forEach(ghosts::add);
        return n;
      }
      case PURGE_BY_CREATED_AT -> {
        List<OutboxMessage> old =
            finished().stream()
                .filter(m -> m.createdAt().isBefore(olderThan))
                .sorted(Comparator.comparing(OutboxMessage::createdAt))
                .limit(Math.max(0, limit))
                .toList();
        old.forEach(m -> hidden.add(m.id()));
        return old.size();
      }
      default -> {
        return delegate().purgeFinished(olderThan, limit);
      }
    }
  }

  @Override
  public Map<Integer, Versioned<Long>> counterShards(String counter) {
    if (flaw == Flaw.COUNTERS_IGNORE_THE_NAME) {
      Map<Integer, Versioned<Long>> all = new java.util.TreeMap<>();
      for (String other : java.util.List.of(counter, "goodwill:tck:2026-03")) {
        all.putAll(delegate().counterShards(other));
      }
      return all;
    }
    Map<Integer, Versioned<Long>> shards = delegate().counterShards(counter);
    if (flaw == Flaw.COUNTERS_START_WITH_A_SHARD && shards.isEmpty()) {
      return Map.of(0, new Versioned<>(0L, 0L));
    }
    return shards;
  }

  /** Orders ids as people read them: runs of digits by their number. */
  /** Java's String order: UTF-16 units, surrogate pairs before U+E000..U+FFFF. */
  static final Comparator<CustomerId> UTF16 = Comparator.comparing(CustomerId::value);

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
    if (flaw != Flaw.PAGES_STATES_NUMERICALLY && flaw != Flaw.ORDERS_BY_UTF16) {
      return delegate().careStates(after, limit);
    }
    checkLimit(limit);
    Comparator<CustomerId> order = flaw == Flaw.ORDERS_BY_UTF16 ? UTF16 : NATURAL;
    List<Versioned<CareState>> all =
        new ArrayList<>(delegate().careStates(Optional.empty(), Integer.MAX_VALUE));
    all.sort(Comparator.comparing(v -> v.value().customer(), order));
    return all.stream()
        .filter(v -> after.isEmpty() || order.compare(v.value().customer(), after.get()) > 0)
        .limit(limit)
        .toList();
  }

  @Override
  public List<CustomerChange> changes(long afterPosition, int limit) {
    if (flaw == Flaw.ACCEPTS_BAD_LIMITS && limit < 1) {
      return List.of();
    }
    if (flaw == Flaw.AFTER_INCLUSIVE && afterPosition > 0) {
      return delegate().changes(afterPosition - 1, limit);
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
