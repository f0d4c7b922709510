-- E-vouchers (versioned like customers: of two racing redemptions only one commits), and the
-- outbox indexes for the due order (next attempt, then id) and for deliveries per customer.

CREATE TABLE ${prefix}voucher (
  code        text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  campaign_id text COLLATE "C" NOT NULL,
  version     bigint NOT NULL,
  issued_ord  bigint GENERATED ALWAYS AS IDENTITY,
  doc         jsonb NOT NULL,
  CONSTRAINT ${prefix}voucher_pk PRIMARY KEY (code),
  CONSTRAINT ${prefix}voucher_version_ck CHECK (version >= 1)
);
CREATE INDEX ${prefix}voucher_customer_ix ON ${prefix}voucher (customer_id, issued_ord);
CREATE INDEX ${prefix}voucher_campaign_ix ON ${prefix}voucher (campaign_id, issued_ord);

DROP INDEX ${prefix}outbox_due_ix;
CREATE INDEX ${prefix}outbox_due_ix ON ${prefix}outbox (next_at, id) WHERE status = 'PENDING';
DROP INDEX ${prefix}outbox_customer_ix;
CREATE INDEX ${prefix}outbox_customer_ix ON ${prefix}outbox (customer_id, status, next_at);
