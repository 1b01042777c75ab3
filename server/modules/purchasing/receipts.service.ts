import type {
  CreateReceiptRequest,
  GspReceiptRecordQuery,
  Receipt,
  ReceiptListQuery,
} from '../../../contracts/purchasing.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { nextDocumentNumber } from '../../platform/numbering.ts';
import { type NewStockMove, postStockMoves, upsertLot } from '../inventory/index.ts';
import * as orders from './purchase-orders.repository.ts';
import {
  assertPurchaseOrderAllows,
  checkInspectionResult,
  checkOverReceipt,
  checkReceivedLot,
  type LotIdentity,
  type OpenLine,
  resolveReceiptLot,
  statusAfterReceipt,
} from './purchasing.rules.ts';
import * as repo from './receipts.repository.ts';

export async function listReceipts(db: Db, query: ReceiptListQuery, maxPageSize: number) {
  const result = await repo.listReceipts(db, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function getReceipt(db: Queryable, id: number): Promise<Receipt> {
  const receipt = await repo.findReceipt(db, id);
  if (!receipt) throw new AppError('NOT_FOUND');
  return receipt;
}

/** Points an error of one line at that line, so the client can show it beside it. */
function atLine<T>(index: number, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof AppError) {
      throw new AppError(error.code, error.params, { ...error.details, line: index });
    }
    throw error;
  }
}

interface PreparedLine {
  index: number;
  poLine: OpenLine & { productId: number; unitCostCnyFen: number };
  identity: LotIdentity;
  quantityAccepted: number;
  quantityRejected: number;
  inspectionResult: ReturnType<typeof checkInspectionResult>;
  inspector: string;
  reportRef: string | null;
}

/** One lot number means one expiry, within this receipt and against lots already on file. */
async function checkLotFacts(tx: Queryable, lines: PreparedLine[]) {
  const seen = new Map<string, string>();
  for (const line of lines) {
    const key = `${line.poLine.productId}/${line.identity.lotNumber}`;
    const known = seen.get(key);
    if (known !== undefined && known !== line.identity.expiryDate) {
      throw new AppError(
        'LOT_EXPIRY_MISMATCH',
        { lot: line.identity.lotNumber, known, given: line.identity.expiryDate },
        { line: line.index },
      );
    }
    seen.set(key, line.identity.expiryDate);
  }
  const existing = await repo.findLotsByNumber(
    tx,
    lines.map((l) => ({ productId: l.poLine.productId, lotNumber: l.identity.lotNumber })),
  );
  for (const lot of existing) {
    const line = lines.find(
      (l) => l.poLine.productId === lot.productId && l.identity.lotNumber === lot.lotNumber,
    )!;
    if (lot.expiryDate !== line.identity.expiryDate) {
      throw new AppError(
        'LOT_EXPIRY_MISMATCH',
        { lot: lot.lotNumber, known: lot.expiryDate, given: line.identity.expiryDate },
        { line: line.index, field: 'expiryDate' },
      );
    }
  }
}

async function checkSerialsAreNew(tx: Queryable, ctx: RequestContext, lines: PreparedLine[]) {
  const keys = lines.flatMap((l) =>
    l.identity.serials.map((serial) => ({ productId: l.poLine.productId, serial })),
  );
  const seen = new Set<string>();
  let duplicate: string | undefined;
  for (const key of keys) {
    const text = `${key.productId}/${key.serial}`;
    if (seen.has(text)) duplicate ??= key.serial;
    seen.add(text);
  }
  duplicate ??= (await repo.findSerialsInStock(tx, keys))[0];
  if (duplicate !== undefined) {
    throw new AppError(
      'DUPLICATE',
      { entity: ctx.lang === 'en' ? 'Serial number' : '序列号', value: duplicate },
      { field: 'serials' },
    );
  }
}

/**
 * Receives goods against a purchase order with their inspection: accepted units enter the
 * order's warehouse as receipt moves of their lot (created on first receipt, costed at the
 * order price in CNY), rejected units are recorded but never enter stock.
 */
