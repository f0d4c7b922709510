-- The nightly run claims due customers with a lease (CareStorage.claimDueCustomers), so several
-- application instances split one night's customers; a lease is not a care-state change.
ALTER TABLE ${prefix}care_state ADD COLUMN due_lease_until numeric;

-- Care states written before the due index was computed (the V3.1 migration left next_due empty)
-- fall due where they were advanced to: the first run computes their real next due instant.
UPDATE ${prefix}care_state SET next_due = advanced_until WHERE next_due IS NULL;
