package dev.care.storage.jdbc.internal;

/**
 * The adapter's SQL text, built once per schema and prefix: table names come only from the
 * validated {@link Tables}, every value is a {@code ?} parameter. Each field is one statement,
 * named after what it does.
 */
public final class Sql {
  public final String customerById;
  public final String customersByIds;
  public final String deliveredToAll;
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
  public final String journalOf;
  public final String journalByKey;
  public final String lastPositionOf;
  public final String existingKeys;
  public final String appendJournals;
  public final String appendJournalsUpdatingState;
  public final String appendJournalsInsertingState;
  public final String careStateOf;
  public final String recordOf;
  public final String careStates;
  public final String careStatesAfter;
  public final String careStateVersion;
  public final String insertCareState;
  public final String updateCareState;
  public final String eraseCareState;
  public final String changesAfter;
  public final String dueCustomers;
  public final String dueCustomersAfter;
  public final String claimDueCustomers;
  public final String lastChangePosition;
  public final String segments;
  public final String segmentVersion;
  public final String insertSegment;
  public final String updateSegment;
  public final String actionsOf;
  public final String insertAction;
  public final String deleteActionsOf;
  public final String tasksOf;
  public final String insertTask;
  public final String taskByKey;
  public final String updateTask;
  public final String serviceCounts;

  /** The text of the task queue query for some statuses (see {@link #taskQueue}). */
  private final String taskQueueHead;

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
  public final String purgeFinished;
  public final String messageById;
  public final String messagesByStatus;
  public final String messagesOf;
  public final String insertMessage;
  public final String updateMessage;
  public final String counterShards;
  public final String counterShardVersion;
  public final String insertCounterShard;
  public final String updateCounterShard;

