-- Inventory ledger, lots, purchasing and receipts with inspection (SPEC §2.3, DOMAIN §2–3).

-- Exchange rates to the company currency (CNY): CNY per one unit of the currency, by date.
CREATE TABLE exchange_rates (
  currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$' AND currency <> 'CNY'),
  rate_date  date NOT NULL,
  rate       numeric(18, 8) NOT NULL CHECK (rate > 0),
  PRIMARY KEY (currency, rate_date)
);

CREATE TABLE lots (
  id                     bigserial PRIMARY KEY,
  product_id             bigint NOT NULL REFERENCES products(id),
  lot_number             text NOT NULL,
  production_date        date,
  expiry_date            date NOT NULL,
  status                 text NOT NULL DEFAULT 'quarantine'
                           CHECK (status IN ('released', 'quarantine', 'on_hold', 'recalled')),
  supplier_id            bigint REFERENCES suppliers(id),
  -- Cost of one unit of this lot in fen (CNY), for gross profit on shipments.
  unit_cost_fen          bigint NOT NULL DEFAULT 0 CHECK (unit_cost_fen >= 0),
  first_received_on      date,
  inspection_report_ref  text,
  version                integer NOT NULL DEFAULT 1,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (product_id, lot_number),
  CHECK (production_date IS NULL OR production_date <= expiry_date)
);
CREATE INDEX lots_expiry_idx ON lots (product_id, expiry_date);

-- The stock ledger: immutable moves. Quantity is signed (+ into the warehouse, − out of it).
-- serial is '' for products not tracked by serial number.
CREATE TABLE stock_moves (
  id              bigserial PRIMARY KEY,
  moved_at        timestamptz NOT NULL DEFAULT now(),
  business_date   date NOT NULL,
  warehouse_id    bigint NOT NULL REFERENCES warehouses(id),
  product_id      bigint NOT NULL REFERENCES products(id),
  lot_id          bigint NOT NULL REFERENCES lots(id),
  serial          text NOT NULL DEFAULT '',
  kind            text NOT NULL CHECK (kind IN ('receipt', 'transfer_out', 'transfer_in', 'issue', 'return',
                                                'adjustment', 'scrap', 'recall_return')),
  quantity        integer NOT NULL CHECK (quantity <> 0),
  reference_type  text,
  reference_id    bigint,
  reason          text,
  created_by      bigint REFERENCES users(id),
  CHECK (kind <> 'adjustment' OR reason IS NOT NULL)
);
CREATE INDEX stock_moves_lot_idx ON stock_moves (lot_id, moved_at);
CREATE INDEX stock_moves_reference_idx ON stock_moves (reference_type, reference_id);
CREATE INDEX stock_moves_product_idx ON stock_moves (product_id, warehouse_id);

CREATE FUNCTION stock_moves_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stock moves are immutable; post a correcting move instead' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER stock_moves_immutable BEFORE UPDATE OR DELETE ON stock_moves
  FOR EACH ROW EXECUTE FUNCTION stock_moves_refuse_change();

-- Maintained balance per warehouse × product × lot × serial. on_hand always equals the sum of
-- the ledger's moves; reserved is what allocations hold. Neither can go negative.
CREATE TABLE stock_balances (
  warehouse_id  bigint NOT NULL REFERENCES warehouses(id),
  product_id    bigint NOT NULL REFERENCES products(id),
  lot_id        bigint NOT NULL REFERENCES lots(id),
  serial        text NOT NULL DEFAULT '',
  on_hand       integer NOT NULL DEFAULT 0 CONSTRAINT stock_not_negative CHECK (on_hand >= 0),
  reserved      integer NOT NULL DEFAULT 0 CONSTRAINT reservation_within_stock CHECK (reserved >= 0 AND reserved <= on_hand),
  PRIMARY KEY (warehouse_id, product_id, lot_id, serial)
);
CREATE INDEX stock_balances_product_idx ON stock_balances (product_id) WHERE on_hand > 0;

