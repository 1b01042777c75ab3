/**
 * Sales returns. Returned units re-enter the stock ledger at once (a 'return' move into the
 * warehouse they left) and are held — reserved without an order — until inspected, so no
 * allocation can pick them in the meantime (GSP: returned goods wait in quarantine). The
 * inspection releases the accepted units to stock and scraps the rejected ones. The lot's own
 * status is left alone: the rest of the lot was never in doubt.
 */
import type {
  CreateReturnRequest,
  InspectReturnRequest,
  ReturnListQuery,
  SalesReturn,
} from '../../../../contracts/finance.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events.ts';
import type { StoreResponse } from '../../../platform/idempotency.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { holdStock, postStockMoves, releaseHeldStock } from '../../inventory/index.ts';
import { actorId, laterDate, requireAnyPermission, say } from '../finance.shared.ts';
import {
  findInvoiceLinesOfShipmentLines,
  listCreditNotesOfReturn,
} from '../invoices/credit-notes.repository.ts';
import { issueCreditNote } from '../invoices/credit-notes.service.ts';
import { lockShipment } from '../invoices/invoices.repository.ts';
import * as repo from './returns.repository.ts';
import { checkInspection, checkReturnLines, type StockUnit, sumByKey, unitsOf } from './returns.rules.ts';

