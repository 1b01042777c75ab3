-- Order-to-cash fixes (issue #4).

-- Serial-tracked stock has one balance row per serial, while an order reserves a quantity of
-- a lot. Reservations of orders are therefore fungible within a lot: whichever serials carry
-- them, the lot's reserved total is what counts, and shipping a scanned serial takes the
-- reservation over from another serial of the lot when needed. Holds (returned units waiting
-- for inspection) are not fungible: they belong to exactly the returned unit. `held` is the
-- part of `reserved` that is such a hold, so releasing an order's reservation never frees a
-- unit in quarantine.
ALTER TABLE stock_balances ADD COLUMN held integer NOT NULL DEFAULT 0;

-- Holds already taken: the units of returns still waiting for inspection.
UPDATE stock_balances b SET held = least(h.quantity, b.reserved)
  FROM (SELECT l.warehouse_id, l.product_id, l.lot_id, coalesce(s.serial, '') AS serial,
               sum(CASE WHEN s.serial IS NULL THEN l.quantity ELSE 1 END)::int AS quantity
          FROM sales_return_lines l
          JOIN sales_returns r ON r.id = l.return_id AND r.status = 'awaiting_inspection'
          LEFT JOIN LATERAL unnest(l.serials) AS s(serial) ON true
         GROUP BY 1, 2, 3, 4) h
 WHERE b.warehouse_id = h.warehouse_id AND b.product_id = h.product_id AND b.lot_id = h.lot_id
   AND b.serial = h.serial;

ALTER TABLE stock_balances
  ADD CONSTRAINT hold_within_reservation CHECK (held >= 0 AND held <= reserved);

-- Sales contracts are looked up by region for scoped lists, and by status and period.
CREATE INDEX IF NOT EXISTS sales_contracts_region_idx ON sales_contracts (region_id, valid_from);
