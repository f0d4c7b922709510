package dev.care.storage.ledger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Bill;
import dev.care.core.ledger.Command;
import dev.care.core.ledger.IdempotencyConflictException;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PointsBalance;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.Transaction;
import dev.care.core.ledger.Transfer;
import dev.care.core.state.CareState;
import dev.care.core.wallet.WalletBalance;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.CareStorage;
import dev.care.storage.CommitOutcomeUnknownException;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.CustomerRecord;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
import dev.care.storage.outbox.OutboxMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Ledger} made durable on a {@link CareStorage}, one customer at a time: a command reads
 * the customer's care state and journal, decides on that customer's book alone, and commits the new
 * journal rows, their outbox messages (an e-bill per customer movement and an event per
 * transaction, L15) and the state with its expected version in one unit of work. Nothing is held
 * between commands but a bounded cache of customers' journals and records (file, consumption,
 * interactions, tasks: each as the last unit of this instance left it, one entry per customer),
 * keyed by the state version they are current at. Every change to a customer commits a new state
 * version, and a unit commits its customers' states at the versions it read, so a unit decided on a
 * cached record that another instance changed meanwhile conflicts and is decided again on the
 * stored one (a unit that writes nothing, or whose decision fails, compares the stored version
 * first); any number of instances can share one store and a restart loses nothing. Commands on
 * different customers never conflict; two on the same customer are ordered by the state's version:
 * the loser re-reads and re-decides, a bounded number of times. A transfer commits both customers'
 * states in one unit.
 *
 * <p>Opening a durable ledger reads nothing: its cost does not grow with history.
 *
 * <p>A {@link CommitOutcomeUnknownException} is passed on as such — never as a failure: retry the
 * same command with the same key.
 */
public final class DurableLedger {
  private static final Logger LOG = LoggerFactory.getLogger(DurableLedger.class);
  private static final int JOURNAL_PAGE = 1_000;

  /** Default number of customers whose ledgers and records an instance keeps cached. */
  public static final int DEFAULT_CACHED_CUSTOMERS = 10_000;

  /** Default number of attempts of a unit of work that meets conflicts. */
  public static final int DEFAULT_ATTEMPTS = 10;

  private final CareStorage storage;
  private final PointsPolicy pointsPolicy;
  private final WalletPolicy walletPolicy;
  private final Clock clock;
  private final BillDelivery bills;
  private final AtomicLong conflicts = new AtomicLong();

  /**
   * One slot per customer: what this instance keeps of them between units of work. Read on every
   * unit (a cache read) and updated in place, so a unit on a customer cached and current writes
   * nothing to the cache: no node, no upkeep. Not written at all when {@code cachedCustomers} is 0.
   */
  private final Cache<CustomerId, Slot> slots;

  private final int cachedCustomers;

  /**
   * A customer's record (file, consumption, interactions, tasks) as of a care state version, as the
   * last unit of this instance that read it left it. Every write to a record commits a new state
   * version (the state is written in the unit of work that changes the record, and erasing a
   * customer writes it too), so a record whose version is the stored state's is the stored record:
   * a unit reads the state alone (one row) and takes the rest from here.
   */
  private record CachedRecord(long version, CustomerRecord record) {}

  /**
   * What this instance keeps of one customer: their ledger as of a state version and their record
   * ({@link CachedRecord}), each as the last unit of this instance that used it left it.
   *
   * <p>The ledger is mutable, so one unit (or query) at a time owns it: the unit claims the slot
   * ({@link #claim}, a compare-and-set of {@code owned}), uses and replaces {@code ledger} and
   * {@code ledgerVersion} (plain fields only the owner touches) and releases the slot ({@link
   * #release}, a volatile write of {@code owned}). The release happens-before the next successful
   * claim (a volatile read-and-write of the same field), so the next owner sees every field the
   * last one wrote before releasing. A unit that cannot claim the slot (another unit of this
   * instance holds the customer's ledger) builds its own ledger from the stored journal, as for a
   * customer not cached: no two units ever share one ledger. A unit that fails, or whose decision
   * changed the ledger without committing, empties {@code ledger} before it releases.
   *
   * <p>The record is immutable: any unit reads it (a volatile field) without claiming, and replaces
   * it by compare-and-set with a newer version only (or empties it).
   *
   * <p>A slot the cache evicts is marked {@code evicted} by the cache's eviction listener (within
   * the eviction): the units still holding it finish with it, and the one that owns it last moves
   * what it leaves into the customer's current slot, each field only if that one holds none or an
   * older version ({@link #leave}).
   */
  private static final class Slot {
    private static final VarHandle OWNED;
    private static final VarHandle RECORD;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        OWNED = lookup.findVarHandle(Slot.class, "owned", boolean.class);
        RECORD = lookup.findVarHandle(Slot.class, "record", CachedRecord.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private volatile boolean owned;
    private volatile boolean evicted;
    // null: none cached
    private volatile CachedRecord record;
    // owned by the claimer; null: none cached
    private Ledger ledger;
    private long ledgerVersion;

    /** A slot holding a ledger and a record (either may be null), published unowned. */
    Slot(long ledgerVersion, Ledger ledger, CachedRecord record) {
      this.ledger = ledger;
      this.ledgerVersion = ledgerVersion;
      this.record = record;
      release(); // the first claimer sees the fields (as well as the cache's own publication)
    }

    /** Whether the caller now owns the slot (acquire: sees what the last owner left). */
    boolean claim() {
      return !owned && OWNED.compareAndSet(this, false, true);
    }

    /** Ends the caller's ownership (release: the next owner sees what it left). */
    void release() {
      owned = false;
    }

    /** As the owner: keeps a ledger unless the slot holds one as new (or newer). */
    void offer(long version, Ledger fresh) {
      if (fresh != null && (ledger == null || ledgerVersion < version)) {
        ledger = fresh;
        ledgerVersion = version;
      }
    }

    /** Keeps a record unless the slot holds one as new (or newer). */
    void keepRecord(CachedRecord fresh) {
      for (; ; ) {
        CachedRecord old = record;
        if (old != null && old.version() >= fresh.version()) {
          return;
        }
        if (RECORD.compareAndSet(this, old, fresh)) {
          return;
        }
      }
    }

    /** Keeps a record ({@code keep}), or empties the slot's ({@code forget}), or neither. */
    void keepOrForget(CachedRecord keep, boolean forget) {
      if (keep != null) {
        keepRecord(keep);
      } else if (forget) {
        record = null;
      }
    }
  }

