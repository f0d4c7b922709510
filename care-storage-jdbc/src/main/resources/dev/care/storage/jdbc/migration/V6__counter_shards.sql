-- Program-wide counters (a calendar month's goodwill budget) split into shards: writers start at a
-- hash of their customer, so no single row is every writer's; each shard is written with its
-- version (CareStorage.counterShards, UnitOfWork.putCounterShard).
CREATE TABLE ${prefix}counter_shard (
  counter text COLLATE "C" NOT NULL,
  shard   integer NOT NULL,
  version bigint NOT NULL,
  value   bigint NOT NULL,
  CONSTRAINT ${prefix}counter_shard_pk PRIMARY KEY (counter, shard),
  CONSTRAINT ${prefix}counter_shard_ck CHECK (shard BETWEEN 0 AND 1023 AND version >= 1)
);
