-- Collections (DOMAIN §4 "Collection reminders", issue #6): every contact made to collect a
-- customer's receivables, with the promise to pay it brought back. The promise is settled by
-- the daily collections job: kept once the customer has paid the promised amount since the
-- contact, broken when the promised date passed without it (which raises the next reminder
-- step as a task for the owner rep).
CREATE TABLE collection_contacts (
  id               bigserial PRIMARY KEY,
  customer_id      bigint NOT NULL REFERENCES customers(id),
  contacted_on     date NOT NULL,
  channel          text NOT NULL CHECK (channel IN ('phone', 'visit', 'email', 'wechat', 'letter')),
  contact_person   text NOT NULL CHECK (length(contact_person) BETWEEN 1 AND 100),
  note             text,
  invoice_id       bigint REFERENCES invoices(id),
  promised_on      date,
  promised_fen     bigint CHECK (promised_fen > 0),
  promise_status   text CHECK (promise_status IN ('open', 'kept', 'broken')),
  promise_settled_at timestamptz,
  logged_by        bigint NOT NULL REFERENCES users(id),
  logged_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((promised_on IS NULL) = (promised_fen IS NULL)),
  CHECK ((promised_on IS NULL) = (promise_status IS NULL)),
  CHECK (promised_on IS NULL OR promised_on >= contacted_on),
  CHECK ((promise_status IN ('kept', 'broken')) = (promise_settled_at IS NOT NULL))
);
CREATE INDEX collection_contacts_customer_idx ON collection_contacts (customer_id, contacted_on DESC, id DESC);
CREATE INDEX collection_contacts_open_promise_idx ON collection_contacts (promised_on) WHERE promise_status = 'open';
