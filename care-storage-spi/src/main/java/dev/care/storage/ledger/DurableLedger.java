package dev.care.storage.ledger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * between commands but bounded caches of journals and of customer records (file, consumption,
 * interactions, tasks: each as the last unit of this instance left it), keyed by the state version
 * they are current at. Every change to a customer commits a new state version, and a unit commits
 * its customers' states at the versions it read, so a unit decided on a cached record that another
 * instance changed meanwhile conflicts and is decided again on the stored one (a unit that writes
 * nothing, or whose decision fails, compares the stored version first); any number of instances can
 * share one store and a restart loses nothing. Commands on different customers never conflict; two
 * on the same customer are ordered by the state's version: the loser re-reads and re-decides, a
 * bounded number of times. A transfer commits both customers' states in one unit.
 *
 * <p>Opening a durable ledger reads nothing: its cost does not grow with history.
 *
 * <p>A {@link CommitOutcomeUnknownException} is passed on as such — never as a failure: retry the
 * same command with the same key.
 */
public final class DurableLedger {
  private static final Logger LOG = LoggerFactory.getLogger(DurableLedger.class);
  private static final int JOURNAL_PAGE = 1_000;

  /** Default number of customers whose journals an instance keeps cached. */
  public static final int DEFAULT_CACHED_CUSTOMERS = 10_000;

  /** Default number of attempts of a unit of work that meets conflicts. */
  public static final int DEFAULT_ATTEMPTS = 10;

  private final CareStorage storage;
  private final PointsPolicy pointsPolicy;
  private final WalletPolicy walletPolicy;
  private final Clock clock;
  private final BillDelivery bills;
  private final Cache<CustomerId, Cached> journals;
  private final AtomicLong conflicts = new AtomicLong();

  /**
   * One customer's ledger as of a state version. A cached ledger is taken out of the cache by the
   * one command (or query) that uses it and put back after, so no two threads ever share one; a
   * command that finds none rebuilds its own from the stored journal.
   */
  private record Cached(long version, Ledger ledger) {}

  /**
   * Customers' records (file, consumption, interactions, tasks) as of a care state version, as the
   * last unit of this instance that read them left them. Every write to a record commits a new
   * state version (the state is written in the unit of work that changes the record, and erasing a
   * customer writes it too), so a record whose version is the stored state's is the stored record:
   * a unit reads the state alone (one row) and takes the rest from here.
   */
  private record CachedRecord(long version, CustomerRecord record) {}

