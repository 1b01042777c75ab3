import type { z } from 'zod';
import type { createRegionRequest, Region, updateRegionRequest } from '../../../contracts/regions.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { type Db, isForeignKeyViolation, isUniqueViolation, withTransaction } from '../../platform/db.ts';
import { AppError, localized } from '../../platform/errors.ts';
import * as repo from './regions.repository.ts';
import { expectedParentLevel } from './regions.rules.ts';

const regionWord = (ctx: RequestContext) => (ctx.lang === 'en' ? 'Region' : '区域');

const levelNames = { country: '国家', sales_region: '大区', province: '省份', city: '城市' } as const;

export async function listRegions(db: Db): Promise<Region[]> {
  return repo.listRegions(db);
}

export async function createRegion(db: Db, ctx: RequestContext, input: z.output<typeof createRegionRequest>) {
  return withTransaction(db, async (tx) => {
    const parentLevel = expectedParentLevel(input.level);
    const parent = input.parentId === null ? undefined : await repo.findRegion(tx, input.parentId);
    if (input.parentId !== null && !parent)
      throw new AppError('INVALID_REFERENCE', { entity: regionWord(ctx), value: input.parentId });
    if ((parent?.level ?? null) !== parentLevel) {
      throw new AppError('INVALID_REGION_PARENT', {
        level: ctx.lang === 'en' ? input.level : levelNames[input.level],
        parentLevel: parentLevel ? (ctx.lang === 'en' ? parentLevel : levelNames[parentLevel]) : '-',
      });
    }
    try {
      const created = await repo.insertRegion(tx, input);
      await recordAudit(tx, ctx, {
        action: 'create',
        entity: 'region',
        entityId: created.id,
        after: created,
      });
      return created;
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('DUPLICATE', { entity: regionWord(ctx), value: input.code });
      throw error;
    }
  });
}

export async function updateRegion(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: z.output<typeof updateRegionRequest>,
) {
  return withTransaction(db, async (tx) => {
    const before = await repo.findRegion(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    const after = await repo.updateRegion(tx, id, input.version, input);
    if (!after) throw new AppError('VERSION_CONFLICT');
    await recordAudit(tx, ctx, { action: 'update', entity: 'region', entityId: id, before, after });
    return after;
  });
}

export async function deleteRegion(db: Db, ctx: RequestContext, id: number) {
  await withTransaction(db, async (tx) => {
    const before = await repo.findRegion(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    try {
      await repo.deleteRegion(tx, id);
    } catch (error) {
      if (isForeignKeyViolation(error))
        throw new AppError('IN_USE', {
          detail: localized('sub-regions, customers, users or warehouses', '下级区域、客户、用户或仓库'),
        });
      throw error;
    }
    await recordAudit(tx, ctx, { action: 'delete', entity: 'region', entityId: id, before });
  });
}
