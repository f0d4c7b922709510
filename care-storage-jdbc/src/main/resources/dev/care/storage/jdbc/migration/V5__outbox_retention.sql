-- Outbox retention: finished (delivered or suppressed) messages are purged oldest final attempt
-- first, in bounded batches; this index serves that DELETE without scanning the outbox.
-- (V5, not V4: V4 is left to the due-index migration being written at the same time.)
CREATE INDEX ${prefix}outbox_finished_ix ON ${prefix}outbox (next_at, id)
  WHERE status IN ('DELIVERED', 'SUPPRESSED');
