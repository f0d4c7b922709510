-- The staff task queue (CareStorage.tasks): a task's status, urgency and due instant become
-- columns, so the queue across customers is one index range scan in the queue's order (most urgent
-- first, then earliest due, then customer and key), never a read of every customer's tasks.
-- urgency is 3 minus the priority's rank: 0 = URGENT ... 3 = LOW, so the order is ascending.
-- Instants are numeric epoch seconds, as everywhere in this schema.
ALTER TABLE ${prefix}care_task ADD COLUMN status text COLLATE "C";
ALTER TABLE ${prefix}care_task ADD COLUMN urgency smallint;
ALTER TABLE ${prefix}care_task ADD COLUMN due numeric;

-- Tasks written before tasks had a life are open (assigned when they named an assignee); their
-- documents get the status the record now requires.
UPDATE ${prefix}care_task SET
  status = CASE WHEN doc->'assignee' IS NULL OR doc->'assignee' = 'null'::jsonb
                THEN 'OPEN' ELSE 'ASSIGNED' END,
  urgency = CASE doc->>'priority' WHEN 'URGENT' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'NORMAL' THEN 2
                ELSE 3 END,
  due = EXTRACT(EPOCH FROM (doc->>'due')::timestamptz)::numeric;
UPDATE ${prefix}care_task SET doc = jsonb_set(doc, '{status}', to_jsonb(status));

ALTER TABLE ${prefix}care_task ALTER COLUMN status SET NOT NULL;
ALTER TABLE ${prefix}care_task ALTER COLUMN urgency SET NOT NULL;
ALTER TABLE ${prefix}care_task ALTER COLUMN due SET NOT NULL;
ALTER TABLE ${prefix}care_task ADD CONSTRAINT ${prefix}care_task_status_ck
  CHECK (status IN ('OPEN', 'ASSIGNED', 'DONE', 'CANCELLED') AND urgency BETWEEN 0 AND 3);

-- the queue of unfinished tasks (what staff work from), and any one status's list
CREATE INDEX ${prefix}care_task_queue_ix
  ON ${prefix}care_task (urgency, due, customer_id, idempotency_key)
  WHERE status IN ('OPEN', 'ASSIGNED');
CREATE INDEX ${prefix}care_task_status_ix
  ON ${prefix}care_task (status, urgency, due, customer_id, idempotency_key);

-- The service report (CareStorage.serviceCounts) counts a period's actions and tasks by their due
-- instant: care actions get the column too, and both an index on it.
ALTER TABLE ${prefix}care_action ADD COLUMN due numeric;
UPDATE ${prefix}care_action SET due = EXTRACT(EPOCH FROM (doc->>'due')::timestamptz)::numeric;
ALTER TABLE ${prefix}care_action ALTER COLUMN due SET NOT NULL;
CREATE INDEX ${prefix}care_action_due_ix ON ${prefix}care_action (due);
CREATE INDEX ${prefix}care_task_due_ix ON ${prefix}care_task (due);
