-- The outbox's writes touch one index fewer. Every message is inserted once, leased once and given
-- its outcome once (status and next_at, both indexed), and each of these writes maintained every
-- index of the table. The status index served only the listing of messages by status: pending
-- messages have their partial index (outbox_due_ix), which the listing now uses with the status
-- written into its text; failed ones (few, and the ones an operator lists) get their own small
-- partial index; finished ones are most of the table, read through outbox_finished_ix or in full.
DROP INDEX ${prefix}outbox_status_ix;
CREATE INDEX ${prefix}outbox_failed_ix ON ${prefix}outbox (ord) WHERE status = 'FAILED';
