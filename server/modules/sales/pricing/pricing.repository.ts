import type {
  CreatePriceListRequest,
  PriceList,
  PriceListDetail,
  PriceListItemInput,
  PriceListListQuery,
  UpdatePriceListRequest,
} from '../../../../contracts/pricing.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause, sortClause } from '../../../platform/listing.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { likePattern, SqlParams } from '../../../platform/sql.ts';
import { prepared } from '../sales.sql.ts';
import type { ContractPrice, PriceListPrice } from './pricing.rules.ts';

const columns = `pl.id, pl.code, pl.name, pl.kind, pl.channel, pl.distributor_level AS "distributorLevel",
  pl.customer_id AS "customerId", c.name AS "customerName", pl.currency, pl.valid_from AS "validFrom",
  pl.valid_until AS "validUntil", pl.is_active AS "isActive",
  (SELECT count(*)::int FROM price_list_items i WHERE i.price_list_id = pl.id) AS "itemCount", pl.version,
  to_char(pl.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

const from = 'price_lists pl LEFT JOIN customers c ON c.id = pl.customer_id';

const sortable: Record<string, string> = {
  code: 'pl.code',
  name: 'pl.name',
  kind: 'pl.kind',
  channel: 'pl.channel',
  validFrom: 'pl.valid_from',
  updatedAt: 'pl.updated_at',
};

/** Channel lists are company-wide; a customer's own list follows that customer's scope. */
function scopeOf(ctx: RequestContext, params: SqlParams): string {
  return `(pl.kind = 'channel' OR ${scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params)})`;
}

function whereClause(ctx: RequestContext, query: Partial<PriceListListQuery>, params: SqlParams): string {
  const conditions = [scopeOf(ctx, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(pl.code ILIKE ${pattern} OR pl.name ILIKE ${pattern} OR c.name ILIKE ${pattern})`);
  }
  if (query.kind) conditions.push(`pl.kind = ${params.add(query.kind)}`);
  if (query.channel) conditions.push(`pl.channel = ${params.add(query.channel)}`);
  if (query.customerId) conditions.push(`pl.customer_id = ${params.add(query.customerId)}`);
  if (query.isActive !== undefined) conditions.push(`pl.is_active = ${params.add(query.isActive)}`);
  if (query.productId) {
    conditions.push(
      `EXISTS (SELECT 1 FROM price_list_items i WHERE i.price_list_id = pl.id AND i.product_id = ${params.add(query.productId)})`,
    );
  }
  if (query.activeOn) {
    const on = params.add(query.activeOn);
    conditions.push(
      `pl.is_active AND pl.valid_from <= ${on} AND (pl.valid_until IS NULL OR pl.valid_until >= ${on})`,
    );
  }
  return conditions.join(' AND ');
}

export async function listPriceLists(
  db: Queryable,
  ctx: RequestContext,
  query: PriceListListQuery,
  maxPageSize: number,
): Promise<{ items: PriceList[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'pl.id');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<PriceList>(`SELECT ${columns} FROM ${from} WHERE ${where} ${order} ${page}`, params.values),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function findPriceList(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<PriceListDetail | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const { rows } = await db.query<PriceListDetail>(
    `SELECT ${columns},
            (SELECT coalesce(json_agg(json_build_object('productId', i.product_id, 'sku', p.sku,
                      'productNameZh', p.name_zh, 'productNameEn', p.name_en, 'unitPrice', i.unit_price)
                      ORDER BY p.sku), '[]')
               FROM price_list_items i JOIN products p ON p.id = i.product_id
              WHERE i.price_list_id = pl.id) AS items
       FROM ${from} WHERE pl.id = ${idParam} AND ${scopeOf(ctx, params)}${lock ? ' FOR UPDATE OF pl' : ''}`,
    params.values,
  );
  return rows[0];
}

export async function insertPriceList(db: Queryable, input: CreatePriceListRequest): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO price_lists (code, name, kind, channel, distributor_level, customer_id, currency, valid_from,
                              valid_until, is_active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      input.code,
      input.name,
      input.kind,
      input.channel,
      input.distributorLevel,
      input.customerId,
      input.currency,
      input.validFrom,
      input.validUntil,
      input.isActive,
    ],
  );
  return rows[0]!.id;
}

export async function updatePriceList(
  db: Queryable,
  id: number,
  version: number,
  changes: Omit<UpdatePriceListRequest, 'version'>,
): Promise<boolean> {
  const params = new SqlParams();
  const sets: string[] = [];
  const writable = {
    name: 'name',
    validFrom: 'valid_from',
    validUntil: 'valid_until',
    isActive: 'is_active',
  } as const;
  for (const key of Object.keys(writable) as (keyof typeof writable)[]) {
    if (changes[key] !== undefined) sets.push(`${writable[key]} = ${params.add(changes[key])}`);
  }
  const { rowCount } = await db.query(
    `UPDATE price_lists SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
      WHERE id = ${params.add(id)} AND version = ${params.add(version)}`,
    params.values,
  );
  return rowCount === 1;
}

