-- The care storage schema. Tables are named ${prefix}<name> in the schema Flyway was given.
-- Records are kept as JSON documents (jsonb) next to the columns the adapter filters, orders and
-- checks on. Ids compare in "C" collation, so paging order is code-point order as in memory.
-- There is no balance or total row anywhere: balances derive from the journal.

CREATE TABLE ${prefix}customer (
  id      text COLLATE "C" NOT NULL,
  version bigint NOT NULL,
  doc     jsonb NOT NULL,
  CONSTRAINT ${prefix}customer_pk PRIMARY KEY (id),
  CONSTRAINT ${prefix}customer_version_ck CHECK (version >= 1)
);

CREATE TABLE ${prefix}consumption (
  ord         bigint GENERATED ALWAYS AS IDENTITY,
  customer_id text COLLATE "C" NOT NULL,
  record_id   text COLLATE "C" NOT NULL,
  doc         jsonb NOT NULL,
  CONSTRAINT ${prefix}consumption_pk PRIMARY KEY (ord),
  CONSTRAINT ${prefix}consumption_record_uk UNIQUE (customer_id, record_id)
);

CREATE TABLE ${prefix}interaction (
  id            text COLLATE "C" NOT NULL,
  customer_id   text COLLATE "C" NOT NULL,
  version       bigint NOT NULL,
  first_written bigint GENERATED ALWAYS AS IDENTITY,
  doc           jsonb NOT NULL,
  CONSTRAINT ${prefix}interaction_pk PRIMARY KEY (id),
  CONSTRAINT ${prefix}interaction_version_ck CHECK (version >= 1)
);
CREATE INDEX ${prefix}interaction_customer_ix ON ${prefix}interaction (customer_id, first_written);

-- Append-only. A row is only ever inserted, right after its predecessor (seq - 1), and the
-- primary key makes two writers racing for the same position meet on one index entry: the
-- first to commit wins, the other gets a conflict. No row is ever updated.
CREATE TABLE ${prefix}journal (
  seq             bigint NOT NULL,
  idempotency_key text COLLATE "C",
  doc             jsonb NOT NULL,
  CONSTRAINT ${prefix}journal_pk PRIMARY KEY (seq),
  CONSTRAINT ${prefix}journal_seq_ck CHECK (seq >= 1),
  CONSTRAINT ${prefix}journal_idempotency_key_uk UNIQUE (idempotency_key)
);

CREATE TABLE ${prefix}segment (
  id         text COLLATE "C" NOT NULL,
  version    bigint NOT NULL,
  definition text NOT NULL,
  CONSTRAINT ${prefix}segment_pk PRIMARY KEY (id),
  CONSTRAINT ${prefix}segment_version_ck CHECK (version >= 1)
);

CREATE TABLE ${prefix}care_action (
  idempotency_key text COLLATE "C" NOT NULL,
  customer_id     text COLLATE "C" NOT NULL,
  ord             bigint GENERATED ALWAYS AS IDENTITY,
  doc             jsonb NOT NULL,
  CONSTRAINT ${prefix}care_action_pk PRIMARY KEY (idempotency_key)
);
CREATE INDEX ${prefix}care_action_customer_ix ON ${prefix}care_action (customer_id, ord);

CREATE TABLE ${prefix}care_task (
  idempotency_key text COLLATE "C" NOT NULL,
  customer_id     text COLLATE "C" NOT NULL,
  ord             bigint GENERATED ALWAYS AS IDENTITY,
  doc             jsonb NOT NULL,
  CONSTRAINT ${prefix}care_task_pk PRIMARY KEY (idempotency_key)
);
CREATE INDEX ${prefix}care_task_customer_ix ON ${prefix}care_task (customer_id, ord);

-- Instants are numeric epoch seconds with nine decimals: exact, ordered, and wide enough for
-- Instant.MIN..MAX. A claim (claimed_until) hides a pending message from other dispatchers.
CREATE TABLE ${prefix}outbox (
  id            text COLLATE "C" NOT NULL,
  ord           bigint GENERATED ALWAYS AS IDENTITY,
  customer_id   text COLLATE "C",
  status        text NOT NULL,
  next_at       numeric NOT NULL,
  claimed_until numeric,
  doc           jsonb NOT NULL,
  CONSTRAINT ${prefix}outbox_pk PRIMARY KEY (id),
  CONSTRAINT ${prefix}outbox_status_ck
    CHECK (status IN ('PENDING', 'DELIVERED', 'SUPPRESSED', 'FAILED'))
);
CREATE INDEX ${prefix}outbox_due_ix ON ${prefix}outbox (next_at, ord) WHERE status = 'PENDING';
CREATE INDEX ${prefix}outbox_status_ix ON ${prefix}outbox (status, ord);
CREATE INDEX ${prefix}outbox_customer_ix ON ${prefix}outbox (customer_id);