  /**
   * Set (system property {@code care.ledger.checkCachedRecords=true}) in the project's own test
   * runs: every record taken from the cache is compared with the stored one, and a difference fails
   * the unit with an {@link IllegalStateException}.
   */
  private static final boolean CHECK_CACHED_RECORDS =
      Boolean.getBoolean("care.ledger.checkCachedRecords");

  /**
   * A durable ledger with bills to customers and the default cache size.
   *
   * @param storage the storage
   * @param pointsPolicy points rules
   * @param walletPolicy wallet rules
   * @param clock the time source
   */
  public DurableLedger(
      CareStorage storage, PointsPolicy pointsPolicy, WalletPolicy walletPolicy, Clock clock) {
    this(storage, pointsPolicy, walletPolicy, clock, BillDelivery.TO_CUSTOMER);
  }

  /** Where the ledger's per-movement bills go. */
  public enum BillDelivery {
    /** To the customer, as an {@code e-bill} message on their preferred channel. */
    TO_CUSTOMER,
    /**
     * As a {@code ledger-bill} event (the customer id in its attributes), for a layer above that
     * sends its own, templated e-bill (as {@code CareEngine} does) — so no customer gets two.
     */
    AS_EVENT
  }

  /**
   * A durable ledger choosing where bills go, with the default cache size.
   *
   * @param storage the storage
   * @param pointsPolicy points rules
   * @param walletPolicy wallet rules
   * @param clock the time source
   * @param bills where per-movement bills go
   */
  public DurableLedger(
      CareStorage storage,
      PointsPolicy pointsPolicy,
      WalletPolicy walletPolicy,
      Clock clock,
      BillDelivery bills) {
    this(storage, pointsPolicy, walletPolicy, clock, bills, DEFAULT_CACHED_CUSTOMERS);
  }

  /**
   * A durable ledger.
   *
   * @param storage the storage
   * @param pointsPolicy points rules
   * @param walletPolicy wallet rules
   * @param clock the time source
   * @param bills where per-movement bills go
   * @param cachedCustomers how many customers to keep cached, their ledgers and records (0 for
   *     none)
   */
  public DurableLedger(
      CareStorage storage,
      PointsPolicy pointsPolicy,
      WalletPolicy walletPolicy,
      Clock clock,
      BillDelivery bills,
      int cachedCustomers) {
    this.bills = Objects.requireNonNull(bills, "bills");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.pointsPolicy = Objects.requireNonNull(pointsPolicy, "pointsPolicy");
    this.walletPolicy = Objects.requireNonNull(walletPolicy, "walletPolicy");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (cachedCustomers < 0) {
      throw new IllegalArgumentException("cachedCustomers must be >= 0, got " + cachedCustomers);
    }
    this.cachedCustomers = cachedCustomers;
    // the cache's upkeep (draining its buffers, evicting) runs on the thread that used it, a
    // little at a time, instead of as tasks for the common fork-join pool: an application's pool
    // is not the library's, and handing it a task per write cost more than the upkeep itself
    this.slots =
        Caffeine.newBuilder()
            .maximumSize(cachedCustomers)
            .executor(Runnable::run)
            .evictionListener((CustomerId c, Slot s, RemovalCause cause) -> evicted(s))
            .build();
  }

  private static void evicted(Slot slot) {
    if (slot != null) {
      slot.evicted = true;
    }
  }

