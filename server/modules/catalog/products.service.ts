import type {
  CreateProductRequest,
  Product,
  ProductListQuery,
  UpdateProductRequest,
} from '../../../contracts/catalog.ts';
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
import { emitEvent } from '../../platform/events.ts';
import { definedChanges } from '../../platform/writes.ts';
import { findSupplierReference } from '../parties/index.ts';
import { findProductLine } from './product-lines.repository.ts';
import * as repo from './products.repository.ts';
import { checkProduct, type ProductDraft } from './products.rules.ts';

/** Our costs and price floors are not for distributors' eyes. */
export function presentProduct(ctx: RequestContext, product: repo.ProductRow): Product {
  if (ctx.distributorId === null) return product;
  return { ...product, standardCostFen: null, floorPriceFen: null };
}

export async function listProducts(
  db: Db,
  ctx: RequestContext,
  query: ProductListQuery,
  maxPageSize: number,
) {
  const result = await repo.listProducts(db, query, maxPageSize);
  return {
    ...result,
    items: result.items.map((p) => presentProduct(ctx, p)),
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getProduct(db: Queryable, ctx: RequestContext, id: number): Promise<Product> {
  const product = await repo.findProduct(db, id);
  if (!product) throw new AppError('NOT_FOUND');
  return presentProduct(ctx, product);
}

/**
 * Validates the product as it will be stored and returns the normalised codes. On an update,
 * only problems that involve a changed field are raised, so a legacy record with a flaw can
 * still be edited elsewhere (e.g. deactivated).
 */
function checkRules(ctx: RequestContext, draft: ProductDraft, changed?: ReadonlySet<string>) {
  const result = checkProduct(draft);
  const relevant = changed
    ? result.problems.filter((p) => p.involves.some((field) => changed.has(field)))
    : result.problems;
  const [first] = relevant;
  if (first) {
    throw new AppError(
      'BUSINESS_RULE',
      { detail: ctx.lang === 'en' ? first.en : first.zh },
      { field: first.field, rule: first.rule },
    );
  }
  return { gtin: result.gtin, certificateNumber: result.certificateNumber };
}

async function checkReferences(
  tx: Queryable,
  ctx: RequestContext,
  refs: { productLineId?: number | undefined; manufacturerId?: number | null | undefined },
) {
  const en = ctx.lang === 'en';
  if (refs.productLineId !== undefined && !(await findProductLine(tx, refs.productLineId))) {
    throw new AppError(
      'INVALID_REFERENCE',
      { entity: en ? 'product line' : '产品线', value: refs.productLineId },
      { field: 'productLineId' },
    );
  }
  if (refs.manufacturerId !== undefined && refs.manufacturerId !== null) {
    const manufacturer = await findSupplierReference(tx, refs.manufacturerId);
    if (!manufacturer) {
      throw new AppError(
        'INVALID_REFERENCE',
        { entity: en ? 'manufacturer' : '生产企业', value: refs.manufacturerId },
        { field: 'manufacturerId' },
      );
    }
    if (manufacturer.kind === 'supplier') {
      throw new AppError(
        'BUSINESS_RULE',
        {
          detail: en
            ? `${manufacturer.name} is registered as a supplier, not a manufacturer`
            : `${manufacturer.name} 登记为供应商而非生产企业`,
        },
        { field: 'manufacturerId', rule: 'NOT_A_MANUFACTURER' },
      );
    }
  }
}

function translateWriteError(
  error: unknown,
  ctx: RequestContext,
  input: Partial<CreateProductRequest>,
): never {
  if (isUniqueViolation(error)) {
    const field = String((error as { constraint?: string }).constraint).includes('gtin') ? 'gtin' : 'sku';
    throw new AppError(
      'DUPLICATE',
      { entity: ctx.lang === 'en' ? 'Product' : '产品', value: String(input[field] ?? '') },
      { field },
    );
  }
  throw error;
}

export async function createProduct(
  db: Db,
  ctx: RequestContext,
  input: CreateProductRequest,
): Promise<Product> {
  const codes = checkRules(ctx, input);
  const product = { ...input, ...codes };
  return withTransaction(db, async (tx) => {
    await checkReferences(tx, ctx, product);
    let id: number;
    try {
      id = await repo.insertProduct(tx, product);
    } catch (error) {
      translateWriteError(error, ctx, product);
    }
    const created = (await repo.findProduct(tx, id))!;
    await recordAudit(tx, ctx, { action: 'create', entity: 'product', entityId: id, after: created });
    await emitEvent(tx, 'product.changed', { productId: id, action: 'create' });
    return presentProduct(ctx, created);
  });
}

export async function updateProduct(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateProductRequest,
): Promise<Product> {
  return withTransaction(db, async (tx) => {
    const before = await repo.findProduct(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    const { version, ...rest } = input;
    if (before.version !== version) throw new AppError('VERSION_CONFLICT');
    const changes = definedChanges(rest);
    const codes = checkRules(ctx, { ...before, ...changes }, new Set(Object.keys(changes)));
    if (changes.gtin !== undefined) changes.gtin = codes.gtin;
    if (changes.certificateNumber !== undefined) changes.certificateNumber = codes.certificateNumber;
    await checkReferences(tx, ctx, changes);
    try {
      if (!(await repo.updateProduct(tx, id, version, changes))) throw new AppError('VERSION_CONFLICT');
    } catch (error) {
      if (error instanceof AppError) throw error;
      translateWriteError(error, ctx, changes);
    }
    const after = (await repo.findProduct(tx, id))!;
    await recordAudit(tx, ctx, { action: 'update', entity: 'product', entityId: id, before, after });
    await emitEvent(tx, 'product.changed', { productId: id, action: 'update' });
    return presentProduct(ctx, after);
  });
}

export async function deleteProduct(db: Db, ctx: RequestContext, id: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const before = await repo.findProduct(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    try {
      await repo.deleteProduct(tx, id);
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new AppError('IN_USE', {
          detail: ctx.lang === 'en' ? 'documents; deactivate it instead' : '单据，请改为停用',
        });
      }
      throw error;
    }
    await recordAudit(tx, ctx, { action: 'delete', entity: 'product', entityId: id, before });
    await emitEvent(tx, 'product.changed', { productId: id, action: 'delete' });
  });
}

export async function exportProducts(
  db: Db,
  ctx: RequestContext,
  query: Partial<ProductListQuery>,
  maxRows: number,
) {
  const rows = await repo.listProductsForExport(db, query, maxRows);
  if (rows.length > maxRows) throw new AppError('EXPORT_TOO_LARGE', { max: maxRows });
  return rows.map((p) => presentProduct(ctx, p));
}
