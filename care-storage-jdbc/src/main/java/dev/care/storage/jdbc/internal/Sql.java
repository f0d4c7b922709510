package dev.care.storage.jdbc.internal;

/**
 * The adapter's SQL text, built once per schema and prefix: table names come only from the
 * validated {@link Tables}, every value is a {@code ?} parameter. Each field is one statement,
 * named after what it does.
 */
public final class Sql {
  public final String customerById;
  public final String customerForUpdate;
  public final String customerIds;
  public final String customerIdsAfter;
  public final String customerVersion;
  public final String insertCustomer;
  public final String updateCustomer;
  public final String eraseCustomer;
  public final String consumptionOf;
  public final String insertConsumption;
  public final String interactionById;
  public final String interactionsOf;
  public final String interactionVersion;
  public final String insertInteraction;
  public final String updateInteraction;
  public final String scrubInteraction;
  public final String journalAfter;
  public final String journalByKey;
  public final String lastSequence;
  public final String appendJournal;
  public final String appendJournalWithMessages;
  public final String segments;
  public final String segmentVersion;
  public final String insertSegment;
  public final String updateSegment;
  public final String actionsOf;
  public final String insertAction;
  public final String deleteActionsOf;
  public final String tasksOf;
  public final String insertTask;
  public final String deleteTasksOf;
  public final String due;
  public final String deliveredTo;
  public final String voucherByCode;
  public final String vouchersOf;
  public final String vouchersOfCampaign;
  public final String voucherVersion;
  public final String insertVoucher;
  public final String updateVoucher;
  public final String claim;
  public final String messageById;
  public final String messagesByStatus;
  public final String messagesOf;
  public final String insertMessage;
  public final String updateMessage;

