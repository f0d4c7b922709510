/**
 * The PostgreSQL adapter of the storage SPI: {@link dev.care.storage.jdbc.PostgresStorage} keeps
 * every store in tables created by Flyway migrations shipped in the jar, on a HikariCP pool or any
 * {@link javax.sql.DataSource} you pass in. One unit of work is one database transaction; writes
 * are checked by version columns and serialization failures are retried under a {@link
 * dev.care.storage.jdbc.RetryPolicy}.
 *
 * <h2>Schema (version 3)</h2>
 *
 * <table>
 *   <caption>Tables and primary keys</caption>
 *   <tr><th>table</th><th>primary key</th><th>other unique or ordering indexes</th></tr>
 *   <tr><td>customer</td><td>customer_id</td><td></td></tr>
 *   <tr><td>care_state</td><td>customer_id</td><td>change_position (the change feed);
 *       next_due (the due index)</td></tr>
 *   <tr><td>journal</td><td>(customer_id, position)</td><td></td></tr>
 *   <tr><td>consumption</td><td>(customer_id, record_id)</td><td>(customer_id, ord)</td></tr>
 *   <tr><td>interaction</td><td>(customer_id, id)</td><td>unique id</td></tr>
 *   <tr><td>care_action, care_task</td><td>(customer_id, idempotency_key)</td>
 *       <td>(customer_id, ord); due (the service report, V7); care_task also the task queue
 *       (urgency, due, customer_id, idempotency_key) of unfinished tasks and the same per status
 *       (V7)</td></tr>
 *   <tr><td>voucher</td><td>(customer_id, code)</td><td>unique code; (campaign_id, issued_ord)</td>
 *       </tr>
 *   <tr><td>idempotency_key</td><td>idempotency_key</td><td>points at (customer_id, position)</td>
 *       </tr>
 *   <tr><td>outbox</td><td>id</td><td>due order (next_at, id) of pending messages; (customer_id,
 *       status, next_at)</td></tr>
 *   <tr><td>segment</td><td>id</td><td></td></tr>
 * </table>
 *
 * <p>Every customer-owned table's key starts with {@code customer_id}, and every statement a
 * single-customer unit of work runs is narrowed to that customer's rows ({@code customer_id = ?}),
 * or to rows found through a global unique key that belong to that customer (an idempotency key, an
 * interaction id, a voucher code). {@code CustomerScopeIT} checks both: the keys from the
 * catalogue, and the statements under a row-level security policy that fails any statement touching
 * another customer's row. No row is written by every writer: balances and programme totals derive
 * from the journals; the only programme-wide counters are sequences ({@code nextval} never waits
 * for another transaction): the change feed position and the {@code ord} columns that keep
 * insertion order.
 *
 * <h2>On distributed SQL (Citus, YugabyteDB, CockroachDB)</h2>
 *
 * The same schema and statements are meant to run sharded by customer. What that takes:
 *
 * <ul>
 *   <li><b>Distribution column {@code customer_id}</b> for customer, care_state, journal,
 *       consumption, interaction, care_action, care_task and voucher, all colocated (Citus: {@code
 *       create_distributed_table(t, 'customer_id', colocate_with => 'customer')}; YugabyteDB: hash
 *       sharding on the first key column is the default; CockroachDB: ranges split by the primary
 *       key, optionally hash-sharded). A single-customer command's statements then go to one shard
 *       (Citus routes each to one worker).
 *   <li><b>Global indexes</b>, which cannot live inside a customer's shard: the idempotency keys
 *       (already a table of their own keyed by the key — on Citus a table distributed by the key,
 *       so a command's unit writes two shards in one distributed transaction), the voucher code and
 *       interaction id unique constraints (YugabyteDB and CockroachDB keep unique secondary indexes
 *       globally; Citus cannot enforce a unique index without the distribution column, so there
 *       they become lookup tables keyed by code and by id, like the idempotency keys, and {@link
 *       dev.care.storage.CareStorage#voucher(String)} and {@code interaction(String)} read through
 *       them), and the outbox.
 *   <li><b>The outbox claim</b> ({@code FOR UPDATE SKIP LOCKED} over pending messages in due order)
 *       spans customers. Distribute the outbox by message id (or customer) and claim per shard or
 *       per bucket: add a bucket column (a hash of the id modulo N) to the due index and let each
 *       dispatcher claim {@code WHERE bucket = ?} for the buckets it leases. Citus does not take
 *       row locks with SKIP LOCKED in multi-shard queries; recent YugabyteDB and CockroachDB
 *       versions support {@code SKIP LOCKED} (check the one you run).
 *   <li><b>The change feed and the due index</b> read {@code care_state} across shards ordered by
 *       {@code change_position} or {@code next_due}: multi-shard reads, merged by the coordinator,
 *       which is fine for a paged feed but better done per shard. Sequences on these systems hand
 *       out numbers from per-node caches, so positions are unique but not in commit order across
 *       nodes: widen the re-read window of {@link dev.care.storage.CareStorage#changes} to the
 *       cache, or replace the feed with the database's change data capture (Citus logical
 *       replication, YugabyteDB CDC, CockroachDB changefeeds). The {@code ord} columns only order
 *       one customer's rows; per-node sequence caches may reorder two rows of one customer written
 *       on different nodes, so there a per-customer counter in the care state should replace them.
 *   <li><b>The staff task queue and the service counts</b> ({@code care_task_queue_ix}, the {@code
 *       due} indexes) read {@code care_task} and {@code care_action} across shards: a merged
 *       multi-shard read of one page (the coordinator merges per-shard index scans in the queue's
 *       order) and a grouped count summed per shard; the cursor is a row value, so no offset is
 *       carried between pages.
 *   <li><b>Transfers</b> touch two customers: a distributed transaction over two shards, locking
 *       the two care states in customer order as here.
 *   <li><b>Statements</b>: the unit's journal rows, idempotency keys and outbox messages go in one
 *       statement with data-modifying CTEs over {@code unnest} arrays, the documents as one JSON
 *       array per table zipped with them by {@code ROWS FROM (unnest(...),
 *       jsonb_array_elements(...)) WITH ORDINALITY} (where {@code ROWS FROM} of several functions
 *       is missing, a join of each function {@code WITH ORDINALITY} on the ordinal says the same).
 *       CockroachDB and YugabyteDB accept such statements; Citus routes a modifying CTE only when
 *       all of it goes to one shard, so there it splits into one statement per table (still
 *       batched). CockroachDB runs SERIALIZABLE by default: its restarts surface as serialization
 *       failures (SQLSTATE 40001), which the {@link dev.care.storage.jdbc.RetryPolicy} already
 *       retries; {@code COLLATE "C"} columns become plain strings (bytewise order is its default).
 *       Segment definitions are a small reference table. Flyway supports all three (CockroachDB and
 *       YugabyteDB through their Flyway database modules). A unit of one customer's command (its
 *       journal rows, keys, messages, consumption, care actions and care state) is that one
 *       statement alone, gated on the state's version so that it writes all or nothing, and runs
 *       with auto-commit on: one round trip per command besides the read. The hot statements are
 *       written so that their plans probe the primary and customer indexes whatever the statistics
 *       say (a statement's plan is cached per connection, possibly from a table still new and never
 *       analysed): a scalar subquery per customer for a journal's end, a batch of primary-key
 *       updates for outbox outcomes, a fenced {@code LATERAL} probe per customer for recent
 *       deliveries.
 * </ul>
 */
package dev.care.storage.jdbc;
