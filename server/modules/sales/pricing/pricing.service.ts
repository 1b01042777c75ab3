import type { Customer } from '../../../../contracts/customers.ts';
import type {
  CreatePriceListRequest,
  PriceListDetail,
  PriceListListQuery,
  ReplacePriceListItemsRequest,
  ResolvedPrice,
  ResolvePriceQuery,
  UpdatePriceListRequest,
} from '../../../../contracts/pricing.ts';
import type { OrderLineInput } from '../../../../contracts/sales.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import { type Db, isUniqueViolation, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError, localized } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events.ts';
import type { StoreResponse } from '../../../platform/idempotency.ts';
import { exchangeRateOn as rateOfDocumentDate } from '../../finance/index.ts';
import { type ComplianceQualification, getCustomer, getCustomerForSale } from '../../parties/index.ts';
import {
  computeDocumentAmounts,
  convertFromCompanyCurrency,
  type DocumentAmounts,
  formatScaledDecimal,
  parseScaledDecimal,
} from '../money.rules.ts';
import * as repo from './pricing.repository.ts';
import { type PriceCandidates, resolvePrice } from './pricing.rules.ts';

export type { SaleProduct } from './pricing.repository.ts';

function hideFloor(ctx: RequestContext, floor: number | null): number | null {
  return ctx.distributorId === null ? floor : null;
}

export async function listPriceLists(
  db: Db,
  ctx: RequestContext,
  query: PriceListListQuery,
  maxPageSize: number,
) {
  const result = await repo.listPriceLists(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function getPriceList(db: Queryable, ctx: RequestContext, id: number): Promise<PriceListDetail> {
  const list = await repo.findPriceList(db, ctx, id);
  if (!list) throw new AppError('NOT_FOUND');
  return list;
}

/** A customer the caller may see, as a reference in a request body (422 rather than 404). */
export async function customerReference(
  db: Queryable,
  ctx: RequestContext,
  customerId: number,
): Promise<Customer> {
  return asCustomerReference(ctx, customerId, getCustomer(db, ctx, customerId));
}

/** customerReference with the customer's qualifications, which a confirmed sale is checked against. */
export async function saleCustomerReference(
  db: Queryable,
  ctx: RequestContext,
  customerId: number,
): Promise<{ customer: Customer; qualifications: ComplianceQualification[] }> {
  return asCustomerReference(ctx, customerId, getCustomerForSale(db, ctx, customerId));
}

async function asCustomerReference<T>(
  ctx: RequestContext,
  customerId: number,
  lookup: Promise<T>,
): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') {
      throw new AppError('INVALID_REFERENCE', {
        entity: ctx.lang === 'en' ? 'customer' : '客户',
        value: customerId,
      });
    }
    throw error;
  }
}

function checkKindFields(
  input: Pick<CreatePriceListRequest, 'kind' | 'channel' | 'distributorLevel' | 'customerId'>,
) {
  const problem =
    input.kind === 'channel'
      ? input.channel === null
        ? 'a channel price list needs a channel'
        : input.customerId !== null
          ? 'a channel price list has no customer'
          : input.distributorLevel !== null && input.channel !== 'distributor'
            ? 'only distributor price lists have a distributor level'
            : null
      : input.customerId === null
        ? 'a customer price list needs a customer'
        : input.channel !== null || input.distributorLevel !== null
          ? 'a customer price list has no channel or level'
          : null;
  if (problem) throw new AppError('BUSINESS_RULE', { detail: problem }, { field: 'kind' });
}

function checkValidity(validFrom: string, validUntil: string | null) {
  if (validUntil !== null && validUntil < validFrom) {
    throw new AppError(
      'BUSINESS_RULE',
      { detail: localized('the validity ends before it starts', '有效期结束日期早于开始日期') },
      { field: 'validUntil' },
    );
  }
}

async function checkProductsExist(tx: Queryable, ctx: RequestContext, productIds: number[]) {
  const missing = await repo.findMissingProducts(tx, productIds);
  if (missing.length > 0) {
    throw new AppError('INVALID_REFERENCE', {
      entity: ctx.lang === 'en' ? 'product' : '产品',
      value: missing.join(', '),
    });
  }
}

