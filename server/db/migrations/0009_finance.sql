-- Finance: VAT invoices from shipments, credit notes, payments and their allocation to
-- invoices, write-offs with approval, sales returns held for inspection, and a double-entry
-- ledger of receivables (SPEC §2.2, DOMAIN "Money", §4, §8).
--
-- Amounts are integers in the minor unit of the document's currency (fen for CNY, cents for
-- USD/EUR); *_cny_fen columns are the company-currency amounts, derived exactly with the
-- document's exchange rate (CNY per unit of the currency on the document date; 1 for CNY).
-- The ledger is kept in CNY fen only.
--
-- Document numbers (INV-, CN-, PMT-, WO-, RT-YYYYMMDD-NNNN) come from platform/numbering.ts.

-- ---------------------------------------------------------------------------------------
-- Ledger: journals and their entries are append-only; a correction is a reversal journal.

CREATE TABLE ledger_accounts (
  code     text PRIMARY KEY,
  kind     text NOT NULL CHECK (kind IN ('asset', 'liability', 'revenue', 'contra_revenue', 'expense')),
  name_zh  text NOT NULL,
  name_en  text NOT NULL
);
INSERT INTO ledger_accounts (code, kind, name_zh, name_en) VALUES
  ('AR', 'asset', '应收账款', 'Accounts receivable'),
  ('CASH', 'asset', '银行存款', 'Cash at bank'),
  ('NOTES_RECEIVABLE', 'asset', '应收票据', 'Notes receivable (acceptance bills)'),
  ('CUSTOMER_CREDIT', 'liability', '预收账款（客户余额）', 'Customer credit (unapplied receipts)'),
  ('VAT_OUTPUT', 'liability', '应交税费—销项税额', 'Output VAT'),
  ('REVENUE', 'revenue', '主营业务收入', 'Sales revenue'),
  ('SALES_RETURNS', 'contra_revenue', '销售退回', 'Sales returns'),
  ('BAD_DEBT_EXPENSE', 'expense', '坏账损失', 'Bad debt expense'),
  ('FX_DIFFERENCE', 'expense', '汇兑及尾差损益', 'Exchange and rounding differences');

