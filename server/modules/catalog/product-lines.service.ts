import type {
  CreateProductLineRequest,
  ProductLine,
  ProductLineListQuery,
  UpdateProductLineRequest,
} from '../../../contracts/catalog.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { type Db, isForeignKeyViolation, isUniqueViolation, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { definedChanges } from '../../platform/writes.ts';
import * as repo from './product-lines.repository.ts';

export async function listProductLines(db: Db, query: ProductLineListQuery, maxPageSize: number) {
  const result = await repo.listProductLines(db, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function getProductLine(db: Db, id: number): Promise<ProductLine> {
  const line = await repo.findProductLine(db, id);
  if (!line) throw new AppError('NOT_FOUND');
  return line;
}

function duplicateError(ctx: RequestContext, value: string | undefined): AppError {
  return new AppError(
    'DUPLICATE',
    { entity: ctx.lang === 'en' ? 'Product line' : '产品线', value: value ?? '' },
    { field: 'code' },
  );
}

export async function createProductLine(
  db: Db,
  ctx: RequestContext,
  input: CreateProductLineRequest,
): Promise<ProductLine> {
  return withTransaction(db, async (tx) => {
    let id: number;
    try {
      id = await repo.insertProductLine(tx, input);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateError(ctx, input.code);
      throw error;
    }
    const created = (await repo.findProductLine(tx, id))!;
    await recordAudit(tx, ctx, { action: 'create', entity: 'product_line', entityId: id, after: created });
    return created;
  });
}

export async function updateProductLine(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateProductLineRequest,
): Promise<ProductLine> {
  return withTransaction(db, async (tx) => {
    const before = await repo.findProductLine(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    const { version, ...changes } = input;
    if (before.version !== version) throw new AppError('VERSION_CONFLICT');
    try {
      if (!(await repo.updateProductLine(tx, id, version, definedChanges(changes)))) {
        throw new AppError('VERSION_CONFLICT');
      }
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateError(ctx, changes.code);
      throw error;
    }
    const after = (await repo.findProductLine(tx, id))!;
    await recordAudit(tx, ctx, { action: 'update', entity: 'product_line', entityId: id, before, after });
    return after;
  });
}

export async function deleteProductLine(db: Db, ctx: RequestContext, id: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const before = await repo.findProductLine(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    try {
      await repo.deleteProductLine(tx, id);
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new AppError('IN_USE', {
          detail: ctx.lang === 'en' ? `${before.productCount} product(s)` : `${before.productCount} 个产品`,
        });
      }
      throw error;
    }
    await recordAudit(tx, ctx, { action: 'delete', entity: 'product_line', entityId: id, before });
  });
}

export async function exportProductLines(db: Db, query: Partial<ProductLineListQuery>, maxRows: number) {
  const rows = await repo.listProductLinesForExport(db, query, maxRows);
  if (rows.length > maxRows) throw new AppError('EXPORT_TOO_LARGE', { max: maxRows });
  return rows;
}