export async function createPriceList(
  db: Db,
  ctx: RequestContext,
  input: CreatePriceListRequest,
  options: { store?: StoreResponse } = {},
) {
  checkKindFields(input);
  checkValidity(input.validFrom, input.validUntil);
  return withTransaction(db, async (tx) => {
    if (input.customerId !== null) await customerReference(tx, ctx, input.customerId);
    await checkProductsExist(
      tx,
      ctx,
      input.items.map((i) => i.productId),
    );
    let id: number;
    try {
      id = await repo.insertPriceList(tx, input);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('DUPLICATE', {
          entity: ctx.lang === 'en' ? 'Price list' : '价格表',
          value: input.code,
        });
      }
      throw error;
    }
    await repo.replaceItems(tx, id, input.items);
    const created = (await repo.findPriceList(tx, ctx, id))!;
    await emitEvent(tx, 'price_list.changed', { priceListId: id, action: 'create' });
    await options.store?.(tx, 201, created);
    await recordAudit(tx, ctx, { action: 'create', entity: 'price_list', entityId: id, after: created });
    return created;
  });
}

export async function updatePriceList(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdatePriceListRequest,
) {
  return withTransaction(db, async (tx) => {
    const before = await repo.findPriceList(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    const { version, ...changes } = input;
    checkValidity(
      changes.validFrom ?? before.validFrom,
      changes.validUntil === undefined ? before.validUntil : changes.validUntil,
    );
    if (!(await repo.updatePriceList(tx, id, version, changes))) throw new AppError('VERSION_CONFLICT');
    const after = (await repo.findPriceList(tx, ctx, id))!;
    await emitEvent(tx, 'price_list.changed', { priceListId: id, action: 'update' });
    await recordAudit(tx, ctx, { action: 'update', entity: 'price_list', entityId: id, before, after });
    return after;
  });
}

/** Replaces every price of the list: one audited price change with the old and new prices. */
export async function replacePriceListItems(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: ReplacePriceListItemsRequest,
) {
  return withTransaction(db, async (tx) => {
    const before = await repo.findPriceList(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    await checkProductsExist(
      tx,
      ctx,
      input.items.map((i) => i.productId),
    );
    if (!(await repo.updatePriceList(tx, id, input.version, {}))) throw new AppError('VERSION_CONFLICT');
    await repo.replaceItems(tx, id, input.items);
    const after = (await repo.findPriceList(tx, ctx, id))!;
    await emitEvent(tx, 'price_list.changed', { priceListId: id, action: 'prices' });
    await recordAudit(tx, ctx, {
      action: 'price_change',
      entity: 'price_list',
      entityId: id,
      before: before.items,
      after: after.items,
    });
    return after;
  });
}

export async function deletePriceList(db: Db, ctx: RequestContext, id: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const before = await repo.findPriceList(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    const used = await tx.query(
      `SELECT 1 FROM sales_order_lines WHERE price_reference_id = $1
          AND price_source IN ('customer_price_list', 'channel_price_list') LIMIT 1`,
      [id],
    );
    if (used.rowCount) {
      throw new AppError('IN_USE', {
        detail: ctx.lang === 'en' ? 'orders; deactivate it instead' : '订单，请改为停用',
      });
    }
    await repo.deletePriceList(tx, id);
    await emitEvent(tx, 'price_list.changed', { priceListId: id, action: 'delete' });
    await recordAudit(tx, ctx, { action: 'delete', entity: 'price_list', entityId: id, before });
  });
}

// ---------------------------------------------------------------------------------------
// Pricing documents (orders, quotes)

/** CNY per unit of the currency on the document's date (finance's one rule), exact; 422 when none is on file. */
export async function exchangeRateOn(
  db: Queryable,
  currency: string,
  date: string,
): Promise<{ text: string; rate8: bigint }> {
  if (currency === 'CNY') return { text: '1.00000000', rate8: 100_000_000n };
  const rate8 = parseScaledDecimal(await rateOfDocumentDate(db, currency, date), 8);
  return { text: formatScaledDecimal(rate8, 8), rate8 };
}

export interface PricedLine {
  lineNo: number;
  productId: number;
  quantity: number;
  priceSource: ResolvedPrice['source'];
  priceReferenceId: number | null;
  unitPrice: number;
  /** Exact decimal text, four places. */
  discountRate: string;
  vatRate: string;
  net: number;
  tax: number;
  netCny: number;
  taxCny: number;
  floorPriceFen: number | null;
}

export interface PricedDocument {
  exchangeRate: string;
  lines: PricedLine[];
  amounts: DocumentAmounts;
  products: Map<number, repo.SaleProduct>;
}

/**
 * Prices the lines of an order or quote: resolves each unit price (DOMAIN §10) unless a
 * manual one is given, applies the discount and VAT per line, and derives the CNY amounts.
 * Distributor users order at the resolved price: they cannot set prices or discounts.
 */
export async function priceDocument(
  tx: Queryable,
  ctx: RequestContext,
  request: {
    customer: Customer;
    date: string;
    currency: string;
    contractId: number | null;
    lines: OrderLineInput[];
  },
): Promise<PricedDocument> {
  if (
    ctx.distributorId !== null &&
    request.lines.some((l) => l.unitPrice !== undefined || l.discountRate > 0)
  ) {
    throw new AppError('FORBIDDEN', {}, { reason: 'distributors order at the resolved price' });
  }
  const productIds = [...new Set(request.lines.map((l) => l.productId))];
  const needsResolution = request.lines.some((l) => l.unitPrice === undefined);
  // One after the other: these run on the caller's transaction client.
  const { products, ...candidates } = needsResolution
    ? await repo.loadPricingData(tx, {
        customerId: request.customer.id,
        channel: request.customer.channel,
        productIds,
        currency: request.currency,
        date: request.date,
      })
    : { products: await repo.loadSaleProducts(tx, productIds), contracts: [], priceLists: [] };
  const rate = await exchangeRateOn(tx, request.currency, request.date);
  const missing = productIds.filter((id) => !products.has(id));
  if (missing.length > 0) {
    throw new AppError('INVALID_REFERENCE', {
      entity: ctx.lang === 'en' ? 'product' : '产品',
      value: missing.join(', '),
    });
  }
  // Promotions: extension point for the marketing module (none yet).
  const all: PriceCandidates = { ...candidates, promotions: [] };
  const resolved = request.lines.map((line) => {
    const product = products.get(line.productId)!;
    if (line.unitPrice !== undefined) {
      return { unitPrice: line.unitPrice, source: 'manual' as const, referenceId: null };
    }
    return resolvePrice(
      {
        customer: request.customer,
        product: { id: product.id, listPrice: convertFromCompanyCurrency(product.listPriceFen, rate.rate8) },
        date: request.date,
        currency: request.currency,
        quantity: line.quantity,
        contractId: request.contractId,
      },
      all,
    );
  });
  const inputs = request.lines.map((line, i) => ({
    quantity: line.quantity,
    unitPrice: resolved[i]!.unitPrice,
    discountRate4: parseScaledDecimal(line.discountRate, 4),
    vatRate4: parseScaledDecimal(products.get(line.productId)!.vatRate, 4),
  }));
  const amounts = computeDocumentAmounts(inputs, rate.rate8);
  const lines = request.lines.map((line, i) => {
    const a = amounts.lines[i]!;
    return {
      lineNo: i + 1,
      productId: line.productId,
      quantity: line.quantity,
      priceSource: resolved[i]!.source,
      priceReferenceId: resolved[i]!.referenceId,
      unitPrice: resolved[i]!.unitPrice,
      discountRate: formatScaledDecimal(inputs[i]!.discountRate4, 4),
      vatRate: formatScaledDecimal(inputs[i]!.vatRate4, 4),
      net: a.net,
      tax: a.tax,
      netCny: a.netCny,
      taxCny: a.taxCny,
      floorPriceFen: products.get(line.productId)!.floorPriceFen,
    };
  });
  return { exchangeRate: rate.text, lines, amounts, products };
}

export async function resolvePriceFor(
  db: Db,
  ctx: RequestContext,
  query: ResolvePriceQuery,
): Promise<ResolvedPrice> {
  const date = query.date ?? businessDate();
  const customer = await getCustomer(db, ctx, query.customerId);
  const priced = await priceDocument(db, ctx, {
    customer,
    date,
    currency: query.currency,
    contractId: null,
    lines: [{ productId: query.productId, quantity: query.quantity, discountRate: 0 }],
  });
  const line = priced.lines[0]!;
  return {
    customerId: customer.id,
    productId: line.productId,
    date,
    currency: query.currency,
    unitPrice: line.unitPrice,
    source: line.priceSource,
    referenceId: line.priceReferenceId,
    floorPriceFen: hideFloor(ctx, line.floorPriceFen),
  };
}
