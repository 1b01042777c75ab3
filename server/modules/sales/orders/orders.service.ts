import type {
  ConfirmOrderRequest,
  CreateOrderRequest,
  Order,
  OrderListQuery,
  PickList,
  UpdateOrderRequest,
} from '../../../../contracts/sales.ts';
import { auditAtCommitStatement, recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError, localized } from '../../../platform/errors.ts';
import { eventStatement } from '../../../platform/events.ts';
import { type StoreResponse, storeNothing } from '../../../platform/idempotency.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { runWrites, type WriteStatement } from '../../../platform/writes.ts';
import { getCustomer, getCustomerForSale } from '../../parties/index.ts';
import { loadSaleProducts } from '../pricing/pricing.repository.ts';
import {
  customerReference,
  type PricedDocument,
  priceDocument,
  saleCustomerReference,
} from '../pricing/pricing.service.ts';
import type { SalesHooks } from '../sales.hooks.ts';
import { takeDocumentNumber } from '../sales.numbering.ts';
import { allocateLines, type LineAllocation, type PassedChecks, runOrderChecks } from './confirmation.ts';
import * as lists from './orders.lists.repository.ts';
import * as repo from './orders.repository.ts';
import { isActionAllowed } from './orders.rules.ts';

export interface WriteOptions {
  /** Stores the response of an idempotent request inside the document's transaction. */
  store?: StoreResponse;
  /** A number taken beforehand (see takeDocumentNumber); else one is taken in the transaction. */
  number?: string;
}

/** Our floor prices are not for distributors' eyes. */
export function presentOrder(ctx: RequestContext, order: Order): Order {
  if (ctx.distributorId === null) return order;
  return { ...order, lines: order.lines.map((l) => ({ ...l, floorPriceFen: null })) };
}

export function orderEntity(ctx: RequestContext): string {
  return ctx.lang === 'en' ? 'order' : '订单';
}

/** Locks an order the caller may see and checks the version they read. */
export async function lockOrderForChange(tx: Queryable, ctx: RequestContext, id: number, version?: number) {
  const order = await repo.lockOrder(tx, ctx, id);
  if (!order) throw new AppError('NOT_FOUND');
  if (version !== undefined && order.version !== version) throw new AppError('VERSION_CONFLICT');
  return order;
}

export function requireAction(
  ctx: RequestContext,
  order: repo.OrderHeaderRow,
  action: Parameters<typeof isActionAllowed>[1],
) {
  if (!isActionAllowed(order.status, action)) {
    throw new AppError('INVALID_STATUS', { entity: orderEntity(ctx), status: order.status }, { action });
  }
}

async function checkContract(
  tx: Queryable,
  ctx: RequestContext,
  contractId: number | null,
  customerId: number,
) {
  if (contractId === null) return;
  const { rowCount } = await tx.query(
    `SELECT 1 FROM sales_contracts WHERE id = $1 AND customer_id = $2 AND status = 'active'`,
    [contractId, customerId],
  );
  if (!rowCount)
    throw new AppError('INVALID_REFERENCE', {
      entity: ctx.lang === 'en' ? 'contract' : '合同',
      value: contractId,
    });
}

function checkDates(orderDate: string, promisedDate: string) {
  if (promisedDate < orderDate) {
    throw new AppError(
      'BUSINESS_RULE',
      { detail: localized('the promised date is before the order date', '承诺发货日期早于订单日期') },
      { field: 'promisedDate' },
    );
  }
}

function linesToStore(priced: PricedDocument, allocations: Map<number, LineAllocation>): repo.LineToStore[] {
  return priced.lines.map((line) => ({
    ...line,
    allocated: allocations.get(line.lineNo)?.allocated ?? 0,
    backordered: allocations.get(line.lineNo)?.backordered ?? 0,
  }));
}

/**
 * Creates an order: a draft, or — with `confirm` — checked, allocated and confirmed in the
 * same transaction, so either all of it happens or none of it does.
 */
export async function createOrder(
  db: Db,
  ctx: RequestContext,
  hooks: SalesHooks,
  input: CreateOrderRequest & { quoteId?: number | null },
  options: WriteOptions = {},
): Promise<Order> {
  const number = await takeDocumentNumber(db, 'SO', input.orderDate ?? businessDate());
  return withTransaction(db, (tx) => createOrderIn(tx, ctx, hooks, input, { ...options, number }));
}

