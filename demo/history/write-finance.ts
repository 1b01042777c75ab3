/**
 * Writes the stock ledger (moves and the balances they add up to, with what allocations and
 * returns awaiting inspection hold), the receivables (invoices, payments, settlements, credit
 * notes, write-offs, returns), the balanced journals, and the document counters.
 */
import type { Journal } from './model.ts';
import type { History } from './simulate.ts';
import type { HistoryWriter, IdTable } from './writer.ts';
import { timestampOn } from './writer.ts';

export async function writeStock(w: HistoryWriter, h: History): Promise<void> {
  const moves = h.ledger.moves;
  const referenceTable: Record<string, IdTable> = {
    receipt: 'receipts',
    shipment: 'shipments',
    sales_return: 'sales_returns',
  };
  await w.copy(
    'stock_moves',
    [
      'id',
      'moved_at',
      'business_date',
      'warehouse_id',
      'product_id',
      'lot_id',
      'serial',
      'kind',
      'quantity',
      'reference_type',
      'reference_id',
      'reason',
      'created_by',
    ],
    moves.length,
    (i) => {
      const m = moves[i]!;
      return [
        w.id('stock_moves', i + 1),
        timestampOn(m.date, i),
        m.date,
        m.warehouseId,
        m.lot.product.id,
        w.id('lots', m.lot.id),
        m.serial,
        m.kind,
        m.quantity,
        m.referenceType,
        w.id(referenceTable[m.referenceType]!, m.referenceId),
        m.reason,
        m.createdBy,
      ];
    },
  );
  const rows = h.ledger.allBalances().flatMap((b) => b.rows.map((row) => ({ b, row })));
  await w.copy(
    'stock_balances',
    ['warehouse_id', 'product_id', 'lot_id', 'serial', 'on_hand', 'reserved', 'held'],
    rows.length,
    (i) => {
      const { b, row } = rows[i]!;
      return [
        b.warehouseId,
        b.lot.product.id,
        w.id('lots', b.lot.id),
        row.serial,
        row.onHand,
        row.reserved,
        row.held,
      ];
    },
  );
}

const sourceTable: Record<Journal['sourceTable'], IdTable> = {
  invoices: 'invoices',
  credit_notes: 'credit_notes',
  payments: 'payments',
  write_offs: 'write_offs',
};