export async function listReturns(db: Db, ctx: RequestContext, query: ReturnListQuery, maxPageSize: number) {
  requireAnyPermission(ctx, 'finance:read', 'inventory:read');
  const result = await repo.listReturns(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

async function readReturn(db: Queryable, ctx: RequestContext, id: number): Promise<SalesReturn> {
  const header = await repo.findReturn(db, ctx, id);
  if (!header) throw new AppError('NOT_FOUND');
  // One after the other: `db` may be a transaction's single connection.
  const lines = await repo.listReturnLines(db, id);
  return { ...header, lines, creditNotes: await listCreditNotesOfReturn(db, id) };
}

export async function getReturn(db: Db, ctx: RequestContext, id: number): Promise<SalesReturn> {
  requireAnyPermission(ctx, 'finance:read', 'inventory:read');
  return readReturn(db, ctx, id);
}

const toReservation = (u: StockUnit) => ({
  warehouseId: u.warehouseId,
  productId: u.productId,
  lotId: u.lotId,
  serial: u.serial,
  quantity: u.quantity,
});

/** Issues one 'return' credit note per invoice that billed the returned lines. */
async function creditReturnedLines(
  tx: Queryable,
  ctx: RequestContext,
  returnId: number,
  returnDate: string,
  reason: string,
  lines: repo.NewReturnLine[],
): Promise<void> {
  const invoiced = await findInvoiceLinesOfShipmentLines(
    tx,
    lines.map((l) => l.shipmentLineId),
  );
  const byShipmentLine = new Map(invoiced.map((i) => [i.shipmentLineId, i]));
  const perInvoice = new Map<number, { invoiceLineId: number; quantity: number }[]>();
  for (const line of lines) {
    const found = byShipmentLine.get(line.shipmentLineId);
    if (!found) {
      throw new AppError(
        'BUSINESS_RULE',
        {
          detail: say(
            ctx,
            `shipment line ${line.shipmentLineId} has not been invoiced; return it without a credit note`,
            `发货行 ${line.shipmentLineId} 尚未开票，请不开红字发票退货`,
          ),
        },
        { field: 'creditNote' },
      );
    }
    const list = perInvoice.get(found.invoiceId) ?? [];
    list.push({ invoiceLineId: found.invoiceLineId, quantity: line.quantity });
    perInvoice.set(found.invoiceId, list);
  }
  for (const [invoiceId, creditLines] of [...perInvoice].sort((a, b) => a[0] - b[0])) {
    await issueCreditNote(
      tx,
      ctx,
      { invoiceId, creditDate: returnDate, reason, lines: creditLines },
      'return',
      returnId,
    );
  }
}

/**
 * Takes units of a shipped shipment back: at most what was shipped minus what came back
 * already, per line. Stock re-enters the ledger and is held for inspection; with creditNote
 * the invoiced value of the units is credited (Dr SALES_RETURNS, Dr VAT_OUTPUT / Cr AR).
 */
export async function createReturn(
  db: Db,
  ctx: RequestContext,
  input: CreateReturnRequest,
  options: { store?: StoreResponse } = {},
): Promise<SalesReturn> {
  requireAnyPermission(ctx, 'finance:write', 'shipments:write');
  if (input.creditNote) requireAnyPermission(ctx, 'finance:write');
  const returnDate = input.returnDate ?? businessDate();
  return withTransaction(db, async (tx) => {
    const shipment = await lockShipment(tx, ctx, input.shipmentId);
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
    if (shipment.shippedOn !== null && returnDate < shipment.shippedOn) {
      throw new AppError(
        'BUSINESS_RULE',
        {
          detail: say(
            ctx,
            `returned before it was shipped (${shipment.shippedOn})`,
            `退货日期早于发货日期 ${shipment.shippedOn}`,
          ),
        },
        { field: 'returnDate' },
      );
    }
    const lines = checkReturnLines(input.lines, await repo.lockReturnableLines(tx, shipment.id), ctx.lang);
    const number = await nextDocumentNumber(tx, 'RT', returnDate);
    const id = await repo.insertReturn(tx, {
      number,
      shipmentId: shipment.id,
      customerId: shipment.customerId,
      regionId: shipment.regionId,
      returnDate,
      reason: input.reason,
      createdBy: actorId(ctx),
      lines,
    });
    const units = lines.flatMap((l) => unitsOf(l, l.quantity));
    await postStockMoves(
      tx,
      units.map((u) => ({
        ...toReservation(u),
        kind: 'return' as const,
        businessDate: returnDate,
        referenceType: 'sales_return',
        referenceId: id,
        reason: input.reason,
        createdBy: actorId(ctx),
      })),
    );
    await holdStock(tx, sumByKey(units).map(toReservation));
    if (input.creditNote) await creditReturnedLines(tx, ctx, id, returnDate, input.reason, lines);
    const created = await readReturn(tx, ctx, id);
    await recordAudit(tx, ctx, { action: 'create', entity: 'sales_return', entityId: id, after: created });
    await emitEvent(tx, 'return.received', {
      returnId: id,
      number,
      shipmentId: shipment.id,
      customerId: shipment.customerId,
      regionId: shipment.regionId,
      returnDate,
      lines: lines.map((l) => ({
        productId: l.productId,
        lotId: l.lotId,
        quantity: l.quantity,
        serials: l.serials,
      })),
      creditNoteIds: created.creditNotes.map((c) => c.id),
    });
    await options.store?.(tx, 201, created);
    return created;
  });
}

/** Records the inspection: accepted units become available again, rejected units are scrapped. */
export async function inspectReturn(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: InspectReturnRequest,
): Promise<SalesReturn> {
  requireAnyPermission(ctx, 'quality:lots', 'inventory:write');
  const today = businessDate();
  return withTransaction(db, async (tx) => {
    const before = await repo.findReturn(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT');
    if (before.status !== 'awaiting_inspection') {
      throw new AppError('INVALID_STATUS', { entity: say(ctx, 'return', '退货单'), status: before.status });
    }
    const lines = await repo.listReturnLines(tx, id);
    const decisions = checkInspection(lines, input.lines, ctx.lang);
    await releaseHeldStock(tx, sumByKey(decisions.flatMap((d) => d.heldUnits)).map(toReservation));
    const scrapped = decisions.flatMap((d) => d.rejectedUnits);
    const businessDay = laterDate(today, before.returnDate);
    await postStockMoves(
      tx,
      scrapped.map((u) => ({
        ...toReservation(u),
        kind: 'scrap' as const,
        quantity: -u.quantity,
        businessDate: businessDay,
        referenceType: 'sales_return',
        referenceId: id,
        reason: say(
          ctx,
          `Rejected at inspection of return ${before.number}`,
          `退货 ${before.number} 检验不合格`,
        ),
        createdBy: actorId(ctx),
      })),
    );
    const recorded = await repo.recordInspection(tx, id, input.version, {
      inspectedBy: actorId(ctx),
      note: input.note ?? null,
      lines: decisions.map((d) => ({ lineId: d.lineId, accepted: d.accepted, rejected: d.rejected })),
    });
    if (!recorded) throw new AppError('VERSION_CONFLICT');
    const after = await readReturn(tx, ctx, id);
    await recordAudit(tx, ctx, { action: 'inspect', entity: 'sales_return', entityId: id, before, after });
    await emitEvent(tx, 'return.inspected', {
      returnId: id,
      number: before.number,
      lines: decisions.map((d) => ({ lineId: d.lineId, accepted: d.accepted, rejected: d.rejected })),
    });
    return after;
  });
}