/** The body of `createOrder`, inside the caller's transaction (quote conversion uses it). */
export async function createOrderIn(
  tx: Queryable,
  ctx: RequestContext,
  hooks: SalesHooks,
  input: CreateOrderRequest & { quoteId?: number | null },
  options: WriteOptions = {},
): Promise<Order> {
  const orderDate = input.orderDate ?? businessDate();
  const promisedDate = input.promisedDate ?? orderDate;
  checkDates(orderDate, promisedDate);
  {
    // With the qualifications the confirmation checks: one round trip for both.
    const { customer, qualifications } = input.confirm
      ? await saleCustomerReference(tx, ctx, input.customerId)
      : { customer: await customerReference(tx, ctx, input.customerId), qualifications: undefined };
    await checkContract(tx, ctx, input.contractId, customer.id);
    const priced = await priceDocument(tx, ctx, {
      customer,
      date: orderDate,
      currency: input.currency,
      contractId: input.contractId,
      lines: input.lines,
    });
    let allocations = new Map<number, LineAllocation>();
    let reservation: WriteStatement | null = null;
    let checks: PassedChecks | null = null;
    if (input.confirm) {
      checks = await runOrderChecks(tx, ctx, hooks, {
        id: null,
        customer,
        orderDate,
        currency: input.currency,
        netCnyFen: priced.amounts.netCny,
        grossCnyFen: priced.amounts.grossCny,
        lines: priced.lines.map((l) => ({ ...l, netCnyFen: l.netCny })),
        products: priced.products,
        qualifications,
      });
      ({ lines: allocations, reservation } = await allocateLines(tx, ctx, {
        customer,
        promisedDate,
        acceptPartial: input.acceptPartial,
        lines: priced.lines,
        skuOf: (productId) => priced.products.get(productId)!.sku,
      }));
    }
    const isBackordered = [...allocations.values()].some((a) => a.backordered > 0);
    // Taken last when taken here: the day's counter row stays locked until commit.
    const number = options.number ?? (await nextDocumentNumber(tx, 'SO', orderDate));
    const order = await repo.insertOrder(
      tx,
      {
        number,
        customerId: customer.id,
        regionId: customer.regionId,
        ownerRepId: customer.ownerRepId,
        contractId: input.contractId,
        quoteId: input.quoteId ?? null,
        currency: input.currency,
        exchangeRate: priced.exchangeRate,
        orderDate,
        promisedDate,
        status: input.confirm ? (isBackordered ? 'backordered' : 'allocated') : 'draft',
        acceptPartial: input.acceptPartial,
        net: priced.amounts.net,
        tax: priced.amounts.tax,
        netCny: priced.amounts.netCny,
        taxCny: priced.amounts.taxCny,
        note: input.note,
        createdBy: ctx.userId,
      },
      linesToStore(priced, allocations),
      [...allocations.values()].flatMap((a) => a.picks.map((p) => ({ ...p, lineNo: a.lineNo }))),
    );
    const presented = presentOrder(ctx, order);
    // The stock reservation, the outbox event, the stored response and the audit entry go in one
    // round trip. The entry joins the chain while committing: the chain's lock is then held only
    // for the commit.
    await (options.store ?? storeNothing)(tx, 201, presented, [
      ...(reservation ? [reservation] : []),
      ...(checks?.writesFor(order.id) ?? []),
      eventStatement(input.confirm ? 'order.confirmed' : 'order.created', {
        orderId: order.id,
        number,
        customerId: customer.id,
        status: order.status,
      }),
      auditAtCommitStatement(ctx, {
        action: 'create',
        entity: 'sales_order',
        entityId: order.id,
        after: order,
      }),
    ]);
    return presented;
  }
}

/** Changes a draft (optimistic concurrency by version); new lines are priced again. */
export async function updateOrder(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateOrderRequest,
): Promise<Order> {
  return withTransaction(db, async (tx) => {
    const header = await lockOrderForChange(tx, ctx, id, input.version);
    requireAction(ctx, header, 'edit');
    const before = (await repo.findOrder(tx, ctx, id))!;
    const promisedDate = input.promisedDate ?? header.promisedDate;
    checkDates(header.orderDate, promisedDate);
    let totals = {
      net: before.netAmount,
      tax: before.taxAmount,
      netCny: before.netCnyFen,
      taxCny: before.taxCnyFen,
    };
    let lines: repo.LineToStore[] | null = null;
    if (input.lines) {
      const customer = await getCustomer(tx, ctx, header.customerId);
      const priced = await priceDocument(tx, ctx, {
        customer,
        date: header.orderDate,
        currency: header.currency,
        contractId: header.contractId,
        lines: input.lines,
      });
      lines = linesToStore(priced, new Map());
      totals = priced.amounts;
    }
    await repo.replaceDraft(
      tx,
      id,
      {
        ...totals,
        promisedDate,
        acceptPartial: input.acceptPartial ?? header.acceptPartial,
        note: input.note === undefined ? before.note : input.note,
      },
      lines,
    );
    const after = (await repo.findOrder(tx, ctx, id))!;
    await recordAudit(tx, ctx, { action: 'update', entity: 'sales_order', entityId: id, before, after });
    return presentOrder(ctx, after);
  });
}