  /** Evicts every cached customer, as a full cache evicts: for tests. */
  void evictAllCached() {
    slots
        .policy()
        .eviction()
        .ifPresent(
            e -> {
              e.setMaximum(0);
              e.setMaximum(cachedCustomers);
            });
    slots.cleanUp();
  }

  // ------------------------------------------------------------------ reading

  /**
   * One customer as read: the stored state (or the initial one) and its version, the rest of the
   * customer's record when the update asked for it, and the customer's slot as found in the cache
   * then (null when not looked up or not cached).
   */
  private record Read(
      CustomerId customer,
      long version,
      CareState state,
      Optional<CustomerRecord> record,
      boolean validated,
      Slot slot) {}

  private Read readState(CustomerId customer, Slot slot) {
    return read(customer, storage.careState(customer), Optional.empty(), slot);
  }

  /**
   * A customer's record for a unit of work: the cached one as it is, not checked against the store
   * (no read at all) — the unit's commit checks it, since it writes the customer's state at the
   * version the record has ({@link Attempt#commit}), and a unit that writes nothing checks it
   * before it returns; else the stored one.
   */
  private Read recordForUnit(CustomerId customer, Slot slot) {
    CachedRecord cached = slot == null ? null : slot.record;
    if (cached == null || cached.record().state().isEmpty()) {
      return readRecord(customer, slot);
    }
    CustomerRecord r = cached.record();
    if (CHECK_CACHED_RECORDS) {
      check(customer, cached, storage.record(customer));
    }
    return new Read(
        customer, cached.version(), r.state().get().value(), Optional.of(r), false, slot);
  }

  /** Compares a cached record with the stored one when the store has not moved on since. */
  private static void check(CustomerId customer, CachedRecord cached, CustomerRecord fresh) {
    // (a unit that committed since, here or on another instance, makes a newer record)
    boolean same = fresh.state().map(Versioned::version).equals(Optional.of(cached.version()));
    if (same && !fresh.equals(cached.record())) {
      throw new IllegalStateException(
          "the cached record of "
              + customer
              + " is "
              + cached.record()
              + ", the stored one "
              + fresh);
    }
  }

  /**
   * A customer's record: the cached one when its version is the stored state's (one row read), else
   * the stored one (one call).
   */
  private Read readRecord(CustomerId customer, Slot slot) {
    CachedRecord cached = slot == null ? null : slot.record;
    if (cached != null) {
      Optional<Versioned<CareState>> stored = storage.careState(customer);
      if (stored.isPresent() && stored.get().version() == cached.version()) {
        CustomerRecord r = cached.record();
        if (CHECK_CACHED_RECORDS) {
          check(customer, cached, storage.record(customer));
        }
        return read(customer, stored, Optional.of(r), slot);
      }
    }
    CustomerRecord r = storage.record(customer);
    return read(customer, r.state(), Optional.of(r), slot);
  }

  private Read read(
      CustomerId customer,
      Optional<Versioned<CareState>> stored,
      Optional<CustomerRecord> r,
      Slot slot) {
    return new Read(
        customer,
        stored.map(Versioned::version).orElse(0L),
        stored.map(Versioned::value).orElseGet(() -> CareState.initial(customer, clock.instant())),
        r,
        true,
        slot);
  }

  /** The customer's journal after a position, read page by page to its end. */
  private List<Transaction> journalAfter(CustomerId customer, long after) {
    List<Transaction> journal = new ArrayList<>();
    for (int page = 0; ; page++) {
      List<Transaction> next = storage.journal(customer, after + journal.size(), JOURNAL_PAGE);
      journal.addAll(next);
      if (next.size() < JOURNAL_PAGE) {
        return journal;
      }
      if (page > 1_000_000) {
        throw new IllegalStateException("journal of " + customer + " does not end");
      }
    }
  }

  /**
   * A ledger of one customer as of a state version, owned by the caller until it leaves it ({@link
   * #leave}) or abandons it ({@link Lease#abandon}): the cached one if it is current, else the
   * cached one caught up with what was committed since (either in the customer's slot, which the
   * caller then owns), else one rebuilt from the stored journal — also when another unit owns the
   * slot.
   */
  private Lease take(Read r) {
    CustomerId customer = r.customer();
    // the slot owned, null if none
    Slot slot = r.slot() != null && r.slot().claim() ? r.slot() : null;
    if (slot != null) {
      Ledger l = slot.ledger;
      if (l != null && slot.ledgerVersion == r.version()) {
        return new Lease(customer, slot, l, true);
      }
      if (l != null && slot.ledgerVersion < r.version()) {
        try {
          l.extend(customer, journalAfter(customer, l.journalLength(customer)));
        } catch (RuntimeException e) {
          slot.ledger = null;
          slot.release();
          throw e;
        }
        return new Lease(customer, slot, l, true);
      }
      if (l != null) {
        // newer than read (another unit committed since): the slot keeps it, for the next unit
        slot.release();
        slot = null;
      }
    }
    try {
      Ledger rebuilt =
          Ledger.ofJournals(
              pointsPolicy, walletPolicy, clock, Map.of(customer, journalAfter(customer, 0)));
      return new Lease(customer, slot, rebuilt, false);
    } catch (RuntimeException e) {
      if (slot != null) {
        slot.release();
      }
      throw e;
    }
  }

