-- Sales: price lists, contracts, quotes, sales orders with FEFO allocations, shipments with
-- UDI scans (SPEC §2.2, §2.5; DOMAIN §2, §3, §10).
--
-- Amounts are integers in the minor unit of the document's currency (fen for CNY, cents for
-- USD/EUR); *_cny_fen columns are the same amounts in the company currency, derived with the
-- document's exchange rate (CNY per unit of the currency on the document date; 1 for CNY).

-- Document numbers (SO-YYYYMMDD-NNNN, SH-…, QT-…, CT-…) come from platform/numbering.ts.

-- Price lists: per channel (optionally one distributor level) or per customer.
CREATE TABLE price_lists (
  id                 bigserial PRIMARY KEY,
  code               text NOT NULL UNIQUE,
  name               text NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('channel', 'customer')),
  channel            text CHECK (channel IN ('direct', 'distributor', 'agent', 'tender')),
  distributor_level  smallint CHECK (distributor_level BETWEEN 1 AND 3),
  customer_id        bigint REFERENCES customers(id),
  currency           text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$'),
  valid_from         date NOT NULL,
  valid_until        date,
  is_active          boolean NOT NULL DEFAULT true,
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until IS NULL OR valid_until >= valid_from),
  CHECK ((kind = 'channel' AND channel IS NOT NULL AND customer_id IS NULL)
      OR (kind = 'customer' AND customer_id IS NOT NULL AND channel IS NULL AND distributor_level IS NULL)),
  CHECK (distributor_level IS NULL OR channel = 'distributor')
);
CREATE INDEX price_lists_customer_idx ON price_lists (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX price_lists_channel_idx ON price_lists (channel, distributor_level) WHERE kind = 'channel';

CREATE TABLE price_list_items (
  price_list_id  bigint NOT NULL REFERENCES price_lists(id) ON DELETE CASCADE,
  product_id     bigint NOT NULL REFERENCES products(id),
  unit_price     bigint NOT NULL CHECK (unit_price >= 0),
  PRIMARY KEY (price_list_id, product_id)
);
CREATE INDEX price_list_items_product_idx ON price_list_items (product_id);

-- Sales contracts (optional step): agreed unit prices for a customer over a period. An active
-- contract's price comes first in price resolution (DOMAIN §10).
CREATE TABLE sales_contracts (
  id             bigserial PRIMARY KEY,
  number         text NOT NULL UNIQUE,
  customer_id    bigint NOT NULL REFERENCES customers(id),
  region_id      bigint NOT NULL REFERENCES regions(id),
  quote_id       bigint,
  currency       text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$'),
  valid_from     date NOT NULL,
  valid_until    date NOT NULL,
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  note           text,
  created_by     bigint REFERENCES users(id),
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until >= valid_from)
);
CREATE INDEX sales_contracts_customer_idx ON sales_contracts (customer_id, valid_from);
CREATE TABLE sales_contract_lines (
  contract_id  bigint NOT NULL REFERENCES sales_contracts(id),
  product_id   bigint NOT NULL REFERENCES products(id),
  unit_price   bigint NOT NULL CHECK (unit_price >= 0),
  PRIMARY KEY (contract_id, product_id)
);

-- Quotes (optional step): priced lines offered to a customer; converting one creates an order.
CREATE TABLE quotes (
  id             bigserial PRIMARY KEY,
  number         text NOT NULL UNIQUE,
  customer_id    bigint NOT NULL REFERENCES customers(id),
  region_id      bigint NOT NULL REFERENCES regions(id),
  currency       text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$'),
  exchange_rate  numeric(18, 8) NOT NULL CHECK (exchange_rate > 0),
  quote_date     date NOT NULL,
  valid_until    date NOT NULL,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'converted', 'cancelled')),
  order_id       bigint,
  net_amount     bigint NOT NULL,
  tax_amount     bigint NOT NULL,
  gross_amount   bigint NOT NULL,
  note           text,
  created_by     bigint REFERENCES users(id),
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until >= quote_date)
);
CREATE INDEX quotes_customer_idx ON quotes (customer_id);
CREATE TABLE quote_lines (
  id             bigserial PRIMARY KEY,
  quote_id       bigint NOT NULL REFERENCES quotes(id),
  line_no        integer NOT NULL,
  product_id     bigint NOT NULL REFERENCES products(id),
  quantity       integer NOT NULL CHECK (quantity > 0),
  price_source   text NOT NULL,
  unit_price     bigint NOT NULL CHECK (unit_price >= 0),
  discount_rate  numeric(5, 4) NOT NULL DEFAULT 0 CHECK (discount_rate >= 0 AND discount_rate < 1),
  vat_rate       numeric(5, 4) NOT NULL,
  net_amount     bigint NOT NULL,
  tax_amount     bigint NOT NULL,
  UNIQUE (quote_id, line_no)
);