  private final Cache<CustomerId, CachedRecord> records;

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
   * @param cachedCustomers how many customers' journals to keep cached (0 for none)
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
    // the caches' upkeep (draining their buffers, evicting) runs on the thread that used them, a
    // little at a time, instead of as tasks for the common fork-join pool: an application's pool
    // is not the library's, and handing it a task per write cost more than the upkeep itself
    this.journals =
        Caffeine.newBuilder().maximumSize(cachedCustomers).executor(Runnable::run).build();
    this.records =
        Caffeine.newBuilder().maximumSize(cachedCustomers).executor(Runnable::run).build();
  }

  // ------------------------------------------------------------------ reading

  /**
   * One customer as read: the stored state (or the initial one) and its version, and the rest of
   * the customer's record when the update asked for it.
   */
  private record Read(
      CustomerId customer,
      long version,
      CareState state,
      Optional<CustomerRecord> record,
      boolean validated) {}

  private Read readState(CustomerId customer) {
    return read(customer, storage.careState(customer), Optional.empty());
  }

  /**
   * A customer's record for a unit of work: the cached one as it is, not checked against the store
   * (no read at all) — the unit's commit checks it, since it writes the customer's state at the
   * version the record has ({@link Attempt#commit}), and a unit that writes nothing checks it
   * before it returns; else the stored one.
   */
  private Read recordForUnit(CustomerId customer) {
    CachedRecord cached = records.getIfPresent(customer);
    if (cached == null || cached.record().state().isEmpty()) {
      return readRecord(customer);
    }
    CustomerRecord r = cached.record();
    if (CHECK_CACHED_RECORDS) {
      check(customer, cached, storage.record(customer));
    }
    return new Read(customer, cached.version(), r.state().get().value(), Optional.of(r), false);
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
  private Read readRecord(CustomerId customer) {
    CachedRecord cached = records.getIfPresent(customer);
    if (cached != null) {
      Optional<Versioned<CareState>> stored = storage.careState(customer);
      if (stored.isPresent() && stored.get().version() == cached.version()) {
        CustomerRecord r = cached.record();
        if (CHECK_CACHED_RECORDS) {
          check(customer, cached, storage.record(customer));
        }
        return read(customer, stored, Optional.of(r));
      }
    }
    CustomerRecord r = storage.record(customer);
    return read(customer, r.state(), Optional.of(r));
  }

  private void keepRecord(CustomerId customer, long version, CustomerRecord record) {
    records
        .asMap()
        .merge(
            customer,
            new CachedRecord(version, record),
            (old, fresh) -> old.version() >= fresh.version() ? old : fresh);
  }

  private Read read(
      CustomerId customer, Optional<Versioned<CareState>> stored, Optional<CustomerRecord> r) {
    return new Read(
        customer,
        stored.map(Versioned::version).orElse(0L),
        stored.map(Versioned::value).orElseGet(() -> CareState.initial(customer, clock.instant())),
        r,
        true);
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
   * A ledger of one customer as of a state version, owned by the caller until it gives it back
   * ({@link #giveBack}): the cached one if it is current, else the cached one caught up with what
   * was committed since, else one rebuilt from the stored journal.
   */
  private Ledger take(Read r) {
    Cached cached = journals.asMap().remove(r.customer());
    if (cached != null && cached.version() == r.version()) {
      return cached.ledger();
    }
    if (cached != null && cached.version() < r.version()) {
      Ledger l = cached.ledger();
      l.extend(r.customer(), journalAfter(r.customer(), l.journalLength(r.customer())));
      return l;
    }
    return Ledger.ofJournals(
        pointsPolicy, walletPolicy, clock, Map.of(r.customer(), journalAfter(r.customer(), 0)));
  }

  private void giveBack(CustomerId customer, long version, Ledger ledger) {
    journals
        .asMap()
        .merge(
            customer,
            new Cached(version, ledger),
            (old, fresh) -> old.version() >= fresh.version() ? old : fresh);
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
    Read r = readState(customer);
    Cached cached = journals.asMap().remove(customer);
    if (cached == null) {
      return journalAfter(customer, 0);
    }
    try {
      return cached.version() == r.version()
          ? cached.ledger().journalOf(customer)
          : journalAfter(customer, 0);
    } finally {
      giveBack(customer, cached.version(), cached.ledger());
    }
  }

  /**
   * Answers a question about one customer from their ledger as stored now, with the expiries due at
   * the clock applied in memory (the next command or nightly run persists them).
   */
  private <T> T query(CustomerId customer, Function<Ledger, T> question) {
    Objects.requireNonNull(customer, "customer");
    Read r = readState(customer);
    Ledger l = take(r);
    long length = l.journalLength(customer);
    T answer = question.apply(l);
    if (l.journalLength(customer) == length) {
      giveBack(customer, r.version(), l);
    }
    return answer;
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
    return readRecord(customer).record().orElseThrow();
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
    for (int attempt = 1; ; attempt++) {
      Map<CustomerId, Read> reads = new LinkedHashMap<>();
      for (CustomerId c : ordered) {
        reads.put(c, records ? recordForUnit(c) : readState(c));
      }
      Ledger ledger =
          ordered.size() == 1 ? take(reads.get(ordered.get(0))) : rebuild(reads.keySet());
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
        work.keepRecords();
        if (ordered.size() == 1) {
          giveBack(ordered.get(0), versions.get(ordered.get(0)), ledger);
        }
        return result;
      } catch (ConcurrencyConflictException conflict) {
        conflicts.incrementAndGet();
        // a record taken from the cache unchecked may be what another instance changed: the
        // next attempt reads the stored one
        for (Read r : reads.values()) {
          if (!r.validated()) {
            this.records.invalidate(r.customer());
          }
        }
        work.checkKeysElsewhere();
        if (attempt >= DEFAULT_ATTEMPTS) {
          throw conflict;
        }
        LOG.debug("conflict on {} (attempt {}): {}", ordered, attempt, conflict.getMessage());
        backOff(attempt);
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
     * whose record cannot be derived) leaves the cache.
     */
    private void keepRecords() {
      Set<CustomerId> touched = recorded == null ? Set.of() : recorded.customers();
      for (Read r : reads.values()) {
        CustomerId c = r.customer();
        long version = committed.get(c);
        if (r.record().isEmpty() || version == 0) {
          if (touched.contains(c)) {
            records.invalidate(c);
          }
          continue;
        }
        // a new version is only committed by a unit that wrote (recorded is set)
        Optional<CustomerRecord> after =
            version == r.version()
                ? touched.contains(c) ? Optional.empty() : r.record()
                : recorded.after(r.record().get(), new Versioned<>(written.get(c), version));
        if (after.isPresent()) {
          keepRecord(c, version, after.get());
        } else {
          records.invalidate(c);
        }
      }
      for (CustomerId c : touched) {
        if (!reads.containsKey(c)) {
          records.invalidate(c);
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
