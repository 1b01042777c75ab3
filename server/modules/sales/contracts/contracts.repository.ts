import type { SalesContract, SalesContractListQuery } from '../../../../contracts/sales-contracts.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause, sortClause } from '../../../platform/listing.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { likePattern, SqlParams } from '../../../platform/sql.ts';

const headerColumns = `k.id, k.number, k.customer_id AS "customerId", c.name AS "customerName", k.region_id AS "regionId",
  k.quote_id AS "quoteId", k.currency, k.valid_from AS "validFrom", k.valid_until AS "validUntil", k.status, k.note,
  k.created_by AS "createdBy", k.version,
  to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`;

const linesJson = `(SELECT coalesce(json_agg(json_build_object('productId', l.product_id, 'sku', p.sku,
    'productName', p.name_zh, 'productNameEn', p.name_en, 'unitPrice', l.unit_price) ORDER BY p.sku), '[]')
  FROM sales_contract_lines l JOIN products p ON p.id = l.product_id WHERE l.contract_id = k.id)`;

const from = 'sales_contracts k JOIN customers c ON c.id = k.customer_id';

function scopeOf(ctx: RequestContext, params: SqlParams) {
  return scopeCondition(ctx, { region: 'k.region_id', customer: 'k.customer_id' }, params);
}

export interface ContractHeaderRow extends Omit<SalesContract, 'lines'> {}

/** One contract in the user's scope (with its lines); locked when it is about to change. */
export async function findContract(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<SalesContract | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const { rows } = await db.query<SalesContract>(
    `SELECT ${headerColumns}, ${linesJson} AS lines FROM ${from}
      WHERE k.id = ${idParam} AND ${scopeOf(ctx, params)}${lock ? ' FOR UPDATE OF k' : ''}`,
    params.values,
  );
  return rows[0];
}

const sortable: Record<string, string> = {
  number: 'k.number',
  customer: 'c.name',
  validFrom: 'k.valid_from',
  validUntil: 'k.valid_until',
  status: 'k.status',
};

export async function listContracts(
  db: Queryable,
  ctx: RequestContext,
  query: SalesContractListQuery,
  maxPageSize: number,
) {
  const params = new SqlParams();
  const conditions = [scopeOf(ctx, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(k.number ILIKE ${pattern} OR c.name ILIKE ${pattern})`);
  }
  if (query.status) conditions.push(`k.status = ${params.add(query.status)}`);
  if (query.customerId) conditions.push(`k.customer_id = ${params.add(query.customerId)}`);
  if (query.activeOn) {
    const day = params.add(query.activeOn);
    conditions.push(`k.status = 'active' AND k.valid_from <= ${day}::date AND k.valid_until >= ${day}::date`);
  }
  const where = conditions.join(' AND ');
  const order = sortClause(query.sort, sortable, 'k.id DESC');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query(
      `SELECT ${headerColumns},
              (SELECT count(*)::int FROM sales_contract_lines l WHERE l.contract_id = k.id) AS "lineCount"
         FROM ${from} WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function insertContract(
  db: Queryable,
  contract: {
    number: string;
    customerId: number;
    regionId: number;
    quoteId: number | null;
    currency: string;
    validFrom: string;
    validUntil: string;
    note: string | null;
    createdBy: number | null;
  },
  lines: readonly { productId: number; unitPrice: number }[],
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `WITH k AS (
       INSERT INTO sales_contracts (number, customer_id, region_id, quote_id, currency, valid_from, valid_until, note,
                                    created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id),
     l AS (
       INSERT INTO sales_contract_lines (contract_id, product_id, unit_price)
       SELECT k.id, t.product_id, t.unit_price FROM k, unnest($10::bigint[], $11::bigint[]) AS t(product_id, unit_price))
     SELECT id FROM k`,
    [
      contract.number,
      contract.customerId,
      contract.regionId,
      contract.quoteId,
      contract.currency,
      contract.validFrom,
      contract.validUntil,
      contract.note,
      contract.createdBy,
      lines.map((l) => l.productId),
      lines.map((l) => l.unitPrice),
    ],
  );
  return rows[0]!.id;
}

/** Cancels an active contract of this version; false when it changed since it was read. */
export async function cancelContract(db: Queryable, id: number, version: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE sales_contracts SET status = 'cancelled', version = version + 1, updated_at = now()
      WHERE id = $1 AND version = $2 AND status = 'active'`,
    [id, version],
  );
  return (rowCount ?? 0) === 1;
}

/** Whether the quote exists and is this customer's. */
export async function isQuoteOfCustomer(
  db: Queryable,
  quoteId: number,
  customerId: number,
): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM quotes WHERE id = $1 AND customer_id = $2', [
    quoteId,
    customerId,
  ]);
  return (rowCount ?? 0) > 0;
}
