-- The care state's referrer (the customer who referred this one, set at registration) and the
-- manual tier staff set until an instant: tier_floor (V3) now holds the manual tier, with its mode
-- (FLOOR or FIXED) and the instant it ends (dev.care.core.state.CareState, ManualTier). A floor
-- stored before V8 had no end and no mode: it becomes a floor that never ends.
ALTER TABLE ${prefix}care_state
  ADD COLUMN referrer text COLLATE "C",
  ADD COLUMN manual_tier_mode text,
  ADD COLUMN manual_tier_until numeric;
UPDATE ${prefix}care_state
  SET manual_tier_mode = 'FLOOR', manual_tier_until = 253402300799
  WHERE tier_floor IS NOT NULL;
ALTER TABLE ${prefix}care_state
  ADD CONSTRAINT ${prefix}care_state_manual_tier_ck
  CHECK ((tier_floor IS NULL) = (manual_tier_mode IS NULL)
     AND (tier_floor IS NULL) = (manual_tier_until IS NULL));
