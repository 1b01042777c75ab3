-- What each order line got allocated when its order was confirmed, before any backorder was
-- allocated later: the numerator of the fill rate (DOMAIN §8, "units shipped from stock on
-- first allocation ÷ units ordered"). allocated_quantity cannot tell it: a backorder
-- allocation adds to it. NULL while the order is a draft (nothing confirmed yet).
ALTER TABLE sales_order_lines
  ADD COLUMN first_allocated_quantity integer
    CHECK (first_allocated_quantity >= 0 AND first_allocated_quantity <= quantity);

-- Existing lines: the allocations written by the confirming transaction. The services write the
-- order's confirmed_at and those allocations in one transaction, so both carry the same now();
-- a backorder allocation is a later transaction, so it is stamped later. An order confirmed
-- without a confirmed_at (none written by the services) keeps what it holds now.
UPDATE sales_order_lines l
   SET first_allocated_quantity = CASE
         WHEN o.confirmed_at IS NULL THEN l.allocated_quantity
         ELSE (SELECT coalesce(sum(a.quantity), 0) FROM sales_order_allocations a
                WHERE a.order_line_id = l.id AND a.created_at <= o.confirmed_at)
       END
  FROM sales_orders o
 WHERE o.id = l.order_id AND o.status <> 'draft';
