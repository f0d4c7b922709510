package dev.care.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.care.core.care.CareAction;
import dev.care.core.care.CareTask;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Transaction;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.state.CareState;
import dev.care.core.state.ManualTier;
import dev.care.core.voucher.Voucher;
import dev.care.storage.CareStorage;
import dev.care.storage.CommitOutcomeUnknownException;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.CustomerChange;
import dev.care.storage.CustomerRecord;
import dev.care.storage.StorageException;
import dev.care.storage.UnitOfWork;
import dev.care.storage.Versioned;
import dev.care.storage.jdbc.internal.Migrations;
import dev.care.storage.jdbc.internal.RecordCodec;
import dev.care.storage.jdbc.internal.Sql;
import dev.care.storage.jdbc.internal.SqlErrors;
import dev.care.storage.jdbc.internal.Tables;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage SPI on PostgreSQL 14 or later. Every store is a table (created and upgraded by Flyway
 * migrations shipped in this jar, in the schema and with the table prefix you choose); records are
 * JSON documents beside the columns the adapter filters and checks on. A unit of work buffers its
 * writes and applies them in one database transaction at {@link UnitOfWork#commit()}:
 *
 * <ul>
 *   <li>versioned rows (customers, care states, interactions, vouchers, segment definitions) are
 *       written with {@code UPDATE ... WHERE version = ?} (or an insert for version 0), in a fixed
 *       order — by kind, then by id — so two units never wait on each other in a cycle;
 *   <li>each customer has a journal of their own, append-only: a unit's rows go in only if each
 *       journal ends where its writer expects, and the primary key (customer, position) makes two
 *       appenders to one customer meet on one index entry, so the loser gets a {@link
 *       ConcurrencyConflictException}; commands on different customers never meet. Idempotency keys
 *       are unique in the database (their own table, pointing at the customer's row);
 *   <li>a unit's journal rows, keys and outbox messages go in one statement, with the care state
 *       when the unit writes one customer's (a ledger command's usual unit); otherwise care states
 *       are written last. Each state write takes the next change feed position from a sequence
 *       ({@link #changes});
 *   <li>no row holds a total: balances and program totals derive from the journals, so concurrent
 *       earns never update a shared row;
 *   <li>serialization failures and deadlocks re-run the whole unit under the {@link RetryPolicy};
 *   <li>if the connection breaks while the commit is in flight, the commit fails with {@link
 *       CommitOutcomeUnknownException}; any other failure rolls back and throws a {@link
 *       StorageException} with the database error as its cause.
 * </ul>
 *
 * <p>Outbox batches are claimed with {@code FOR UPDATE SKIP LOCKED} ({@link #claimDue}), so
 * dispatchers in several application instances never get the same message in one claim. {@link
 * #erase} removes a customer's personal data from every table.
 *
 * <p>Thread-safe; share one instance per database and schema in an application. Safe for several
 * application instances (processes) over one database.
 */
public final class PostgresStorage implements CareStorage, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresStorage.class);
  private static final Duration CLAIM_MIN = Duration.ofMillis(1);

  private final DataSource dataSource;
  private final Optional<HikariDataSource> ownedPool;
  private final Tables tables;
  private final RetryPolicy retry;
  private final RecordCodec codec = new RecordCodec();
  private final Sql sql;

  private PostgresStorage(
      DataSource dataSource,
      Optional<HikariDataSource> ownedPool,
      Tables tables,
      RetryPolicy retry,
      boolean migrate) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.tables = tables;
    this.retry = retry;
    this.sql = new Sql(tables);
    if (migrate) {
      migrate();
    }
  }

  /**
   * A builder over a {@link DataSource} you own (and close).
   *
   * @param dataSource a data source for a PostgreSQL 14+ database
   * @return a builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"), null);
  }

  /**
   * A builder that opens its own HikariCP pool; {@link #close()} closes it.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://db:5432/care}
   * @param user the database user
   * @param password the password
   * @return a builder
   */
  public static Builder builder(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl must start with jdbc:postgresql:, got '" + jdbcUrl + "'");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    return new Builder(null, config);
  }

  /** Configures a {@link PostgresStorage}; each setter checks its input at once. */
  public static final class Builder {
    private final DataSource dataSource;
    private final HikariConfig pool;
    private String schema = "care";
    private String tablePrefix = "";
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private boolean migrate = true;

    private Builder(DataSource dataSource, HikariConfig pool) {
      this.dataSource = dataSource;
      this.pool = pool;
    }

    /**
     * The schema for the tables (created if missing). Default {@code care}.
     *
     * @param name lower-case letters, digits and underscores, at most 40 characters
     * @return this
     */
    public Builder schema(String name) {
      new Tables(Objects.requireNonNull(name, "schema"), "");
      this.schema = name;
      return this;
    }

    /**
     * A prefix for every table and constraint name, so several stores can share a schema. Default
     * none.
     *
     * @param prefix empty, or lower-case letters, digits and underscores starting with a letter, at
     *     most 16 characters (e.g. {@code "salon_"})
     * @return this
     */
    public Builder tablePrefix(String prefix) {
      new Tables("care", Objects.requireNonNull(prefix, "tablePrefix"));
      this.tablePrefix = prefix;
      return this;
    }

    /**
     * How serialization failures and deadlocks are retried. Default {@link RetryPolicy#defaults()}.
     *
     * @param policy the policy
     * @return this
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
      return this;
    }

    /**
     * Whether {@link #build()} runs the Flyway migrations (default true). Turn off when migrations
     * run separately, e.g. from a deployment step with a more privileged user. Migrating takes two
     * connections at once from the data source (Flyway's lock and the migration).
     *
     * @param run whether to migrate
     * @return this
     */
    public Builder migrate(boolean run) {
      this.migrate = run;
      return this;
    }

    /**
     * The size of the pool this builder opens (only for {@link #builder(String, String, String)}).
     * Default 10.
     *
     * @param size 1..1000
     * @return this
     */
    public Builder maximumPoolSize(int size) {
      if (pool == null) {
        throw new IllegalStateException(
            "maximumPoolSize applies only to a pool the builder opens; size your own DataSource");
      }
      if (size < 1 || size > 1000) {
        throw new IllegalArgumentException("maximumPoolSize must be 1..1000, got " + size);
      }
      pool.setMaximumPoolSize(size);
      return this;
    }

    /**
     * Opens the storage: runs the migrations (unless turned off).
     *
     * @return the storage
     * @throws StorageException if the database cannot be reached or migrated
     */
    public PostgresStorage build() {
      Tables t = new Tables(schema, tablePrefix);
      if (pool == null) {
        return new PostgresStorage(dataSource, Optional.empty(), t, retryPolicy, migrate);
      }
      HikariDataSource owned;
      try {
        pool.setPoolName("care-" + schema + (tablePrefix.isEmpty() ? "" : "-" + tablePrefix));
        owned = new HikariDataSource(pool);
      } catch (RuntimeException e) {
        throw new StorageException("cannot open a connection pool to " + pool.getJdbcUrl(), e);
      }
      try {
        return new PostgresStorage(owned, Optional.of(owned), t, retryPolicy, migrate);
      } catch (RuntimeException e) {
        owned.close();
        throw e;
      }
    }
  }

  private void migrate() {
    try {
      Migrations.configure(dataSource, tables, Clock.systemUTC()).load().migrate();
    } catch (FlywayException e) {
      throw new StorageException(
          "migrating schema "
              + tables.schema()
              + " (table prefix '"
              + tables.prefix()
              + "') failed: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The schema the tables live in.
   *
   * @return the schema name
   */
  public String schema() {
    return tables.schema();
  }

  /**
   * The prefix of every table name.
   *
   * @return the prefix, possibly empty
   */
  public String tablePrefix() {
    return tables.prefix();
  }

  /** Closes the pool if this storage opened it; a {@link DataSource} you passed in stays open. */
  @Override
  public void close() {
    ownedPool.ifPresent(HikariDataSource::close);
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.DURABLE, Capability.MULTI_PROCESS);
  }

  // ---------------------------------------------------------------- reads

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String what, String text, Binder binder, RowReader<T> reader) {
    try (Connection c = dataSource.getConnection()) {
      return select(c, text, binder, reader);
    } catch (SQLException e) {
      throw new StorageException("reading " + what + " failed: " + SqlErrors.describe(e), e);
    } catch (IllegalArgumentException e) {
      throw new StorageException("reading " + what + " failed: " + e.getMessage(), e);
    }
  }

  /** The rows of one query on a connection the caller holds (in its transaction, if any). */
  private static <T> List<T> select(Connection c, String text, Binder binder, RowReader<T> reader)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(text)) {
      binder.bind(s);
      try (ResultSet rs = s.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(reader.read(rs));
        }
        return out;
      }
    }
  }

  private static <T> Optional<T> single(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private static int checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    return limit;
  }

  @Override
  public Optional<Versioned<Customer>> customer(CustomerId id) {
    Objects.requireNonNull(id, "id");
    return single(
        query(
            "customer " + id,
            sql.customerById,
            s -> s.setString(1, id.value()),
            rs -> new Versioned<>(codec.read(rs.getString(2), Customer.class), rs.getLong(1))));
  }

  /** One statement: {@code customer_id = ANY(?)} over the primary key. */
  @Override
  public Map<CustomerId, Versioned<Customer>> customers(Set<CustomerId> ids) {
    Objects.requireNonNull(ids, "ids");
    if (ids.isEmpty()) {
      return Map.of();
    }
    String[] keys =
        ids.stream()
            .map(id -> Objects.requireNonNull(id, "ids holds null").value())
            .toArray(String[]::new);
    Map<CustomerId, Versioned<Customer>> found = new HashMap<>();
    for (Object[] row :
        query(
            ids.size() + " customers",
            sql.customersByIds,
            s -> s.setArray(1, s.getConnection().createArrayOf("text", keys)),
            rs ->
                new Object[] {
                  rs.getString(1),
                  new Versioned<>(codec.read(rs.getString(3), Customer.class), rs.getLong(2))
                })) {
      @SuppressWarnings("unchecked")
      Versioned<Customer> customer = (Versioned<Customer>) row[1];
      found.put(CustomerId.of((String) row[0]), customer);
    }
    return found;
  }

  @Override
  public List<CustomerId> customerIds(Optional<CustomerId> after, int limit) {
    Objects.requireNonNull(after, "after");
    checkLimit(limit);
    if (after.isPresent()) {
      return query(
          "customer ids",
          sql.customerIdsAfter,
          s -> {
            s.setString(1, after.get().value());
            s.setInt(2, limit);
          },
          rs -> CustomerId.of(rs.getString(1)));
    }
    return query(
        "customer ids",
        sql.customerIds,
        s -> s.setInt(1, limit),
        rs -> CustomerId.of(rs.getString(1)));
  }

  @Override
  public List<ConsumptionRecord> consumption(CustomerId id) {
    Objects.requireNonNull(id, "id");
    return query(
        "consumption of " + id,
        sql.consumptionOf,
        s -> s.setString(1, id.value()),
        rs -> codec.read(rs.getString(1), ConsumptionRecord.class));
  }

  @Override
  public Optional<Versioned<ServiceInteraction>> interaction(String id) {
    Objects.requireNonNull(id, "id");
    return single(
        query(
            "interaction " + id,
            sql.interactionById,
            s -> s.setString(1, id),
            rs ->
                new Versioned<>(
                    codec.read(rs.getString(2), ServiceInteraction.class), rs.getLong(1))));
  }

  @Override
  public List<ServiceInteraction> interactions(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    return query(
        "interactions of " + customer,
        sql.interactionsOf,
        s -> s.setString(1, customer.value()),
        rs -> codec.read(rs.getString(1), ServiceInteraction.class));
  }

  private static int checkPositive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    return limit;
  }

  @Override
  public List<Transaction> journal(CustomerId customer, long afterPosition, int limit) {
    Objects.requireNonNull(customer, "customer");
    checkPositive(limit);
    if (afterPosition < 0) {
      throw new IllegalArgumentException("afterPosition must be >= 0, got " + afterPosition);
    }
    return query(
        "journal of " + customer + " after " + afterPosition,
        sql.journalOf,
        s -> {
          s.setString(1, customer.value());
          s.setLong(2, afterPosition);
          s.setInt(3, limit);
        },
        rs -> codec.read(rs.getString(1), Transaction.class));
  }

  @Override
  public Optional<Versioned<CareState>> careState(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    return single(
        query(
            "care state of " + customer,
            sql.careStateOf,
            s -> s.setString(1, customer.value()),
            this::careStateRow));
  }

  /** One round trip: the care state, the file, the consumption and the interactions. */
  @Override
  public CustomerRecord record(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    return single(
            query(
                "record of " + customer,
                sql.recordOf,
                s -> s.setString(1, customer.value()),
                rs -> {
                  Optional<Versioned<CareState>> state =
                      rs.getString(1) == null ? Optional.empty() : Optional.of(careStateRow(rs));
                  Optional<Versioned<Customer>> file =
                      rs.getString(15) == null
                          ? Optional.empty()
                          : Optional.of(
                              new Versioned<>(
                                  codec.read(rs.getString(15), Customer.class), rs.getLong(14)));
                  return new CustomerRecord(
                      customer,
                      file,
                      state,
                      codec.readList(rs.getString(16), ConsumptionRecord.class),
                      codec.readList(rs.getString(17), ServiceInteraction.class),
                      codec.readList(rs.getString(18), CareTask.class));
                }))
        .orElseThrow();
  }

  @Override
  public List<Versioned<CareState>> careStates(Optional<CustomerId> after, int limit) {
    Objects.requireNonNull(after, "after");
    checkPositive(limit);
    if (after.isPresent()) {
      return query(
          "care states after " + after.get(),
          sql.careStatesAfter,
          s -> {
            s.setString(1, after.get().value());
            s.setInt(2, limit);
          },
          this::careStateRow);
    }
    return query("care states", sql.careStates, s -> s.setInt(1, limit), this::careStateRow);
  }

  @Override
  public List<CustomerId> dueCustomers(Instant at, Optional<CustomerId> after, int limit) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(after, "after");
    checkPositive(limit);
    BigDecimal due = instant(at);
    if (after.isPresent()) {
      return query(
          "customers due at " + at,
          sql.dueCustomersAfter,
          s -> {
            s.setBigDecimal(1, due);
            s.setString(2, after.get().value());
            s.setInt(3, limit);
          },
          rs -> CustomerId.of(rs.getString(1)));
    }
    return query(
        "customers due at " + at,
        sql.dueCustomers,
        s -> {
          s.setBigDecimal(1, due);
          s.setInt(2, limit);
        },
        rs -> CustomerId.of(rs.getString(1)));
  }

  @Override
  public List<CustomerId> claimDueCustomers(Instant at, Instant now, Duration lease, int limit) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(lease, "lease");
    checkPositive(limit);
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, got " + lease);
    }
    List<CustomerId> claimed =
        new ArrayList<>(
            query(
                "a claim of customers due at " + at,
                sql.claimDueCustomers,
                s -> {
                  s.setBigDecimal(1, instant(at));
                  s.setBigDecimal(2, instant(now));
                  s.setInt(3, limit);
                  s.setBigDecimal(4, instant(now.plus(lease)));
                },
                rs -> CustomerId.of(rs.getString(1))));
    claimed.sort(null);
    return claimed;
  }

  private Versioned<CareState> careStateRow(ResultSet rs) throws SQLException {
    CareState state =
        new CareState(
            CustomerId.of(rs.getString(1)),
            rs.getLong(3),
            Optional.ofNullable(rs.getString(4)).map(LifecycleStage::valueOf),
            rs.getString(5) == null
                ? Optional.empty()
                : Optional.of(
                    new ManualTier(
                        ManualTier.Mode.valueOf(rs.getString(12)),
                        new TierId(rs.getString(5)),
                        instant(rs.getBigDecimal(13)))),
            instantOrEmpty(rs.getBigDecimal(6)),
            instantOrEmpty(rs.getBigDecimal(7)),
            instant(rs.getBigDecimal(8)),
            instantOrEmpty(rs.getBigDecimal(9)),
            codec.readStrings(rs.getString(10)),
            Optional.ofNullable(rs.getString(11)).map(CustomerId::of));
    return new Versioned<>(state, rs.getLong(2));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Positions come from a database sequence, taken when a unit of work writes a care state
   * (among its last statements before the commit). A position can therefore become visible after a
   * higher one: two units that take positions 7 and 8 may commit 8 first, and a reader that has
   * just seen 8 would skip 7 if it asked only for positions after 8. The gap is bounded by the time
   * between taking the position and committing (one statement and the commit: milliseconds, unless
   * the database stalls). A reader therefore keeps two cursors: it asks again from a position it
   * saw a safety window ago (a few seconds; longer than any unit of work takes to commit) rather
   * than from the newest, and ignores changes whose version it already has. The feed keeps one
   * entry per customer, so re-reading a window costs only the customers changed in it.
   */
  @Override
  public List<CustomerChange> changes(long afterPosition, int limit) {
    checkPositive(limit);
    return query(
        "changes after " + afterPosition,
        sql.changesAfter,
        s -> {
          s.setLong(1, afterPosition);
          s.setInt(2, limit);
        },
        rs -> new CustomerChange(rs.getLong(1), CustomerId.of(rs.getString(2)), rs.getLong(3)));
  }

  @Override
  public long lastChangePosition() {
    return query("the last change position", sql.lastChangePosition, s -> {}, rs -> rs.getLong(1))
        .get(0);
  }

  @Override
  public Optional<Transaction> transactionFor(IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    return single(
        query(
            "transaction for " + key,
            sql.journalByKey,
            s -> s.setString(1, key.value()),
            rs -> codec.read(rs.getString(1), Transaction.class)));
  }

  @Override
  public Map<Integer, Versioned<Long>> counterShards(String counter) {
    checkCounter(counter);
    Map<Integer, Versioned<Long>> out = new LinkedHashMap<>();
    query(
            "counter " + counter,
            sql.counterShards,
            s -> s.setString(1, counter),
            rs -> Map.entry(rs.getInt(1), new Versioned<>(rs.getLong(2), rs.getLong(3))))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return Map.copyOf(out);
  }

  private static void checkCounter(String counter) {
    Objects.requireNonNull(counter, "counter");
    if (counter.isEmpty() || counter.length() > 200) {
      throw new IllegalArgumentException("counter must be 1-200 characters, got '" + counter + "'");
    }
  }

  @Override
  public Map<String, Versioned<String>> segmentDefinitions() {
    Map<String, Versioned<String>> out = new LinkedHashMap<>();
    query(
            "segment definitions",
            sql.segments,
            s -> {},
            rs -> Map.entry(rs.getString(1), new Versioned<>(rs.getString(3), rs.getLong(2))))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return Map.copyOf(out);
  }

  @Override
  public List<CareAction> careActions(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    return query(
        "care actions of " + customer,
        sql.actionsOf,
        s -> s.setString(1, customer.value()),
        rs -> codec.read(rs.getString(1), CareAction.class));
  }

  @Override
  public List<CareTask> careTasks(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    return query(
        "care tasks of " + customer,
        sql.tasksOf,
        s -> s.setString(1, customer.value()),
        rs -> codec.read(rs.getString(1), CareTask.class));
  }

  @Override
  public Optional<CareTask> careTask(dev.care.core.care.TaskKey key) {
    Objects.requireNonNull(key, "key");
    return single(
        query(
            "care task " + key,
            sql.taskByKey,
            s -> {
              s.setString(1, key.customerId().value());
              s.setString(2, key.key());
            },
            rs -> codec.read(rs.getString(1), CareTask.class)));
  }

  /**
   * One range scan of {@code care_task_queue_ix} for the unfinished tasks (or {@code
   * care_task_status_ix} for one status), from the cursor's row value on.
   */
  @Override
  public List<CareTask> tasks(
      java.util.Set<dev.care.core.care.TaskStatus> statuses,
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
    List<String> names = java.util.EnumSet.copyOf(statuses).stream().map(Enum::name).toList();
    return query(
        "the task queue",
        sql.taskQueue(names, after.isPresent()),
        s -> {
          int i = 1;
          if (after.isPresent()) {
            dev.care.core.care.TaskCursor c = after.get();
            s.setInt(i++, urgency(c.priority()));
            s.setBigDecimal(i++, instant(c.due()));
            s.setString(i++, c.customerId().value());
            s.setString(i++, c.key());
          }
          s.setInt(i, limit);
        },
        rs -> codec.read(rs.getString(1), CareTask.class));
  }

  /** A priority as the queue's urgency column: 0 for the most urgent. */
  private static int urgency(dev.care.core.care.Priority p) {
    return dev.care.core.care.Priority.values().length - 1 - p.ordinal();
  }

  /** One grouped query over {@code care_action_due_ix} and {@code care_task_due_ix}. */
  @Override
  public List<dev.care.storage.ServiceCount> serviceCounts(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to " + to + " must be after from " + from);
    }
    return query(
        "service counts",
        sql.serviceCounts,
        s -> {
          s.setBigDecimal(1, instant(from));
          s.setBigDecimal(2, instant(to));
          s.setBigDecimal(3, instant(from));
          s.setBigDecimal(4, instant(to));
        },
        rs ->
            new dev.care.storage.ServiceCount(
                dev.care.storage.ServiceCount.Work.valueOf(rs.getString(1)),
                rs.getString(2),
                dev.care.core.satisfaction.ServiceLevel.valueOf(rs.getString(3)),
                rs.getLong(4)));
  }

  @Override
  public Optional<Versioned<Voucher>> voucher(String code) {
    Objects.requireNonNull(code, "code");
    return single(
        query(
            "voucher " + code,
            sql.voucherByCode,
            s -> s.setString(1, code),
            rs -> new Versioned<>(codec.read(rs.getString(2), Voucher.class), rs.getLong(1))));
  }

  @Override
  public List<Voucher> vouchers(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    return query(
        "vouchers of " + customer,
        sql.vouchersOf,
        s -> s.setString(1, customer.value()),
        rs -> codec.read(rs.getString(1), Voucher.class));
  }

  @Override
  public List<Voucher> campaignVouchers(String campaignId) {
    Objects.requireNonNull(campaignId, "campaignId");
    return query(
        "vouchers of campaign " + campaignId,
        sql.vouchersOfCampaign,
        s -> s.setString(1, campaignId),
        rs -> codec.read(rs.getString(1), Voucher.class));
  }

  // ---------------------------------------------------------------- outbox

  @Override
  public List<OutboxMessage> deliveredTo(CustomerId customer, Instant since) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(since, "since");
    return query(
        "deliveries to " + customer,
        sql.deliveredTo,
        s -> {
          s.setString(1, customer.value());
          s.setBigDecimal(2, instant(since));
        },
        rs -> codec.read(rs.getString(1), OutboxMessage.class));
  }

  /** One statement over the per-customer delivery index ({@code customer_id = ANY(?)}). */
  @Override
  public Map<CustomerId, List<OutboxMessage>> deliveredTo(
      Set<CustomerId> customers, Instant since) {
    Objects.requireNonNull(customers, "customers");
    Objects.requireNonNull(since, "since");
    if (customers.isEmpty()) {
      return Map.of();
    }
    String[] keys =
        customers.stream()
            .map(id -> Objects.requireNonNull(id, "customers holds null").value())
            .toArray(String[]::new);
    Map<CustomerId, List<OutboxMessage>> found = new HashMap<>();
    for (Object[] row :
        query(
            "deliveries to " + customers.size() + " customers",
            sql.deliveredToAll,
            s -> {
              s.setArray(1, s.getConnection().createArrayOf("text", keys));
              s.setBigDecimal(2, instant(since));
            },
            rs ->
                new Object[] {rs.getString(1), codec.read(rs.getString(2), OutboxMessage.class)})) {
      found
          .computeIfAbsent(CustomerId.of((String) row[0]), c -> new ArrayList<>())
          .add((OutboxMessage) row[1]);
    }
    return found;
  }

  static BigDecimal instant(Instant t) {
    return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9));
  }

  static Instant instant(BigDecimal stored) {
    BigDecimal seconds = stored.setScale(0, RoundingMode.FLOOR);
    return Instant.ofEpochSecond(
        seconds.longValueExact(), stored.subtract(seconds).movePointRight(9).intValueExact());
  }

  private static Optional<Instant> instantOrEmpty(BigDecimal stored) {
    return stored == null ? Optional.empty() : Optional.of(instant(stored));
  }

  @Override
  public List<OutboxMessage> dueMessages(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    checkLimit(limit);
    return query(
        "due outbox messages",
        sql.due,
        s -> {
          s.setBigDecimal(1, instant(now));
          s.setInt(2, limit);
        },
        rs -> codec.read(rs.getString(1), OutboxMessage.class));
  }

  /**
   * Claims due messages in one statement: {@code SELECT ... FOR UPDATE SKIP LOCKED} picks pending,
   * due, unclaimed (or lease-expired) rows that no other claimant is locking at that moment, and
   * the same statement stamps them with {@code claimed_until = now + lease}. Two dispatchers
   * claiming at once therefore get disjoint batches, and a claimed message stays out of every other
   * claim until it is updated or its lease ends.
   */
  @Override
  public List<OutboxMessage> claimDue(Instant now, int limit, Duration lease) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(lease, "lease");
    checkLimit(limit);
    if (lease.compareTo(CLAIM_MIN) < 0) {
      throw new IllegalArgumentException("lease must be at least 1 ms, got " + lease);
    }
    BigDecimal at = instant(now);
    BigDecimal until = instant(now.plus(lease));
    // the due messages are read in the order of outbox_due_ix, stopping at the limit. A bitmap scan
    // of that index, which the planner takes when the statistics show few pending messages, visits
    // every entry the index still holds for messages claimed or finished since the last vacuum
    // (a bitmap scan never marks them dead, as an ordered index scan does as it passes): on the
    // default demo 114,590 entries and 16,026 heap pages for 36 due messages, 12 ms a claim. Bitmap
    // scans are switched off for this transaction only.
    List<Object[]> rows =
        inTransaction(
            "a claim of due outbox messages",
            c -> {
              try (Statement off = c.createStatement()) {
                off.execute("SET LOCAL enable_bitmapscan = off");
              }
              return select(
                  c,
                  sql.claim,
                  s -> {
                    s.setBigDecimal(1, at);
                    s.setBigDecimal(2, at);
                    s.setInt(3, limit);
                    s.setBigDecimal(4, until);
                  },
                  rs -> new Object[] {rs.getBigDecimal(2), rs.getString(3), rs.getString(1)});
            });
    rows.sort(
        Comparator.comparing((Object[] r) -> (BigDecimal) r[0]).thenComparing(r -> (String) r[1]));
    List<OutboxMessage> out = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      out.add(codec.read((String) r[2], OutboxMessage.class));
    }
    return out;
  }

  @Override
  public Optional<OutboxMessage> message(String id) {
    Objects.requireNonNull(id, "id");
    return single(
        query(
            "outbox message " + id,
            sql.messageById,
            s -> s.setString(1, id),
            rs -> codec.read(rs.getString(1), OutboxMessage.class)));
  }

  @Override
  public List<OutboxMessage> messages(DeliveryStatus status) {
    Objects.requireNonNull(status, "status");
    return query(
        "outbox messages " + status,
        // an enum constant's name: nothing from outside goes into the text
        String.format(Locale.ROOT, sql.messagesByStatus, status.name()),
        s -> {},
        rs -> codec.read(rs.getString(1), OutboxMessage.class));
  }

  @Override
  public void update(OutboxMessage message) {
    Objects.requireNonNull(message, "message");
    String doc = codec.write(message, OutboxMessage.class);
    int updated;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql.updateMessage)) {
      s.setString(1, message.status().name());
      s.setBigDecimal(2, instant(message.nextAttemptAt()));
      s.setString(3, doc);
      s.setString(4, message.id());
      updated = s.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException(
          "updating outbox message " + message.id() + " failed: " + SqlErrors.describe(e), e);
    }
    if (updated == 0) {
      throw new StorageException("no outbox message " + message.id());
    }
  }

  /**
   * One transaction, one round trip: a batch of single-row updates by primary key (each planned as
   * a probe of {@code outbox_pk} whatever the table's statistics say; a join against the batch's
   * ids was planned as a scan of the whole outbox while the table was new). An id no row has rolls
   * everything back. Of several messages with one id, the last is written (as {@link #update} in
   * order would).
   */
  @Override
  public void updateAll(List<OutboxMessage> messages) {
    Objects.requireNonNull(messages, "messages");
    Map<String, OutboxMessage> last = new LinkedHashMap<>();
    for (OutboxMessage m : messages) {
      last.put(Objects.requireNonNull(m, "messages holds null").id(), m);
    }
    if (last.isEmpty()) {
      return;
    }
    int n = last.size();
    List<OutboxMessage> batch = List.copyOf(last.values());
    List<String> docs = new ArrayList<>(n);
    for (OutboxMessage m : batch) {
      docs.add(codec.write(m, OutboxMessage.class));
    }
    inTransaction(
        "updating " + n + " outbox messages",
        c -> {
          int[] counts;
          try (PreparedStatement s = c.prepareStatement(sql.updateMessage)) {
            for (int i = 0; i < n; i++) {
              OutboxMessage m = batch.get(i);
              s.setString(1, m.status().name());
              s.setBigDecimal(2, instant(m.nextAttemptAt()));
              s.setString(3, docs.get(i));
              s.setString(4, m.id());
              s.addBatch();
            }
            counts = s.executeBatch();
          }
          for (int i = 0; i < n; i++) {
            if (counts[i] == 0) {
              throw new StorageException(
                  "no outbox message " + batch.get(i).id() + " (none of the " + n + " updated)");
            }
          }
          return null;
        });
  }

  /**
   * Deletes the oldest finished messages in one statement: {@code DELETE ... WHERE id IN (SELECT
   * ... ORDER BY next_at, id LIMIT ? FOR UPDATE SKIP LOCKED)}, served by the partial index on
   * finished messages (V5), so each batch costs what it removes. Two purges at once take disjoint
   * rows.
   */
  @Override
  public int purgeFinished(Instant olderThan, int limit) {
    Objects.requireNonNull(olderThan, "olderThan");
    checkPositive(limit);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql.purgeFinished)) {
      s.setBigDecimal(1, instant(olderThan));
      s.setInt(2, limit);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException(
          "purging outbox messages finished before "
              + olderThan
              + " failed: "
              + SqlErrors.describe(e),
          e);
    }
  }

  // ---------------------------------------------------------------- erasure

  /**
   * Erases a customer's personal data from every table, in one transaction: the customer file
   * becomes {@link Customer#erase(Instant)} (the id, type, tier and dates stay), the customer's
   * care actions and staff tasks are deleted, the care state loses its segment projection (its
   * attributes) and its next due instant (a new version, so every instance's segment index hears of
   * it, and the due index skips the customer), interactions lose the observed temperament, and
   * outbox messages addressed to the customer lose their content (pending ones are suppressed,
   * never sent). Journal and consumption rows keep only the customer id. Run {@code VACUUM}
   * afterwards if old row versions must leave the data files at once.
   *
   * @param id the customer
   * @param at when the erasure happens
   * @return true if the customer existed
   * @throws StorageException if the database failed (nothing erased)
   */
  @Override
  public boolean erase(CustomerId id, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    return inTransaction("erasing customer " + id, c -> eraseIn(c, id, at));
  }

  private boolean eraseIn(Connection c, CustomerId id, Instant at) throws SQLException {
    Customer customer;
    try (PreparedStatement s = c.prepareStatement(sql.customerForUpdate)) {
      s.setString(1, id.value());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        customer = codec.read(rs.getString(1), Customer.class);
      }
    }
    try (PreparedStatement s = c.prepareStatement(sql.eraseCustomer)) {
      s.setString(1, codec.write(customer.erase(at), Customer.class));
      s.setString(2, id.value());
      s.executeUpdate();
    }
    for (String table : List.of(sql.deleteActionsOf, sql.deleteTasksOf, sql.eraseCareState)) {
      try (PreparedStatement s = c.prepareStatement(table)) {
        s.setString(1, id.value());
        s.executeUpdate();
      }
    }
    List<ServiceInteraction> interactions =
        select(
            c,
            sql.interactionsOf,
            s -> s.setString(1, id.value()),
            rs -> codec.read(rs.getString(1), ServiceInteraction.class));
    try (PreparedStatement s = c.prepareStatement(sql.scrubInteraction)) {
      for (ServiceInteraction i : interactions) {
        ServiceInteraction scrubbed = i.erased();
        s.setString(1, codec.write(scrubbed, ServiceInteraction.class));
        s.setString(2, id.value());
        s.setString(3, i.id());
        s.addBatch();
      }
      s.executeBatch();
    }
    List<OutboxMessage> messages =
        select(
            c,
            sql.messagesOf,
            s -> s.setString(1, id.value()),
            rs -> codec.read(rs.getString(1), OutboxMessage.class));
    try (PreparedStatement s = c.prepareStatement(sql.updateMessage)) {
      for (OutboxMessage m : messages) {
        OutboxMessage scrubbed = m.erased();
        s.setString(1, scrubbed.status().name());
        s.setBigDecimal(2, instant(scrubbed.nextAttemptAt()));
        s.setString(3, codec.write(scrubbed, OutboxMessage.class));
        s.setString(4, m.id());
        s.addBatch();
      }
      s.executeBatch();
    }
    return true;
  }

  // ---------------------------------------------------------------- transactions

  @FunctionalInterface
  private interface TransactionBody<T> {
    T run(Connection c) throws SQLException;
  }

  /** Thrown inside a transaction when an optimistic check fails; rolled back, then rethrown. */
  private static final class Conflict extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ConcurrencyConflictException conflict;

    Conflict(ConcurrencyConflictException conflict) {
      super(null, null, false, false);
      this.conflict = conflict;
    }
  }

  /**
   * Runs a body in one transaction: commits, or rolls back and maps the failure; re-runs it on a
   * serialization failure or deadlock under the retry policy.
   */
  private <T> T inTransaction(String what, TransactionBody<T> body) {
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(what, body);
      } catch (SQLException e) {
        if (waitToRetry(what, e, attempt)) {
          continue;
        }
        throw failure(what, e, attempt);
      }
    }
  }

  /**
   * Whether a failed attempt (which wrote nothing) is run again: a serialization failure or
   * deadlock within the retry policy's attempts, after its jittered back-off.
   */
  private boolean waitToRetry(String what, SQLException e, int attempt) {
    if (!SqlErrors.retryable(e) || attempt >= retry.maxAttempts()) {
      return false;
    }
    long nanos = retry.backoff(attempt).toNanos();
    LOG.debug("{}: {} (attempt {}), retrying", what, SqlErrors.describe(e), attempt);
    LockSupport.parkNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2 + 1));
    return true;
  }

  private StorageException failure(String what, SQLException e, int attempts) {
    if (SqlErrors.retryable(e)) {
      return new StorageException(
          what
              + " failed after "
              + attempts
              + " attempts (nothing written): "
              + SqlErrors.describe(e),
          e);
    }
    if (SqlErrors.connectionLost(e)) {
      return new StorageException(
          what
              + ": the database connection broke before the commit (nothing written, safe to"
              + " retry): "
              + SqlErrors.describe(e),
          e);
    }
    return new StorageException(what + " failed (nothing written): " + SqlErrors.describe(e), e);
  }

  private <T> T attempt(String what, TransactionBody<T> body) throws SQLException {
    Connection c = dataSource.getConnection();
    T result;
    try {
      c.setAutoCommit(false);
      try {
        result = body.run(c);
      } catch (SQLException | RuntimeException e) {
        rollback(c, e);
        throw e;
      }
      try {
        c.commit();
      } catch (SQLException e) {
        if (SqlErrors.commitMayHaveLanded(e)) {
          throw new CommitOutcomeUnknownException(
              what
                  + ": the connection broke while committing; the commit may or may not have"
                  + " happened — retry with the same idempotency keys ("
                  + SqlErrors.describe(e)
                  + ")",
              e);
        }
        rollback(c, e);
        throw e;
      } catch (RuntimeException e) {
        // a driver or pool failing unchecked at COMMIT: no answer from the server either
        throw new CommitOutcomeUnknownException(
            what
                + ": committing failed without an answer from the server; the commit may or may"
                + " not have happened — retry with the same idempotency keys ("
                + e
                + ")",
            e);
      }
    } catch (SQLException | RuntimeException e) {
      close(c, e);
      throw e;
    }
    closeAfterCommit(what, c);
    return result;
  }

  /**
   * Runs a body whose writes are one statement that writes all of them or none, committing on its
   * own (autocommit): one round trip, where a transaction takes two more (its BEGIN goes with the
   * first statement, then COMMIT). Re-runs it on a serialization failure or deadlock under the
   * retry policy (the failed statement wrote nothing).
   *
   * @throws CommitOutcomeUnknownException if the connection broke while the statement ran: it may
   *     or may not have committed
   */
  private <T> T inOneStatement(String what, TransactionBody<T> body) {
    for (int attempt = 1; ; attempt++) {
      Connection c;
      try {
        c = dataSource.getConnection();
      } catch (SQLException e) {
        throw failure(what, e, attempt);
      }
      try {
        c.setAutoCommit(true);
        T result = body.run(c);
        closeAfterCommit(what, c);
        return result;
      } catch (SQLException e) {
        close(c, e);
        if (waitToRetry(what, e, attempt)) {
          continue;
        }
        if (SqlErrors.commitMayHaveLanded(e)) {
          throw new CommitOutcomeUnknownException(
              what
                  + ": the connection broke while its statement ran; the commit may or may not"
                  + " have happened — retry with the same idempotency keys ("
                  + SqlErrors.describe(e)
                  + ")",
              e);
        }
        throw failure(what, e, attempt);
      } catch (RuntimeException e) {
        close(c, e);
        throw e;
      }
    }
  }

  private static void close(Connection c, Exception cause) {
    try {
      c.close();
    } catch (SQLException closing) {
      cause.addSuppressed(closing);
    }
  }

  private static void closeAfterCommit(String what, Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // committed: a failure to hand the connection back must not look like a failed commit
      LOG.warn("{}: committed, but closing the connection failed: {}", what, SqlErrors.describe(e));
    }
  }

  private static void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public UnitOfWork begin() {
    return new Work();
  }

  /** A versioned write: the row id, the owning customer and extra column (if any), the content. */
  private record Put(String id, String customerId, String extra, String doc, long expected) {}

  /** A counter shard's new value and the version it was read at. */
  private record CounterPut(String counter, int shard, long value, long expected) {}

  /**
   * One customer's journal rows: the position the writer saw last, the transactions, their text.
   */
  private record Append(
      CustomerId customer, long expected, List<Transaction> transactions, List<String> docs) {}

  /** A care state write: the state and the version the writer read. */
  private record StatePut(CareState state, long expected) {}

  private record Row(String key, String customerId, String doc) {}

  private record Message(
      String id, Optional<String> customerId, String status, BigDecimal next, String doc) {}

  /** Which extra columns a versioned table's insert and update bind besides id and doc. */
  private enum Kind {
    PLAIN,
    WITH_CUSTOMER,
    WITH_CUSTOMER_AND_CAMPAIGN
  }

  /** Buffers writes (already encoded); applies them in one transaction at commit. */
  private final class Work implements UnitOfWork {
    private final List<Put> customers = new ArrayList<>();
    private final List<Row> consumption = new ArrayList<>();
    private final List<Put> interactions = new ArrayList<>();
    private final List<Append> journal = new ArrayList<>();
    private final List<StatePut> states = new ArrayList<>();
    private final List<Put> segments = new ArrayList<>();
    private final List<Put> vouchers = new ArrayList<>();
    private final Map<String, CounterPut> counterShards = new LinkedHashMap<>();
    private final List<Row> actions = new ArrayList<>();
    private final List<BigDecimal> actionDues = new ArrayList<>();
    private final List<CareTask> tasks = new ArrayList<>();
    private final List<CareTask> taskUpdates = new ArrayList<>();
    private final List<Message> outbox = new ArrayList<>();
    private boolean done;

    private void open() {
      if (done) {
        throw new IllegalStateException("unit of work already committed or closed");
      }
    }

    private static long expected(String what, long version) {
      if (version < 0) {
        throw new IllegalArgumentException(
            "expectedVersion of " + what + " must be >= 0, got " + version);
      }
      return version;
    }

    @Override
    public void putCustomer(Customer customer, long expectedVersion) {
      open();
      Objects.requireNonNull(customer, "customer");
      customers.add(
          new Put(
              customer.id().value(),
              customer.id().value(),
              "",
              codec.write(customer, Customer.class),
              expected("customer " + customer.id(), expectedVersion)));
    }

    @Override
    public void addConsumption(ConsumptionRecord record) {
      open();
      Objects.requireNonNull(record, "record");
      consumption.add(
          new Row(
              record.recordId(),
              record.customerId().value(),
              codec.write(record, ConsumptionRecord.class)));
    }

    @Override
    public void putInteraction(ServiceInteraction interaction, long expectedVersion) {
      open();
      Objects.requireNonNull(interaction, "interaction");
      interactions.add(
          new Put(
              interaction.id(),
              interaction.customerId().value(),
              "",
              codec.write(interaction, ServiceInteraction.class),
              expected("interaction " + interaction.id(), expectedVersion)));
    }

    @Override
    public void appendJournal(
        CustomerId customer, long expectedLastPosition, List<Transaction> transactions) {
      open();
      Objects.requireNonNull(customer, "customer");
      Objects.requireNonNull(transactions, "transactions");
      if (expectedLastPosition < 0) {
        throw new IllegalArgumentException(
            "expectedLastPosition of the journal of "
                + customer
                + " must be >= 0, got "
                + expectedLastPosition);
      }
      List<Transaction> txs = List.copyOf(transactions);
      List<String> docs = new ArrayList<>(txs.size());
      for (Transaction tx : txs) {
        docs.add(codec.write(tx, Transaction.class));
      }
      journal.add(new Append(customer, expectedLastPosition, txs, List.copyOf(docs)));
    }

    @Override
    public void putCareState(CareState state, long expectedVersion) {
      open();
      Objects.requireNonNull(state, "state");
      states.add(
          new StatePut(state, expected("care state of " + state.customer(), expectedVersion)));
    }

    @Override
    public void putSegmentDefinition(String id, String definition, long expectedVersion) {
      open();
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(definition, "definition");
      segments.add(new Put(id, "", "", definition, expected("segment " + id, expectedVersion)));
    }

    @Override
    public void putCounterShard(String counter, int shard, long value, long expectedVersion) {
      open();
      checkCounter(counter);
      if (shard < 0 || shard > 1023) {
        throw new IllegalArgumentException("shard must be 0-1023, got " + shard);
      }
      String what = "counter " + counter + " shard " + shard;
      CounterPut put = new CounterPut(counter, shard, value, expected(what, expectedVersion));
      CounterPut before = counterShards.put(counter + "\n" + shard, put);
      if (before != null && before.expected() != expectedVersion) {
        throw new IllegalArgumentException(what + " written twice in one unit at other versions");
      }
    }

    @Override
    public void putVoucher(Voucher voucher, long expectedVersion) {
      open();
      Objects.requireNonNull(voucher, "voucher");
      vouchers.add(
          new Put(
              voucher.code(),
              voucher.customerId().value(),
              voucher.campaignId(),
              codec.write(voucher, Voucher.class),
              expected("voucher " + voucher.code(), expectedVersion)));
    }

    @Override
    public void addCareAction(CareAction action) {
      open();
      Objects.requireNonNull(action, "action");
      actions.add(
          new Row(
              action.idempotencyKey(),
              action.customerId().value(),
              codec.write(action, CareAction.class)));
      actionDues.add(instant(action.due()));
    }

    @Override
    public void addCareTask(CareTask task) {
      open();
      Objects.requireNonNull(task, "task");
      tasks.add(task);
    }

    @Override
    public void putCareTask(CareTask task) {
      open();
      Objects.requireNonNull(task, "task");
      taskUpdates.add(task);
    }

    @Override
    public void enqueue(OutboxMessage message) {
      open();
      Objects.requireNonNull(message, "message");
      outbox.add(
          new Message(
              message.id(),
              message.customer().map(CustomerId::value),
              message.status().name(),
              instant(message.nextAttemptAt()),
              codec.write(message, OutboxMessage.class)));
    }

    private boolean empty() {
      return customers.isEmpty()
          && consumption.isEmpty()
          && interactions.isEmpty()
          && journal.isEmpty()
          && states.isEmpty()
          && segments.isEmpty()
          && vouchers.isEmpty()
          && counterShards.isEmpty()
          && actions.isEmpty()
          && tasks.isEmpty()
          && taskUpdates.isEmpty()
          && outbox.isEmpty();
    }

    @Override
    public void commit() {
      open();
      RuntimeException invalid = checkJournals();
      if (!empty()) {
        TransactionBody<Void> body =
            c -> {
              try {
                write(c, invalid);
              } catch (Conflict conflict) {
                throw new ConflictCarrier(conflict.conflict);
              }
              return null;
            };
        try {
          if (invalid == null && oneStatement()) {
            inOneStatement("committing a unit of work", body);
          } else {
            inTransaction("committing a unit of work", body);
          }
        } catch (ConflictCarrier carrier) {
          throw carrier.conflict;
        }
      }
      done = true;
    }

    /**
     * Whether {@link #write} writes this unit with one statement that writes all of it or none (the
     * usual unit of one customer's command: journal rows with their keys and messages, consumption,
     * care actions and the customer's state), so that it can commit on its own.
     */
    private boolean oneStatement() {
      if (journal.isEmpty()
          || states.isEmpty()
          || !customers.isEmpty()
          || !interactions.isEmpty()
          || !segments.isEmpty()
          || !vouchers.isEmpty()
          || !counterShards.isEmpty()
          || !tasks.isEmpty()
          || !taskUpdates.isEmpty()) {
        return false;
      }
      StatePut first = states.get(0);
      return states.stream()
          .allMatch(
              p ->
                  p.state().customer().equals(first.state().customer())
                      && p.expected() == first.expected());
    }

    @Override
    public void close() {
      done = true;
    }

    /**
     * What the in-memory store checks of an append's content: every transaction touches the
     * journal's customer, the customer's own transactions carry the position they are appended at,
     * and no idempotency key of the unit's own commands repeats. The store checks the journal's end
     * first, so a failure here is raised only once the database found every journal where its
     * writer expected it (a stale writer gets its conflict, not this).
     *
     * @return the failure to raise, or null
     */
    private RuntimeException checkJournals() {
      Set<IdempotencyKey> keys = new HashSet<>();
      for (Append a : journal) {
        long position = a.expected();
        for (Transaction tx : a.transactions()) {
          position++;
          if (!tx.customers().contains(a.customer())) {
            return new IllegalArgumentException(
                "transaction "
                    + tx.sequence()
                    + " of "
                    + tx.customer()
                    + " does not touch "
                    + a.customer());
          }
          if (!tx.customer().equals(a.customer())) {
            continue;
          }
          if (tx.sequence() != position) {
            return new IllegalArgumentException(
                "journal transaction "
                    + tx.sequence()
                    + " of "
                    + a.customer()
                    + " appended at position "
                    + position);
          }
          if (tx.command().isPresent() && !keys.add(tx.command().get().key())) {
            return new ConcurrencyConflictException(
                "idempotency key " + tx.command().get().key(), 0, 1);
          }
        }
      }
      return null;
    }

    private void write(Connection c, RuntimeException invalid) throws SQLException, Conflict {
      try {
        writeVersioned(
            c, "segment ", segments, sql.insertSegment, sql.updateSegment, sql.segmentVersion);
        writeVersioned(
            c, "customer ", customers, sql.insertCustomer, sql.updateCustomer, sql.customerVersion);
        writeVersioned(
            c,
            "interaction ",
            interactions,
            sql.insertInteraction,
            sql.updateInteraction,
            sql.interactionVersion);
        writeVersioned(
            c, "voucher ", vouchers, sql.insertVoucher, sql.updateVoucher, sql.voucherVersion);
        writeCounterShards(c);
        List<StatePut> stateWrites = lastStates(c);
        Optional<StatePut> folded = Optional.empty();
        if (journal.isEmpty()) {
          insertRows(c, sql.insertConsumption, consumption);
          insertMessages(c);
          insertActions(c);
        } else {
          // journal rows, idempotency keys, outbox messages, consumption records and care
          // actions in one round trip, with the state when the unit writes one customer's (the
          // ledger's usual unit)
          folded = stateWrites.size() == 1 ? Optional.of(stateWrites.get(0)) : Optional.empty();
          appendJournals(c, folded);
          if (invalid != null) {
            throw invalid;
          }
        }
        writeTasks(c);
        if (folded.isEmpty()) {
          // last: the change feed position is taken as close to the commit as it can be
          writeCareStates(c, stateWrites);
        }
      } catch (SQLException e) {
        Optional<String> violated = SqlErrors.uniqueViolation(e);
        if (violated.isPresent()) {
          throw uniqueViolation(violated.get(), e);
        }
        throw e;
      }
    }

    /**
     * Versioned rows: updates first, in id order (the only writes that lock existing rows, so a
     * fixed order rules out deadlocks), then inserts in call order.
     */
    private void writeVersioned(
        Connection c, String what, List<Put> puts, String insert, String update, String version)
        throws SQLException, Conflict {
      if (puts.isEmpty()) {
        return;
      }
      // several writes of one id in a unit: each checks the committed version, the last one lands
      Map<String, Put> last = new LinkedHashMap<>();
      Map<String, Long> expectedById = new HashMap<>();
      for (Put p : puts) {
        Long before = expectedById.putIfAbsent(p.id(), p.expected());
        if (before != null && before != p.expected()) {
          long actual = currentVersion(c, version, p.id());
          long wrong = actual == before ? p.expected() : before;
          throw new Conflict(new ConcurrencyConflictException(what + p.id(), wrong, actual));
        }
        last.remove(p.id());
        last.put(p.id(), p);
      }
      List<Put> updates =
          last.values().stream()
              .filter(p -> p.expected() > 0)
              .sorted(Comparator.comparing(Put::id))
              .toList();
      List<Put> inserts = last.values().stream().filter(p -> p.expected() == 0).toList();
      Kind kind =
          switch (what) {
            case "interaction " -> Kind.WITH_CUSTOMER;
            case "voucher " -> Kind.WITH_CUSTOMER_AND_CAMPAIGN;
            default -> Kind.PLAIN;
          };
      if (!updates.isEmpty()) {
        try (PreparedStatement s = c.prepareStatement(update)) {
          for (Put p : updates) {
            int i = 1;
            s.setString(i++, p.doc());
            if (kind != Kind.PLAIN) {
              s.setString(i++, p.customerId());
            }
            if (kind == Kind.WITH_CUSTOMER_AND_CAMPAIGN) {
              s.setString(i++, p.extra());
            }
            s.setString(i++, p.id());
            s.setLong(i, p.expected());
            s.addBatch();
          }
          check(c, what, version, updates, s.executeBatch());
        }
      }
      if (!inserts.isEmpty()) {
        try (PreparedStatement s = c.prepareStatement(insert)) {
          for (Put p : inserts) {
            int i = 1;
            s.setString(i++, p.id());
            if (kind != Kind.PLAIN) {
              s.setString(i++, p.customerId());
            }
            if (kind == Kind.WITH_CUSTOMER_AND_CAMPAIGN) {
              s.setString(i++, p.extra());
            }
            s.setString(i, p.doc());
            s.addBatch();
          }
          check(c, what, version, inserts, s.executeBatch());
        }
      }
    }

    /** Each counter shard written with the version read (in key order, so units never cycle). */
    private void writeCounterShards(Connection c) throws SQLException, Conflict {
      List<CounterPut> puts =
          counterShards.values().stream()
              .sorted(Comparator.comparing(CounterPut::counter).thenComparing(CounterPut::shard))
              .toList();
      for (CounterPut p : puts) {
        boolean create = p.expected() == 0;
        try (PreparedStatement s =
            c.prepareStatement(create ? sql.insertCounterShard : sql.updateCounterShard)) {
          if (create) {
            s.setString(1, p.counter());
            s.setInt(2, p.shard());
            s.setLong(3, p.value());
          } else {
            s.setLong(1, p.value());
            s.setString(2, p.counter());
            s.setInt(3, p.shard());
            s.setLong(4, p.expected());
          }
          if (s.executeUpdate() == 0) {
            long actual;
            try (PreparedStatement v = c.prepareStatement(sql.counterShardVersion)) {
              v.setString(1, p.counter());
              v.setInt(2, p.shard());
              try (ResultSet rs = v.executeQuery()) {
                actual = rs.next() ? rs.getLong(1) : 0;
              }
            }
            throw new Conflict(
                new ConcurrencyConflictException(
                    "counter " + p.counter() + " shard " + p.shard(), p.expected(), actual));
          }
        }
      }
    }

    private void check(Connection c, String what, String version, List<Put> puts, int[] counts)
        throws SQLException, Conflict {
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          Put p = puts.get(i);
          throw new Conflict(
              new ConcurrencyConflictException(
                  what + p.id(), p.expected(), currentVersion(c, version, p.id())));
        }
      }
    }

    private long currentVersion(Connection c, String version, String id) throws SQLException {
      try (PreparedStatement s = c.prepareStatement(version)) {
        s.setString(1, id);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0;
        }
      }
    }

    private void insertActions(Connection c) throws SQLException {
      if (actions.isEmpty()) {
        return;
      }
      try (PreparedStatement s = c.prepareStatement(sql.insertAction)) {
        for (int i = 0; i < actions.size(); i++) {
          Row r = actions.get(i);
          s.setString(1, r.key());
          s.setString(2, r.customerId());
          s.setString(3, r.doc());
          s.setBigDecimal(4, actionDues.get(i));
          s.addBatch();
        }
        s.executeBatch();
      }
    }

    /**
     * New tasks (a key already stored is kept), then later states of stored ones: an update that
     * finds no row (the task was erased meanwhile) is a conflict, and nothing is written.
     */
    private void writeTasks(Connection c) throws SQLException, Conflict {
      if (!tasks.isEmpty()) {
        try (PreparedStatement s = c.prepareStatement(sql.insertTask)) {
          for (CareTask t : tasks) {
            s.setString(1, t.idempotencyKey());
            s.setString(2, t.customerId().value());
            s.setString(3, codec.write(t, CareTask.class));
            s.setString(4, t.status().name());
            s.setInt(5, urgency(t.priority()));
            s.setBigDecimal(6, instant(t.due()));
            s.addBatch();
          }
          s.executeBatch();
        }
      }
      if (!taskUpdates.isEmpty()) {
        try (PreparedStatement s = c.prepareStatement(sql.updateTask)) {
          for (CareTask t : taskUpdates) {
            s.setString(1, codec.write(t, CareTask.class));
            s.setString(2, t.status().name());
            s.setInt(3, urgency(t.priority()));
            s.setBigDecimal(4, instant(t.due()));
            s.setString(5, t.customerId().value());
            s.setString(6, t.idempotencyKey());
            s.addBatch();
          }
          int[] counts = s.executeBatch();
          for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
              throw new Conflict(
                  new ConcurrencyConflictException(
                      "care task " + taskUpdates.get(i).taskKey() + " is not stored", 1, 0));
            }
          }
        }
      }
    }

    private void insertRows(Connection c, String insert, List<Row> rows) throws SQLException {
      if (rows.isEmpty()) {
        return;
      }
      try (PreparedStatement s = c.prepareStatement(insert)) {
        for (Row r : rows) {
          s.setString(1, r.key());
          s.setString(2, r.customerId());
          s.setString(3, r.doc());
          s.addBatch();
        }
        s.executeBatch();
      }
    }

    /**
     * Binds rows (key, customer, document) from a parameter on: keys and customers as arrays, the
     * documents as one JSON array ({@link #jsonArray}).
     */
    private static void bindRows(Connection c, PreparedStatement s, int first, List<Row> rows)
        throws SQLException {
      String[] keys = new String[rows.size()];
      String[] customers = new String[rows.size()];
      List<String> docs = new ArrayList<>(rows.size());
      for (int i = 0; i < keys.length; i++) {
        keys[i] = rows.get(i).key();
        customers[i] = rows.get(i).customerId();
        docs.add(rows.get(i).doc());
      }
      s.setArray(first, c.createArrayOf("text", keys));
      s.setArray(first + 1, c.createArrayOf("text", customers));
      s.setString(first + 2, jsonArray(docs));
    }

    /**
     * Documents (each one JSON value, as the codec writes them) as the text of one JSON array, for
     * a {@code jsonb_array_elements(?::jsonb)} parameter: joined as they are, where a {@code
     * text[]} parameter would have the driver escape every quote of every document and the server
     * unescape them again.
     */
    private static String jsonArray(List<String> docs) {
      int length = 2 + docs.size();
      for (String d : docs) {
        length += d.length();
      }
      StringBuilder b = new StringBuilder(length).append('[');
      for (int i = 0; i < docs.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        b.append(docs.get(i));
      }
      return b.append(']').toString();
    }

    /**
     * Every append of the unit and every outbox message in a single statement: the rows go in only
     * if each journal ends where its writer expects, in (customer, position) order so that two
     * units never wait on each other's rows in a cycle; the keys of the customers' own commands go
     * into the idempotency table beside them, and the unit's consumption records and care actions
     * (only when every journal was where expected) into theirs.
     */
    private void appendJournals(Connection c, Optional<StatePut> state)
        throws SQLException, Conflict {
      List<Append> appends = new ArrayList<>(journal);
      appends.sort(Comparator.comparing(Append::customer));
      List<String> ends = new ArrayList<>();
      List<Long> endPositions = new ArrayList<>();
      List<String> rowCustomers = new ArrayList<>();
      List<Long> rowPositions = new ArrayList<>();
      List<String> rowDocs = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      List<String> keyCustomers = new ArrayList<>();
      List<Long> keyPositions = new ArrayList<>();
      for (Append a : appends) {
        ends.add(a.customer().value());
        endPositions.add(a.expected());
        long position = a.expected();
        for (int i = 0; i < a.transactions().size(); i++) {
          Transaction tx = a.transactions().get(i);
          position++;
          rowCustomers.add(a.customer().value());
          rowPositions.add(position);
          rowDocs.add(a.docs().get(i));
          if (tx.customer().equals(a.customer()) && tx.command().isPresent()) {
            keys.add(tx.command().get().key().value());
            keyCustomers.add(a.customer().value());
            keyPositions.add(position);
          }
        }
      }
      String[] ids = new String[outbox.size()];
      String[] customers = new String[outbox.size()];
      String[] statuses = new String[outbox.size()];
      BigDecimal[] next = new BigDecimal[outbox.size()];
      List<String> docs = new ArrayList<>(outbox.size());
      for (int i = 0; i < ids.length; i++) {
        Message m = outbox.get(i);
        ids[i] = m.id();
        customers[i] = m.customerId().orElse(null);
        statuses[i] = m.status();
        next[i] = m.next();
        docs.add(m.doc());
      }
      boolean fine;
      long rows;
      long keysInserted;
      long statesWritten = 0;
      String text =
          state.isEmpty()
              ? sql.appendJournals
              : state.get().expected() > 0
                  ? sql.appendJournalsUpdatingState
                  : sql.appendJournalsInsertingState;
      try (PreparedStatement s = c.prepareStatement(text)) {
        s.setArray(1, c.createArrayOf("text", ends.toArray()));
        s.setArray(2, c.createArrayOf("bigint", endPositions.toArray()));
        // the state's parameters come right after the journals' ends (Sql.appendJournals)
        int i = state.isPresent() ? bindState(s, 3, state.get()) : 3;
        s.setArray(i++, c.createArrayOf("text", rowCustomers.toArray()));
        s.setArray(i++, c.createArrayOf("bigint", rowPositions.toArray()));
        s.setString(i++, jsonArray(rowDocs));
        s.setArray(i++, c.createArrayOf("text", keys.toArray()));
        s.setArray(i++, c.createArrayOf("text", keyCustomers.toArray()));
        s.setArray(i++, c.createArrayOf("bigint", keyPositions.toArray()));
        s.setArray(i++, c.createArrayOf("text", ids));
        s.setArray(i++, c.createArrayOf("text", customers));
        s.setArray(i++, c.createArrayOf("text", statuses));
        s.setArray(i++, c.createArrayOf("numeric", next));
        s.setString(i++, jsonArray(docs));
        bindRows(c, s, i, consumption);
        bindRows(c, s, i + 3, actions);
        s.setArray(i + 6, c.createArrayOf("numeric", actionDues.toArray()));
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          fine = rs.getBoolean(1);
          rows = rs.getLong(2);
          keysInserted = rs.getLong(3);
          if (state.isPresent()) {
            statesWritten = rs.getLong(6);
          }
        }
      }
      if (fine && state.isPresent() && statesWritten != 1) {
        // the journals ended where expected but the state had moved on: nothing was written
        throw stateConflict(c, state.get());
      }
      if (!fine || rows != rowDocs.size()) {
        for (Append a : appends) {
          long last = lastPositionIn(c, a.customer());
          if (last != a.expected()) {
            throw new Conflict(
                new ConcurrencyConflictException("journal of " + a.customer(), a.expected(), last));
          }
        }
        Append first = appends.get(0);
        throw new Conflict(
            new ConcurrencyConflictException(
                "journal of " + first.customer(), first.expected(), first.expected() + 1));
      }
      if (keysInserted != keys.size()) {
        try (PreparedStatement s = c.prepareStatement(sql.existingKeys)) {
          s.setArray(1, c.createArrayOf("text", keys.toArray()));
          try (ResultSet rs = s.executeQuery()) {
            String taken = rs.next() ? rs.getString(1) : keys.toString();
            throw new Conflict(new ConcurrencyConflictException("idempotency key " + taken, 0, 1));
          }
        }
      }
    }

    private Conflict stateConflict(Connection c, StatePut p) throws SQLException {
      CustomerId id = p.state().customer();
      return new Conflict(
          new ConcurrencyConflictException(
              "care state of " + id,
              p.expected(),
              currentVersion(c, sql.careStateVersion, id.value())));
    }

    /**
     * Binds a state's columns from {@code first} on, then its expected version for an update.
     *
     * @return the index of the next parameter
     */
    private int bindState(PreparedStatement s, int first, StatePut p) throws SQLException {
      CareState st = p.state();
      int i = first;
      s.setLong(i++, st.journalLength());
      s.setString(i++, st.stage().map(Enum::name).orElse(null));
      s.setString(i++, st.manualTier().map(m -> m.tier().name()).orElse(null));
      s.setBigDecimal(i++, st.tierBelowSince().map(PostgresStorage::instant).orElse(null));
      s.setBigDecimal(i++, st.winBackSent().map(PostgresStorage::instant).orElse(null));
      s.setBigDecimal(i++, instant(st.advancedUntil()));
      s.setBigDecimal(i++, st.nextDue().map(PostgresStorage::instant).orElse(null));
      s.setString(i++, codec.writeStrings(st.attributes()));
      s.setString(i++, st.referrer().map(CustomerId::value).orElse(null));
      s.setString(i++, st.manualTier().map(m -> m.mode().name()).orElse(null));
      s.setBigDecimal(i++, st.manualTier().map(m -> instant(m.until())).orElse(null));
      s.setString(i++, st.customer().value());
      if (p.expected() > 0) {
        s.setLong(i++, p.expected());
      }
      return i;
    }

    private long lastPositionIn(Connection c, CustomerId customer) throws SQLException {
      try (PreparedStatement s = c.prepareStatement(sql.lastPositionOf)) {
        s.setString(1, customer.value());
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }

    /**
     * The unit's care state writes, one per customer: several writes of one customer each check the
     * committed version (they must agree), and the last one lands.
     */
    private List<StatePut> lastStates(Connection c) throws SQLException, Conflict {
      Map<CustomerId, StatePut> last = new LinkedHashMap<>();
      Map<CustomerId, Long> expectedById = new HashMap<>();
      for (StatePut p : states) {
        CustomerId id = p.state().customer();
        Long before = expectedById.putIfAbsent(id, p.expected());
        if (before != null && before != p.expected()) {
          long actual = currentVersion(c, sql.careStateVersion, id.value());
          long wrong = actual == before ? p.expected() : before;
          throw new Conflict(
              new ConcurrencyConflictException("care state of " + id, wrong, actual));
        }
        last.remove(id);
        last.put(id, p);
      }
      return List.copyOf(last.values());
    }

    /**
     * Care states as other versioned rows: updates in customer order (the only writes that lock
     * existing rows, so a fixed order rules out deadlocks), then inserts. Each write takes the next
     * change feed position.
     */
    private void writeCareStates(Connection c, List<StatePut> writes)
        throws SQLException, Conflict {
      List<StatePut> updates =
          writes.stream()
              .filter(p -> p.expected() > 0)
              .sorted(Comparator.comparing(p -> p.state().customer()))
              .toList();
      List<StatePut> inserts = writes.stream().filter(p -> p.expected() == 0).toList();
      for (List<StatePut> batch : List.of(updates, inserts)) {
        if (batch.isEmpty()) {
          continue;
        }
        boolean update = batch == updates;
        try (PreparedStatement s =
            c.prepareStatement(update ? sql.updateCareState : sql.insertCareState)) {
          for (StatePut p : batch) {
            bindState(s, 1, p);
            s.addBatch();
          }
          int[] counts = s.executeBatch();
          for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
              throw stateConflict(c, batch.get(i));
            }
          }
        }
      }
    }

    private void insertMessages(Connection c) throws SQLException {
      if (outbox.isEmpty()) {
        return;
      }
      try (PreparedStatement s = c.prepareStatement(sql.insertMessage)) {
        for (Message m : outbox) {
          s.setString(1, m.id());
          s.setString(2, m.customerId().orElse(null));
          s.setString(3, m.status());
          s.setBigDecimal(4, m.next());
          s.setString(5, m.doc());
          s.addBatch();
        }
        s.executeBatch();
      }
    }

    private RuntimeException uniqueViolation(String constraint, SQLException e) {
      if (constraint.equals(tables.constraint("journal_pk"))) {
        // another writer appended to one of these journals first
        Append first = journal.get(0);
        ConcurrencyConflictException conflict =
            new ConcurrencyConflictException(
                "journal of " + first.customer(), first.expected(), first.expected() + 1);
        conflict.initCause(e);
        return new ConflictCarrier(conflict);
      }
      if (constraint.equals(tables.constraint("idempotency_key_pk"))) {
        // a key another command committed (the unit's one statement fails as a whole on it)
        ConcurrencyConflictException conflict =
            new ConcurrencyConflictException(
                "idempotency key (" + SqlErrors.describe(e) + ")", 0, 1);
        conflict.initCause(e);
        return new ConflictCarrier(conflict);
      }
      if (constraint.equals(tables.constraint("voucher_code_uk"))
          || constraint.equals(tables.constraint("voucher_pk"))) {
        ConcurrencyConflictException conflict =
            new ConcurrencyConflictException("voucher code (" + SqlErrors.describe(e) + ")", 0, 1);
        conflict.initCause(e);
        return new ConflictCarrier(conflict);
      }
      if (constraint.equals(tables.constraint("consumption_pk"))) {
        // another unit recorded the same record first (two instances recording one purchase at
        // once, both reading the journal before either committed): the conflict the journal or
        // the state would have reported; the retry re-reads and finds the record
        ConcurrencyConflictException conflict =
            new ConcurrencyConflictException(
                "consumption record (" + SqlErrors.describe(e) + ")", 0, 1);
        conflict.initCause(e);
        return new ConflictCarrier(conflict);
      }
      return new StorageException(
          "unique constraint " + constraint + " violated (" + SqlErrors.describe(e) + ")", e);
    }
  }

  /** Carries a conflict out of the transaction body, after the rollback. */
  private static final class ConflictCarrier extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ConcurrencyConflictException conflict;

    ConflictCarrier(ConcurrencyConflictException conflict) {
      super(null, null, false, false);
      this.conflict = conflict;
    }
  }
}