  /**
   * A ledger a unit (or query) of one customer uses: the one of the customer's slot, or its own;
   * with the slot when the unit owns it.
   */
  private static final class Lease {
    private final CustomerId customer;
    // the slot owned, null if none
    private final Slot slot;
    private final Ledger ledger;
    // whether the ledger is the slot's
    private final boolean cached;
    private boolean done;

    Lease(CustomerId customer, Slot slot, Ledger ledger, boolean cached) {
      this.customer = customer;
      this.slot = slot;
      this.ledger = ledger;
      this.cached = cached;
    }

    /**
     * Gives up the ledger, which may hold what was not committed: the slot owned (if any) keeps no
     * ledger if it held this one, and is released. Once only; nothing after {@link #leave}.
     */
    void abandon() {
      if (done) {
        return;
      }
      done = true;
      if (slot != null) {
        if (cached) {
          slot.ledger = null;
        }
        slot.release();
      }
    }
  }

  /**
   * Leaves in a customer's slot what a unit knows after it: its ledger at a state version (when
   * {@code lease} is given), and a record to keep ({@code keep}) or the cached one to forget
   * ({@code forget}). The owner of the slot updates it in place and releases it; a unit that does
   * not own it keeps the record and offers its ledger if it can claim the slot (else drops it); for
   * a customer not cached, or whose slot the cache evicted meanwhile, all goes into the customer's
   * current slot ({@link #publish}).
   *
   * @param seen the customer's slot as found when read (null: not looked up or not cached)
   */
  private void leave(
      CustomerId customer,
      Slot seen,
      Lease lease,
      long version,
      CachedRecord keep,
      boolean forget) {
    Ledger ledger = null;
    Slot owned = null;
    if (lease != null) {
      lease.done = true;
      ledger = lease.ledger;
      owned = lease.slot;
    }
    Slot slot = owned != null ? owned : seen;
    if (slot == null) {
      publish(customer, version, ledger, keep, forget);
      return;
    }
    slot.keepOrForget(keep, forget);
    if (owned == null && (ledger == null || !slot.claim())) {
      if (slot.evicted) {
        publish(customer, version, ledger, keep, forget);
      }
      return;
    }
    slot.offer(version, ledger);
    if (!slot.evicted) {
      slot.release();
      return;
    }
    // evicted while owned: what it holds moves to the customer's current slot, so no ledger is
    // left in two slots
    Ledger moved = slot.ledger;
    long movedVersion = slot.ledgerVersion;
    slot.ledger = null;
    CachedRecord record = slot.record;
    slot.release();
    publish(customer, movedVersion, moved, record, forget);
  }

  /**
   * Puts a ledger at a state version (null: none) and a record (null: none) into the customer's
   * current slot, a new one when the customer is not cached; into an existing one each only if it
   * holds none or an older version (the ledger only if the slot can be claimed). Forgets the
   * current slot's record ({@code forget}) instead of keeping one.
   */
  private void publish(
      CustomerId customer, long version, Ledger ledger, CachedRecord keep, boolean forget) {
    if (cachedCustomers == 0) {
      return;
    }
    Slot current;
    if (ledger == null && keep == null) {
      current = forget ? slots.getIfPresent(customer) : null;
    } else {
      current = slots.asMap().putIfAbsent(customer, new Slot(version, ledger, keep));
    }
    if (current == null) {
      return;
    }
    current.keepOrForget(keep, forget);
    if (ledger != null && current.claim()) {
      current.offer(version, ledger);
      current.release();
    }
  }

  /** Forgets a customer's cached record (a unit may have decided on it stale). */
  private void forgetRecord(CustomerId customer, Slot seen) {
    leave(customer, seen, null, 0, null, true);
  }

  /** A ledger of several customers, rebuilt from their stored journals read from the store. */
  private Ledger rebuild(Collection<CustomerId> customers) {
    return rebuild(customers, c -> journalAfter(c, 0));
  }

  /** A ledger of several customers, rebuilt from their stored journals as {@code journal} gives. */
  private Ledger rebuild(
      Collection<CustomerId> customers, Function<CustomerId, List<Transaction>> journal) {
    Map<CustomerId, List<Transaction>> byCustomer = new LinkedHashMap<>();
    for (CustomerId c : customers) {
      byCustomer.put(c, journal.apply(c));
    }
    return Ledger.ofJournals(pointsPolicy, walletPolicy, clock, byCustomer);
  }

