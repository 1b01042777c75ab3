/**
 * Writes the history's price lists, contracts, purchasing (orders, receipts, lots) and sales
 * documents (orders, lines, approvals, shipments, allocations, shipment lines and serials)
 * in their final state, with the columns the services would have left.
 */
import { inspectionResultOf } from '../../server/modules/purchasing/purchasing.rules.ts';
import type { SalesOrder } from './model.ts';
import type { History } from './simulate.ts';
import { type HistoryWriter, textArray, timestampOn } from './writer.ts';

export async function reserveIds(w: HistoryWriter, h: History): Promise<void> {
  const { purchasing, sales, receivables: r, ledger } = h;
  const count = <T>(items: readonly T[], n: (item: T) => number) => items.reduce((sum, i) => sum + n(i), 0);
  const orders = sales.orders;
  await w.reserve('price_lists', h.prices.lists.length);
  await w.reserve('sales_contracts', h.prices.contracts.length);
  await w.reserve('purchase_orders', purchasing.orders.length);
  await w.reserve(
    'purchase_order_lines',
    count(purchasing.orders, (o) => o.lines.length),
  );
  await w.reserve('receipts', purchasing.receipts.length);
  await w.reserve(
    'receipt_lines',
    count(purchasing.receipts, (o) => o.lines.length),
  );
  await w.reserve('lots', ledger.lots.length);
  await w.reserve('sales_orders', orders.length);
  await w.reserve(
    'sales_order_lines',
    count(orders, (o) => o.lines.length),
  );
  await w.reserve(
    'sales_order_allocations',
    count(orders, (o) => o.allocations.length),
  );
  await w.reserve('sales_order_approvals', orders.filter((o) => o.approvedBy !== null).length);
  await w.reserve('shipments', sales.shipments.length);
  await w.reserve(
    'shipment_lines',
    count(sales.shipments, (s) => s.allocations.length),
  );
  await w.reserve('stock_moves', ledger.moves.length);
  await w.reserve('invoices', r.invoices.length);
  await w.reserve(
    'invoice_lines',
    count(r.invoices, (i) => i.lines.length),
  );
  await w.reserve('journals', r.journals.length);
  await w.reserve(
    'ledger_entries',
    count(r.journals, (j) => j.entries.length),
  );
  await w.reserve('payments', r.payments.length);
  await w.reserve('allocations', r.settlements.length);
  await w.reserve('credit_notes', r.creditNotes.length);
  await w.reserve(
    'credit_note_lines',
    count(r.creditNotes, (c) => c.lines.length),
  );
  await w.reserve('write_offs', r.writeOffs.length);
  await w.reserve('sales_returns', h.returns.length);
  await w.reserve(
    'sales_return_lines',
    count(h.returns, (x) => x.lines.length),
  );
}

export async function writePrices(w: HistoryWriter, h: History): Promise<void> {
  const { lists, contracts } = h.prices;
  await w.copy(
    'price_lists',
    [
      'id',
      'code',
      'name',
      'kind',
      'channel',
      'distributor_level',
      'customer_id',
      'valid_from',
      'valid_until',
      'created_at',
      'updated_at',
    ],
    lists.length,
    (i) => {
      const l = lists[i]!;
      const at = timestampOn(l.validFrom, i);
      return [
        w.id('price_lists', l.id),
        l.code,
        l.name,
        l.kind,
        l.channel,
        l.distributorLevel,
        l.customerId,
        l.validFrom,
        l.validUntil,
        at,
        at,
      ];
    },
  );
  const items = lists.flatMap((l) => l.items.map((item) => ({ list: l.id, ...item })));
  await w.copy('price_list_items', ['price_list_id', 'product_id', 'unit_price'], items.length, (i) => {
    const item = items[i]!;
    return [w.id('price_lists', item.list), item.productId, item.unitPrice];
  });
  const director = h.world.users.get('director') ?? null;
  await w.copy(
    'sales_contracts',
    [
      'id',
      'number',
      'customer_id',
      'region_id',
      'valid_from',
      'valid_until',
      'note',
      'created_by',
      'created_at',
      'updated_at',
    ],
    contracts.length,
    (i) => {
      const c = contracts[i]!;
      const at = timestampOn(c.signedOn, i);
      return [
        w.id('sales_contracts', c.id),
        c.number,
        c.customer.id,
        c.customer.regionId,
        c.validFrom,
        c.validUntil,
        `${c.validFrom.slice(0, 4)}年度招标采购合同`,
        director,
        at,
        at,
      ];
    },
  );
  const lines = contracts.flatMap((c) => c.lines.map((line) => ({ contract: c.id, ...line })));
  await w.copy('sales_contract_lines', ['contract_id', 'product_id', 'unit_price'], lines.length, (i) => {
    const line = lines[i]!;
    return [w.id('sales_contracts', line.contract), line.productId, line.unitPrice];
  });
}

