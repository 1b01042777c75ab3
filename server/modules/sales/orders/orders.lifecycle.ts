/** Order state changes after creation: cancel, approve, allocate a backorder. */
import type {
  AllocateBackorderRequest,
  ApproveOrderRequest,
  CancelOrderRequest,
  Order,
} from '../../../../contracts/sales.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { type Db, withTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events.ts';
import { runWrites } from '../../../platform/writes.ts';
import { releaseReservations } from '../../inventory/index.ts';
import { getCustomer } from '../../parties/index.ts';
import { loadSaleProducts } from '../pricing/pricing.repository.ts';
import { allocateLines } from './confirmation.ts';
import * as repo from './orders.repository.ts';
import { mergeByStockKey, statusFromProgress } from './orders.rules.ts';
import { lockOrderForChange, orderEntity, presentOrder, requireAction } from './orders.service.ts';

/** Cancels an order that has shipped nothing: its reservations go back to stock. */
export async function cancelOrder(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: CancelOrderRequest,
): Promise<Order> {
  return withTransaction(db, async (tx) => {
    const header = await lockOrderForChange(tx, ctx, id, input.version);
    requireAction(ctx, header, 'cancel');
    const lines = await repo.listOrderLines(tx, id);
    if (lines.some((l) => l.shippedQuantity > 0)) {
      throw new AppError(
        'INVALID_STATUS',
        { entity: orderEntity(ctx), status: 'shipped' },
        { action: 'cancel' },
      );
    }
    const reserved = await repo.listReservedAllocations(tx, id);
    await releaseReservations(tx, mergeByStockKey(reserved));
    await repo.releaseAllocationsOf(tx, id);
    await repo.setOrderStatus(tx, id, 'cancelled', { cancelReason: input.reason });
    const order = (await repo.findOrder(tx, ctx, id))!;
    await emitEvent(tx, 'order.cancelled', {
      orderId: id,
      number: order.number,
      customerId: order.customerId,
    });
    await recordAudit(tx, ctx, {
      action: 'cancel',
      entity: 'sales_order',
      entityId: id,
      before: { status: header.status },
      after: { status: 'cancelled', released: reserved },
      reason: input.reason,
    });
    return presentOrder(ctx, order);
  });
}

/**
 * Records an approval on a draft (a price below our floor, or credit), until the workflow
 * module routes approvals. Nobody approves their own order.
 */
export async function approveOrder(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: ApproveOrderRequest,
): Promise<Order> {
  return withTransaction(db, async (tx) => {
    const header = await lockOrderForChange(tx, ctx, id);
    requireAction(ctx, header, 'approve');
    if (header.createdBy === ctx.userId) {
      throw new AppError('FORBIDDEN', {}, { reason: 'nobody approves their own order' });
    }
    if (!(await repo.insertApproval(tx, id, input.kind, ctx.userId, input.reason))) {
      throw new AppError('DUPLICATE', { entity: ctx.lang === 'en' ? 'Approval' : '审批', value: input.kind });
    }
    await tx.query('UPDATE sales_orders SET version = version + 1, updated_at = now() WHERE id = $1', [id]);
    const order = (await repo.findOrder(tx, ctx, id))!;
    await emitEvent(tx, 'order.approved', { orderId: id, kind: input.kind });
    await recordAudit(tx, ctx, {
      action: 'approve',
      entity: 'sales_order',
      entityId: id,
      after: { kind: input.kind },
      reason: input.reason,
    });
    return presentOrder(ctx, order);
  });
}

/** Allocates what a backordered order still waits for, FEFO, taking whatever is there now. */
export async function allocateBackorder(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: AllocateBackorderRequest,
): Promise<Order> {
  return withTransaction(db, async (tx) => {
    const header = await lockOrderForChange(tx, ctx, id, input.version);
    requireAction(ctx, header, 'allocate');
    const customer = await getCustomer(tx, ctx, header.customerId);
    const lines = await repo.listOrderLines(tx, id);
    const waiting = lines.filter((l) => l.backorderedQuantity > 0);
    const products = await loadSaleProducts(
      tx,
      waiting.map((l) => l.productId),
    );
    const { lines: allocations, reservation } = await allocateLines(tx, ctx, {
      customer,
      promisedDate: header.promisedDate,
      acceptPartial: true,
      lines: waiting.map((l) => ({
        lineNo: l.lineNo,
        productId: l.productId,
        quantity: l.backorderedQuantity,
      })),
      skuOf: (productId) => products.get(productId)?.sku ?? String(productId),
    });
    const lineOf = new Map(lines.map((l) => [l.lineNo, l]));
    if (reservation) await runWrites(tx, [reservation]);
    await repo.recordAllocations(
      tx,
      id,
      [...allocations.values()].map((a) => ({
        id: lineOf.get(a.lineNo)!.id,
        allocatedDelta: a.allocated,
        backordered: a.backordered,
      })),
      [...allocations.values()].flatMap((a) =>
        a.picks.map((p) => ({ ...p, lineId: lineOf.get(a.lineNo)!.id })),
      ),
    );
    const progress = lines.map((l) => {
      const a = allocations.get(l.lineNo);
      return a
        ? { ...l, allocatedQuantity: l.allocatedQuantity + a.allocated, backorderedQuantity: a.backordered }
        : l;
    });
    const status = statusFromProgress(progress, false);
    await repo.setOrderStatus(tx, id, status);
    const order = (await repo.findOrder(tx, ctx, id))!;
    await emitEvent(tx, 'order.allocated', { orderId: id, status });
    await recordAudit(tx, ctx, {
      action: 'allocate',
      entity: 'sales_order',
      entityId: id,
      before: { status: header.status },
      after: { status, allocations: [...allocations.values()] },
    });
    return presentOrder(ctx, order);
  });
}