export async function writeReceivables(w: HistoryWriter, h: History): Promise<void> {
  const r = h.receivables;
  await w.copy(
    'journals',
    [
      'id',
      'business_date',
      'source_type',
      'source_id',
      'document_number',
      'description',
      'created_by',
      'created_at',
    ],
    r.journals.length,
    (i) => {
      const j = r.journals[i]!;
      return [
        w.id('journals', j.id),
        j.date,
        j.sourceType,
        w.id(sourceTable[j.sourceTable], j.sourceId),
        j.documentNumber,
        j.description,
        j.createdBy,
        timestampOn(j.date, i),
      ];
    },
  );
  const entries = r.journals.flatMap((j) => j.entries.map((e) => ({ j, e })));
  await w.copy(
    'ledger_entries',
    ['id', 'journal_id', 'account', 'customer_id', 'debit_fen', 'credit_fen'],
    entries.length,
    (i) => {
      const { j, e } = entries[i]!;
      return [
        w.id('ledger_entries', i + 1),
        w.id('journals', j.id),
        e.account,
        e.customerId,
        e.debitFen,
        e.creditFen,
      ];
    },
  );
  // The orders already carry their invoiced totals in a bulk load (writeSales): the trigger
  // that sums them is told not to add them again, for these invoices only (migration 0044).
  const totalsWritten = await w.isBulkLoad();
  if (totalsWritten) await w.tx.query(`SELECT set_config('pulse.invoiced_totals_written', 'on', true)`);
  await w.copy(
    'invoices',
    [
      'id',
      'number',
      'customer_id',
      'region_id',
      'shipment_id',
      'order_id',
      'currency',
      'exchange_rate',
      'invoice_date',
      'due_date',
      'vat_invoice_number',
      'status',
      'net_amount',
      'tax_amount',
      'gross_amount',
      'net_cny_fen',
      'tax_cny_fen',
      'gross_cny_fen',
      'cost_cny_fen',
      'paid_amount',
      'credited_amount',
      'written_off_amount',
      'open_amount',
      'open_cny_fen',
      'journal_id',
      'created_by',
      'version',
      'created_at',
      'updated_at',
    ],
    r.invoices.length,
    (i) => {
      const v = r.invoices[i]!;
      const c = v.customer;
      // The Golden Tax number is typed in once the VAT invoice is printed (a few days later).
      const isPrinted = v.invoiceDate < h.today;
      const vatNumber = isPrinted
        ? `${v.invoiceDate.slice(2, 4)}312000${String(w.id('invoices', v.id)).padStart(12, '0')}`
        : null;
      const at = timestampOn(v.invoiceDate, i);
      return [
        w.id('invoices', v.id),
        v.number,
        c.id,
        c.regionId,
        w.id('shipments', v.shipment.id),
        w.id('sales_orders', v.shipment.order.id),
        'CNY',
        1,
        v.invoiceDate,
        v.dueDate,
        vatNumber,
        v.status,
        v.net,
        v.tax,
        v.net + v.tax,
        v.netCny,
        v.taxCny,
        v.netCny + v.taxCny,
        v.costCny,
        v.paid,
        v.credited,
        v.writtenOff,
        v.open,
        v.openCny,
        w.id('journals', v.journalId),
        v.createdBy,
        v.version + (isPrinted ? 1 : 0),
        at,
        at,
      ];
    },
  );
  if (totalsWritten) {
    await w.flush();
    await w.tx.query(`SELECT set_config('pulse.invoiced_totals_written', 'off', true)`);
  }
  const lines = r.invoices.flatMap((v) => v.lines);
  await w.copy(
    'invoice_lines',
    [
      'id',
      'invoice_id',
      'line_no',
      'shipment_line_id',
      'order_line_id',
      'product_id',
      'lot_id',
      'quantity',
      'unit_price',
      'discount_rate',
      'vat_rate',
      'net_amount',
      'tax_amount',
      'net_cny_fen',
      'tax_cny_fen',
      'unit_cost_fen',
      'cost_cny_fen',
      'credited_quantity',
      'credited_net_amount',
      'credited_tax_amount',
    ],
    lines.length,
    (i) => {
      const l = lines[i]!;
      const a = l.allocation;
      return [
        w.id('invoice_lines', l.id),
        w.id('invoices', l.invoice.id),
        l.lineNo,
        w.id('shipment_lines', a.shipmentLineId),
        w.id('sales_order_lines', a.line.id),
        a.line.product.id,
        w.id('lots', a.lot.id),
        a.quantity,
        a.line.unitPrice,
        a.line.discountRate,
        a.line.vatRate,
        l.net,
        l.tax,
        l.netCny,
        l.taxCny,
        a.lot.unitCostFen,
        l.costCny,
        l.creditedQuantity,
        l.creditedNet,
        l.creditedTax,
      ];
    },
  );
  await w.copy(
    'payments',
    [
      'id',
      'number',
      'customer_id',
      'region_id',
      'method',
      'currency',
      'exchange_rate',
      'received_date',
      'reference',
      'maturity_date',
      'amount',
      'amount_cny_fen',
      'allocated_amount',
      'unallocated_amount',
      'unallocated_cny_fen',
      'journal_id',
      'created_by',
      'created_at',
    ],
    r.payments.length,
    (i) => {
      const p = r.payments[i]!;
      return [
        w.id('payments', p.id),
        p.number,
        p.customer.id,
        p.customer.regionId,
        p.method,
        'CNY',
        1,
        p.receivedDate,
        p.reference,
        p.maturityDate,
        p.amount,
        p.amountCny,
        p.allocated,
        p.amount - p.allocated,
        p.unallocatedCny,
        w.id('journals', p.journalId),
        p.createdBy,
        timestampOn(p.receivedDate, i),
      ];
    },
  );
  const returns = h.returns;
  await w.copy(
    'sales_returns',
    [
      'id',
      'number',
      'shipment_id',
      'customer_id',
      'region_id',
      'return_date',
      'reason',
      'status',
      'inspected_by',
      'inspected_at',
      'inspection_note',
      'created_by',
      'version',
      'created_at',
    ],
    returns.length,
    (i) => {
      const x = returns[i]!;
      const c = x.shipment.order.customer;
      return [
        w.id('sales_returns', x.id),
        x.number,
        w.id('shipments', x.shipment.id),
        c.id,
        c.regionId,
        x.returnDate,
        x.reason,
        x.status,
        x.inspectedBy,
        x.inspectedOn ? timestampOn(x.inspectedOn, i) : null,
        x.inspectedOn ? '按GSP要求完成退货验收' : null,
        x.createdBy,
        x.status === 'inspected' ? 2 : 1,
        timestampOn(x.returnDate, i),
      ];
    },
  );
  const returnLines = returns.flatMap((x) => x.lines.map((line) => ({ x, line })));
  await w.copy(
    'sales_return_lines',
    [
      'id',
      'return_id',
      'line_no',
      'shipment_line_id',
      'warehouse_id',
      'product_id',
      'lot_id',
      'quantity',
      'accepted_quantity',
      'rejected_quantity',
    ],
    returnLines.length,
    (i) => {
      const { x, line } = returnLines[i]!;
      const a = line.allocation;
      return [
        w.id('sales_return_lines', line.id),
        w.id('sales_returns', x.id),
        line.lineNo,
        w.id('shipment_lines', a.shipmentLineId),
        a.warehouseId,
        a.line.product.id,
        w.id('lots', a.lot.id),
        line.quantity,
        line.accepted,
        line.rejected,
      ];
    },
  );
  const notes = r.creditNotes;
  await w.copy(
    'credit_notes',
    [
      'id',
      'number',
      'invoice_id',
      'customer_id',
      'region_id',
      'kind',
      'return_id',
      'currency',
      'exchange_rate',
      'credit_date',
      'reason',
      'net_amount',
      'tax_amount',
      'gross_amount',
      'net_cny_fen',
      'tax_cny_fen',
      'gross_cny_fen',
      'cost_cny_fen',
      'applied_amount',
      'open_amount',
      'open_cny_fen',
      'journal_id',
      'created_by',
      'created_at',
    ],
    notes.length,
    (i) => {
      const n = notes[i]!;
      const c = n.invoice.customer;
      return [
        w.id('credit_notes', n.id),
        n.number,
        w.id('invoices', n.invoice.id),
        c.id,
        c.regionId,
        n.kind,
        w.id('sales_returns', n.returnId),
        'CNY',
        1,
        n.creditDate,
        n.reason,
        n.net,
        n.tax,
        n.net + n.tax,
        n.netCny,
        n.taxCny,
        n.netCny + n.taxCny,
        n.costCny,
        n.applied,
        n.open,
        n.openCny,
        w.id('journals', n.journalId),
        n.createdBy,
        timestampOn(n.creditDate, i),
      ];
    },
  );
  const noteLines = notes.flatMap((n) => n.lines.map((line) => ({ n, line })));
  await w.copy(
    'credit_note_lines',
    [
      'id',
      'credit_note_id',
      'line_no',
      'invoice_line_id',
      'quantity',
      'net_amount',
      'tax_amount',
      'net_cny_fen',
      'tax_cny_fen',
      'cost_cny_fen',
    ],
    noteLines.length,
    (i) => {
      const { n, line } = noteLines[i]!;
      return [
        w.id('credit_note_lines', line.id),
        w.id('credit_notes', n.id),
        line.lineNo,
        w.id('invoice_lines', line.invoiceLine.id),
        line.quantity,
        line.net,
        line.tax,
        line.netCny,
        line.taxCny,
        line.costCny,
      ];
    },
  );
  const settlements = r.settlements;
  await w.copy(
    'allocations',
    [
      'id',
      'payment_id',
      'credit_note_id',
      'invoice_id',
      'customer_id',
      'region_id',
      'amount',
      'source_cny_fen',
      'invoice_cny_fen',
      'allocated_on',
      'is_automatic',
      'journal_id',
      'created_by',
      'created_at',
    ],
    settlements.length,
    (i) => {
      const s = settlements[i]!;
      const c = s.invoice.customer;
      return [
        w.id('allocations', s.id),
        w.id('payments', s.paymentId),
        w.id('credit_notes', s.creditNoteId),
        w.id('invoices', s.invoice.id),
        c.id,
        c.regionId,
        s.amount,
        s.sourceCny,
        s.invoiceCny,
        s.allocatedOn,
        s.isAutomatic,
        w.id('journals', s.journalId),
        s.createdBy,
        timestampOn(s.allocatedOn, i),
      ];
    },
  );
  await w.copy(
    'write_offs',
    [
      'id',
      'number',
      'invoice_id',
      'customer_id',
      'region_id',
      'amount',
      'amount_cny_fen',
      'reason',
      'status',
      'requested_by',
      'requested_at',
      'decided_by',
      'decided_at',
      'decision_note',
      'written_off_on',
      'journal_id',
      'version',
    ],
    r.writeOffs.length,
    (i) => {
      const x = r.writeOffs[i]!;
      const c = x.invoice.customer;
      return [
        w.id('write_offs', x.id),
        x.number,
        w.id('invoices', x.invoice.id),
        c.id,
        c.regionId,
        x.amount,
        x.amountCny,
        x.reason,
        'approved',
        x.requestedBy,
        timestampOn(x.requestedOn, i),
        x.decidedBy,
        timestampOn(x.writtenOffOn, i),
        '同意核销，保留追偿权利',
        x.writtenOffOn,
        w.id('journals', x.journalId),
        2,
      ];
    },
  );
}

/** The day counters: a later document of the same prefix and day continues after the history's. */
export async function writeDocumentCounters(w: HistoryWriter, h: History): Promise<void> {
  const rows = h.numbers.rows();
  await w.tx.query(
    `INSERT INTO document_counters (prefix, day, last_value)
     SELECT * FROM unnest($1::text[], $2::date[], $3::int[])
     ON CONFLICT (prefix, day) DO UPDATE SET last_value = greatest(document_counters.last_value, excluded.last_value)`,
    [rows.map((r) => r.prefix), rows.map((r) => r.day), rows.map((r) => r.lastValue)],
  );
}