CREATE TABLE journals (
  id               bigserial PRIMARY KEY,
  business_date    date NOT NULL,
  source_type      text NOT NULL CHECK (source_type IN ('invoice', 'invoice_cancellation', 'credit_note', 'payment',
                                                        'allocation', 'write_off', 'reversal')),
  source_id        bigint NOT NULL,
  document_number  text,
  description      text NOT NULL,
  -- A reversal journal mirrors the journal it corrects; each journal is reversed at most once.
  reversal_of      bigint UNIQUE REFERENCES journals(id) DEFERRABLE,
  created_by       bigint REFERENCES users(id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX journals_source_idx ON journals (source_type, source_id);
CREATE INDEX journals_date_idx ON journals (business_date);

CREATE TABLE ledger_entries (
  id           bigserial PRIMARY KEY,
  journal_id   bigint NOT NULL REFERENCES journals(id),
  account      text NOT NULL REFERENCES ledger_accounts(code),
  -- The customer of receivable and customer-credit entries (the sub-ledger key).
  customer_id  bigint REFERENCES customers(id),
  debit_fen    bigint NOT NULL DEFAULT 0 CHECK (debit_fen >= 0),
  credit_fen   bigint NOT NULL DEFAULT 0 CHECK (credit_fen >= 0),
  CONSTRAINT ledger_entry_one_side CHECK ((debit_fen > 0) <> (credit_fen > 0)),
  CONSTRAINT ledger_entry_customer CHECK (account NOT IN ('AR', 'CUSTOMER_CREDIT') OR customer_id IS NOT NULL)
);
CREATE INDEX ledger_entries_journal_idx ON ledger_entries (journal_id);
CREATE INDEX ledger_entries_customer_idx ON ledger_entries (customer_id, account) WHERE customer_id IS NOT NULL;

-- Checked at commit: a journal has entries, and its debits equal its credits.
CREATE FUNCTION ledger_check_journal_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target bigint;
  debits bigint;
  credits bigint;
  entries integer;
BEGIN
  -- Separate statements: PL/pgSQL resolves NEW's fields only in the branch that runs.
  IF TG_TABLE_NAME = 'journals' THEN
    target := NEW.id;
  ELSE
    target := NEW.journal_id;
  END IF;
  SELECT coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0), count(*)
    INTO debits, credits, entries
    FROM ledger_entries WHERE journal_id = target;
  IF entries < 2 OR debits <> credits THEN
    RAISE EXCEPTION 'journal % does not balance: % entries, debits % fen, credits % fen', target, entries, debits, credits
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_balances';
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER journal_balances AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_journal_balance();
CREATE CONSTRAINT TRIGGER journal_has_entries AFTER INSERT ON journals
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_journal_balance();

CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger postings are never changed or deleted; post a reversal journal instead'
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER journals_immutable BEFORE UPDATE OR DELETE ON journals
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journals_no_truncate BEFORE TRUNCATE ON journals
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- ---------------------------------------------------------------------------------------
-- Invoices (VAT, from shipped shipments). open_amount = gross − paid − credited − written off
-- is kept by the same UPDATE that settles, and can never go below zero.

CREATE TABLE invoices (
  id                  bigserial PRIMARY KEY,
  number              text NOT NULL UNIQUE,
  customer_id         bigint NOT NULL REFERENCES customers(id),
  -- The shipment's (order's) region: row-level scope filters on it.
  region_id           bigint NOT NULL REFERENCES regions(id),
  shipment_id         bigint NOT NULL REFERENCES shipments(id),
  order_id            bigint NOT NULL REFERENCES sales_orders(id),
  currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  exchange_rate       numeric(18, 8) NOT NULL CHECK (exchange_rate > 0),
  invoice_date        date NOT NULL,
  due_date            date NOT NULL,
  -- The Golden Tax (金税) invoice number, entered once the VAT invoice is printed.
  vat_invoice_number  text,
  status              text NOT NULL DEFAULT 'open'
                        CHECK (status IN ('open', 'partially_paid', 'paid', 'written_off', 'cancelled')),
  net_amount          bigint NOT NULL CHECK (net_amount >= 0),
  tax_amount          bigint NOT NULL CHECK (tax_amount >= 0),
  gross_amount        bigint NOT NULL,
  net_cny_fen         bigint NOT NULL CHECK (net_cny_fen >= 0),
  tax_cny_fen         bigint NOT NULL CHECK (tax_cny_fen >= 0),
  gross_cny_fen       bigint NOT NULL,
  cost_cny_fen        bigint NOT NULL CHECK (cost_cny_fen >= 0),
  paid_amount         bigint NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),
  credited_amount     bigint NOT NULL DEFAULT 0 CHECK (credited_amount >= 0),
  written_off_amount  bigint NOT NULL DEFAULT 0 CHECK (written_off_amount >= 0),
  open_amount         bigint NOT NULL,
  open_cny_fen        bigint NOT NULL,
  note                text,
  cancelled_on        date,
  cancel_reason       text,
  journal_id          bigint REFERENCES journals(id),
  created_by          bigint REFERENCES users(id),
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (gross_amount = net_amount + tax_amount AND gross_cny_fen = net_cny_fen + tax_cny_fen),
  CHECK (due_date >= invoice_date),
  CONSTRAINT invoice_open_amount CHECK (open_amount >= 0
    AND open_amount = gross_amount - paid_amount - credited_amount - written_off_amount),
  CHECK (open_cny_fen >= 0 AND open_cny_fen <= gross_cny_fen),
  CHECK (status <> 'cancelled' OR (cancelled_on IS NOT NULL AND open_amount = gross_amount)),
  CHECK (status NOT IN ('paid', 'written_off') OR open_amount = 0)
);
CREATE UNIQUE INDEX invoices_vat_number_key ON invoices (vat_invoice_number) WHERE vat_invoice_number IS NOT NULL;
CREATE INDEX invoices_customer_idx ON invoices (customer_id, invoice_date);
CREATE INDEX invoices_region_idx ON invoices (region_id, invoice_date);
CREATE INDEX invoices_shipment_idx ON invoices (shipment_id);
CREATE INDEX invoices_open_idx ON invoices (customer_id, due_date) WHERE open_amount > 0;

