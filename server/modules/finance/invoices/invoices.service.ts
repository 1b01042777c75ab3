import type {
  CancelInvoiceRequest,
  CreateInvoiceRequest,
  Invoice,
  InvoiceListQuery,
  InvoiceSummary,
  UpdateInvoiceRequest,
} from '../../../../contracts/finance.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import { type Db, isUniqueViolation, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events.ts';
import type { StoreResponse } from '../../../platform/idempotency.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { actorId, exchangeRateOn, laterDate, say, violates } from '../finance.shared.ts';
import { invoiceEntries } from '../ledger/ledger.rules.ts';
import { postJournal, reverseJournal } from '../ledger/ledger.service.ts';
import { listAllocationsOfInvoice } from '../payments/allocations.repository.ts';
import { listWriteOffsOfInvoice } from '../payments/write-offs.repository.ts';
import { listCreditNotesOfInvoice } from './credit-notes.repository.ts';
import * as repo from './invoices.repository.ts';
import { computeInvoiceAmounts, dueDateFor } from './invoices.rules.ts';

export async function listInvoices(
  db: Db,
  ctx: RequestContext,
  query: InvoiceListQuery,
  maxPageSize: number,
) {
  const result = await repo.listInvoices(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function exportInvoices(
  db: Db,
  ctx: RequestContext,
  query: Omit<InvoiceListQuery, 'page' | 'pageSize'>,
  maxRows: number,
): Promise<InvoiceSummary[]> {
  const rows = await repo.exportInvoices(db, ctx, query, maxRows);
  if (rows.length > maxRows) throw new AppError('EXPORT_TOO_LARGE', { max: maxRows });
  return rows;
}

export async function getInvoice(db: Queryable, ctx: RequestContext, id: number): Promise<Invoice> {
  const header = await repo.findInvoice(db, ctx, id);
  if (!header) throw new AppError('NOT_FOUND');
  // One after the other: `db` may be a transaction's single connection.
  const lines = await repo.listInvoiceLines(db, id);
  const allocations = await listAllocationsOfInvoice(db, id);
  const creditNotes = await listCreditNotesOfInvoice(db, id);
  return { ...header, lines, allocations, creditNotes, writeOffs: await listWriteOffsOfInvoice(db, id) };
}

function pickLines(ctx: RequestContext, all: repo.ShipmentLineRow[], requested: number[] | undefined) {
  if (!requested) {
    const open = all.filter((l) => !l.isInvoiced);
    if (open.length === 0) {
      throw new AppError(
        'ALREADY_INVOICED',
        { line: say(ctx, 'every line', '全部发货行') },
        { field: 'shipmentId' },
      );
    }
    return open;
  }
  const byId = new Map(all.map((l) => [l.id, l]));
  return [...new Set(requested)].map((lineId, index) => {
    const line = byId.get(lineId);
    if (!line) {
      throw new AppError(
        'INVALID_REFERENCE',
        { entity: say(ctx, 'line of this shipment', '该发货单的发货行'), value: lineId },
        { field: `shipmentLineIds.${index}` },
      );
    }
    if (line.isInvoiced) throw new AppError('ALREADY_INVOICED', { line: lineId }, { shipmentLineId: lineId });
    return line;
  });
}

/**
 * Invoices a shipped shipment (all its lines not yet invoiced, or the chosen ones): VAT per
 * line, CNY at the rate of the invoice date, due by the customer's payment terms. Posts
 * Dr AR / Cr REVENUE / Cr VAT_OUTPUT in the same transaction.
 */
export async function createInvoice(
  db: Db,
  ctx: RequestContext,
  input: CreateInvoiceRequest,
  options: { store?: StoreResponse } = {},
): Promise<Invoice> {
  const invoiceDate = input.invoiceDate ?? businessDate();
  try {
    return await withTransaction(db, async (tx) => {
      const shipment = await repo.lockShipment(tx, ctx, input.shipmentId);
      if (!shipment) {
        throw new AppError(
          'INVALID_REFERENCE',
          { entity: say(ctx, 'shipment', '发货单'), value: input.shipmentId },
          { field: 'shipmentId' },
        );
      }
      if (shipment.status !== 'shipped' && shipment.status !== 'delivered') {
        throw new AppError('INVALID_STATUS', {
          entity: say(ctx, 'shipment', '发货单'),
          status: shipment.status,
        });
      }
      if (shipment.shippedOn !== null && invoiceDate < shipment.shippedOn) {
        throw new AppError(
          'BUSINESS_RULE',
          {
            detail: say(
              ctx,
              `the invoice date is before the shipping date ${shipment.shippedOn}`,
              `开票日期早于发货日期 ${shipment.shippedOn}`,
            ),
          },
          { field: 'invoiceDate' },
        );
      }
      const lines = pickLines(ctx, await repo.listShipmentLines(tx, shipment.id), input.shipmentLineIds);
      const exchangeRate = await exchangeRateOn(tx, shipment.currency, invoiceDate, 'invoiceDate');
      const amounts = computeInvoiceAmounts(lines, exchangeRate);
      const number = await nextDocumentNumber(tx, 'INV', invoiceDate);
      const id = await repo.insertInvoice(tx, {
        number,
        shipment,
        exchangeRate,
        invoiceDate,
        dueDate: dueDateFor(invoiceDate, shipment.paymentTermsDays),
        net: amounts.net,
        tax: amounts.tax,
        netCny: amounts.netCny,
        taxCny: amounts.taxCny,
        costCny: amounts.costCny,
        note: input.note,
        createdBy: actorId(ctx),
        lines: lines.map((shipmentLine, i) => ({
          shipmentLine,
          net: amounts.lines[i]!.net,
          tax: amounts.lines[i]!.tax,
          netCny: amounts.lines[i]!.netCny,
          taxCny: amounts.lines[i]!.taxCny,
          costCny: amounts.lineCosts[i]!,
        })),
      });
      const journalId = await postJournal(tx, ctx, {
        businessDate: invoiceDate,
        sourceType: 'invoice',
        sourceId: id,
        documentNumber: number,
        description: `销售发票 ${number}`,
        entries: invoiceEntries(shipment.customerId, { netCny: amounts.netCny, taxCny: amounts.taxCny }),
      });
      await repo.setInvoiceJournal(tx, id, journalId);
      const created = await getInvoice(tx, ctx, id);
      await recordAudit(tx, ctx, { action: 'create', entity: 'invoice', entityId: id, after: created });
      await emitEvent(tx, 'invoice.issued', {
        invoiceId: id,
        number,
        customerId: created.customerId,
        regionId: created.regionId,
        shipmentId: created.shipmentId,
        invoiceDate,
        dueDate: created.dueDate,
        currency: created.currency,
        grossAmount: created.grossAmount,
        netCnyFen: created.netCnyFen,
        grossCnyFen: created.grossCnyFen,
        costCnyFen: created.costCnyFen,
      });
      await options.store?.(tx, 201, created);
      return created;
    });
  } catch (error) {
    // Two invoices raced for the same shipment line: the partial unique index decided.
    if (isUniqueViolation(error, 'invoice_lines_shipment_line_once')) {
      throw new AppError('ALREADY_INVOICED', { line: say(ctx, 'of this shipment', '该发货单') });
    }
    throw error;
  }
}

/** Records the Golden Tax number once the VAT invoice is printed, or changes the note. */
export async function updateInvoice(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateInvoiceRequest,
): Promise<Invoice> {
  try {
    return await withTransaction(db, async (tx) => {
      const before = await getInvoice(tx, ctx, id);
      if (before.version !== input.version) throw new AppError('VERSION_CONFLICT');
      if (before.status === 'cancelled') {
        throw new AppError('INVALID_STATUS', { entity: say(ctx, 'invoice', '发票'), status: before.status });
      }
      const changes = { vatInvoiceNumber: input.vatInvoiceNumber, note: input.note };
      if (!(await repo.updateInvoiceDetails(tx, id, input.version, changes)))
        throw new AppError('VERSION_CONFLICT');
      const after = await getInvoice(tx, ctx, id);
      await recordAudit(tx, ctx, { action: 'update', entity: 'invoice', entityId: id, before, after });
      return after;
    });
  } catch (error) {
    if (violates(error, 'invoices_vat_number_key')) {
      throw new AppError(
        'DUPLICATE',
        { entity: say(ctx, 'VAT invoice number', '金税发票号'), value: input.vatInvoiceNumber ?? '' },
        { field: 'vatInvoiceNumber' },
      );
    }
    throw error;
  }
}

/**
 * Cancels an invoice nothing was paid, credited or written off on: its journal is reversed
 * (never deleted) and its shipment lines can be invoiced again.
 */
export async function cancelInvoice(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: CancelInvoiceRequest,
): Promise<Invoice> {
  const today = businessDate();
  return withTransaction(db, async (tx) => {
    const before = await repo.findInvoice(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT');
    if (before.status !== 'open') {
      throw new AppError('INVALID_STATUS', { entity: say(ctx, 'invoice', '发票'), status: before.status });
    }
    const cancelledOn = laterDate(today, before.invoiceDate);
    if (!(await repo.cancelInvoice(tx, id, input.version, cancelledOn, input.reason))) {
      throw new AppError('VERSION_CONFLICT');
    }
    const journalId = await repo.journalOfInvoice(tx, id);
    if (journalId !== null) {
      await reverseJournal(tx, ctx, journalId, {
        businessDate: cancelledOn,
        sourceType: 'invoice_cancellation',
        sourceId: id,
        documentNumber: before.number,
        description: `作废发票 ${before.number}`,
      });
    }
    const after = await getInvoice(tx, ctx, id);
    await recordAudit(tx, ctx, {
      action: 'cancel',
      entity: 'invoice',
      entityId: id,
      before,
      after,
      reason: input.reason,
    });
    await emitEvent(tx, 'invoice.cancelled', {
      invoiceId: id,
      number: before.number,
      customerId: before.customerId,
      grossCnyFen: before.grossCnyFen,
    });
    return after;
  });
}