  /**
   * A customer's whole stored journal: from this instance's cached ledger when it is current (the
   * same version check as {@link #take}: one row read, nothing decoded), else read from the store.
   * The cached ledger is taken out of the cache while its journal is copied, as a unit takes it, so
   * no unit extends it meanwhile, and is put back as it was; a customer not cached stays uncached.
   */
  private List<Transaction> storedJournal(CustomerId customer) {
    Slot slot = slots.getIfPresent(customer);
    Read r = readState(customer, slot);
    if (slot == null || !slot.claim()) {
      return journalAfter(customer, 0);
    }
    Ledger cached = slot.ledger;
    long version = slot.ledgerVersion;
    try {
      return cached != null && version == r.version()
          ? cached.journalOf(customer)
          : journalAfter(customer, 0);
    } finally {
      leave(customer, slot, new Lease(customer, slot, cached, true), version, null, false);
    }
  }

  /**
   * Answers a question about one customer from their ledger as stored now, with the expiries due at
   * the clock applied in memory (the next command or nightly run persists them).
   */
  private <T> T query(CustomerId customer, Function<Ledger, T> question) {
    Objects.requireNonNull(customer, "customer");
    Slot slot = slots.getIfPresent(customer);
    Read r = readState(customer, slot);
    Lease lease = take(r);
    try {
      Ledger l = lease.ledger;
      long length = l.journalLength(customer);
      T answer = question.apply(l);
      if (l.journalLength(customer) == length) {
        leave(customer, slot, lease, r.version(), null, false);
      }
      return answer;
    } finally {
      lease.abandon();
    }
  }

  /**
   * One customer's ledger as stored now, with the expiries due at the clock applied in memory (the
   * next command or nightly run persists them): for queries such as lots, holds and history.
   *
   * @param customer the customer
   * @return a ledger holding that customer's book only
   */
  public Ledger view(CustomerId customer) {
    return view(List.of(customer));
  }

  /**
   * Several customers' ledgers as stored now, in one {@link Ledger} (expiries due at the clock
   * applied in memory): for reports over a set of customers, such as the program's totals over all
   * of them. Reads each customer's whole journal (from this instance's cache when it is current).
   *
   * @param customers the customers
   * @return a ledger holding those customers' books
   */
  public Ledger view(Collection<CustomerId> customers) {
    Objects.requireNonNull(customers, "customers");
    Ledger ledger = rebuild(new LinkedHashSet<>(customers), this::storedJournal);
    ledger.advance();
    return ledger;
  }

  /**
   * A customer's record as stored now (file, care state, consumption, interactions, tasks): this
   * instance's cached one when it is current (one row read), else the stored one.
   *
   * @param customer the customer
   * @return the record (empty parts for a customer never written)
   */
  public CustomerRecord record(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    return readRecord(customer, slots.getIfPresent(customer)).record().orElseThrow();
  }

  /**
   * A customer's points as stored now (expiries due at the clock applied).
   *
   * @param customer the customer
   * @return the balance
   */
  public PointsBalance points(CustomerId customer) {
    return query(customer, l -> l.points(customer));
  }

  /**
   * A customer's wallet as stored now (expiries due at the clock applied).
   *
   * @param customer the customer
   * @param currency the currency
   * @return the balance
   */
  public WalletBalance wallet(CustomerId customer, Currency currency) {
    Objects.requireNonNull(currency, "currency");
    return query(customer, l -> l.wallet(customer, currency));
  }

  /**
   * How many units of work met a conflict and were re-decided, since this ledger was built.
   *
   * @return the count
   */
  public long conflicts() {
    return conflicts.get();
  }

  // ------------------------------------------------------------------ writing

  /**
   * Runs a command durably (a transfer commits both customers at once).
   *
   * @param command the command
   * @return its outcome; a repeat of a committed key returns the original
   * @throws IdempotencyConflictException if the key was used for a different command
   * @throws CommitOutcomeUnknownException if the store cannot say whether it committed: retry
   * @throws dev.care.storage.StorageException if the store failed; nothing was written: retry
   */
  public Outcome execute(Command command) {
    Objects.requireNonNull(command, "command");
    Set<CustomerId> customers = new LinkedHashSet<>();
    customers.add(command.customer());
    if (command instanceof Transfer t) {
      customers.add(t.to());
    }
    return update(customers, attempt -> attempt.execute(command));
  }

  /**
   * Runs a decision about some customers as one unit of work, re-running it on a conflict: {@code
   * decide} gets an {@link Attempt} holding those customers' books (due expiries applied) and
   * states, runs commands on it, sets new states and adds further writes; then the new journal
   * rows, their messages, the states (with their expected versions) and the further writes commit
   * at once. On a conflict everything is read again and {@code decide} runs again, so it must have
   * no side effects of its own. Customers are locked in id order.
   *
   * @param customers the customers the decision reads and changes
   * @param decide the decision
   * @param <T> what the decision returns
   * @return what the committed attempt's decision returned
   */
  public <T> T update(Collection<CustomerId> customers, Function<Attempt, T> decide) {
    return update(customers, false, decide);
  }