export async function writePurchasing(w: HistoryWriter, h: History): Promise<void> {
  const { orders, receipts } = h.purchasing;
  const receiptCount = new Map<number, number>();
  for (const r of receipts)
    receiptCount.set(r.purchaseOrder.id, (receiptCount.get(r.purchaseOrder.id) ?? 0) + 1);
  await w.copy(
    'purchase_orders',
    [
      'id',
      'number',
      'supplier_id',
      'warehouse_id',
      'order_date',
      'expected_date',
      'status',
      'total_amount',
      'total_cny_fen',
      'created_by',
      'version',
      'created_at',
      'updated_at',
    ],
    orders.length,
    (i) => {
      const o = orders[i]!;
      const total = o.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
      const version = 1 + (o.status === 'draft' ? 0 : 1) + (receiptCount.get(o.id) ?? 0);
      const at = timestampOn(o.orderDate, i);
      return [
        w.id('purchase_orders', o.id),
        o.number,
        o.supplierId,
        o.warehouseId,
        o.orderDate,
        o.expectedDate,
        o.status,
        total,
        total,
        o.createdBy,
        version,
        at,
        at,
      ];
    },
  );
  const poLines = orders.flatMap((o) => o.lines.map((line) => ({ order: o, line })));
  await w.copy(
    'purchase_order_lines',
    [
      'id',
      'purchase_order_id',
      'line_no',
      'product_id',
      'quantity',
      'unit_price',
      'amount',
      'received_quantity',
    ],
    poLines.length,
    (i) => {
      const { order, line } = poLines[i]!;
      return [
        w.id('purchase_order_lines', line.id),
        w.id('purchase_orders', order.id),
        line.lineNo,
        line.product.id,
        line.quantity,
        line.unitPrice,
        line.quantity * line.unitPrice,
        line.receivedQuantity,
      ];
    },
  );
  const lots = h.ledger.lots;
  await w.copy(
    'lots',
    [
      'id',
      'product_id',
      'lot_number',
      'production_date',
      'expiry_date',
      'status',
      'supplier_id',
      'unit_cost_fen',
      'first_received_on',
      'inspection_report_ref',
      'created_at',
      'updated_at',
    ],
    lots.length,
    (i) => {
      const l = lots[i]!;
      const at = timestampOn(l.receivedOn, i);
      return [
        w.id('lots', l.id),
        l.product.id,
        l.lotNumber,
        l.productionDate,
        l.expiryDate,
        'released',
        l.supplierId,
        l.unitCostFen,
        l.receivedOn,
        l.reportRef,
        at,
        at,
      ];
    },
  );
  await w.copy(
    'receipts',
    [
      'id',
      'number',
      'purchase_order_id',
      'supplier_id',
      'warehouse_id',
      'arrival_date',
      'received_by',
      'created_at',
    ],
    receipts.length,
    (i) => {
      const r = receipts[i]!;
      const o = r.purchaseOrder;
      return [
        w.id('receipts', r.id),
        r.number,
        w.id('purchase_orders', o.id),
        o.supplierId,
        o.warehouseId,
        r.arrivalDate,
        r.receivedBy,
        timestampOn(r.arrivalDate, i),
      ];
    },
  );
  const receiptLines = receipts.flatMap((r) => r.lines.map((line) => ({ receipt: r, line })));
  await w.copy(
    'receipt_lines',
    [
      'id',
      'receipt_id',
      'purchase_order_line_id',
      'product_id',
      'lot_id',
      'serials',
      'quantity_received',
      'quantity_accepted',
      'quantity_rejected',
      'inspection_result',
      'inspector',
      'inspection_report_ref',
      'scanned_udi',
    ],
    receiptLines.length,
    (i) => {
      const { receipt, line } = receiptLines[i]!;
      return [
        w.id('receipt_lines', line.id),
        w.id('receipts', receipt.id),
        w.id('purchase_order_lines', line.poLine.id),
        line.poLine.product.id,
        w.id('lots', line.lot.id),
        textArray(line.lot.serials),
        line.received,
        line.accepted,
        line.rejected,
        inspectionResultOf(line.accepted, line.rejected),
        line.inspector,
        line.lot.reportRef,
        line.scannedUdi,
      ];
    },
  );
}

