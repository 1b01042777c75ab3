-- Purchasing, lots and traceability extras on top of 0006 (SPEC §2.3).

-- Document numbers like PO-20261123-0001: one counter row per prefix and day, taken with
-- an upsert inside the document's transaction, so numbers are unique and never reused.
CREATE TABLE document_counters (
  prefix      text NOT NULL,
  day         date NOT NULL,
  last_value  integer NOT NULL CHECK (last_value > 0),
  PRIMARY KEY (prefix, day)
);

-- Why a lot was last held, released or recalled (the audit trail keeps the full history).
ALTER TABLE lots
  ADD COLUMN status_reason     text,
  ADD COLUMN status_changed_at timestamptz,
  ADD COLUMN recall_level      smallint CHECK (recall_level BETWEEN 1 AND 3);
CREATE INDEX lots_status_idx ON lots (status) WHERE status <> 'released';

-- Traceability reads everything about one lot; each of these is an index lookup by lot.
-- (stock_moves (lot_id, moved_at) and receipt_lines (lot_id) exist since 0006.)
CREATE INDEX stock_balances_lot_idx ON stock_balances (lot_id);
CREATE INDEX stock_transfer_lines_lot_idx ON stock_transfer_lines (lot_id);
CREATE INDEX stock_transfer_lines_transfer_idx ON stock_transfer_lines (transfer_id);
-- Serial traceability (implants): the moves of one serial number of one product.
CREATE INDEX stock_moves_serial_idx ON stock_moves (product_id, serial) WHERE serial <> '';

-- Listings and the GSP purchase-receipt record by date range.
CREATE INDEX receipts_arrival_idx ON receipts (arrival_date);
CREATE INDEX receipts_purchase_order_idx ON receipts (purchase_order_id);
CREATE INDEX receipt_lines_receipt_idx ON receipt_lines (receipt_id);
CREATE INDEX purchase_orders_order_date_idx ON purchase_orders (order_date);
CREATE INDEX purchase_orders_supplier_idx ON purchase_orders (supplier_id);
CREATE INDEX stock_transfers_dispatched_idx ON stock_transfers (dispatched_on);
CREATE INDEX stock_moves_business_date_idx ON stock_moves (business_date);