  /**
   * As {@link #update(Collection, Function)}, reading each customer's whole record (file, care
   * state, consumption, interactions: {@link CareStorage#record}) in one call per customer and
   * attempt, for decisions that need it ({@link Attempt#record}).
   *
   * @param customers the customers the decision reads and changes
   * @param decide the decision
   * @param <T> what the decision returns
   * @return what the committed attempt's decision returned
   */
  public <T> T updateRecords(Collection<CustomerId> customers, Function<Attempt, T> decide) {
    return update(customers, true, decide);
  }

  private <T> T update(
      Collection<CustomerId> customers, boolean records, Function<Attempt, T> decide) {
    Objects.requireNonNull(customers, "customers");
    Objects.requireNonNull(decide, "decide");
    if (customers.isEmpty()) {
      throw new IllegalArgumentException("an update needs at least one customer");
    }
    // sorted, each once: every unit locks and reads its customers in the same order
    List<CustomerId> ordered = new ArrayList<>(new java.util.TreeSet<>(customers));
    boolean single = ordered.size() == 1;
    for (int attempt = 1; ; attempt++) {
      Map<CustomerId, Read> reads = new LinkedHashMap<>();
      for (CustomerId c : ordered) {
        Slot slot = records || single ? slots.getIfPresent(c) : null;
        reads.put(c, records ? recordForUnit(c, slot) : readState(c, slot));
      }
      Lease lease = single ? take(reads.get(ordered.get(0))) : null;
      Ledger ledger = single ? lease.ledger : rebuild(reads.keySet());
      Attempt work = new Attempt(reads, ledger);
      try {
        ledger.advance();
        T result;
        try {
          result = decide.apply(work);
        } catch (RuntimeException refused) {
          // a decision that failed on a cached record another instance (or an erasure) has
          // changed since decides again on the stored one; else its failure stands
          Optional<ConcurrencyConflictException> stale = work.staleCachedRead();
          if (stale.isPresent() && !(refused instanceof ConcurrencyConflictException)) {
            stale.get().addSuppressed(refused);
            throw stale.get();
          }
          throw refused;
        }
        Map<CustomerId, Long> versions = work.commit();
        work.committed = versions;
        // the records as the unit left them, and the ledger given back
        work.keepRecords(lease);
        return result;
      } catch (ConcurrencyConflictException conflict) {
        conflicts.incrementAndGet();
        if (lease != null) {
          lease.abandon(); // before backing off: the slot is free for other units meanwhile
        }
        // a record taken from the cache unchecked may be what another instance changed: the
        // next attempt reads the stored one
        for (Read r : reads.values()) {
          if (!r.validated()) {
            forgetRecord(r.customer(), r.slot());
          }
        }
        work.checkKeysElsewhere();
        if (attempt >= DEFAULT_ATTEMPTS) {
          throw conflict;
        }
        LOG.debug("conflict on {} (attempt {}): {}", ordered, attempt, conflict.getMessage());
        backOff(attempt);
      } finally {
        if (lease != null) {
          lease.abandon(); // a decision or commit that failed: nothing of it stays cached
        }
      }
    }
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(0, 1L << Math.min(attempt, 6)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConcurrencyConflictException("interrupted while retrying", -1, -1);
    }
  }

  /**
   * One attempt of an {@link #update}: the customers' books and states as read, the commands run on
   * them, the states and further writes to commit. Not thread-safe; used by one decision.
   */
  public final class Attempt {
    private final Map<CustomerId, Read> reads;
    private final Ledger ledger;
    private final Map<CustomerId, Long> lengths = new LinkedHashMap<>();
    private final Map<CustomerId, CareState> states = new LinkedHashMap<>();
    private final List<Consumer<UnitOfWork>> writes = new ArrayList<>();
    private Map<CustomerId, Long> committed;
    private final List<Command> fresh = new ArrayList<>();
    private final Set<CustomerId> claimed = new LinkedHashSet<>();
    // what the commit wrote: the record writes and each customer's new state
    private RecordWrites recorded;
    private final Map<CustomerId, CareState> written = new LinkedHashMap<>();

    private Attempt(Map<CustomerId, Read> reads, Ledger ledger) {
      this.reads = reads;
      this.ledger = ledger;
      reads.forEach(
          (c, r) -> {
            states.put(c, r.state());
            lengths.put(c, ledger.journalLength(c));
          });
    }

    /**
     * The books of the customers read, with the expiries due at the clock applied (they commit with
     * this attempt). Run commands through {@link #execute}, not on the ledger directly.
     *
     * @return the ledger of the customers read
     */
    public Ledger ledger() {
      return ledger;
    }

    /**
     * A customer's care state: as stored, or as last set by {@link #putState}; the initial state
     * for a customer without one.
     *
     * @param customer one of the customers read
     * @return the state
     */
    public CareState state(CustomerId customer) {
      CareState s = states.get(customer);
      if (s == null) {
        throw new IllegalArgumentException(customer + " was not read by this update");
      }
      return s;
    }

