import type { Quote, QuoteListQuery } from '../../../../contracts/sales.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause, sortClause } from '../../../platform/listing.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { likePattern, SqlParams } from '../../../platform/sql.ts';
import type { PricedLine } from '../pricing/pricing.service.ts';

const headerColumns = `q.id, q.number, q.customer_id AS "customerId", c.name AS "customerName", q.region_id AS "regionId",
  q.currency, q.exchange_rate::text AS "exchangeRate", q.quote_date AS "quoteDate", q.valid_until AS "validUntil",
  q.status, q.order_id AS "orderId", q.net_amount AS "netAmount", q.tax_amount AS "taxAmount",
  q.gross_amount AS "grossAmount", q.note, q.version,
  to_char(q.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`;

const linesJson = `(SELECT coalesce(json_agg(json_build_object('lineNo', l.line_no, 'productId', l.product_id,
    'sku', p.sku, 'productNameZh', p.name_zh, 'quantity', l.quantity, 'priceSource', l.price_source,
    'unitPrice', l.unit_price, 'discountRate', l.discount_rate, 'vatRate', l.vat_rate, 'netAmount', l.net_amount,
    'taxAmount', l.tax_amount) ORDER BY l.line_no), '[]')
  FROM quote_lines l JOIN products p ON p.id = l.product_id WHERE l.quote_id = q.id)`;

const from = 'quotes q JOIN customers c ON c.id = q.customer_id';

function scopeOf(ctx: RequestContext, params: SqlParams) {
  return scopeCondition(ctx, { region: 'q.region_id', customer: 'q.customer_id' }, params);
}

export async function findQuote(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<Quote | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const { rows } = await db.query<Quote>(
    `SELECT ${headerColumns}, ${linesJson} AS lines FROM ${from}
      WHERE q.id = ${idParam} AND ${scopeOf(ctx, params)}${lock ? ' FOR UPDATE OF q' : ''}`,
    params.values,
  );
  return rows[0];
}

export async function insertQuote(
  db: Queryable,
  quote: {
    number: string;
    customerId: number;
    regionId: number;
    currency: string;
    exchangeRate: string;
    quoteDate: string;
    validUntil: string;
    net: number;
    tax: number;
    note: string | null;
    createdBy: number | null;
  },
  lines: PricedLine[],
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `WITH q AS (
       INSERT INTO quotes (number, customer_id, region_id, currency, exchange_rate, quote_date, valid_until,
                           net_amount, tax_amount, gross_amount, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8::bigint + $9::bigint, $10, $11) RETURNING id),
     l AS (
       INSERT INTO quote_lines (quote_id, line_no, product_id, quantity, price_source, unit_price, discount_rate,
                                vat_rate, net_amount, tax_amount)
       SELECT q.id, t.* FROM q, unnest($12::int[], $13::bigint[], $14::int[], $15::text[], $16::bigint[],
                                       $17::numeric[], $18::numeric[], $19::bigint[], $20::bigint[]) AS t)
     SELECT id FROM q`,
    [
      quote.number,
      quote.customerId,
      quote.regionId,
      quote.currency,
      quote.exchangeRate,
      quote.quoteDate,
      quote.validUntil,
      quote.net,
      quote.tax,
      quote.note,
      quote.createdBy !== null && quote.createdBy > 0 ? quote.createdBy : null,
      lines.map((l) => l.lineNo),
      lines.map((l) => l.productId),
      lines.map((l) => l.quantity),
      lines.map((l) => l.priceSource),
      lines.map((l) => l.unitPrice),
      lines.map((l) => l.discountRate),
      lines.map((l) => l.vatRate),
      lines.map((l) => l.net),
      lines.map((l) => l.tax),
    ],
  );
  return rows[0]!.id;
}

export async function markConverted(db: Queryable, id: number, orderId: number): Promise<void> {
  await db.query(
    `UPDATE quotes SET status = 'converted', order_id = $2, version = version + 1, updated_at = now() WHERE id = $1`,
    [id, orderId],
  );
}

const sortable: Record<string, string> = {
  number: 'q.number',
  quoteDate: 'q.quote_date',
  validUntil: 'q.valid_until',
  customer: 'c.name',
  status: 'q.status',
};

export async function listQuotes(
  db: Queryable,
  ctx: RequestContext,
  query: QuoteListQuery,
  maxPageSize: number,
) {
  const params = new SqlParams();
  const conditions = [scopeOf(ctx, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(q.number ILIKE ${pattern} OR c.name ILIKE ${pattern})`);
  }
  if (query.status) conditions.push(`q.status = ${params.add(query.status)}`);
  if (query.customerId) conditions.push(`q.customer_id = ${params.add(query.customerId)}`);
  const where = conditions.join(' AND ');
  const order = sortClause(query.sort, sortable, 'q.id DESC');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query(`SELECT ${headerColumns} FROM ${from} WHERE ${where} ${order} ${page}`, params.values),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}