export async function postReceipt(
  db: Db,
  ctx: RequestContext,
  input: CreateReceiptRequest,
  today = businessDate(),
): Promise<Receipt> {
  const lang = ctx.lang;
  const arrivalDate = input.arrivalDate ?? today;
  if (arrivalDate > today) {
    throw new AppError(
      'BUSINESS_RULE',
      { detail: lang === 'en' ? 'the arrival date is in the future' : '到货日期不能晚于今天' },
      { field: 'arrivalDate' },
    );
  }
  return withTransaction(db, async (tx) => {
    // Locking the order serialises receipts against it, so two deliveries cannot both fit.
    const po = await orders.findPurchaseOrder(tx, input.purchaseOrderId, true);
    if (!po) {
      throw new AppError(
        'INVALID_REFERENCE',
        { entity: lang === 'en' ? 'purchase order' : '采购订单', value: input.purchaseOrderId },
        { field: 'purchaseOrderId' },
      );
    }
    assertPurchaseOrderAllows('receive', po.status, lang);
    const poLines = new Map(po.lines.map((l) => [l.id, l]));
    const products = await repo.findProductFacts(tx, [...new Set(po.lines.map((l) => l.productId))]);

    const prepared: PreparedLine[] = input.lines.map((line, index) =>
      atLine(index, () => {
        const poLine = poLines.get(line.purchaseOrderLineId);
        if (!poLine) {
          throw new AppError(
            'INVALID_REFERENCE',
            {
              entity: lang === 'en' ? 'line of this purchase order' : '本采购订单的行',
              value: line.purchaseOrderLineId,
            },
            { field: 'purchaseOrderLineId' },
          );
        }
        const product = products.get(poLine.productId)!;
        const identity = resolveReceiptLot(line, product, today, lang);
        const inspectionResult = checkInspectionResult(
          line.inspectionResult,
          line.quantityAccepted,
          line.quantityRejected,
          lang,
        );
        checkReceivedLot(identity, line.quantityAccepted, product, arrivalDate, lang);
        return {
          index,
          poLine,
          identity,
          quantityAccepted: line.quantityAccepted,
          quantityRejected: line.quantityRejected,
          inspectionResult,
          inspector: line.inspector,
          reportRef: line.reportRef,
        };
      }),
    );
    checkOverReceipt(
      prepared.map((p) => ({
        purchaseOrderLineId: p.poLine.id,
        quantityReceived: p.quantityAccepted + p.quantityRejected,
      })),
      poLines,
    );
    await checkLotFacts(tx, prepared);
    await checkSerialsAreNew(tx, ctx, prepared);

    // A handful of distinct lots per delivery: upsertLot is the ledger's one way to create them.
    const lotIds = new Map<string, number>();
    for (const line of prepared) {
      const key = `${line.poLine.productId}/${line.identity.lotNumber}`;
      if (lotIds.has(key)) continue;
      const lot = await upsertLot(tx, {
        productId: line.poLine.productId,
        lotNumber: line.identity.lotNumber,
        productionDate: line.identity.productionDate,
        expiryDate: line.identity.expiryDate,
        supplierId: po.supplierId,
        unitCostFen: line.poLine.unitCostCnyFen,
        receivedOn: arrivalDate,
        inspectionReportRef: line.reportRef,
      });
      // Another receipt may have created the lot since it was checked above.
      if (lot.expiryDate !== line.identity.expiryDate) {
        throw new AppError(
          'LOT_EXPIRY_MISMATCH',
          { lot: line.identity.lotNumber, known: lot.expiryDate, given: line.identity.expiryDate },
          { line: line.index, field: 'expiryDate' },
        );
      }
      lotIds.set(key, lot.id);
    }
    const lotOf = (line: PreparedLine) => lotIds.get(`${line.poLine.productId}/${line.identity.lotNumber}`)!;

    const receiptId = await repo.insertReceipt(tx, {
      number: await nextDocumentNumber(tx, 'RC', arrivalDate),
      purchaseOrderId: po.id,
      supplierId: po.supplierId,
      warehouseId: po.warehouseId,
      arrivalDate,
      receivedBy: ctx.userId > 0 ? ctx.userId : null,
    });
    await repo.insertReceiptLines(
      tx,
      receiptId,
      prepared.map((line) => ({
        purchaseOrderLineId: line.poLine.id,
        productId: line.poLine.productId,
        lotId: lotOf(line),
        serials: line.identity.serials,
        quantityReceived: line.quantityAccepted + line.quantityRejected,
        quantityAccepted: line.quantityAccepted,
        quantityRejected: line.quantityRejected,
        inspectionResult: line.inspectionResult,
        inspector: line.inspector,
        reportRef: line.reportRef,
        scannedUdi: line.identity.scannedUdi,
      })),
    );

    const reference = {
      kind: 'receipt' as const,
      warehouseId: po.warehouseId,
      businessDate: arrivalDate,
      referenceType: 'receipt',
      referenceId: receiptId,
      createdBy: ctx.userId > 0 ? ctx.userId : null,
    };
    const moves: NewStockMove[] = prepared
      .filter((line) => line.quantityAccepted > 0)
      .flatMap((line) =>
        line.identity.serials.length > 0
          ? line.identity.serials.map((serial) => ({
              ...reference,
              productId: line.poLine.productId,
              lotId: lotOf(line),
              serial,
              quantity: 1,
            }))
          : [
              {
                ...reference,
                productId: line.poLine.productId,
                lotId: lotOf(line),
                quantity: line.quantityAccepted,
              },
            ],
      );
    await postStockMoves(tx, moves);

    await orders.addReceivedQuantities(
      tx,
      prepared.map((line) => ({ purchaseOrderLineId: line.poLine.id, quantity: line.quantityAccepted })),
    );
    const updated = (await orders.findPurchaseOrder(tx, po.id))!;
    if (!(await orders.updateStatus(tx, po.id, po.version, statusAfterReceipt(updated.lines)))) {
      throw new AppError('VERSION_CONFLICT');
    }

    const receipt = (await repo.findReceipt(tx, receiptId))!;
    await recordAudit(tx, ctx, { action: 'create', entity: 'receipt', entityId: receiptId, after: receipt });
    await emitEvent(tx, 'receipt.posted', {
      receiptId,
      number: receipt.number,
      purchaseOrderId: po.id,
      supplierId: po.supplierId,
      warehouseId: po.warehouseId,
      arrivalDate,
      lines: receipt.lines.map((l) => ({
        productId: l.productId,
        lotId: l.lotId,
        quantityAccepted: l.quantityAccepted,
        quantityRejected: l.quantityRejected,
      })),
    });
    return receipt;
  });
}

export async function listGspReceiptRecord(
  db: Db,
  ctx: RequestContext,
  query: Omit<GspReceiptRecordQuery, 'format'>,
  maxRows: number,
) {
  if (query.from > query.to) {
    throw new AppError('INVALID_QUERY', {
      detail: ctx.lang === 'en' ? '"from" is after "to"' : '开始日期晚于结束日期',
    });
  }
  const rows = await repo.listGspReceiptRows(db, query, maxRows);
  if (rows.length > maxRows) throw new AppError('EXPORT_TOO_LARGE', { max: maxRows });
  return rows;
}
