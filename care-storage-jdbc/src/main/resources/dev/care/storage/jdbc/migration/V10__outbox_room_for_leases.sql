-- Room on each outbox page for the dispatcher's lease. A claim writes only claimed_until, which no
-- index holds, so PostgreSQL can keep the new row version on the same page without touching any
-- index (a heap-only update) -- but only if the page has room, and at the default fill factor
-- (100) every page is full when the claim comes, so each claim wrote a new entry into every
-- index of the table. New pages are now filled to half: a batch claims every message on a page,
-- and each needs room for its new version. Pages already written keep their rows.
ALTER TABLE ${prefix}outbox SET (fillfactor = 50);
