import type {
  CreateShipmentRequest,
  DeliverRequest,
  ScanResult,
  Shipment,
  ShipmentListQuery,
  ShipRequest,
} from '../../../../contracts/sales.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate, daysBetween } from '../../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError, type Localized, localized } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { parseUdi } from '../../catalog/index.ts';
import {
  findSerialInStock,
  issueReservedStock,
  type Reservation,
  releaseReservations,
  reserveStock,
  summarizeLotStock,
} from '../../inventory/index.ts';
import { getCustomer } from '../../parties/index.ts';
import * as orderRepo from '../orders/orders.repository.ts';
import { laterDate, statusFromProgress } from '../orders/orders.rules.ts';
import { lockOrderForChange, requireAction, type WriteOptions } from '../orders/orders.service.ts';
import * as repo from './shipments.repository.ts';
import {
  checkScannedSerial,
  issuesOf,
  matchScan,
  remainingOf,
  type ScanDecision,
  type ScanLine,
} from './shipments.rules.ts';

const LOT_STATUS_ZH: Record<string, string> = {
  quarantine: '待检',
  on_hold: '已冻结',
  recalled: '已召回',
};

function shipmentEntity(ctx: RequestContext) {
  return ctx.lang === 'en' ? 'shipment' : '发货单';
}

/** Our lot costs are not for distributors' eyes. */
export function presentShipment(ctx: RequestContext, shipment: Shipment): Shipment {
  if (ctx.distributorId === null) return shipment;
  return { ...shipment, lines: shipment.lines.map((l) => ({ ...l, unitCostFen: null })) };
}

export async function getShipment(db: Queryable, ctx: RequestContext, id: number): Promise<Shipment> {
  const shipment = await repo.findShipment(db, ctx, id);
  if (!shipment) throw new AppError('NOT_FOUND');
  return presentShipment(ctx, shipment);
}