export async function replaceItems(
  db: Queryable,
  priceListId: number,
  items: PriceListItemInput[],
): Promise<void> {
  await db.query('DELETE FROM price_list_items WHERE price_list_id = $1', [priceListId]);
  if (items.length === 0) return;
  await db.query(
    `INSERT INTO price_list_items (price_list_id, product_id, unit_price)
     SELECT $1, p, u FROM unnest($2::bigint[], $3::bigint[]) AS t(p, u)`,
    [priceListId, items.map((i) => i.productId), items.map((i) => i.unitPrice)],
  );
}

export async function deletePriceList(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM price_lists WHERE id = $1', [id]);
}

export async function findMissingProducts(db: Queryable, productIds: number[]): Promise<number[]> {
  if (productIds.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `SELECT t.id FROM unnest($1::bigint[]) AS t(id) WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = t.id)`,
    [productIds],
  );
  return rows.map((r) => r.id);
}

/**
 * The products, and every contract and price-list price that could apply to them for this
 * customer on this date, in one round trip; the pure rule (`resolvePrice`) picks the winner.
 */
export async function loadPricingData(
  db: Queryable,
  request: { customerId: number; channel: string; productIds: number[]; currency: string; date: string },
): Promise<{ products: Map<number, SaleProduct>; contracts: ContractPrice[]; priceLists: PriceListPrice[] }> {
  const { rows } = await db.query<{
    source: 'product' | 'contract' | 'list';
    row: SaleProduct & ContractPrice & PriceListPrice;
  }>(
    prepared(
      `SELECT 'product' AS source, json_build_object('id', id, 'sku', sku, 'nameZh', name_zh, 'nameEn', name_en,
              'deviceClass', device_class, 'certificateNumber', certificate_number,
              'certificateExpiry', certificate_expiry, 'isActive', is_active, 'listPriceFen', list_price_fen,
              'floorPriceFen', floor_price_fen, 'vatRate', vat_rate::text, 'gtin', gtin,
              'isSerialTracked', is_serial_tracked) AS row
       FROM products WHERE id = ANY($2::bigint[])
     UNION ALL
     SELECT 'contract', json_build_object('contractId', k.id, 'customerId', k.customer_id,
              'productId', kl.product_id, 'unitPrice', kl.unit_price, 'currency', k.currency,
              'validFrom', k.valid_from, 'validUntil', k.valid_until, 'isActive', k.status = 'active')
       FROM sales_contracts k JOIN sales_contract_lines kl ON kl.contract_id = k.id
      WHERE k.customer_id = $1 AND kl.product_id = ANY($2::bigint[]) AND k.currency = $3
        AND k.status = 'active' AND k.valid_from <= $4 AND k.valid_until >= $4
     UNION ALL
     SELECT 'list', json_build_object('priceListId', pl.id, 'kind', pl.kind, 'channel', pl.channel,
              'distributorLevel', pl.distributor_level, 'customerId', pl.customer_id, 'productId', i.product_id,
              'unitPrice', i.unit_price, 'currency', pl.currency, 'validFrom', pl.valid_from,
              'validUntil', pl.valid_until, 'isActive', pl.is_active)
       FROM price_lists pl JOIN price_list_items i ON i.price_list_id = pl.id
      WHERE i.product_id = ANY($2::bigint[]) AND pl.currency = $3 AND pl.is_active
        AND pl.valid_from <= $4 AND (pl.valid_until IS NULL OR pl.valid_until >= $4)
        AND (pl.customer_id = $1 OR (pl.kind = 'channel' AND pl.channel = $5))`,
      [request.customerId, request.productIds, request.currency, request.date, request.channel],
    ),
  );
  return {
    products: new Map(rows.filter((r) => r.source === 'product').map((r) => [r.row.id, r.row])),
    contracts: rows.filter((r) => r.source === 'contract').map((r) => r.row),
    priceLists: rows.filter((r) => r.source === 'list').map((r) => r.row),
  };
}

/** What selling a product needs to know: compliance facts, prices, VAT (exact decimal text). */
export interface SaleProduct {
  id: number;
  sku: string;
  nameZh: string;
  nameEn: string;
  deviceClass: 1 | 2 | 3;
  certificateNumber: string;
  certificateExpiry: string | null;
  isActive: boolean;
  listPriceFen: number;
  floorPriceFen: number | null;
  vatRate: string;
  gtin: string | null;
  isSerialTracked: boolean;
}

export async function loadSaleProducts(
  db: Queryable,
  productIds: number[],
): Promise<Map<number, SaleProduct>> {
  const { rows } = await db.query<SaleProduct>(
    `SELECT id, sku, name_zh AS "nameZh", name_en AS "nameEn", device_class AS "deviceClass",
            certificate_number AS "certificateNumber", certificate_expiry AS "certificateExpiry",
            is_active AS "isActive", list_price_fen AS "listPriceFen", floor_price_fen AS "floorPriceFen",
            vat_rate::text AS "vatRate", gtin, is_serial_tracked AS "isSerialTracked"
       FROM products WHERE id = ANY($1::bigint[])`,
    [productIds],
  );
  return new Map(rows.map((r) => [r.id, r]));
}