export async function writeSales(w: HistoryWriter, h: History): Promise<void> {
  const { orders, shipments } = h.sales;
  // What each order's invoices add up to, as the invoices' trigger sums it (migration 0031): in
  // a bulk load the orders carry it from the start and the invoices' COPY does not add it again
  // (writeReceivables, migration 0044). Otherwise the trigger adds it, as for the services.
  const invoiced = new Map<SalesOrder, number>();
  if (await w.isBulkLoad()) {
    // (The history cancels no invoice.)
    for (const v of h.receivables.invoices) {
      const order = v.shipment.order;
      invoiced.set(order, (invoiced.get(order) ?? 0) + v.netCny + v.taxCny);
    }
  }
  await w.copy(
    'sales_orders',
    [
      'id',
      'number',
      'customer_id',
      'region_id',
      'owner_rep_id',
      'contract_id',
      'exchange_rate',
      'order_date',
      'promised_date',
      'status',
      'accept_partial',
      'net_amount',
      'tax_amount',
      'gross_amount',
      'net_cny_fen',
      'tax_cny_fen',
      'gross_cny_fen',
      'invoiced_gross_cny_fen',
      'confirmed_at',
      'created_by',
      'version',
      'created_at',
      'updated_at',
    ],
    orders.length,
    (i) => {
      const o = orders[i]!;
      const at = timestampOn(o.orderDate, i);
      return [
        w.id('sales_orders', o.id),
        o.number,
        o.customer.id,
        o.customer.regionId,
        o.customer.ownerRepId,
        w.id('sales_contracts', o.contractId),
        1,
        o.orderDate,
        o.promisedDate,
        o.status,
        o.acceptPartial,
        o.net,
        o.tax,
        o.net + o.tax,
        o.netCny,
        o.taxCny,
        o.netCny + o.taxCny,
        invoiced.get(o) ?? 0,
        at,
        o.createdBy,
        o.version,
        at,
        at,
      ];
    },
  );
  const lines = orders.flatMap((o) => o.lines);
  await w.copy(
    'sales_order_lines',
    [
      'id',
      'order_id',
      'line_no',
      'product_id',
      'quantity',
      'price_source',
      'price_reference_id',
      'unit_price',
      'discount_rate',
      'vat_rate',
      'net_amount',
      'tax_amount',
      'net_cny_fen',
      'tax_cny_fen',
      'floor_price_fen',
      'allocated_quantity',
      'backordered_quantity',
      'shipped_quantity',
      'first_allocated_quantity',
    ],
    lines.length,
    (i) => {
      const l = lines[i]!;
      const reference =
        l.priceSource === 'contract'
          ? w.id('sales_contracts', l.priceReferenceId)
          : w.id('price_lists', l.priceReferenceId);
      return [
        w.id('sales_order_lines', l.id),
        w.id('sales_orders', l.order.id),
        l.lineNo,
        l.product.id,
        l.quantity,
        l.priceSource,
        reference,
        l.unitPrice,
        l.discountRate,
        l.vatRate,
        l.net,
        l.tax,
        l.netCny,
        l.taxCny,
        l.floorPriceFen,
        l.allocated,
        l.backordered,
        l.shipped,
        l.firstAllocated,
      ];
    },
  );
  const approved = orders.filter((o) => o.approvedBy !== null);
  await w.copy(
    'sales_order_approvals',
    ['id', 'order_id', 'kind', 'approved_by', 'reason', 'created_at'],
    approved.length,
    (i) => {
      const o = approved[i]!;
      return [
        w.id('sales_order_approvals', i + 1),
        w.id('sales_orders', o.id),
        'price_below_floor',
        o.approvedBy,
        '招标项目特价，低于底价经销售总监批准',
        timestampOn(o.orderDate, i),
      ];
    },
  );
  await w.copy(
    'shipments',
    [
      'id',
      'number',
      'order_id',
      'customer_id',
      'region_id',
      'status',
      'promised_date',
      'shipped_on',
      'delivered_on',
      'created_by',
      'shipped_by',
      'version',
      'created_at',
      'updated_at',
    ],
    shipments.length,
    (i) => {
      const s = shipments[i]!;
      const c = s.order.customer;
      return [
        w.id('shipments', s.id),
        s.number,
        w.id('sales_orders', s.order.id),
        c.id,
        c.regionId,
        s.status,
        s.order.promisedDate,
        s.shippedOn,
        s.deliveredOn,
        s.createdBy,
        s.shippedBy,
        s.version,
        timestampOn(s.createdOn, i),
        timestampOn(s.deliveredOn ?? s.shippedOn ?? s.createdOn, i),
      ];
    },
  );
  const allocations = orders.flatMap((o) => o.allocations);
  await w.copy(
    'sales_order_allocations',
    [
      'id',
      'order_id',
      'order_line_id',
      'warehouse_id',
      'product_id',
      'lot_id',
      'quantity',
      'status',
      'shipment_id',
      'created_at',
    ],
    allocations.length,
    (i) => {
      const a = allocations[i]!;
      return [
        w.id('sales_order_allocations', a.id),
        w.id('sales_orders', a.line.order.id),
        w.id('sales_order_lines', a.line.id),
        a.warehouseId,
        a.line.product.id,
        w.id('lots', a.lot.id),
        a.quantity,
        a.status,
        a.shipment ? w.id('shipments', a.shipment.id) : null,
        timestampOn(a.line.order.orderDate, i),
      ];
    },
  );
  const shipped = shipments.flatMap((s) => s.allocations);
  await w.copy(
    'shipment_lines',
    [
      'id',
      'shipment_id',
      'allocation_id',
      'order_line_id',
      'warehouse_id',
      'product_id',
      'lot_id',
      'quantity',
      'scanned_quantity',
      'unit_price',
      'discount_rate',
      'vat_rate',
      'unit_cost_fen',
    ],
    shipped.length,
    (i) => {
      const a = shipped[i]!;
      return [
        w.id('shipment_lines', a.shipmentLineId),
        w.id('shipments', a.shipment!.id),
        w.id('sales_order_allocations', a.id),
        w.id('sales_order_lines', a.line.id),
        a.warehouseId,
        a.line.product.id,
        w.id('lots', a.lot.id),
        a.quantity,
        a.scanned,
        a.line.unitPrice,
        a.line.discountRate,
        a.line.vatRate,
        a.lot.unitCostFen,
      ];
    },
  );
  const serials = shipped.flatMap((a) => a.serials.map((serial) => ({ a, serial })));
  await w.copy(
    'shipment_line_serials',
    ['shipment_line_id', 'product_id', 'serial', 'scanned_at'],
    serials.length,
    (i) => {
      const { a, serial } = serials[i]!;
      return [
        w.id('shipment_lines', a.shipmentLineId),
        a.line.product.id,
        serial,
        timestampOn(a.shipment!.shippedOn!, i),
      ];
    },
  );
}