  /**
   * Builds every statement for one schema and prefix.
   *
   * @param t the validated names
   */
  public Sql(Tables t) {
    String customer = t.table("customer");
    customerById = "SELECT version, doc FROM " + customer + " WHERE id = ?";
    customerForUpdate = "SELECT doc FROM " + customer + " WHERE id = ? FOR UPDATE";
    customerIds = "SELECT id FROM " + customer + " ORDER BY id LIMIT ?";
    customerIdsAfter = "SELECT id FROM " + customer + " WHERE id > ? ORDER BY id LIMIT ?";
    customerVersion = "SELECT version FROM " + customer + " WHERE id = ?";
    insertCustomer =
        "INSERT INTO "
            + customer
            + " (id, version, doc) VALUES (?, 1, ?::jsonb) ON CONFLICT (id) DO NOTHING";
    updateCustomer =
        "UPDATE "
            + customer
            + " SET doc = ?::jsonb, version = version + 1 WHERE id = ? AND version = ?";
    eraseCustomer =
        "UPDATE " + customer + " SET doc = ?::jsonb, version = version + 1 WHERE id = ?";

    String consumption = t.table("consumption");
    consumptionOf = "SELECT doc FROM " + consumption + " WHERE customer_id = ? ORDER BY ord";
    insertConsumption =
        "INSERT INTO " + consumption + " (record_id, customer_id, doc) VALUES (?, ?, ?::jsonb)";

    String interaction = t.table("interaction");
    interactionById = "SELECT version, doc FROM " + interaction + " WHERE id = ?";
    interactionsOf =
        "SELECT doc FROM " + interaction + " WHERE customer_id = ? ORDER BY first_written";
    interactionVersion = "SELECT version FROM " + interaction + " WHERE id = ?";
    insertInteraction =
        "INSERT INTO "
            + interaction
            + " (id, customer_id, version, doc) VALUES (?, ?, 1, ?::jsonb)"
            + " ON CONFLICT (id) DO NOTHING";
    updateInteraction =
        "UPDATE "
            + interaction
            + " SET doc = ?::jsonb, customer_id = ?, version = version + 1"
            + " WHERE id = ? AND version = ?";
    scrubInteraction =
        "UPDATE " + interaction + " SET doc = ?::jsonb, version = version + 1 WHERE id = ?";

    String journal = t.table("journal");
    journalAfter = "SELECT doc FROM " + journal + " WHERE seq > ? ORDER BY seq LIMIT ?";
    journalByKey = "SELECT doc FROM " + journal + " WHERE idempotency_key = ?";
    lastSequence = "SELECT coalesce(max(seq), 0) FROM " + journal;
    // inserted only right after its predecessor: no gaps, and a stale tail inserts nothing
    appendJournal =
        "INSERT INTO "
            + journal
            + " (seq, idempotency_key, doc) SELECT ?, ?, ?::jsonb"
            + " WHERE ? = 0 OR EXISTS (SELECT 1 FROM "
            + journal
            + " WHERE seq = ?)";

    String outboxTable = t.table("outbox");
    appendJournalWithMessages =
        "WITH j AS (INSERT INTO "
            + journal
            + " (seq, idempotency_key, doc)"
            + " SELECT r.seq, r.k, r.d::jsonb"
            + " FROM unnest(?::bigint[], ?::text[], ?::text[]) WITH ORDINALITY AS r(seq, k, d, n)"
            + " WHERE ?::bigint = 0 OR EXISTS (SELECT 1 FROM "
            + journal
            + " WHERE seq = ?::bigint)"
            + " ORDER BY r.n RETURNING 1),"
            + " o AS (INSERT INTO "
            + outboxTable
            + " (id, customer_id, status, next_at, doc)"
            + " SELECT m.id, m.c, m.s, m.at, m.d::jsonb FROM unnest(?::text[], ?::text[],"
            + " ?::text[], ?::numeric[], ?::text[]) WITH ORDINALITY AS m(id, c, s, at, d, n)"
            + " ORDER BY m.n ON CONFLICT (id) DO NOTHING RETURNING 1)"
            + " SELECT (SELECT count(*) FROM j), (SELECT count(*) FROM o)";

    String segment = t.table("segment");
    segments = "SELECT id, version, definition FROM " + segment;
    segmentVersion = "SELECT version FROM " + segment + " WHERE id = ?";
    insertSegment =
        "INSERT INTO "
            + segment
            + " (id, version, definition) VALUES (?, 1, ?) ON CONFLICT (id) DO NOTHING";
    updateSegment =
        "UPDATE "
            + segment
            + " SET definition = ?, version = version + 1 WHERE id = ? AND version = ?";

    String action = t.table("care_action");
    actionsOf = "SELECT doc FROM " + action + " WHERE customer_id = ? ORDER BY ord";
    insertAction =
        "INSERT INTO "
            + action
            + " (idempotency_key, customer_id, doc) VALUES (?, ?, ?::jsonb)"
            + " ON CONFLICT (idempotency_key) DO NOTHING";
    deleteActionsOf = "DELETE FROM " + action + " WHERE customer_id = ?";

    String task = t.table("care_task");
    tasksOf = "SELECT doc FROM " + task + " WHERE customer_id = ? ORDER BY ord";
    insertTask =
        "INSERT INTO "
            + task
            + " (idempotency_key, customer_id, doc) VALUES (?, ?, ?::jsonb)"
            + " ON CONFLICT (idempotency_key) DO NOTHING";
    deleteTasksOf = "DELETE FROM " + task + " WHERE customer_id = ?";

    String voucher = t.table("voucher");
    voucherByCode = "SELECT version, doc FROM " + voucher + " WHERE code = ?";
    vouchersOf = "SELECT doc FROM " + voucher + " WHERE customer_id = ? ORDER BY issued_ord";
    vouchersOfCampaign =
        "SELECT doc FROM " + voucher + " WHERE campaign_id = ? ORDER BY issued_ord";
    voucherVersion = "SELECT version FROM " + voucher + " WHERE code = ?";
    insertVoucher =
        "INSERT INTO "
            + voucher
            + " (code, customer_id, campaign_id, version, doc) VALUES (?, ?, ?, 1, ?::jsonb)"
            + " ON CONFLICT (code) DO NOTHING";
    updateVoucher =
        "UPDATE "
            + voucher
            + " SET doc = ?::jsonb, customer_id = ?, campaign_id = ?, version = version + 1"
            + " WHERE code = ? AND version = ?";

    String outbox = t.table("outbox");
    due =
        "SELECT doc FROM "
            + outbox
            + " WHERE status = 'PENDING' AND next_at <= ? ORDER BY next_at, id LIMIT ?";
    deliveredTo =
        "SELECT doc FROM "
            + outbox
            + " WHERE customer_id = ? AND status = 'DELIVERED' AND next_at > ?"
            + " ORDER BY next_at, ord";
    claim =
        "WITH picked AS (SELECT id FROM "
            + outbox
            + " WHERE status = 'PENDING' AND next_at <= ?"
            + " AND (claimed_until IS NULL OR claimed_until <= ?)"
            + " ORDER BY next_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " UPDATE "
            + outbox
            + " o SET claimed_until = ? FROM picked WHERE o.id = picked.id"
            + " RETURNING o.doc, o.next_at, o.id";
    messageById = "SELECT doc FROM " + outbox + " WHERE id = ?";
    messagesByStatus = "SELECT doc FROM " + outbox + " WHERE status = ? ORDER BY ord";
    messagesOf = "SELECT doc FROM " + outbox + " WHERE customer_id = ? ORDER BY ord";
    insertMessage =
        "INSERT INTO "
            + outbox
            + " (id, customer_id, status, next_at, doc) VALUES (?, ?, ?, ?, ?::jsonb)"
            + " ON CONFLICT (id) DO NOTHING";
    updateMessage =
        "UPDATE "
            + outbox
            + " SET status = ?, next_at = ?, claimed_until = NULL, doc = ?::jsonb WHERE id = ?";
  }
}