CREATE TABLE sales_orders (
  id                 bigserial PRIMARY KEY,
  number             text NOT NULL UNIQUE,
  customer_id        bigint NOT NULL REFERENCES customers(id),
  -- The customer's region when the order was taken: row-level scope filters on it.
  region_id          bigint NOT NULL REFERENCES regions(id),
  owner_rep_id       bigint REFERENCES users(id),
  contract_id        bigint REFERENCES sales_contracts(id),
  quote_id           bigint REFERENCES quotes(id),
  currency           text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$'),
  exchange_rate      numeric(18, 8) NOT NULL CHECK (exchange_rate > 0),
  order_date         date NOT NULL,
  -- The promised (planned) ship date; FEFO measures remaining shelf life against it.
  promised_date      date NOT NULL,
  status             text NOT NULL DEFAULT 'draft'
                       CHECK (status IN ('draft', 'allocated', 'backordered', 'picking', 'shipped', 'delivered',
                                         'cancelled')),
  accept_partial     boolean NOT NULL DEFAULT false,
  net_amount         bigint NOT NULL,
  tax_amount         bigint NOT NULL,
  gross_amount       bigint NOT NULL,
  net_cny_fen        bigint NOT NULL,
  tax_cny_fen        bigint NOT NULL,
  gross_cny_fen      bigint NOT NULL,
  note               text,
  confirmed_at       timestamptz,
  cancelled_at       timestamptz,
  cancel_reason      text,
  created_by         bigint REFERENCES users(id),
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (promised_date >= order_date),
  CHECK (gross_amount = net_amount + tax_amount AND gross_cny_fen = net_cny_fen + tax_cny_fen)
);
CREATE INDEX sales_orders_customer_idx ON sales_orders (customer_id, order_date);
CREATE INDEX sales_orders_region_idx ON sales_orders (region_id, order_date);
CREATE INDEX sales_orders_status_idx ON sales_orders (status) WHERE status NOT IN ('delivered', 'cancelled');

CREATE TABLE sales_order_lines (
  id                    bigserial PRIMARY KEY,
  order_id              bigint NOT NULL REFERENCES sales_orders(id),
  line_no               integer NOT NULL,
  product_id            bigint NOT NULL REFERENCES products(id),
  quantity              integer NOT NULL CHECK (quantity > 0),
  -- Where the unit price came from (DOMAIN §10), and which list or contract.
  price_source          text NOT NULL CHECK (price_source IN ('contract', 'promotion', 'customer_price_list',
                                                               'channel_price_list', 'list_price', 'manual')),
  price_reference_id    bigint,
  unit_price            bigint NOT NULL CHECK (unit_price >= 0),
  -- Manual discount as a fraction (0.05 = 5 %).
  discount_rate         numeric(5, 4) NOT NULL DEFAULT 0 CHECK (discount_rate >= 0 AND discount_rate < 1),
  vat_rate              numeric(5, 4) NOT NULL CHECK (vat_rate >= 0 AND vat_rate < 1),
  net_amount            bigint NOT NULL CHECK (net_amount >= 0),
  tax_amount            bigint NOT NULL CHECK (tax_amount >= 0),
  net_cny_fen           bigint NOT NULL CHECK (net_cny_fen >= 0),
  tax_cny_fen           bigint NOT NULL CHECK (tax_cny_fen >= 0),
  -- Our floor price (CNY per unit) when the order was priced; null when the product has none.
  floor_price_fen       bigint,
  allocated_quantity    integer NOT NULL DEFAULT 0 CHECK (allocated_quantity >= 0),
  backordered_quantity  integer NOT NULL DEFAULT 0 CHECK (backordered_quantity >= 0),
  shipped_quantity      integer NOT NULL DEFAULT 0 CHECK (shipped_quantity >= 0),
  UNIQUE (order_id, line_no),
  CHECK (allocated_quantity + backordered_quantity <= quantity),
  CHECK (shipped_quantity <= allocated_quantity)
);
CREATE INDEX sales_order_lines_product_idx ON sales_order_lines (product_id);

-- Approvals recorded against an order (e.g. a price below our floor), until the workflow
-- module routes them.
CREATE TABLE sales_order_approvals (
  id           bigserial PRIMARY KEY,
  order_id     bigint NOT NULL REFERENCES sales_orders(id),
  kind         text NOT NULL CHECK (kind IN ('price_below_floor', 'credit')),
  approved_by  bigint NOT NULL REFERENCES users(id),
  reason       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, kind)
);

