package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.care.CareTask;
import dev.care.core.care.Priority;
import dev.care.core.care.TaskKind;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.Asset;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PlaceHold;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.Redeem;
import dev.care.core.ledger.VoidHold;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.core.satisfaction.Temperament;
import dev.care.core.time.ManualClock;
import dev.care.core.voucher.Voucher;
import dev.care.core.voucher.VoucherValue;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.StorageException;
import dev.care.storage.UnitOfWork;
import dev.care.storage.ledger.DurableLedger;
import dev.care.storage.outbox.OutboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The schema is ready to be distributed by customer (DESIGN.md, "State and scale"):
 *
 * <ul>
 *   <li>every customer-owned table's primary key starts with {@code customer_id}, read from the
 *       catalogue; every table of the schema is either customer-owned or named here with the reason
 *       it is not, so a new table must be classified;
 *   <li>no statement of a single-customer command touches another customer's rows. The probe is a
 *       row-level security policy on every customer-owned table whose check <em>raises an
 *       error</em> for any row of a customer other than {@code current_setting('care.customer')}:
 *       PostgreSQL evaluates a policy before the statement's own conditions, except cheap leakproof
 *       ones such as {@code customer_id = ?} — so a statement fails as soon as it reads, locks,
 *       updates or inserts a row of another customer, or scans rows without narrowing them to one
 *       customer first. The adapter runs as a role without {@code BYPASSRLS}, with {@code
 *       care.customer} set on each connection it takes, through a ledger's commands and units of
 *       work covering every customer-owned table, while other customers' rows sit in the same
 *       tables. A control shows the probe fails a statement that reads another customer's journal.
 * </ul>
 */
class CustomerScopeIT {
  private static final PostingContext CTX = PostingContext.of("scope", "test");
  private static final CustomerId ANN = CustomerId.of("scope-ann");
  private static final CustomerId BOB = CustomerId.of("scope-bob");
  private static final CustomerId CY = CustomerId.of("scope-cy");

  /** Tables whose primary key starts with customer_id: what a customer's commands write. */
  private static final Set<String> CUSTOMER_OWNED =
      Set.of(
          "customer",
          "consumption",
          "interaction",
          "journal",
          "care_state",
          "care_action",
          "care_task",
          "voucher");

  /** Tables that are not owned by one customer, and why. */
  private static final Map<String, String> NOT_CUSTOMER_OWNED =
      Map.of(
          "segment", "the programme's segment definitions",
          "outbox", "a delivery queue claimed by due time across customers; customer optional",
          "idempotency_key", "a global index: a key is unique across the programme",
          "counter_shard",
              "programme-wide figures (a month's goodwill budget), sharded by customer hash");