    /**
     * A customer's record as read by {@link #updateRecords}: file, care state, consumption and
     * interactions, consistent with the state version this attempt commits against.
     *
     * @param customer one of the customers read
     * @return the record
     * @throws IllegalStateException if the update did not read records
     */
    public CustomerRecord record(CustomerId customer) {
      state(customer);
      return reads
          .get(customer)
          .record()
          .orElseThrow(
              () -> new IllegalStateException("records are read by updateRecords, not update"));
    }

    /**
     * Commits a new version of a customer's care state even if nothing in it changes, so that
     * another unit deciding about the same customer at the same time (on any instance) conflicts
     * and decides again: for decisions whose only writes are not versioned themselves (e.g. a
     * campaign message and its voucher).
     *
     * @param customer one of the customers read
     */
    public void claim(CustomerId customer) {
      state(customer);
      claimed.add(customer);
    }

    /**
     * A customer's care state version after this attempt committed (the version read when it wrote
     * no state).
     *
     * @param customer one of the customers read
     * @return the version
     * @throws IllegalStateException before the attempt committed
     */
    public long committedVersion(CustomerId customer) {
      state(customer);
      if (committed == null) {
        throw new IllegalStateException("the attempt has not committed");
      }
      return committed.get(customer);
    }

    /**
     * Whether a customer had no stored care state when read.
     *
     * @param customer one of the customers read
     * @return whether the state is the initial one
     */
    public boolean isNew(CustomerId customer) {
      state(customer);
      return reads.get(customer).version() == 0;
    }

    /**
     * Sets the care state to commit for one of the customers read (its journal length is set at
     * commit).
     *
     * @param state the new state
     */
    public void putState(CareState state) {
      Objects.requireNonNull(state, "state");
      state(state.customer());
      states.put(state.customer(), state);
    }

    /**
     * Runs a ledger command on the customers read. A key already used by one of their commands is
     * answered as the ledger does: the original outcome for the same command, an {@link
     * IdempotencyConflictException} for a different one. A key another customer's command committed
     * makes the commit fail; the update then throws an {@link IdempotencyConflictException} naming
     * the differing fields, and nothing is written.
     *
     * @param command a command of one of the customers read (a transfer needs both read)
     * @return the outcome
     */
    public Outcome execute(Command command) {
      Objects.requireNonNull(command, "command");
      state(command.customer());
      if (command instanceof Transfer t) {
        state(t.to());
      }
      if (ledger.transaction(command.key()).isEmpty()) {
        fresh.add(command);
      }
      return ledger.execute(command);
    }

    /**
     * After a conflict: a key of this attempt's new commands that another customer's command
     * committed is an idempotency conflict, not a race to retry (the store refuses the key again on
     * every attempt). Looked up only on this path, so a command costs no read for its key.
     */
    private void checkKeysElsewhere() {
      for (Command command : fresh) {
        Optional<Transaction> earlier = storage.transactionFor(command.key());
        if (earlier.isPresent() && !reads.containsKey(earlier.get().customer())) {
          throw IdempotencyConflictException.between(
              command.key(), earlier.get().command().orElseThrow(), command);
        }
      }
    }

    /**
     * Adds further writes to the unit of work (customer files, care actions, consumption...). They
     * must only write: the attempt may be repeated.
     *
     * @param write the writes
     */
    public void alsoWrite(Consumer<UnitOfWork> write) {
      writes.add(Objects.requireNonNull(write, "write"));
    }

    /** A conflict naming the first customer whose record was taken from the cache stale. */
    private Optional<ConcurrencyConflictException> staleCachedRead() {
      for (Read r : reads.values()) {
        if (!r.validated()) {
          long stored = storage.careState(r.customer()).map(Versioned::version).orElse(0L);
          if (stored != r.version()) {
            return Optional.of(
                new ConcurrencyConflictException(
                    "care state of " + r.customer(), r.version(), stored));
          }
        }
      }
      return Optional.empty();
    }

    /**
     * After the commit: each record read, as the unit left it, into the cache under the state
     * version committed; a customer whose record the unit wrote without a new state version (or
     * whose record cannot be derived) has their cached record forgotten. The ledger of a
     * one-customer unit ({@code lease}) goes back with its customer's record, in one step.
     */
    private void keepRecords(Lease lease) {
      Set<CustomerId> touched = recorded == null ? Set.of() : recorded.customers();
      for (Read r : reads.values()) {
        CustomerId c = r.customer();
        long version = committed.get(c);
        Lease given = lease != null && lease.customer.equals(c) ? lease : null;
        CachedRecord keep = null;
        boolean forget = false;
        if (r.record().isEmpty() || version == 0) {
          forget = touched.contains(c);
        } else {
          // a new version is only committed by a unit that wrote (recorded is set)
          Optional<CustomerRecord> after =
              version == r.version()
                  ? touched.contains(c) ? Optional.empty() : r.record()
                  : recorded.after(r.record().get(), new Versioned<>(written.get(c), version));
          if (after.isPresent()) {
            keep = new CachedRecord(version, after.get());
          } else {
            forget = true;
          }
        }
        if (given != null || keep != null || forget) {
          leave(c, r.slot(), given, version, keep, forget);
        }
      }
      for (CustomerId c : touched) {
        if (!reads.containsKey(c)) {
          forgetRecord(c, null);
        }
      }
    }

