-- Credit (issue #6), two small additions in the migration number reserved for them:
--
-- 1. Routine collection reminders (DOMAIN §4): the daily collections job raises each reminder
--    step once per invoice (the customer's oldest open invoice drives the step). This ledger is
--    what makes the job idempotent: a rerun the same or the next day finds the step raised, a
--    higher step later is a new row. Steps raised by a broken promise are recorded here too.
CREATE TABLE collection_reminders (
  id             bigserial PRIMARY KEY,
  customer_id    bigint NOT NULL REFERENCES customers(id),
  invoice_id     bigint NOT NULL REFERENCES invoices(id),
  step           text NOT NULL CHECK (step IN ('gentle', 'reminder', 'call', 'escalation')),
  days_past_due  int NOT NULL,
  raised_on      date NOT NULL,
  raised_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (invoice_id, step)
);
CREATE INDEX collection_reminders_customer_idx ON collection_reminders (customer_id, raised_on DESC);

-- 2. Imports: external ratings and financial-statement ratios become importable entities,
--    beside customers, products, leads and touches.
ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_entity_check;
ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_entity_check
  CHECK (entity IN ('customers', 'products', 'leads', 'touches', 'credit_ratings', 'financial_ratios'));

ALTER TABLE import_templates DROP CONSTRAINT import_templates_entity_check;
ALTER TABLE import_templates ADD CONSTRAINT import_templates_entity_check
  CHECK (entity IN ('customers', 'products', 'leads', 'touches', 'credit_ratings', 'financial_ratios'));
