import type {
  Lot,
  LotListQuery,
  LotRecallRequest,
  LotStatusChangeRequest,
} from '../../../contracts/inventory.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import * as repo from './lots.repository.ts';
import { type LotAction, lotStatusNames, nextLotStatus, recallNotificationDays } from './lots.rules.ts';

export async function listLots(db: Db, query: LotListQuery, maxPageSize: number, today = businessDate()) {
  const result = await repo.listLots(db, query, today, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function getLot(db: Db, id: number, today = businessDate()): Promise<Lot> {
  const lot = await repo.findLot(db, id, today);
  if (!lot) throw new AppError('NOT_FOUND');
  return lot;
}

const events: Record<LotAction, string> = {
  hold: 'lot.held',
  release: 'lot.released',
  recall: 'lot.recalled',
};

/**
 * Holds, releases or recalls a lot, with a reason, audited. Allocation takes released lots
 * only, so a hold or recall stops new allocations at once; reservations already made are left
 * to their orders, which react to the event.
 */
export async function changeLotStatus(
  db: Db,
  ctx: RequestContext,
  id: number,
  action: LotAction,
  input: LotStatusChangeRequest | LotRecallRequest,
): Promise<Lot> {
  const today = businessDate();
  return withTransaction(db, async (tx) => {
    const before = await repo.findLot(tx, id, today, true);
    if (!before) throw new AppError('NOT_FOUND');
    if (input.version !== undefined && input.version !== before.version)
      throw new AppError('VERSION_CONFLICT');
    const status = nextLotStatus(action, before.status);
    if (status === null) {
      const en = ctx.lang === 'en';
      throw new AppError(
        'INVALID_STATUS',
        { entity: en ? 'lot' : '批次', status: lotStatusNames[before.status][en ? 'en' : 'zh'] },
        { status: before.status, action },
      );
    }
    const level = 'level' in input ? input.level : null;
    if (
      !(await repo.updateLotStatus(tx, id, before.version, {
        status,
        reason: input.reason,
        recallLevel: level,
      }))
    ) {
      throw new AppError('VERSION_CONFLICT');
    }
    const after = (await repo.findLot(tx, id, today))!;
    await recordAudit(tx, ctx, { action, entity: 'lot', entityId: id, before, after, reason: input.reason });
    await emitEvent(tx, events[action], {
      lotId: id,
      productId: after.productId,
      lotNumber: after.lotNumber,
      status,
      reason: input.reason,
      ...(level === null ? {} : { recallLevel: level, notifyWithinDays: recallNotificationDays(level) }),
      stock: await repo.listLotStock(tx, id),
    });
    return after;
  });
}