  private final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));

  @Test
  @DisplayName("every customer-owned table's primary key starts with customer_id")
  void primary_keys_start_with_the_customer() throws SQLException {
    PostgresStorage storage = TestDatabase.freshStorage();
    Map<String, String> firstKeyColumn = new LinkedHashMap<>();
    Set<String> tables = new TreeSet<>();
    try (Connection c = TestDatabase.dataSource().getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT tablename FROM pg_tables WHERE schemaname = ?"
                  + " AND tablename NOT LIKE '%flyway%'")) {
        s.setString(1, storage.schema());
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            tables.add(rs.getString(1));
          }
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT t.relname, a.attname FROM pg_constraint k"
                  + " JOIN pg_class t ON t.oid = k.conrelid"
                  + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                  + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.conkey[1]"
                  + " WHERE k.contype = 'p' AND n.nspname = ?")) {
        s.setString(1, storage.schema());
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            firstKeyColumn.put(rs.getString(1), rs.getString(2));
          }
        }
      }
    }
    Set<String> classified = new TreeSet<>(CUSTOMER_OWNED);
    classified.addAll(NOT_CUSTOMER_OWNED.keySet());
    assertThat(tables)
        .as("every table is classified")
        .containsExactlyInAnyOrderElementsOf(classified);
    for (String table : CUSTOMER_OWNED) {
      assertThat(firstKeyColumn.get(table))
          .as("first primary key column of %s", table)
          .isEqualTo("customer_id");
    }
    for (String table : NOT_CUSTOMER_OWNED.keySet()) {
      assertThat(firstKeyColumn).as("%s has a primary key", table).containsKey(table);
    }
  }

  @Test
  @DisplayName("a customer's commands and units of work touch no other customer's rows")
  void statements_touch_only_their_customer() throws Exception {
    String schema = TestDatabase.freshSchema();
    String role = schema + "_app";
    PostgresStorage admin =
        PostgresStorage.builder(TestDatabase.dataSource()).schema(schema).build();
    // other customers' rows in every customer-owned table, written without the probe
    for (CustomerId other : List.of(BOB, CY)) {
      everything(admin, other);
    }
    try (Connection c = TestDatabase.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE FUNCTION \""
              + schema
              + "\".only_own(row_customer text) RETURNS boolean LANGUAGE plpgsql AS $$"
              + " BEGIN IF row_customer IS DISTINCT FROM current_setting('care.customer', true)"
              + " THEN RAISE EXCEPTION 'row of customer % touched while working for %',"
              + " row_customer, current_setting('care.customer', true); END IF;"
              + " RETURN true; END $$");
      for (String table : CUSTOMER_OWNED) {
        String t = "\"" + schema + "\"." + table;
        s.execute(
            "CREATE POLICY only_own ON "
                + t
                + " USING (\""
                + schema
                + "\".only_own(customer_id)) WITH CHECK (\""
                + schema
                + "\".only_own(customer_id))");
        s.execute("ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY");
      }
      s.execute("CREATE ROLE " + role + " NOLOGIN NOSUPERUSER NOBYPASSRLS");
      s.execute("GRANT USAGE ON SCHEMA \"" + schema + "\" TO " + role);
      s.execute(
          "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \""
              + schema
              + "\" TO "
              + role);
      s.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA \"" + schema + "\" TO " + role);
    }
    String[] working = {ANN.value()};
    try (HikariDataSource probed =
        TestDatabase.newPool(
            "scope-probe", 2, config -> config.setConnectionInitSql("SET ROLE " + role))) {
      PostgresStorage storage =
          PostgresStorage.builder(new ScopedDataSource(probed, () -> working[0]))
              .schema(schema)
              .migrate(false)
              .build();

      everything(storage, ANN);
      DurableLedger ledger =
          new DurableLedger(storage, PointsPolicy.defaults(), WalletPolicy.defaults(), clock);
      assertThat(ledger.execute(new Redeem(IdempotencyKey.of("redeem/" + ANN), ANN, 10, CTX)))
          .isInstanceOf(Outcome.Posted.class);
      Outcome hold =
          ledger.execute(
              new PlaceHold(
                  IdempotencyKey.of("hold/" + ANN),
                  ANN,
                  Asset.POINTS,
                  5,
                  Duration.ofHours(1),
                  CTX));
      ledger.execute(
          new VoidHold(
              IdempotencyKey.of("void/" + ANN), ((Outcome.HoldPlaced) hold).hold().id(), CTX));
      // a repeat is answered from the idempotency index and the customer's own row
      assertThat(ledger.execute(new Redeem(IdempotencyKey.of("redeem/" + ANN), ANN, 10, CTX)))
          .isInstanceOf(Outcome.Posted.class);
      // every read a command of Ann's makes
      assertThat(storage.customer(ANN)).isPresent();
      assertThat(storage.consumption(ANN)).hasSize(1);
      assertThat(storage.interactions(ANN)).hasSize(1);
      assertThat(storage.interaction("I/" + ANN)).isPresent();
      assertThat(storage.careActions(ANN)).hasSize(1);
      assertThat(storage.careTasks(ANN)).hasSize(1);
      assertThat(storage.vouchers(ANN)).hasSize(1);
      assertThat(storage.voucher(voucherCode(ANN))).isPresent();
      assertThat(storage.journal(ANN, 0, 100)).hasSize(4);
      assertThat(storage.careState(ANN)).isPresent();
      assertThat(storage.deliveredTo(ANN, Instant.EPOCH)).isEmpty();
      assertThat(ledger.points(ANN).posted()).isEqualTo(90);

      // the control: the probe fails a statement that touches another customer's rows
      assertThatThrownBy(() -> storage.journal(BOB, 0, 100))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("row of customer scope-bob touched while working for scope-ann");
      assertThatThrownBy(() -> commit(storage, u -> u.addConsumption(purchase(BOB, "O-2"))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("row of customer scope-bob touched");
    } finally {
      try (Connection c = TestDatabase.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("DROP OWNED BY " + role);
        s.execute("DROP ROLE " + role);
      }
    }
    // what the probed units wrote is there, beside the others' rows
    assertThat(admin.journal(BOB, 0, 100)).hasSize(1);
    assertThat(admin.journal(ANN, 0, 100)).hasSize(4);
  }

  /**
   * One customer's rows in every customer-owned table, each written and then updated (versioned
   * rows) by units of work of that customer alone, the ledger's earn among them.
   */
  private void everything(PostgresStorage storage, CustomerId c) {
    Customer customer = Customer.register(c, Profile.named(c.value()), clock.instant());
    ServiceInteraction interaction =
        ServiceInteraction.open(
            "I/" + c, c, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant());
    Voucher voucher =
        Voucher.issue(
            voucherCode(c),
            "spring",
            c,
            new VoucherValue.Points(500),
            clock.instant(),
            clock.instant().plus(Duration.ofDays(30)));
    commit(
        storage,
        u -> {
          u.putCustomer(customer, 0);
          u.addConsumption(purchase(c, "O-1"));
          u.putInteraction(interaction, 0);
          u.putVoucher(voucher, 0);
          u.addCareAction(
              new CareAction(
                  "greet/" + c,
                  c,
                  CareActionKind.values()[0],
                  Channel.EMAIL,
                  "birthday",
                  Map.of(),
                  clock.instant(),
                  Priority.NORMAL,
                  ServiceLevel.VALUE_ADDED));
          u.addCareTask(
              new CareTask(
                  "call/" + c,
                  c,
                  TaskKind.values()[0],
                  "call back",
                  clock.instant(),
                  Priority.HIGH,
                  ServiceLevel.SATISFACTORY,
                  Optional.empty(),
                  Optional.empty(),
                  List.of()));
          u.enqueue(
              OutboxMessage.pending(
                  "care/" + c,
                  "care",
                  Optional.of(c),
                  Optional.of(Channel.EMAIL),
                  Map.of(),
                  clock.instant()));
        });
    commit(
        storage,
        u -> {
          u.putCustomer(customer, 1);
          u.putInteraction(interaction.withTemperament(Temperament.values()[0]), 1);
          u.putVoucher(voucher.redeem(c, clock.instant(), "O-1"), 1);
        });
    DurableLedger ledger =
        new DurableLedger(storage, PointsPolicy.defaults(), WalletPolicy.defaults(), clock);
    ledger.execute(Earn.of(IdempotencyKey.of("earn/" + c), c, 100, CTX));
  }

  private static String voucherCode(CustomerId c) {
    return "V-" + c.value().toUpperCase(java.util.Locale.ROOT);
  }

  private Purchase purchase(CustomerId c, String order) {
    return Purchase.of(order, c, clock.instant(), Money.ofMinor("EUR", 4500));
  }

  private static void commit(PostgresStorage storage, Consumer<UnitOfWork> writes) {
    try (UnitOfWork u = storage.begin()) {
      writes.accept(u);
      u.commit();
    }
  }

  /** Sets {@code care.customer} on every connection it hands out, to the customer worked for. */
  private static final class ScopedDataSource extends DelegatingDataSource {
    private final java.util.function.Supplier<String> customer;

    ScopedDataSource(javax.sql.DataSource real, java.util.function.Supplier<String> customer) {
      super(real);
      this.customer = customer;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection c = super.getConnection();
      try (PreparedStatement s =
          c.prepareStatement("SELECT set_config('care.customer', ?, false)")) {
        s.setString(1, customer.get());
        s.execute();
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return c;
    }
  }
}