CREATE TABLE shipments (
  id             bigserial PRIMARY KEY,
  number         text NOT NULL UNIQUE,
  order_id       bigint NOT NULL REFERENCES sales_orders(id),
  customer_id    bigint NOT NULL REFERENCES customers(id),
  region_id      bigint NOT NULL REFERENCES regions(id),
  status         text NOT NULL DEFAULT 'picking' CHECK (status IN ('picking', 'shipped', 'delivered', 'cancelled')),
  promised_date  date NOT NULL,
  shipped_on     date,
  delivered_on   date,
  created_by     bigint REFERENCES users(id),
  shipped_by     bigint REFERENCES users(id),
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (delivered_on IS NULL OR (shipped_on IS NOT NULL AND delivered_on >= shipped_on))
);
CREATE INDEX shipments_order_idx ON shipments (order_id);
CREATE INDEX shipments_region_idx ON shipments (region_id);

-- What FEFO reserved for an order line. 'reserved' holds stock; 'shipped' left the warehouse;
-- 'released' went back (cancelled order, or replaced by a substitute lot at scanning).
CREATE TABLE sales_order_allocations (
  id              bigserial PRIMARY KEY,
  order_id        bigint NOT NULL REFERENCES sales_orders(id),
  order_line_id   bigint NOT NULL REFERENCES sales_order_lines(id),
  warehouse_id    bigint NOT NULL REFERENCES warehouses(id),
  product_id      bigint NOT NULL REFERENCES products(id),
  lot_id          bigint NOT NULL REFERENCES lots(id),
  quantity        integer NOT NULL CHECK (quantity > 0),
  status          text NOT NULL DEFAULT 'reserved' CHECK (status IN ('reserved', 'shipped', 'released')),
  shipment_id     bigint REFERENCES shipments(id),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sales_order_allocations_order_idx ON sales_order_allocations (order_id);
CREATE INDEX sales_order_allocations_lot_idx ON sales_order_allocations (lot_id);

-- One line per allocation on the shipment. Net, tax and cost per line are derivable for
-- invoicing and gross profit: quantity × unit price × (1 − discount), VAT rate, lot unit cost.
CREATE TABLE shipment_lines (
  id                 bigserial PRIMARY KEY,
  shipment_id        bigint NOT NULL REFERENCES shipments(id),
  allocation_id      bigint NOT NULL REFERENCES sales_order_allocations(id),
  order_line_id      bigint NOT NULL REFERENCES sales_order_lines(id),
  warehouse_id       bigint NOT NULL REFERENCES warehouses(id),
  product_id         bigint NOT NULL REFERENCES products(id),
  lot_id             bigint NOT NULL REFERENCES lots(id),
  quantity           integer NOT NULL CHECK (quantity > 0),
  scanned_quantity   integer NOT NULL DEFAULT 0 CHECK (scanned_quantity >= 0),
  unit_price         bigint NOT NULL,
  discount_rate      numeric(5, 4) NOT NULL,
  vat_rate           numeric(5, 4) NOT NULL,
  unit_cost_fen      bigint NOT NULL,
  UNIQUE (allocation_id),
  CHECK (scanned_quantity <= quantity)
);
CREATE INDEX shipment_lines_shipment_idx ON shipment_lines (shipment_id);
CREATE INDEX shipment_lines_lot_idx ON shipment_lines (lot_id);

-- Serial numbers scanned for serial-tracked products (one row per unit), for traceability.
CREATE TABLE shipment_line_serials (
  shipment_line_id  bigint NOT NULL REFERENCES shipment_lines(id),
  product_id        bigint NOT NULL REFERENCES products(id),
  serial            text NOT NULL,
  scanned_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shipment_line_id, serial)
);
CREATE INDEX shipment_line_serials_serial_idx ON shipment_line_serials (product_id, serial);

-- Audit entries appended at commit (platform facility, first used by the order hot path).
-- An in-transaction audit_append() holds the chain's lock from the append until the commit
-- has been flushed, including the client's round trip to send COMMIT; under load every
-- audited transaction queues behind that. Staged here instead, the entry is appended by a
-- deferred trigger while the transaction commits, so the lock is held only for the commit
-- itself. The entry commits (or rolls back) with the change, exactly as before.
CREATE TABLE audit_at_commit (
  id          bigserial PRIMARY KEY,
  actor_id    bigint,
  actor_name  text,
  action      text NOT NULL,
  entity      text NOT NULL,
  entity_id   text,
  before      jsonb,
  after       jsonb,
  reason      text,
  ip          text
);

CREATE FUNCTION audit_append_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM audit_append(NEW.actor_id, NEW.actor_name, NEW.action, NEW.entity, NEW.entity_id, NEW.before, NEW.after,
                       NEW.reason, NEW.ip);
  DELETE FROM audit_at_commit WHERE id = NEW.id;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER audit_at_commit_append AFTER INSERT ON audit_at_commit
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_append_at_commit();
