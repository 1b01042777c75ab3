import type {
  StockAdjustmentRequest,
  StockListQuery,
  StockMove,
  StockMoveListQuery,
  StockScrapRequest,
} from '../../../contracts/inventory.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError, localized } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { postStockMoves } from './stock.service.ts';
import * as repo from './stock-levels.repository.ts';

export async function listStock(db: Db, query: StockListQuery, maxPageSize: number, today = businessDate()) {
  const result = await repo.listStockBalances(db, query, today, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function listMoves(db: Db, query: StockMoveListQuery, maxPageSize: number) {
  const result = await repo.listStockMoves(db, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export interface StockLineInput {
  lotId: number;
  serial: string;
  quantity: number;
}

function rule(ctx: RequestContext, en: string, zh: string, field: string, line?: number): AppError {
  return new AppError(
    'BUSINESS_RULE',
    { detail: ctx.lang === 'en' ? en : zh },
    { field, ...(line === undefined ? {} : { line }) },
  );
}

/**
 * Checks the lots and serials of manual stock lines (adjustments, scrap, transfers) and
 * returns each line's lot facts: the product is always the lot's own.
 */
export async function resolveStockLines(
  tx: Queryable,
  ctx: RequestContext,
  lines: readonly StockLineInput[],
  warehouseIds: number[],
) {
  const active = await repo.findActiveWarehouseIds(tx, warehouseIds);
  const missing = warehouseIds.find((id) => !active.has(id));
  if (missing !== undefined) {
    throw new AppError(
      'INVALID_REFERENCE',
      { entity: ctx.lang === 'en' ? 'active warehouse' : '启用的仓库', value: missing },
      { field: 'warehouseId' },
    );
  }
  const lots = await repo.findLotsForStock(
    tx,
    lines.map((l) => l.lotId),
  );
  return lines.map((line, index) => {
    const lot = lots.get(line.lotId);
    if (!lot) {
      throw new AppError(
        'INVALID_REFERENCE',
        { entity: ctx.lang === 'en' ? 'lot' : '批次', value: line.lotId },
        { field: 'lotId', line: index },
      );
    }
    if (lot.isSerialTracked && (line.serial === '' || Math.abs(line.quantity) !== 1)) {
      throw rule(
        ctx,
        `${lot.sku} is tracked by serial: give the serial, one unit per line`,
        `${lot.sku} 按序列号管理：请填写序列号，每行一个单位`,
        'serial',
        index,
      );
    }
    if (!lot.isSerialTracked && line.serial !== '') {
      throw rule(
        ctx,
        `${lot.sku} is not tracked by serial number`,
        `${lot.sku} 不按序列号管理`,
        'serial',
        index,
      );
    }
    return { ...line, lot };
  });
}

/** A serial number is one physical unit: no row may end up holding two. */
export async function assertSerialsSingle(
  tx: Queryable,
  keys: { warehouseId: number; productId: number; lotId: number; serial: string }[],
) {
  const serialKeys = keys.filter((k) => k.serial !== '');
  if (serialKeys.length === 0) return;
  const [serial] = await repo.findOverfilledSerials(tx, serialKeys);
  if (serial !== undefined)
    throw new AppError(
      'DUPLICATE',
      { entity: localized('Serial number', '序列号'), value: serial },
      { field: 'serial' },
    );
}

/**
 * A counted correction (signed) or scrapped units, with a reason. Stock never goes negative
 * and reserved units cannot be taken: the ledger refuses with 409 and nothing is written.
 */
async function postManualMove(
  db: Db,
  ctx: RequestContext,
  kind: 'adjustment' | 'scrap',
  input: StockAdjustmentRequest | StockScrapRequest,
): Promise<StockMove> {
  const quantity = kind === 'scrap' ? -input.quantity : input.quantity;
  return withTransaction(db, async (tx) => {
    const [line] = await resolveStockLines(
      tx,
      ctx,
      [{ lotId: input.lotId, serial: input.serial, quantity }],
      [input.warehouseId],
    );
    const key = {
      warehouseId: input.warehouseId,
      productId: line!.lot.productId,
      lotId: input.lotId,
      serial: input.serial,
    };
    await postStockMoves(tx, [
      {
        ...key,
        kind,
        quantity,
        businessDate: input.businessDate ?? businessDate(),
        reason: input.reason,
        referenceType: kind,
        createdBy: ctx.userId > 0 ? ctx.userId : null,
      },
    ]);
    await assertSerialsSingle(tx, [key]);
    const move = (await repo.findStockMove(tx, await repo.lastInsertedMoveId(tx)))!;
    await recordAudit(tx, ctx, {
      action: kind === 'scrap' ? 'scrap' : 'adjust',
      entity: 'stock_move',
      entityId: move.id,
      after: move,
      reason: input.reason,
    });
    await emitEvent(tx, kind === 'scrap' ? 'stock.scrapped' : 'stock.adjusted', {
      moveId: move.id,
      ...key,
      quantity,
      reason: input.reason,
    });
    return move;
  });
}

export function postAdjustment(db: Db, ctx: RequestContext, input: StockAdjustmentRequest) {
  return postManualMove(db, ctx, 'adjustment', input);
}

export function postScrap(db: Db, ctx: RequestContext, input: StockScrapRequest) {
  return postManualMove(db, ctx, 'scrap', input);
}