export async function listShipments(
  db: Db,
  ctx: RequestContext,
  query: ShipmentListQuery,
  maxPageSize: number,
) {
  const result = await repo.listShipments(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

async function lockShipmentForChange(tx: Queryable, ctx: RequestContext, id: number, version?: number) {
  const shipment = await repo.lockShipment(tx, ctx, id);
  if (!shipment) throw new AppError('NOT_FOUND');
  if (version !== undefined && shipment.version !== version) throw new AppError('VERSION_CONFLICT');
  return shipment;
}

function requireStatus(
  ctx: RequestContext,
  shipment: repo.ShipmentHeaderRow,
  status: repo.ShipmentHeaderRow['status'],
) {
  if (shipment.status !== status) {
    throw new AppError('INVALID_STATUS', { entity: shipmentEntity(ctx), status: shipment.status });
  }
}

/** A shipment (pick) of everything reserved for the order and not yet on a shipment. */
export async function createShipment(
  db: Db,
  ctx: RequestContext,
  input: CreateShipmentRequest,
  options: WriteOptions = {},
): Promise<Shipment> {
  return withTransaction(db, async (tx) => {
    const order = await lockOrderForChange(tx, ctx, input.orderId);
    requireAction(ctx, order, 'ship');
    const number = await nextDocumentNumber(tx, 'SH', businessDate());
    const created = await repo.insertShipmentFromAllocations(tx, {
      number,
      orderId: order.id,
      customerId: order.customerId,
      regionId: order.regionId,
      promisedDate: order.promisedDate,
      createdBy: ctx.userId,
    });
    if (created.lines === 0) {
      throw new AppError('BUSINESS_RULE', {
        detail:
          ctx.lang === 'en'
            ? 'nothing reserved for this order is waiting to ship'
            : '该订单没有待发货的预留库存',
      });
    }
    await orderRepo.setOrderStatus(tx, order.id, 'picking');
    const shipment = (await repo.findShipment(tx, ctx, created.id))!;
    const presented = presentShipment(ctx, shipment);
    await emitEvent(tx, 'shipment.created', { shipmentId: created.id, orderId: order.id });
    await options.store?.(tx, 201, presented);
    await recordAudit(tx, ctx, {
      action: 'create',
      entity: 'shipment',
      entityId: created.id,
      after: shipment,
    });
    return presented;
  });
}

/**
 * Another lot of the right product than the one allocated: allowed when it is released, has
 * the shelf life the customer needs on the ship date, agrees with the label's expiry, and has
 * unreserved stock in the warehouse of a line still waiting for units. The reservation moves
 * from the allocated lot to the substitute.
 */
async function trySubstitute(
  tx: Queryable,
  ctx: RequestContext,
  shipment: repo.ShipmentHeaderRow,
  decision: Extract<ScanDecision, { kind: 'other_lot' }>,
  labelExpiry: string | undefined,
): Promise<{ lineId: number; replaced: ScanLine } | { problem: Localized }> {
  const productId = decision.lines[0]!.productId;
  const lot = await repo.findLot(tx, productId, decision.lot);
  const expected = decision.lines.map((l) => `${l.sku} lot ${l.lotNumber} × ${remainingOf(l)}`).join(', ');
  const expectedZh = decision.lines.map((l) => `${l.sku} 批次 ${l.lotNumber} × ${remainingOf(l)}`).join('，');
  const refuse = (en: string, zh: string) => ({
    problem: localized(
      `lot ${decision.lot} ${en}; expected ${expected}`,
      `批次 ${decision.lot} ${zh}；应为 ${expectedZh}`,
    ),
  });
  if (!lot) return refuse('is unknown', '不存在');
  if (lot.status !== 'released') {
    return refuse(
      `is ${lot.status.replace('_', ' ')}`,
      `${LOT_STATUS_ZH[lot.status] ?? lot.status}，不可发货`,
    );
  }
  if (labelExpiry && labelExpiry !== lot.expiryDate)
    return refuse(
      `expires ${lot.expiryDate}, not ${labelExpiry}`,
      `有效期为 ${lot.expiryDate}，不是 ${labelExpiry}`,
    );
  const customer = await getCustomer(tx, ctx, shipment.customerId);
  const today = businessDate();
  const shipDate = laterDate(shipment.promisedDate, today);
  const needed = Math.max(1, customer.minShelfLifeDays);
  if (daysBetween(shipDate, lot.expiryDate) < needed) {
    return refuse(
      `has too little shelf life left for this customer (${needed} days needed)`,
      `剩余效期不足该客户要求（需 ${needed} 天）`,
    );
  }
  const warehouses = [...new Set(decision.lines.map((l) => l.warehouseId))];
  const stocks = await summarizeLotStock(tx, lot.id, warehouses);
  const stock = stocks.find((c) => c.available >= decision.quantity);
  if (!stock)
    return refuse('has no unreserved stock in the allocated warehouses', '在分配的仓库中没有未预留的库存');
  const replaced = decision.lines.find(
    (l) => l.warehouseId === stock.warehouseId && remainingOf(l) >= decision.quantity,
  );
  if (!replaced) return refuse('cannot replace the units still to scan', '不能替换尚待扫描的数量');
  const line = replaced as ScanLine & { allocationId: number; orderLineId: number };
  const move: Reservation = {
    warehouseId: stock.warehouseId,
    productId,
    lotId: replaced.lotId,
    quantity: decision.quantity,
  };
  await releaseReservations(tx, [move]);
  // The ledger's guard refuses it if someone reserved the units since we looked.
  await reserveStock(tx, [{ ...move, lotId: lot.id }]);
  const lineId = await repo.substituteLot(
    tx,
    { shipmentLineId: line.id, allocationId: line.allocationId, quantity: line.quantity },
    {
      shipmentId: shipment.id,
      orderId: shipment.orderId,
      orderLineId: line.orderLineId,
      warehouseId: stock.warehouseId,
      productId,
      lotId: lot.id,
    },
    decision.quantity,
  );
  return { lineId, replaced };
}

/**
 * A scanned serial must be a unit of the lot it is scanned for, in the shipment's warehouse,
 * not held for inspection and not on another shipment: otherwise a 422 naming the problem.
 */
async function assertSerialCanShip(
  tx: Queryable,
  ctx: RequestContext,
  shipmentId: number,
  productId: number,
  serial: string,
  decision: Exclude<ScanDecision, { kind: 'mismatch' }>,
) {
  const lines = decision.kind === 'match' ? [decision.line] : decision.lines;
  const lotNumber = decision.kind === 'match' ? decision.line.lotNumber : decision.lot;
  const lotId =
    decision.kind === 'match'
      ? decision.line.lotId
      : ((await repo.findLot(tx, productId, lotNumber))?.id ?? null);
  const warehouseIds = [
    ...new Set(
      (decision.kind === 'match' ? lines.filter((l) => l.lotId === lotId) : lines).map((l) => l.warehouseId),
    ),
  ];
  const placements = await findSerialInStock(tx, productId, serial);
  const lotStock = lotId === null ? [] : await summarizeLotStock(tx, lotId, warehouseIds);
  const problem = checkScannedSerial(serial, { lotId, lotNumber }, warehouseIds, {
    placements,
    unserialised: lotStock.reduce((sum, s) => sum + s.unserialised, 0),
    scannedOn: await repo.findOpenShipmentWithSerial(tx, productId, serial, shipmentId),
    wasShipped: placements.length === 0 && (await repo.isSerialShipped(tx, productId, serial, shipmentId)),
  });
  if (problem) {
    throw new AppError(
      'UDI_MISMATCH',
      { detail: ctx.lang === 'en' ? problem.en : problem.zh },
      { reason: problem.code, serial, lotNumber },
    );
  }
}

/** Confirms units by scanning their UDI; a code that does not fit is a 422 naming what was expected. */
export async function scanShipment(
  db: Db,
  ctx: RequestContext,
  id: number,
  code: string,
): Promise<ScanResult> {
  return withTransaction(db, async (tx) => {
    const shipment = await lockShipmentForChange(tx, ctx, id);
    requireStatus(ctx, shipment, 'picking');
    const parsed = parseUdi(code, businessDate());
    if (!parsed.ok) {
      throw new AppError(
        'UDI_INVALID',
        { column: parsed.error.position + 1, reason: parsed.error.message },
        { udiCode: parsed.error.code, position: parsed.error.position },
      );
    }
    const udi = parsed.value;
    const lines = await repo.listScanLines(tx, id);
    const decision = matchScan(udi, lines);
    if (decision.kind === 'mismatch') {
      const { problem } = decision;
      throw new AppError(
        'UDI_MISMATCH',
        { detail: ctx.lang === 'en' ? problem.en : problem.zh },
        { reason: problem.code, expected: problem.expected },
      );
    }
    const serial = decision.serial;
    const productId = decision.kind === 'match' ? decision.line.productId : decision.lines[0]!.productId;
    if (serial !== null) await assertSerialCanShip(tx, ctx, id, productId, serial, decision);
    let lineId: number;
    let substitutedFor: string | null = null;
    if (decision.kind === 'match') {
      lineId = decision.line.id;
    } else {
      const outcome = await trySubstitute(tx, ctx, shipment, decision, udi.expiry);
      if ('problem' in outcome) {
        throw new AppError('UDI_MISMATCH', { detail: outcome.problem }, { reason: 'LOT_NOT_ALLOCATED' });
      }
      lineId = outcome.lineId;
      substitutedFor = outcome.replaced.lotNumber;
    }
    await repo.recordScan(tx, { id: lineId, productId }, decision.quantity, serial);
    await tx.query('UPDATE shipments SET version = version + 1, updated_at = now() WHERE id = $1', [id]);
    const after = (await repo.findShipment(tx, ctx, id))!;
    const scannedLine = after.lines.find((l) => l.id === lineId)!;
    if (substitutedFor) {
      await recordAudit(tx, ctx, {
        action: 'substitute_lot',
        entity: 'shipment',
        entityId: id,
        before: { lot: substitutedFor },
        after: { lot: scannedLine.lotNumber, quantity: decision.quantity },
      });
    }
    return {
      scanned: {
        productId,
        sku: scannedLine.sku,
        lotNumber: scannedLine.lotNumber,
        serial,
        quantity: decision.quantity,
        substitutedFor,
      },
      remaining: after.lines.reduce((sum, l) => sum + l.quantity - l.scannedQuantity, 0),
      shipment: presentShipment(ctx, after),
    };
  });
}

/** Ships a fully scanned shipment: the reserved stock is issued from the ledger. */
export async function shipShipment(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: ShipRequest,
): Promise<Shipment> {
  return withTransaction(db, async (tx) => {
    const shipment = await lockShipmentForChange(tx, ctx, id, input.version);
    requireStatus(ctx, shipment, 'picking');
    const order = await lockOrderForChange(tx, ctx, shipment.orderId);
    const lines = await repo.listScanLines(tx, id);
    const unscanned = lines.filter((l) => remainingOf(l) > 0);
    if (unscanned.length > 0) {
      throw new AppError(
        'SHIPMENT_NOT_SCANNED',
        {
          detail: localized(
            unscanned.map((l) => `${l.sku} lot ${l.lotNumber} × ${remainingOf(l)}`).join(', '),
            unscanned.map((l) => `${l.sku} 批次 ${l.lotNumber} × ${remainingOf(l)}`).join('，'),
          ),
        },
        {
          remaining: unscanned.map((l) => ({
            sku: l.sku,
            lotNumber: l.lotNumber,
            remaining: remainingOf(l),
          })),
        },
      );
    }
    const shipDate = input.shipDate ?? businessDate();
    await issueReservedStock(tx, issuesOf(lines), {
      businessDate: shipDate,
      referenceType: 'shipment',
      referenceId: id,
      createdBy: ctx.userId > 0 ? ctx.userId : null,
    });
    await repo.markShipped(tx, id, shipDate, ctx.userId);
    const progress = await orderRepo.listOrderLines(tx, shipment.orderId);
    const status = statusFromProgress(
      progress,
      (await repo.countOtherOpenShipments(tx, shipment.orderId, id)) > 0,
    );
    if (status !== order.status) await orderRepo.setOrderStatus(tx, shipment.orderId, status);
    const after = (await repo.findShipment(tx, ctx, id))!;
    await emitEvent(tx, 'shipment.shipped', {
      shipmentId: id,
      orderId: shipment.orderId,
      customerId: shipment.customerId,
      shippedOn: shipDate,
      promisedDate: shipment.promisedDate,
      isOnTime: after.isOnTime,
    });
    await recordAudit(tx, ctx, {
      action: 'ship',
      entity: 'shipment',
      entityId: id,
      before: { status: shipment.status },
      after,
    });
    return presentShipment(ctx, after);
  });
}

/** The customer received the goods: delivery date against the promise. */
export async function deliverShipment(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: DeliverRequest,
): Promise<Shipment> {
  return withTransaction(db, async (tx) => {
    const shipment = await lockShipmentForChange(tx, ctx, id, input.version);
    requireStatus(ctx, shipment, 'shipped');
    if (shipment.shippedOn !== null && input.deliveredOn < shipment.shippedOn) {
      throw new AppError(
        'BUSINESS_RULE',
        { detail: localized('delivered before it was shipped', '签收日期早于发货日期') },
        { field: 'deliveredOn' },
      );
    }
    const order = await lockOrderForChange(tx, ctx, shipment.orderId);
    await repo.markDelivered(tx, id, input.deliveredOn);
    if (order.status === 'shipped' && (await repo.countUndelivered(tx, shipment.orderId)) === 0) {
      await orderRepo.setOrderStatus(tx, shipment.orderId, 'delivered');
    }
    const after = (await repo.findShipment(tx, ctx, id))!;
    await emitEvent(tx, 'shipment.delivered', {
      shipmentId: id,
      orderId: shipment.orderId,
      customerId: shipment.customerId,
      deliveredOn: input.deliveredOn,
      promisedDate: shipment.promisedDate,
    });
    await recordAudit(tx, ctx, {
      action: 'deliver',
      entity: 'shipment',
      entityId: id,
      before: { status: shipment.status },
      after: { status: 'delivered', deliveredOn: input.deliveredOn },
    });
    return presentShipment(ctx, after);
  });
}