CREATE TABLE invoice_lines (
  id                    bigserial PRIMARY KEY,
  invoice_id            bigint NOT NULL REFERENCES invoices(id),
  line_no               integer NOT NULL,
  shipment_line_id      bigint NOT NULL REFERENCES shipment_lines(id),
  order_line_id         bigint NOT NULL REFERENCES sales_order_lines(id),
  product_id            bigint NOT NULL REFERENCES products(id),
  lot_id                bigint NOT NULL REFERENCES lots(id),
  quantity              integer NOT NULL CHECK (quantity > 0),
  unit_price            bigint NOT NULL CHECK (unit_price >= 0),
  discount_rate         numeric(5, 4) NOT NULL,
  vat_rate              numeric(5, 4) NOT NULL,
  net_amount            bigint NOT NULL CHECK (net_amount >= 0),
  tax_amount            bigint NOT NULL CHECK (tax_amount >= 0),
  net_cny_fen           bigint NOT NULL CHECK (net_cny_fen >= 0),
  tax_cny_fen           bigint NOT NULL CHECK (tax_cny_fen >= 0),
  unit_cost_fen         bigint NOT NULL CHECK (unit_cost_fen >= 0),
  cost_cny_fen          bigint NOT NULL CHECK (cost_cny_fen >= 0),
  -- What credit notes have taken back from this line so far (document currency).
  credited_quantity     integer NOT NULL DEFAULT 0,
  credited_net_amount   bigint NOT NULL DEFAULT 0,
  credited_tax_amount   bigint NOT NULL DEFAULT 0,
  -- False once the invoice is cancelled, so that the shipment line can be invoiced again.
  is_active             boolean NOT NULL DEFAULT true,
  UNIQUE (invoice_id, line_no),
  CHECK (credited_quantity BETWEEN 0 AND quantity),
  CHECK (credited_net_amount BETWEEN 0 AND net_amount),
  CHECK (credited_tax_amount BETWEEN 0 AND tax_amount)
);
-- A shipment line is invoiced at most once.
CREATE UNIQUE INDEX invoice_lines_shipment_line_once ON invoice_lines (shipment_line_id) WHERE is_active;
CREATE INDEX invoice_lines_invoice_idx ON invoice_lines (invoice_id);

-- ---------------------------------------------------------------------------------------
-- Credit notes (红字发票) against one invoice, at that invoice's exchange rate. They reduce
-- revenue (or book a sales return) and are applied to invoices like a negative invoice.

