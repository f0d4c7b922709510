-- Per-customer state (DESIGN.md, "State and scale"). Every customer-owned table's primary key
-- starts with customer_id, so the schema can be distributed by customer; a single-customer unit
-- of work touches only rows under its customer's key. Global uniqueness that the contract needs
-- (idempotency keys, interaction ids, voucher codes) lives in unique indexes of its own, named
-- *_uk, or in the idempotency_key table. V3.1 (a Java migration) moves the V2 journal over.

ALTER TABLE ${prefix}customer RENAME COLUMN id TO customer_id;

ALTER TABLE ${prefix}consumption DROP CONSTRAINT ${prefix}consumption_pk;
ALTER TABLE ${prefix}consumption DROP CONSTRAINT ${prefix}consumption_record_uk;
ALTER TABLE ${prefix}consumption
  ADD CONSTRAINT ${prefix}consumption_pk PRIMARY KEY (customer_id, record_id);
CREATE INDEX ${prefix}consumption_customer_ix ON ${prefix}consumption (customer_id, ord);

ALTER TABLE ${prefix}interaction DROP CONSTRAINT ${prefix}interaction_pk;
ALTER TABLE ${prefix}interaction
  ADD CONSTRAINT ${prefix}interaction_pk PRIMARY KEY (customer_id, id);
ALTER TABLE ${prefix}interaction ADD CONSTRAINT ${prefix}interaction_id_uk UNIQUE (id);

ALTER TABLE ${prefix}care_action DROP CONSTRAINT ${prefix}care_action_pk;
ALTER TABLE ${prefix}care_action
  ADD CONSTRAINT ${prefix}care_action_pk PRIMARY KEY (customer_id, idempotency_key);

ALTER TABLE ${prefix}care_task DROP CONSTRAINT ${prefix}care_task_pk;
ALTER TABLE ${prefix}care_task
  ADD CONSTRAINT ${prefix}care_task_pk PRIMARY KEY (customer_id, idempotency_key);

ALTER TABLE ${prefix}voucher DROP CONSTRAINT ${prefix}voucher_pk;
ALTER TABLE ${prefix}voucher ADD CONSTRAINT ${prefix}voucher_pk PRIMARY KEY (customer_id, code);
ALTER TABLE ${prefix}voucher ADD CONSTRAINT ${prefix}voucher_code_uk UNIQUE (code);

-- The V2 journal (one global sequence) stays until V3.1 has copied it, then goes.
ALTER TABLE ${prefix}journal RENAME TO ${prefix}journal_v2;
ALTER TABLE ${prefix}journal_v2 RENAME CONSTRAINT ${prefix}journal_pk TO ${prefix}journal_v2_pk;
ALTER TABLE ${prefix}journal_v2 RENAME CONSTRAINT ${prefix}journal_seq_ck TO ${prefix}journal_v2_seq_ck;
ALTER TABLE ${prefix}journal_v2
  RENAME CONSTRAINT ${prefix}journal_idempotency_key_uk TO ${prefix}journal_v2_idempotency_key_uk;

-- One journal per customer, append-only: a row is inserted only right after its predecessor
-- (position - 1) of the same customer, and two writers racing for one position meet on one
-- primary key entry. A transfer's row is also appended to the receiver's journal, unchanged.
CREATE TABLE ${prefix}journal (
  customer_id text COLLATE "C" NOT NULL,
  position    bigint NOT NULL,
  doc         jsonb NOT NULL,
  CONSTRAINT ${prefix}journal_pk PRIMARY KEY (customer_id, position),
  CONSTRAINT ${prefix}journal_position_ck CHECK (position >= 1)
);

-- Idempotency keys are unique across the programme: one row per command, pointing at the
-- journal row of the customer whose command it was. Keyed by the key (a global index).
CREATE TABLE ${prefix}idempotency_key (
  idempotency_key text COLLATE "C" NOT NULL,
  customer_id     text COLLATE "C" NOT NULL,
  position        bigint NOT NULL,
  CONSTRAINT ${prefix}idempotency_key_pk PRIMARY KEY (idempotency_key)
);

-- The change feed's positions. nextval never waits for another transaction, so it does not
-- serialise writers; positions may become visible out of commit order (see PostgresStorage).
CREATE SEQUENCE ${prefix}change_seq AS bigint;

-- One versioned care state per customer (dev.care.core.state.CareState). Instants are numeric
-- epoch seconds with nine decimals, as in the outbox.
CREATE TABLE ${prefix}care_state (
  customer_id      text COLLATE "C" NOT NULL,
  version          bigint NOT NULL,
  journal_length   bigint NOT NULL,
  stage            text,
  tier_floor       text,
  tier_below_since numeric,
  win_back_sent    numeric,
  advanced_until   numeric NOT NULL,
  next_due         numeric,
  attributes       jsonb NOT NULL,
  change_position  bigint NOT NULL,
  CONSTRAINT ${prefix}care_state_pk PRIMARY KEY (customer_id),
  CONSTRAINT ${prefix}care_state_version_ck CHECK (version >= 1),
  CONSTRAINT ${prefix}care_state_journal_length_ck CHECK (journal_length >= 0)
);
CREATE UNIQUE INDEX ${prefix}care_state_change_ix ON ${prefix}care_state (change_position);
CREATE INDEX ${prefix}care_state_due_ix ON ${prefix}care_state (next_due, customer_id)
  WHERE next_due IS NOT NULL;
