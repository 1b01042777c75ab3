import type {
  CancelTransferRequest,
  CreateTransferRequest,
  ReceiveTransferRequest,
  Transfer,
  TransferListQuery,
} from '../../../contracts/inventory.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { nextDocumentNumber } from '../../platform/numbering.ts';
import { type NewStockMove, postStockMoves } from './stock.service.ts';
import { assertSerialsSingle, resolveStockLines } from './stock-levels.service.ts';
import * as repo from './transfers.repository.ts';

export async function listTransfers(db: Db, query: TransferListQuery, maxPageSize: number) {
  const result = await repo.listTransfers(db, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function getTransfer(db: Queryable, id: number): Promise<Transfer> {
  const transfer = await repo.findTransfer(db, id);
  if (!transfer) throw new AppError('NOT_FOUND');
  return transfer;
}

function dateRule(ctx: RequestContext, en: string, zh: string, field: string) {
  return new AppError('BUSINESS_RULE', { detail: ctx.lang === 'en' ? en : zh }, { field });
}

function movesOf(
  transfer: Transfer,
  kind: 'transfer_out' | 'transfer_in',
  warehouseId: number,
  ctx: RequestContext,
  businessDay: string,
  reason: string | null = null,
): NewStockMove[] {
  return transfer.lines.map((line) => ({
    warehouseId,
    productId: line.productId,
    lotId: line.lotId,
    serial: line.serial,
    kind,
    quantity: kind === 'transfer_out' ? -line.quantity : line.quantity,
    businessDate: businessDay,
    referenceType: 'transfer',
    referenceId: transfer.id,
    reason,
    createdBy: ctx.userId > 0 ? ctx.userId : null,
  }));
}

/** Dispatches stock to another warehouse: it leaves the source now and is in transit until received. */
export async function dispatchTransfer(
  db: Db,
  ctx: RequestContext,
  input: CreateTransferRequest,
): Promise<Transfer> {
  const today = businessDate();
  const dispatchedOn = input.dispatchedOn ?? today;
  if (input.fromWarehouseId === input.toWarehouseId) {
    throw dateRule(
      ctx,
      'source and destination are the same warehouse',
      '调出和调入仓库相同',
      'toWarehouseId',
    );
  }
  if (dispatchedOn > today) {
    throw dateRule(ctx, 'the dispatch date is in the future', '调出日期不能晚于今天', 'dispatchedOn');
  }
  return withTransaction(db, async (tx) => {
    const lines = await resolveStockLines(tx, ctx, input.lines, [input.fromWarehouseId, input.toWarehouseId]);
    const id = await repo.insertTransfer(tx, {
      number: await nextDocumentNumber(tx, 'TR', dispatchedOn),
      fromWarehouseId: input.fromWarehouseId,
      toWarehouseId: input.toWarehouseId,
      dispatchedOn,
      createdBy: ctx.userId > 0 ? ctx.userId : null,
      lines: lines.map((l) => ({
        productId: l.lot.productId,
        lotId: l.lotId,
        serial: l.serial,
        quantity: l.quantity,
      })),
    });
    const transfer = (await repo.findTransfer(tx, id))!;
    await postStockMoves(tx, movesOf(transfer, 'transfer_out', transfer.fromWarehouseId, ctx, dispatchedOn));
    await recordAudit(tx, ctx, {
      action: 'dispatch',
      entity: 'stock_transfer',
      entityId: id,
      after: transfer,
    });
    await emitEvent(tx, 'transfer.dispatched', {
      transferId: id,
      number: transfer.number,
      fromWarehouseId: transfer.fromWarehouseId,
      toWarehouseId: transfer.toWarehouseId,
    });
    return transfer;
  });
}

async function closeInTransit(
  db: Db,
  ctx: RequestContext,
  id: number,
  version: number,
  action: 'receive' | 'cancel',
  day: string,
  reason: string | null,
): Promise<Transfer> {
  return withTransaction(db, async (tx) => {
    const before = await repo.findTransfer(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    if (before.version !== version) throw new AppError('VERSION_CONFLICT');
    if (before.status !== 'in_transit') {
      const en = ctx.lang === 'en';
      throw new AppError(
        'INVALID_STATUS',
        { entity: en ? 'transfer' : '调拨单', status: before.status },
        { status: before.status, action },
      );
    }
    if (day < before.dispatchedOn) {
      throw dateRule(ctx, 'received before it was dispatched', '调入日期早于调出日期', 'receivedOn');
    }
    // Received: into the destination. Cancelled: back into the source, as it never arrived.
    const warehouseId = action === 'receive' ? before.toWarehouseId : before.fromWarehouseId;
    const moves = movesOf(before, 'transfer_in', warehouseId, ctx, day, reason);
    await postStockMoves(tx, moves);
    await assertSerialsSingle(
      tx,
      moves.map((m) => ({ ...m, serial: m.serial ?? '' })),
    );
    const status = action === 'receive' ? 'received' : 'cancelled';
    if (
      !(await repo.closeTransfer(tx, id, version, { status, receivedOn: action === 'receive' ? day : null }))
    ) {
      throw new AppError('VERSION_CONFLICT');
    }
    const after = (await repo.findTransfer(tx, id))!;
    await recordAudit(tx, ctx, { action, entity: 'stock_transfer', entityId: id, before, after, reason });
    await emitEvent(tx, `transfer.${status}`, { transferId: id, number: after.number, warehouseId });
    return after;
  });
}

export async function receiveTransfer(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: ReceiveTransferRequest,
) {
  const today = businessDate();
  const receivedOn = input.receivedOn ?? today;
  if (receivedOn > today) {
    throw dateRule(ctx, 'the receipt date is in the future', '调入日期不能晚于今天', 'receivedOn');
  }
  return closeInTransit(db, ctx, id, input.version, 'receive', receivedOn, null);
}

export async function cancelTransfer(db: Db, ctx: RequestContext, id: number, input: CancelTransferRequest) {
  return closeInTransit(db, ctx, id, input.version, 'cancel', businessDate(), input.reason);
}