    /** Commits; returns each customer's state version after it. */
    private Map<CustomerId, Long> commit() {
      Map<CustomerId, List<Transaction>> fresh = new LinkedHashMap<>();
      Map<CustomerId, CareState> changed = new LinkedHashMap<>();
      Map<CustomerId, Long> versions = new LinkedHashMap<>();
      for (Read r : reads.values()) {
        long before = lengths.get(r.customer());
        List<Transaction> f = ledger.journalOf(r.customer(), before);
        if (!f.isEmpty()) {
          fresh.put(r.customer(), f);
        }
        CareState next = states.get(r.customer()).withJournalLength(before + f.size());
        if (!next.equals(r.state())
            || r.version() == 0 && !f.isEmpty()
            || claimed.contains(r.customer())) {
          changed.put(r.customer(), next);
          versions.put(r.customer(), r.version() + 1);
        } else {
          versions.put(r.customer(), r.version());
        }
      }
      boolean writing = !fresh.isEmpty() || !changed.isEmpty() || !writes.isEmpty();
      for (Read r : reads.values()) {
        if (r.validated() || changed.containsKey(r.customer())) {
          continue;
        }
        // decided on a cached record not checked against the store: a unit that writes commits
        // a new version of the customer's state, whose expected version checks it; one that
        // writes nothing checks it now
        if (writing) {
          changed.put(r.customer(), r.state());
          versions.put(r.customer(), r.version() + 1);
        }
      }
      if (!writing) {
        Optional<ConcurrencyConflictException> stale = staleCachedRead();
        if (stale.isPresent()) {
          throw stale.get();
        }
        return versions;
      }
      written.putAll(changed);
      try (RecordWrites uow = new RecordWrites(storage.begin())) {
        recorded = uow;
        for (Map.Entry<CustomerId, List<Transaction>> e : fresh.entrySet()) {
          uow.appendJournal(e.getKey(), lengths.get(e.getKey()), e.getValue());
          for (Transaction tx : e.getValue()) {
            if (tx.customer().equals(e.getKey())) {
              messagesFor(tx, bills).forEach(uow::enqueue);
            }
          }
        }
        for (Map.Entry<CustomerId, CareState> e : changed.entrySet()) {
          uow.putCareState(e.getValue(), reads.get(e.getKey()).version());
        }
        for (Consumer<UnitOfWork> w : writes) {
          w.accept(uow);
        }
        uow.commit();
      }
      return versions;
    }
  }

  /** The outbox messages a transaction causes: e-bills and one event. */
  static List<OutboxMessage> messagesFor(Transaction tx, BillDelivery bills) {
    List<OutboxMessage> out = new ArrayList<>();
    Map<String, String> event = new LinkedHashMap<>();
    event.put("customer", tx.customer().value());
    event.put("sequence", Long.toString(tx.sequence()));
    event.put("postings", Integer.toString(tx.postings().size()));
    event.put("holdEvents", Integer.toString(tx.holdEvents().size()));
    tx.command().ifPresent(c -> event.put("idempotencyKey", c.key().value()));
    out.add(
        OutboxMessage.pending(
            "tx/" + tx.customer().value() + "/" + tx.sequence(),
            "ledger-transaction",
            Optional.empty(),
            Optional.empty(),
            event,
            tx.at()));
    if (tx.outcome() instanceof Outcome.Posted posted) {
      for (Bill b : posted.bills()) {
        Map<String, String> bill = new LinkedHashMap<>();
        bill.put("kind", b.kind().name());
        bill.put("asset", b.asset().code());
        bill.put("amount", Long.toString(b.amount()));
        bill.put("purpose", b.purpose());
        bill.put("balanceAfter", Long.toString(b.balanceAfter()));
        bill.put("bonusAfter", Long.toString(b.bonusAfter()));
        bill.put("posting", b.posting().toString());
        boolean toCustomer = bills == BillDelivery.TO_CUSTOMER;
        if (!toCustomer) {
          bill.put("customer", b.customer().value());
        }
        out.add(
            OutboxMessage.pending(
                "bill/" + b.posting() + "/" + b.customer(),
                toCustomer ? "e-bill" : "ledger-bill",
                toCustomer ? Optional.of(b.customer()) : Optional.empty(),
                Optional.empty(),
                bill,
                b.at()));
      }
    }
    return out;
  }
}