  /**
   * Builds every statement for one schema and prefix.
   *
   * @param t the validated names
   */
  public Sql(Tables t) {
    String customer = t.table("customer");
    customerById = "SELECT version, doc FROM " + customer + " WHERE customer_id = ?";
    customersByIds =
        "SELECT customer_id, version, doc FROM " + customer + " WHERE customer_id = ANY(?::text[])";
    customerForUpdate = "SELECT doc FROM " + customer + " WHERE customer_id = ? FOR UPDATE";
    customerIds = "SELECT customer_id FROM " + customer + " ORDER BY customer_id LIMIT ?";
    customerIdsAfter =
        "SELECT customer_id FROM "
            + customer
            + " WHERE customer_id > ? ORDER BY customer_id LIMIT ?";
    customerVersion = "SELECT version FROM " + customer + " WHERE customer_id = ?";
    insertCustomer =
        "INSERT INTO "
            + customer
            + " (customer_id, version, doc) VALUES (?, 1, ?::jsonb)"
            + " ON CONFLICT (customer_id) DO NOTHING";
    updateCustomer =
        "UPDATE "
            + customer
            + " SET doc = ?::jsonb, version = version + 1 WHERE customer_id = ? AND version = ?";
    eraseCustomer =
        "UPDATE " + customer + " SET doc = ?::jsonb, version = version + 1 WHERE customer_id = ?";

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
            + " ON CONFLICT DO NOTHING";
    // the row stays under its customer's key: an interaction never changes hands
    updateInteraction =
        "UPDATE "
            + interaction
            + " SET doc = ?::jsonb, version = version + 1"
            + " WHERE customer_id = ? AND id = ? AND version = ?";
    scrubInteraction =
        "UPDATE "
            + interaction
            + " SET doc = ?::jsonb, version = version + 1 WHERE customer_id = ? AND id = ?";

    String journal = t.table("journal");
    String keys = t.table("idempotency_key");
    String outboxTable = t.table("outbox");
    journalOf =
        "SELECT doc FROM "
            + journal
            + " WHERE customer_id = ? AND position > ? ORDER BY position LIMIT ?";
    journalByKey =
        "SELECT j.doc FROM "
            + keys
            + " k JOIN "
            + journal
            + " j ON j.customer_id = k.customer_id AND j.position = k.position"
            + " WHERE k.idempotency_key = ?";
    lastPositionOf = "SELECT coalesce(max(position), 0) FROM " + journal + " WHERE customer_id = ?";
    existingKeys =
        "SELECT idempotency_key FROM " + keys + " WHERE idempotency_key = ANY (?::text[])";
    String state = t.table("care_state");
    String stateColumns =
        "customer_id, version, journal_length, stage, tier_floor, tier_below_since,"
            + " win_back_sent, advanced_until, next_due, attributes, referrer, manual_tier_mode,"
            + " manual_tier_until";
    String nextChange = "nextval('" + t.table("change_seq") + "')";
    careStateOf = "SELECT " + stateColumns + " FROM " + state + " WHERE customer_id = ?";
    // the nightly run's due index: care_state_due_ix (next_due, customer_id)
    dueCustomers =
        "SELECT customer_id FROM " + state + " WHERE next_due <= ? ORDER BY customer_id LIMIT ?";
    dueCustomersAfter =
        "SELECT customer_id FROM "
            + state
            + " WHERE next_due <= ? AND customer_id > ? ORDER BY customer_id LIMIT ?";
    // a lease is not a change: version and change_position stay as they are
    claimDueCustomers =
        "WITH picked AS (SELECT customer_id FROM "
            + state
            + " WHERE next_due <= ? AND (due_lease_until IS NULL OR due_lease_until <= ?)"
            + " ORDER BY next_due, customer_id LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " UPDATE "
            + state
            + " s SET due_lease_until = ? FROM picked WHERE s.customer_id = picked.customer_id"
            + " RETURNING s.customer_id";
    // a customer's care state, file, consumption and interactions in one round trip
    recordOf =
        "SELECT s.customer_id, s.version, s.journal_length, s.stage, s.tier_floor,"
            + " s.tier_below_since, s.win_back_sent, s.advanced_until, s.next_due, s.attributes,"
            + " s.referrer, s.manual_tier_mode, s.manual_tier_until,"
            + " c.version, c.doc,"
            + " (SELECT coalesce(json_agg(x.doc ORDER BY x.ord), '[]') FROM "
            + consumption
            + " x WHERE x.customer_id = k.id),"
            + " (SELECT coalesce(json_agg(i.doc ORDER BY i.first_written), '[]') FROM "
            + interaction
            + " i WHERE i.customer_id = k.id),"
            + " (SELECT coalesce(json_agg(t.doc ORDER BY t.ord), '[]') FROM "
            + t.table("care_task")
            + " t WHERE t.customer_id = k.id)"
            + " FROM (SELECT CAST(? AS text) COLLATE \"C\" AS id) k"
            + " LEFT JOIN "
            + state
            + " s ON s.customer_id = k.id"
            + " LEFT JOIN "
            + customer
            + " c ON c.customer_id = k.id";
    careStates = "SELECT " + stateColumns + " FROM " + state + " ORDER BY customer_id LIMIT ?";
    careStatesAfter =
        "SELECT "
            + stateColumns
            + " FROM "
            + state
            + " WHERE customer_id > ? ORDER BY customer_id LIMIT ?";
    careStateVersion = "SELECT version FROM " + state + " WHERE customer_id = ?";
    insertCareState =
        "INSERT INTO "
            + state
            + " (journal_length, stage, tier_floor, tier_below_since, win_back_sent,"
            + " advanced_until, next_due, attributes, referrer, manual_tier_mode,"
            + " manual_tier_until, customer_id, version, change_position)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, 1, "
            + nextChange
            + ") ON CONFLICT (customer_id) DO NOTHING";
    updateCareState =
        "UPDATE "
            + state
            + " SET journal_length = ?, stage = ?, tier_floor = ?, tier_below_since = ?,"
            + " win_back_sent = ?, advanced_until = ?, next_due = ?, attributes = ?::jsonb,"
            + " referrer = ?, manual_tier_mode = ?, manual_tier_until = ?,"
            + " due_lease_until = NULL,"
            + " version = version + 1, change_position = "
            + nextChange
            + " WHERE customer_id = ? AND version = ?";
    eraseCareState =
        "UPDATE "
            + state
            + " SET attributes = '{}'::jsonb, next_due = NULL, due_lease_until = NULL,"
            + " version = version + 1, change_position = "
            + nextChange
            + " WHERE customer_id = ?";
    // One statement for a unit's journal rows, idempotency keys and outbox messages (and, when the
    // unit writes one customer's state, that state). The rows go in only if every journal ends
    // where its writer expects (the last position of each is the one given). ok.fine false, fewer
    // keys than given or no state row written means a conflict. The unit's consumption records and
    // care actions go in with them, saving round trips.
    String actions = t.table("care_action");
    appendJournals = appendJournals(journal, keys, outboxTable, consumption, actions, null);
    // With the state: the state is written first, only if ok.fine and at the version read, and
    // everything else only if it was, so the statement writes all of the unit or nothing (a key
    // another command holds fails it as a whole): it can commit on its own, in one round trip.
    appendJournalsUpdatingState =
        appendJournals(
            journal,
            keys,
            outboxTable,
            consumption,
            actions,
            "UPDATE "
                + state
                + " SET journal_length = ?, stage = ?, tier_floor = ?, tier_below_since = ?,"
                + " win_back_sent = ?, advanced_until = ?, next_due = ?, attributes = ?::jsonb,"
                + " referrer = ?, manual_tier_mode = ?, manual_tier_until = ?,"
                + " due_lease_until = NULL,"
                + " version = version + 1, change_position = "
                + nextChange
                + " WHERE customer_id = ? AND version = ? AND (SELECT fine FROM ok) RETURNING 1");
    appendJournalsInsertingState =
        appendJournals(
            journal,
            keys,
            outboxTable,
            consumption,
            actions,
            "INSERT INTO "
                + state
                + " (journal_length, stage, tier_floor, tier_below_since, win_back_sent,"
                + " advanced_until, next_due, attributes, referrer, manual_tier_mode,"
                + " manual_tier_until, customer_id, version, change_position)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, 1, "
                + nextChange
                + " WHERE (SELECT fine FROM ok) ON CONFLICT (customer_id) DO NOTHING RETURNING 1");
    changesAfter =
        "SELECT change_position, customer_id, version FROM "
            + state
            + " WHERE change_position > ? ORDER BY change_position LIMIT ?";
    lastChangePosition = "SELECT coalesce(max(change_position), 0) FROM " + state;

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

    String counter = t.table("counter_shard");
    counterShards = "SELECT shard, value, version FROM " + counter + " WHERE counter = ?";
    counterShardVersion = "SELECT version FROM " + counter + " WHERE counter = ? AND shard = ?";
    insertCounterShard =
        "INSERT INTO "
            + counter
            + " (counter, shard, version, value) VALUES (?, ?, 1, ?) ON CONFLICT DO NOTHING";
    updateCounterShard =
        "UPDATE "
            + counter
            + " SET value = ?, version = version + 1"
            + " WHERE counter = ? AND shard = ? AND version = ?";

    String action = t.table("care_action");
    actionsOf = "SELECT doc FROM " + action + " WHERE customer_id = ? ORDER BY ord";
    insertAction =
        "INSERT INTO "
            + action
            + " (idempotency_key, customer_id, doc, due) VALUES (?, ?, ?::jsonb, ?)"
            + " ON CONFLICT (customer_id, idempotency_key) DO NOTHING";
    deleteActionsOf = "DELETE FROM " + action + " WHERE customer_id = ?";

    String task = t.table("care_task");
    tasksOf = "SELECT doc FROM " + task + " WHERE customer_id = ? ORDER BY ord";
    insertTask =
        "INSERT INTO "
            + task
            + " (idempotency_key, customer_id, doc, status, urgency, due)"
            + " VALUES (?, ?, ?::jsonb, ?, ?, ?)"
            + " ON CONFLICT (customer_id, idempotency_key) DO NOTHING";
    taskByKey = "SELECT doc FROM " + task + " WHERE customer_id = ? AND idempotency_key = ?";
    updateTask =
        "UPDATE "
            + task
            + " SET doc = ?::jsonb, status = ?, urgency = ?, due = ?"
            + " WHERE customer_id = ? AND idempotency_key = ?";
    // the queue: care_task_queue_ix (unfinished) or care_task_status_ix (one status)
    taskQueueHead = "SELECT doc FROM " + task + " WHERE status IN (";
    // the service report: care_action_due_ix and care_task_due_ix
    serviceCounts =
        "SELECT 'ACTION', split_part(idempotency_key, ':', 1), doc->>'targetLevel', count(*) FROM "
            + action
            + " WHERE due >= ? AND due < ? GROUP BY 2, 3"
            + " UNION ALL SELECT 'TASK', split_part(idempotency_key, ':', 1), doc->>'targetLevel',"
            + " count(*) FROM "
            + task
            + " WHERE due >= ? AND due < ? GROUP BY 2, 3";
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
            + " ON CONFLICT DO NOTHING";
    // the row stays under its holder's key: a voucher never changes holder or campaign
    updateVoucher =
        "UPDATE "
            + voucher
            + " SET doc = ?::jsonb, version = version + 1"
            + " WHERE customer_id = ? AND campaign_id = ? AND code = ? AND version = ?";

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
    // one probe of outbox_customer_ix per customer: a LATERAL subquery kept apart from the join
    // (OFFSET 0, so the planner does not flatten it). As "customer_id = ANY(?)" or a flattened
    // join, plans made from the outbox's fast-changing statistics combined the status and
    // finished indexes and filtered every recent delivery of every customer
    deliveredToAll =
        "SELECT c.id, o.doc FROM unnest(?::text[]) AS c(id) CROSS JOIN LATERAL (SELECT doc,"
            + " next_at, ord FROM "
            + outbox
            + " WHERE customer_id = c.id AND status = 'DELIVERED' AND next_at > ? OFFSET 0) AS o"
            + " ORDER BY o.next_at, o.ord";
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
    // the oldest finished messages, from the partial index outbox_finished_ix (V5); rows a
    // concurrent purge holds are skipped, not waited for
    purgeFinished =
        "DELETE FROM "
            + outbox
            + " WHERE id IN (SELECT id FROM "
            + outbox
            + " WHERE status IN ('DELIVERED', 'SUPPRESSED') AND next_at < ?"
            + " ORDER BY next_at, id LIMIT ? FOR UPDATE SKIP LOCKED)";
    messageById = "SELECT doc FROM " + outbox + " WHERE id = ?";
    // the status written into the text, so that the planner can take the status's partial index
    // (outbox_due_ix, outbox_finished_ix, outbox_failed_ix: V9)
    messagesByStatus = "SELECT doc FROM " + outbox + " WHERE status = '%s' ORDER BY ord";
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

  private static String appendJournals(
      String journal,
      String keys,
      String outbox,
      String consumption,
      String actions,
      String stateWrite) {
    boolean withState = stateWrite != null;
    // what the inserts wait for: the journals' ends, or (with the state) the state written
    String go = withState ? "go" : "ok";
    // each journal's end as a scalar subquery per customer (a backward probe of journal_pk):
    // unlike EXISTS, it cannot be planned as a hashed subplan reading the whole journal, which is
    // what a cached plan made while the table was new and not yet analysed did on every call
    return "WITH e AS (SELECT * FROM unnest(?::text[], ?::bigint[]) AS e(c, p)),"
        + " ok AS (SELECT coalesce(bool_and(coalesce((SELECT max(x.position) FROM "
        + journal
        + " x WHERE x.customer_id = e.c), 0) = e.p), true) AS fine FROM e),"
        + (withState
            ? " s AS (" + stateWrite + "), go AS (SELECT EXISTS (SELECT 1 FROM s) AS fine),"
            : "")
        + " j AS (INSERT INTO "
        + journal
        + " (customer_id, position, doc)"
        + " SELECT r.c, r.p, r.d FROM ROWS FROM (unnest(?::text[]), unnest(?::bigint[]),"
        + " jsonb_array_elements(?::jsonb))"
        + " WITH ORDINALITY AS r(c, p, d, n), "
        + go
        + " WHERE "
        + go
        + ".fine ORDER BY r.n RETURNING 1),"
        + " k AS (INSERT INTO "
        + keys
        + " (idempotency_key, customer_id, position)"
        + " SELECT x.k, x.c, x.p FROM unnest(?::text[], ?::text[], ?::bigint[]) AS x(k, c, p), "
        + go
        + " WHERE "
        + go
        + ".fine"
        // with the state a key held elsewhere fails the statement (nothing of it is written)
        + (withState ? "" : " ON CONFLICT DO NOTHING")
        + " RETURNING 1),"
        + " o AS (INSERT INTO "
        + outbox
        + " (id, customer_id, status, next_at, doc)"
        + " SELECT m.id, m.c, m.s, m.at, m.d FROM ROWS FROM (unnest(?::text[]), unnest(?::text[]),"
        + " unnest(?::text[]), unnest(?::numeric[]), jsonb_array_elements(?::jsonb))"
        + " WITH ORDINALITY AS m(id, c, s, at, d, n)"
        + (withState ? ", go WHERE go.fine" : "")
        + " ORDER BY m.n ON CONFLICT (id) DO NOTHING RETURNING 1),"
        + " cr AS (INSERT INTO "
        + consumption
        + " (record_id, customer_id, doc)"
        + " SELECT r.k, r.c, r.d FROM ROWS FROM (unnest(?::text[]), unnest(?::text[]),"
        + " jsonb_array_elements(?::jsonb))"
        + " WITH ORDINALITY AS r(k, c, d, n), "
        + go
        + " WHERE "
        + go
        + ".fine ORDER BY r.n RETURNING 1),"
        + " a AS (INSERT INTO "
        + actions
        + " (idempotency_key, customer_id, doc, due)"
        + " SELECT r.k, r.c, r.d, r.due FROM ROWS FROM (unnest(?::text[]), unnest(?::text[]),"
        + " jsonb_array_elements(?::jsonb), unnest(?::numeric[]))"
        + " WITH ORDINALITY AS r(k, c, d, due, n), "
        + go
        + " WHERE "
        + go
        + ".fine ORDER BY r.n"
        + " ON CONFLICT (customer_id, idempotency_key) DO NOTHING RETURNING 1)"
        + " SELECT (SELECT fine FROM ok), (SELECT count(*) FROM j), (SELECT count(*) FROM k),"
        + " (SELECT count(*) FROM cr), (SELECT count(*) FROM a)"
        + (withState ? ", (SELECT count(*) FROM s)" : "");
  }

  /**
   * The task queue query for a set of statuses: the statuses are written into the text (they are
   * enum names) so the planner can use the partial queue index for the unfinished ones. With {@code
   * after}, four parameters (urgency, due, customer, key) then the limit; without, the limit.
   *
   * @param statuses the statuses, in a fixed order
   * @param after whether the query starts after a cursor
   * @return the query text
   */
  public String taskQueue(java.util.List<String> statuses, boolean after) {
    return taskQueueHead
        + String.join(", ", statuses.stream().map(x -> "'" + x + "'").toList())
        + ")"
        + (after ? " AND (urgency, due, customer_id, idempotency_key) > (?, ?, ?, ?)" : "")
        + " ORDER BY urgency, due, customer_id, idempotency_key LIMIT ?";
  }
}
