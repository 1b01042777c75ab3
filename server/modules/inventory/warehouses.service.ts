import type {
  CreateWarehouseRequest,
  UpdateWarehouseRequest,
  Warehouse,
  WarehouseListQuery,
} from '../../../contracts/warehouses.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import {
  type Db,
  isForeignKeyViolation,
  isUniqueViolation,
  type Queryable,
  withTransaction,
} from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { definedChanges } from '../../platform/writes.ts';
import { findRegion } from '../regions/index.ts';
import * as repo from './warehouses.repository.ts';

export async function listWarehouses(db: Db, query: WarehouseListQuery, maxPageSize: number) {
  const result = await repo.listWarehouses(db, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function getWarehouse(db: Queryable, id: number): Promise<Warehouse> {
  const warehouse = await repo.findWarehouse(db, id);
  if (!warehouse) throw new AppError('NOT_FOUND');
  return warehouse;
}

async function checkRegion(tx: Queryable, ctx: RequestContext, regionId: number) {
  if (!(await findRegion(tx, regionId))) {
    throw new AppError(
      'INVALID_REFERENCE',
      { entity: ctx.lang === 'en' ? 'region' : '区域', value: regionId },
      { field: 'regionId' },
    );
  }
}

function translateWriteError(error: unknown, ctx: RequestContext, code: string | undefined): never {
  if (isUniqueViolation(error)) {
    throw new AppError(
      'DUPLICATE',
      { entity: ctx.lang === 'en' ? 'Warehouse' : '仓库', value: code ?? '' },
      { field: 'code' },
    );
  }
  throw error;
}

export async function createWarehouse(
  db: Db,
  ctx: RequestContext,
  input: CreateWarehouseRequest,
): Promise<Warehouse> {
  return withTransaction(db, async (tx) => {
    await checkRegion(tx, ctx, input.regionId);
    let id: number;
    try {
      id = await repo.insertWarehouse(tx, input);
    } catch (error) {
      translateWriteError(error, ctx, input.code);
    }
    const created = (await repo.findWarehouse(tx, id))!;
    await recordAudit(tx, ctx, { action: 'create', entity: 'warehouse', entityId: id, after: created });
    return created;
  });
}

export async function updateWarehouse(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateWarehouseRequest,
): Promise<Warehouse> {
  return withTransaction(db, async (tx) => {
    const before = await repo.findWarehouse(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    const { version, ...rest } = input;
    if (before.version !== version) throw new AppError('VERSION_CONFLICT');
    const changes = definedChanges(rest);
    if (changes.regionId !== undefined) await checkRegion(tx, ctx, changes.regionId);
    try {
      if (!(await repo.updateWarehouse(tx, id, version, changes))) throw new AppError('VERSION_CONFLICT');
    } catch (error) {
      if (error instanceof AppError) throw error;
      translateWriteError(error, ctx, changes.code);
    }
    const after = (await repo.findWarehouse(tx, id))!;
    await recordAudit(tx, ctx, { action: 'update', entity: 'warehouse', entityId: id, before, after });
    return after;
  });
}

export async function deleteWarehouse(db: Db, ctx: RequestContext, id: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const before = await repo.findWarehouse(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    try {
      await repo.deleteWarehouse(tx, id);
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new AppError('IN_USE', {
          detail: ctx.lang === 'en' ? 'stock or documents; deactivate it instead' : '库存或单据，请改为停用',
        });
      }
      throw error;
    }
    await recordAudit(tx, ctx, { action: 'delete', entity: 'warehouse', entityId: id, before });
  });
}

export async function exportWarehouses(db: Db, query: Partial<WarehouseListQuery>, maxRows: number) {
  const rows = await repo.listWarehousesForExport(db, query, maxRows);
  if (rows.length > maxRows) throw new AppError('EXPORT_TOO_LARGE', { max: maxRows });
  return rows;
}