-- Transfers between warehouses: stock leaves on dispatch (transfer_out) and is in transit
-- until received at the destination (transfer_in).
CREATE TABLE stock_transfers (
  id                bigserial PRIMARY KEY,
  number            text NOT NULL UNIQUE,
  from_warehouse_id bigint NOT NULL REFERENCES warehouses(id),
  to_warehouse_id   bigint NOT NULL REFERENCES warehouses(id),
  status            text NOT NULL DEFAULT 'in_transit' CHECK (status IN ('in_transit', 'received', 'cancelled')),
  dispatched_on     date NOT NULL,
  received_on       date,
  created_by        bigint REFERENCES users(id),
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (from_warehouse_id <> to_warehouse_id)
);
CREATE TABLE stock_transfer_lines (
  id           bigserial PRIMARY KEY,
  transfer_id  bigint NOT NULL REFERENCES stock_transfers(id),
  product_id   bigint NOT NULL REFERENCES products(id),
  lot_id       bigint NOT NULL REFERENCES lots(id),
  serial       text NOT NULL DEFAULT '',
  quantity     integer NOT NULL CHECK (quantity > 0)
);

CREATE TABLE purchase_orders (
  id              bigserial PRIMARY KEY,
  number          text NOT NULL UNIQUE,
  supplier_id     bigint NOT NULL REFERENCES suppliers(id),
  warehouse_id    bigint NOT NULL REFERENCES warehouses(id),
  currency        text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$'),
  -- CNY per unit of the document currency on the order date (1 for CNY).
  exchange_rate   numeric(18, 8) NOT NULL DEFAULT 1 CHECK (exchange_rate > 0),
  order_date      date NOT NULL,
  expected_date   date,
  status          text NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'confirmed', 'partially_received', 'received', 'cancelled')),
  -- Amounts in minor units of the document currency (fen, cents).
  total_amount    bigint NOT NULL DEFAULT 0,
  total_cny_fen   bigint NOT NULL DEFAULT 0,
  note            text,
  created_by      bigint REFERENCES users(id),
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE purchase_order_lines (
  id                 bigserial PRIMARY KEY,
  purchase_order_id  bigint NOT NULL REFERENCES purchase_orders(id),
  line_no            integer NOT NULL,
  product_id         bigint NOT NULL REFERENCES products(id),
  quantity           integer NOT NULL CHECK (quantity > 0),
  unit_price         bigint NOT NULL CHECK (unit_price >= 0),
  amount             bigint NOT NULL,
  received_quantity  integer NOT NULL DEFAULT 0 CHECK (received_quantity >= 0),
  UNIQUE (purchase_order_id, line_no)
);

-- A receipt against a purchase order; each line is one lot, inspected (GSP purchase-receipt record).
CREATE TABLE receipts (
  id                 bigserial PRIMARY KEY,
  number             text NOT NULL UNIQUE,
  purchase_order_id  bigint REFERENCES purchase_orders(id),
  supplier_id        bigint NOT NULL REFERENCES suppliers(id),
  warehouse_id       bigint NOT NULL REFERENCES warehouses(id),
  arrival_date       date NOT NULL,
  status             text NOT NULL DEFAULT 'inspected' CHECK (status IN ('inspected', 'cancelled')),
  received_by        bigint REFERENCES users(id),
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE receipt_lines (
  id                     bigserial PRIMARY KEY,
  receipt_id             bigint NOT NULL REFERENCES receipts(id),
  purchase_order_line_id bigint REFERENCES purchase_order_lines(id),
  product_id             bigint NOT NULL REFERENCES products(id),
  lot_id                 bigint NOT NULL REFERENCES lots(id),
  serials                text[] NOT NULL DEFAULT '{}',
  quantity_received      integer NOT NULL CHECK (quantity_received > 0),
  quantity_accepted      integer NOT NULL CHECK (quantity_accepted >= 0),
  quantity_rejected      integer NOT NULL CHECK (quantity_rejected >= 0),
  inspection_result      text NOT NULL CHECK (inspection_result IN ('accepted', 'rejected', 'partially_accepted')),
  inspector              text NOT NULL,
  inspection_report_ref  text,
  scanned_udi            text,
  CHECK (quantity_accepted + quantity_rejected = quantity_received)
);
CREATE INDEX receipt_lines_lot_idx ON receipt_lines (lot_id);