CREATE TABLE credit_notes (
  id               bigserial PRIMARY KEY,
  number           text NOT NULL UNIQUE,
  invoice_id       bigint NOT NULL REFERENCES invoices(id),
  customer_id      bigint NOT NULL REFERENCES customers(id),
  region_id        bigint NOT NULL REFERENCES regions(id),
  kind             text NOT NULL CHECK (kind IN ('adjustment', 'return')),
  -- The sales return a 'return' credit note was issued for (foreign key below).
  return_id        bigint,
  currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  exchange_rate    numeric(18, 8) NOT NULL CHECK (exchange_rate > 0),
  credit_date      date NOT NULL,
  reason           text NOT NULL,
  vat_invoice_number text,
  net_amount       bigint NOT NULL CHECK (net_amount >= 0),
  tax_amount       bigint NOT NULL CHECK (tax_amount >= 0),
  gross_amount     bigint NOT NULL CHECK (gross_amount > 0),
  net_cny_fen      bigint NOT NULL CHECK (net_cny_fen >= 0),
  tax_cny_fen      bigint NOT NULL CHECK (tax_cny_fen >= 0),
  gross_cny_fen    bigint NOT NULL,
  cost_cny_fen     bigint NOT NULL DEFAULT 0 CHECK (cost_cny_fen >= 0),
  applied_amount   bigint NOT NULL DEFAULT 0,
  open_amount      bigint NOT NULL,
  open_cny_fen     bigint NOT NULL,
  journal_id       bigint REFERENCES journals(id),
  created_by       bigint REFERENCES users(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (gross_amount = net_amount + tax_amount AND gross_cny_fen = net_cny_fen + tax_cny_fen),
  CONSTRAINT credit_note_open_amount CHECK (applied_amount >= 0 AND open_amount >= 0
    AND open_amount = gross_amount - applied_amount),
  CHECK (open_cny_fen >= 0 AND open_cny_fen <= gross_cny_fen)
);
CREATE INDEX credit_notes_invoice_idx ON credit_notes (invoice_id);
CREATE INDEX credit_notes_customer_idx ON credit_notes (customer_id, credit_date);

CREATE TABLE credit_note_lines (
  id               bigserial PRIMARY KEY,
  credit_note_id   bigint NOT NULL REFERENCES credit_notes(id),
  line_no          integer NOT NULL,
  invoice_line_id  bigint NOT NULL REFERENCES invoice_lines(id),
  -- Units taken back (a return or a full line credit); 0 for a price allowance.
  quantity         integer NOT NULL CHECK (quantity >= 0),
  net_amount       bigint NOT NULL CHECK (net_amount >= 0),
  tax_amount       bigint NOT NULL CHECK (tax_amount >= 0),
  net_cny_fen      bigint NOT NULL CHECK (net_cny_fen >= 0),
  tax_cny_fen      bigint NOT NULL CHECK (tax_cny_fen >= 0),
  cost_cny_fen     bigint NOT NULL CHECK (cost_cny_fen >= 0),
  UNIQUE (credit_note_id, line_no),
  CHECK (net_amount + tax_amount > 0)
);
CREATE INDEX credit_note_lines_invoice_line_idx ON credit_note_lines (invoice_line_id);

-- ---------------------------------------------------------------------------------------
-- Payments received. An amount not (yet) allocated to invoices is the customer's credit.

CREATE TABLE payments (
  id                  bigserial PRIMARY KEY,
  number              text NOT NULL UNIQUE,
  customer_id         bigint NOT NULL REFERENCES customers(id),
  region_id           bigint NOT NULL REFERENCES regions(id),
  method              text NOT NULL CHECK (method IN ('bank_transfer', 'acceptance_bill', 'cash')),
  currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  exchange_rate       numeric(18, 8) NOT NULL CHECK (exchange_rate > 0),
  received_date       date NOT NULL,
  -- Bank reference, or the acceptance bill's number.
  reference           text NOT NULL,
  -- Acceptance bills (承兑汇票) only: the date the bill can be presented for payment.
  maturity_date       date,
  amount              bigint NOT NULL CHECK (amount > 0),
  amount_cny_fen      bigint NOT NULL CHECK (amount_cny_fen > 0),
  allocated_amount    bigint NOT NULL DEFAULT 0,
  unallocated_amount  bigint NOT NULL,
  unallocated_cny_fen bigint NOT NULL,
  note                text,
  journal_id          bigint REFERENCES journals(id),
  created_by          bigint REFERENCES users(id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payment_unallocated_amount CHECK (allocated_amount >= 0 AND unallocated_amount >= 0
    AND unallocated_amount = amount - allocated_amount),
  CHECK (unallocated_cny_fen >= 0 AND unallocated_cny_fen <= amount_cny_fen),
  CHECK ((method = 'acceptance_bill') = (maturity_date IS NOT NULL)),
  CHECK (maturity_date IS NULL OR maturity_date >= received_date)
);
CREATE INDEX payments_customer_idx ON payments (customer_id, received_date);
CREATE INDEX payments_region_idx ON payments (region_id, received_date);
CREATE INDEX payments_open_idx ON payments (customer_id) WHERE unallocated_amount > 0;

-- One row per amount settled on an invoice by a payment or by a credit note. Amounts are in
-- the shared currency of both documents; the CNY columns are what left the source (payment or
-- credit note) and what left the invoice — they differ only when the two rates differ.
CREATE TABLE allocations (
  id               bigserial PRIMARY KEY,
  payment_id       bigint REFERENCES payments(id),
  credit_note_id   bigint REFERENCES credit_notes(id),
  invoice_id       bigint NOT NULL REFERENCES invoices(id),
  customer_id      bigint NOT NULL REFERENCES customers(id),
  region_id        bigint NOT NULL REFERENCES regions(id),
  amount           bigint NOT NULL CHECK (amount > 0),
  source_cny_fen   bigint NOT NULL CHECK (source_cny_fen >= 0),
  invoice_cny_fen  bigint NOT NULL CHECK (invoice_cny_fen >= 0),
  allocated_on     date NOT NULL,
  is_automatic     boolean NOT NULL DEFAULT false,
  journal_id       bigint REFERENCES journals(id),
  created_by       bigint REFERENCES users(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(payment_id, credit_note_id) = 1)
);
CREATE INDEX allocations_invoice_idx ON allocations (invoice_id, allocated_on);
CREATE INDEX allocations_payment_idx ON allocations (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX allocations_credit_note_idx ON allocations (credit_note_id) WHERE credit_note_id IS NOT NULL;

-- Write-off of an invoice's remaining amount: requested by one user, decided by another with
-- finance:approve; only the approval posts to the ledger.
CREATE TABLE write_offs (
  id               bigserial PRIMARY KEY,
  number           text NOT NULL UNIQUE,
  invoice_id       bigint NOT NULL REFERENCES invoices(id),
  customer_id      bigint NOT NULL REFERENCES customers(id),
  region_id        bigint NOT NULL REFERENCES regions(id),
  amount           bigint NOT NULL CHECK (amount > 0),
  amount_cny_fen   bigint,
  reason           text NOT NULL,
  status           text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected')),
  requested_by     bigint NOT NULL REFERENCES users(id),
  requested_at     timestamptz NOT NULL DEFAULT now(),
  decided_by       bigint REFERENCES users(id),
  decided_at       timestamptz,
  decision_note    text,
  written_off_on   date,
  journal_id       bigint REFERENCES journals(id),
  version          integer NOT NULL DEFAULT 1,
  -- Nobody approves (or rejects) their own request.
  CONSTRAINT write_off_four_eyes CHECK (decided_by IS NULL OR decided_by <> requested_by),
  CHECK ((status = 'requested') = (decided_by IS NULL)),
  CHECK ((status = 'approved') = (written_off_on IS NOT NULL AND amount_cny_fen IS NOT NULL))
);
CREATE UNIQUE INDEX write_offs_one_pending ON write_offs (invoice_id) WHERE status = 'requested';
CREATE INDEX write_offs_invoice_idx ON write_offs (invoice_id);
CREATE INDEX write_offs_status_idx ON write_offs (status, requested_at);

-- ---------------------------------------------------------------------------------------
-- Sales returns. Returned units go back into the ledger with a 'return' move and are held
-- (reserved) for inspection at once, so no allocation can pick them; the inspection releases
-- accepted units to stock and scraps rejected ones.

CREATE TABLE sales_returns (
  id              bigserial PRIMARY KEY,
  number          text NOT NULL UNIQUE,
  shipment_id     bigint NOT NULL REFERENCES shipments(id),
  customer_id     bigint NOT NULL REFERENCES customers(id),
  region_id       bigint NOT NULL REFERENCES regions(id),
  return_date     date NOT NULL,
  reason          text NOT NULL,
  status          text NOT NULL DEFAULT 'awaiting_inspection' CHECK (status IN ('awaiting_inspection', 'inspected')),
  inspected_by    bigint REFERENCES users(id),
  inspected_at    timestamptz,
  inspection_note text,
  created_by      bigint REFERENCES users(id),
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sales_returns_shipment_idx ON sales_returns (shipment_id);
CREATE INDEX sales_returns_customer_idx ON sales_returns (customer_id, return_date);

CREATE TABLE sales_return_lines (
  id                 bigserial PRIMARY KEY,
  return_id          bigint NOT NULL REFERENCES sales_returns(id),
  line_no            integer NOT NULL,
  shipment_line_id   bigint NOT NULL REFERENCES shipment_lines(id),
  warehouse_id       bigint NOT NULL REFERENCES warehouses(id),
  product_id         bigint NOT NULL REFERENCES products(id),
  lot_id             bigint NOT NULL REFERENCES lots(id),
  quantity           integer NOT NULL CHECK (quantity > 0),
  -- Serial-tracked products: exactly the returned serial numbers.
  serials            text[] NOT NULL DEFAULT '{}',
  accepted_quantity  integer CHECK (accepted_quantity >= 0),
  rejected_quantity  integer CHECK (rejected_quantity >= 0),
  UNIQUE (return_id, line_no),
  CHECK ((accepted_quantity IS NULL) = (rejected_quantity IS NULL)),
  CHECK (accepted_quantity IS NULL OR accepted_quantity + rejected_quantity = quantity),
  CHECK (cardinality(serials) = 0 OR cardinality(serials) = quantity)
);
CREATE INDEX sales_return_lines_shipment_line_idx ON sales_return_lines (shipment_line_id);

ALTER TABLE credit_notes
  ADD CONSTRAINT credit_notes_return_fk FOREIGN KEY (return_id) REFERENCES sales_returns(id),
  ADD CONSTRAINT credit_note_return_kind CHECK ((kind = 'return') = (return_id IS NOT NULL));
CREATE INDEX credit_notes_return_idx ON credit_notes (return_id) WHERE return_id IS NOT NULL;
