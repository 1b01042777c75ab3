import type {
  CancelPurchaseOrderRequest,
  CreatePurchaseOrderRequest,
  PurchaseOrder,
  PurchaseOrderListQuery,
} from '../../../contracts/purchasing.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { nextDocumentNumber } from '../../platform/numbering.ts';
import { exchangeRateOn } from '../finance/index.ts';
import * as repo from './purchase-orders.repository.ts';
import { assertPurchaseOrderAllows, type PurchaseOrderStatus } from './purchasing.rules.ts';

export async function listPurchaseOrders(db: Db, query: PurchaseOrderListQuery, maxPageSize: number) {
  const result = await repo.listPurchaseOrders(db, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function getPurchaseOrder(db: Queryable, id: number): Promise<PurchaseOrder> {
  const order = await repo.findPurchaseOrder(db, id);
  if (!order) throw new AppError('NOT_FOUND');
  return order;
}

function invalidReference(
  ctx: RequestContext,
  entity: { en: string; zh: string },
  value: number,
  field: string,
) {
  return new AppError(
    'INVALID_REFERENCE',
    { entity: ctx.lang === 'en' ? entity.en : entity.zh, value },
    { field },
  );
}

async function checkReferences(
  tx: Queryable,
  ctx: RequestContext,
  input: CreatePurchaseOrderRequest,
  orderDate: string,
) {
  const productIds = [...new Set(input.lines.map((l) => l.productId))];
  const check = await repo.checkParties(tx, input.supplierId, input.warehouseId, productIds);
  if (!check.supplierActive) {
    throw invalidReference(
      ctx,
      { en: 'active supplier', zh: '启用的供应商' },
      input.supplierId,
      'supplierId',
    );
  }
  // GSP: buy only from a supplier whose licence is valid on the order date.
  if (check.supplierLicenceValidUntil !== null && check.supplierLicenceValidUntil < orderDate) {
    throw new AppError(
      'BUSINESS_RULE',
      {
        detail:
          ctx.lang === 'en'
            ? `the supplier's licence expired on ${check.supplierLicenceValidUntil}`
            : `供应商许可证已于 ${check.supplierLicenceValidUntil} 过期`,
      },
      { field: 'supplierId', rule: 'SUPPLIER_LICENCE_EXPIRED' },
    );
  }
  if (!check.warehouseActive) {
    throw invalidReference(
      ctx,
      { en: 'active warehouse', zh: '启用的仓库' },
      input.warehouseId,
      'warehouseId',
    );
  }
  const active = new Set(check.activeProductIds);
  const index = input.lines.findIndex((l) => !active.has(l.productId));
  if (index >= 0) {
    throw invalidReference(
      ctx,
      { en: 'active product', zh: '启用的产品' },
      input.lines[index]!.productId,
      `lines.${index}.productId`,
    );
  }
}

export async function createPurchaseOrder(
  db: Db,
  ctx: RequestContext,
  input: CreatePurchaseOrderRequest,
): Promise<PurchaseOrder> {
  const orderDate = input.orderDate ?? businessDate();
  return withTransaction(db, async (tx) => {
    await checkReferences(tx, ctx, input, orderDate);
    const exchangeRate = await exchangeRateOn(tx, input.currency, orderDate, 'currency');
    const id = await repo.insertPurchaseOrder(tx, {
      number: await nextDocumentNumber(tx, 'PO', orderDate),
      supplierId: input.supplierId,
      warehouseId: input.warehouseId,
      currency: input.currency,
      exchangeRate,
      orderDate,
      expectedDate: input.expectedDate,
      note: input.note,
      createdBy: ctx.userId > 0 ? ctx.userId : null,
      lines: input.lines,
    });
    const created = (await repo.findPurchaseOrder(tx, id))!;
    await recordAudit(tx, ctx, { action: 'create', entity: 'purchase_order', entityId: id, after: created });
    return created;
  });
}

async function changeStatus(
  db: Db,
  ctx: RequestContext,
  id: number,
  version: number,
  action: 'confirm' | 'cancel',
  reason: string | null,
): Promise<PurchaseOrder> {
  return withTransaction(db, async (tx) => {
    const before = await repo.findPurchaseOrder(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    if (before.version !== version) throw new AppError('VERSION_CONFLICT');
    assertPurchaseOrderAllows(action, before.status, ctx.lang);
    const status: PurchaseOrderStatus = action === 'confirm' ? 'confirmed' : 'cancelled';
    if (!(await repo.updateStatus(tx, id, version, status))) throw new AppError('VERSION_CONFLICT');
    const after = (await repo.findPurchaseOrder(tx, id))!;
    await recordAudit(tx, ctx, { action, entity: 'purchase_order', entityId: id, before, after, reason });
    await emitEvent(tx, `purchase_order.${status}`, {
      purchaseOrderId: id,
      number: after.number,
      supplierId: after.supplierId,
      totalCnyFen: after.totalCnyFen,
    });
    return after;
  });
}

export function confirmPurchaseOrder(db: Db, ctx: RequestContext, id: number, version: number) {
  return changeStatus(db, ctx, id, version, 'confirm', null);
}

export function cancelPurchaseOrder(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: CancelPurchaseOrderRequest,
) {
  return changeStatus(db, ctx, id, input.version, 'cancel', input.reason);
}
