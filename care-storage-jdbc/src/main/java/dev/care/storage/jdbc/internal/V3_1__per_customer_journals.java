package dev.care.storage.jdbc.internal;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Transaction;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves the V2 journal (one global sequence) into per-customer journals, after V3 made the tables:
 *
 * <ol>
 *   <li>reads the old journal in its order and upgrades each document with {@link LegacyJournal}
 *       (ids qualified by their owner, numbers kept; the transaction names its customer);
 *   <li>numbers each customer's transactions 1, 2, 3... in the old order (the transaction's
 *       sequence becomes that position) and appends a transfer to the receiver's journal too, at
 *       the receiver's next position, unchanged;
 *   <li>records every command's idempotency key, pointing at its customer's row;
 *   <li>gives every customer (in the customer table or in a journal) a care state: version 1, the
 *       journal length, advanced until the migration time, nothing else set;
 *   <li>drops the old journal.
 * </ol>
 *
 * Runs inside Flyway's transaction: it applies fully or not at all. Rows go in batches.
 */
public final class V3_1__per_customer_journals extends BaseJavaMigration {
  private static final int BATCH = 500;
  private final Clock clock;

  /** The migration, with the migration time from the system clock. */
  public V3_1__per_customer_journals() {
    this(Clock.systemUTC());
  }

  /**
   * The migration with a clock of your choice (tests).
   *
   * @param clock where the migration time (the care states' "advanced until") comes from
   */
  public V3_1__per_customer_journals(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    String schema = context.getConfiguration().getDefaultSchema();
    String prefix = context.getConfiguration().getPlaceholders().getOrDefault("prefix", "");
    Tables t = new Tables(schema, prefix);
    Connection c = context.getConnection();
    RecordCodec codec = new RecordCodec();
    LegacyJournal legacy = new LegacyJournal(codec);
    Map<CustomerId, Long> lengths = new HashMap<>();
    try (PreparedStatement read =
            c.prepareStatement("SELECT seq, doc FROM " + t.table("journal_v2") + " ORDER BY seq");
        PreparedStatement journal =
            c.prepareStatement(
                "INSERT INTO "
                    + t.table("journal")
                    + " (customer_id, position, doc) VALUES (?, ?, ?::jsonb)");
        PreparedStatement keys =
            c.prepareStatement(
                "INSERT INTO "
                    + t.table("idempotency_key")
                    + " (idempotency_key, customer_id, position) VALUES (?, ?, ?)")) {
      read.setFetchSize(BATCH);
      int pending = 0;
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          Transaction tx;
          try {
            tx = legacy.upgrade(rs.getString(2), owner -> lengths.getOrDefault(owner, 0L) + 1);
          } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                "V2 journal row " + seq + " cannot be read: " + e.getMessage(), e);
          }
          String doc = codec.write(tx, Transaction.class);
          for (CustomerId customer : tx.customers()) {
            long position = lengths.merge(customer, 1L, Long::sum);
            if (customer.equals(tx.customer()) && position != tx.sequence()) {
              throw new IllegalStateException(
                  "V2 journal row " + seq + " numbered " + tx.sequence() + ", not " + position);
            }
            journal.setString(1, customer.value());
            journal.setLong(2, position);
            journal.setString(3, doc);
            journal.addBatch();
          }
          if (tx.command().isPresent()) {
            keys.setString(1, tx.command().get().key().value());
            keys.setString(2, tx.customer().value());
            keys.setLong(3, tx.sequence());
            keys.addBatch();
          }
          if (++pending == BATCH) {
            journal.executeBatch();
            keys.executeBatch();
            pending = 0;
          }
        }
      }
      journal.executeBatch();
      keys.executeBatch();
    }
    createCareStates(c, t, instant(clock.instant()));
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE " + t.table("journal_v2"));
    }
  }

  private static void createCareStates(Connection c, Tables t, BigDecimal at) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + t.table("care_state")
                + " (customer_id, version, journal_length, advanced_until, attributes,"
                + " change_position)"
                + " SELECT ids.id, 1, coalesce((SELECT max(j.position) FROM "
                + t.table("journal")
                + " j WHERE j.customer_id = ids.id), 0), ?, '{}'::jsonb, nextval('"
                + t.table("change_seq")
                + "') FROM (SELECT customer_id AS id FROM "
                + t.table("customer")
                + " UNION SELECT customer_id FROM "
                + t.table("journal")
                + ") ids ORDER BY ids.id")) {
      s.setBigDecimal(1, at);
      s.executeUpdate();
    }
  }

  private static BigDecimal instant(Instant t) {
    return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9));
  }
}