/** Confirms a draft: the same checks and allocation as a directly confirmed order. */
export async function confirmOrder(
  db: Db,
  ctx: RequestContext,
  hooks: SalesHooks,
  id: number,
  input: ConfirmOrderRequest,
  options: WriteOptions = {},
): Promise<Order> {
  return withTransaction(db, async (tx) => {
    const header = await lockOrderForChange(tx, ctx, id, input.version);
    requireAction(ctx, header, 'confirm');
    const { customer, qualifications } = await getCustomerForSale(tx, ctx, header.customerId);
    const lines = await repo.listOrderLines(tx, id);
    const products = await loadSaleProducts(
      tx,
      lines.map((l) => l.productId),
    );
    const acceptPartial = input.acceptPartial ?? header.acceptPartial;
    const checks = await runOrderChecks(tx, ctx, hooks, {
      id,
      customer,
      orderDate: header.orderDate,
      currency: header.currency,
      netCnyFen: lines.reduce((sum, l) => sum + l.netCny, 0),
      grossCnyFen: lines.reduce((sum, l) => sum + l.netCny + l.taxCny, 0),
      lines: lines.map((l) => ({ ...l, netCnyFen: l.netCny })),
      products,
      qualifications,
    });
    const { lines: allocations, reservation } = await allocateLines(tx, ctx, {
      customer,
      promisedDate: header.promisedDate,
      acceptPartial,
      lines,
      skuOf: (productId) => products.get(productId)!.sku,
    });
    const lineIdOf = new Map(lines.map((l) => [l.lineNo, l.id]));
    const isBackordered = [...allocations.values()].some((a) => a.backordered > 0);
    // The reservation, lines, allocations and the order's status in one round trip.
    await runWrites(tx, [
      ...(reservation ? [reservation] : []),
      ...repo.allocationStatements(
        id,
        [...allocations.values()].map((a) => ({
          id: lineIdOf.get(a.lineNo)!,
          allocatedDelta: a.allocated,
          backordered: a.backordered,
        })),
        [...allocations.values()].flatMap((a) =>
          a.picks.map((p) => ({ ...p, lineId: lineIdOf.get(a.lineNo)! })),
        ),
      ),
      repo.orderStatusStatement(id, isBackordered ? 'backordered' : 'allocated', {
        confirmed: true,
        acceptPartial,
      }),
    ]);
    const order = (await repo.findOrder(tx, ctx, id))!;
    const presented = presentOrder(ctx, order);
    await (options.store ?? storeNothing)(tx, 200, presented, [
      ...checks.writesFor(id),
      eventStatement('order.confirmed', {
        orderId: id,
        number: order.number,
        customerId: order.customerId,
        status: order.status,
      }),
      auditAtCommitStatement(ctx, {
        action: 'confirm',
        entity: 'sales_order',
        entityId: id,
        before: { status: header.status },
        after: order,
      }),
    ]);
    return presented;
  });
}

export async function getOrder(db: Queryable, ctx: RequestContext, id: number): Promise<Order> {
  const order = await repo.findOrder(db, ctx, id);
  // Out of scope and missing look the same: a user must not learn that an order exists.
  if (!order) throw new AppError('NOT_FOUND');
  return presentOrder(ctx, order);
}

export async function listOrders(db: Db, ctx: RequestContext, query: OrderListQuery, maxPageSize: number) {
  const result = await lists.listOrders(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function exportOrders(
  db: Db,
  ctx: RequestContext,
  query: Partial<OrderListQuery>,
  maxRows: number,
) {
  const rows = await lists.listOrdersForExport(db, ctx, query, maxRows);
  if (rows.length > maxRows) throw new AppError('EXPORT_TOO_LARGE', { max: maxRows });
  return rows;
}

export async function getPickList(db: Db, ctx: RequestContext, id: number): Promise<PickList> {
  const order = await getOrder(db, ctx, id);
  return {
    orderId: order.id,
    orderNumber: order.number,
    customerName: order.customerName,
    promisedDate: order.promisedDate,
    items: await lists.listPickItems(db, id),
  };
}
