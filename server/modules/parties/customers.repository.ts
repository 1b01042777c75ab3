import type { CreateCustomerRequest, Customer, CustomerListQuery } from '../../../contracts/customers.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { scopeCondition } from '../../platform/scope.ts';
import { likePattern, preparedStatement, SqlParams } from '../../platform/sql.ts';
import type { ComplianceQualification } from './parties.rules.ts';

export type CustomerRow = Customer;

const columns = `c.id, c.code, c.name, c.type, c.hospital_grade AS "hospitalGrade",
  c.distributor_level AS "distributorLevel", c.channel, c.tax_id AS "taxId", c.region_id AS "regionId",
  r.name_zh AS "regionName", c.address, c.contact_name AS "contactName", c.contact_phone AS "contactPhone",
  c.owner_rep_id AS "ownerRepId", u.display_name AS "ownerRepName", c.payment_terms_days AS "paymentTermsDays",
  c.min_shelf_life_days AS "minShelfLifeDays", c.is_target AS "isTarget", c.is_active AS "isActive", c.version,
  to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

const from = `customers c JOIN regions r ON r.id = c.region_id LEFT JOIN users u ON u.id = c.owner_rep_id`;

const sortable: Record<string, string> = {
  code: 'c.code',
  name: 'c.name',
  type: 'c.type',
  region: 'r.name_zh',
  owner: 'u.display_name',
  channel: 'c.channel',
  isActive: 'c.is_active',
  updatedAt: 'c.updated_at',
};

function whereClause(ctx: RequestContext, query: Partial<CustomerListQuery>, params: SqlParams): string {
  const conditions = [scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(c.name ILIKE ${pattern} OR c.code ILIKE ${pattern} OR c.tax_id ILIKE ${pattern})`);
  }
  if (query.type) conditions.push(`c.type = ${params.add(query.type)}`);
  if (query.channel) conditions.push(`c.channel = ${params.add(query.channel)}`);
  if (query.ownerRepId) conditions.push(`c.owner_rep_id = ${params.add(query.ownerRepId)}`);
  if (query.isActive !== undefined) conditions.push(`c.is_active = ${params.add(query.isActive)}`);
  if (query.regionId) {
    conditions.push(`c.region_id IN (WITH RECURSIVE tree AS (
        SELECT id FROM regions WHERE id = ${params.add(query.regionId)}
        UNION SELECT r2.id FROM regions r2 JOIN tree t ON r2.parent_id = t.id) SELECT id FROM tree)`);
  }
  return conditions.join(' AND ');
}

export async function listCustomers(
  db: Queryable,
  ctx: RequestContext,
  query: CustomerListQuery,
  maxPageSize: number,
): Promise<{ items: CustomerRow[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'c.id');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<CustomerRow>(`SELECT ${columns} FROM ${from} WHERE ${where} ${order} ${page}`, params.values),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

/** Every customer matching the filters (for exports), up to `limit` + 1 rows so the caller can tell it is over. */
export async function listCustomersForExport(
  db: Queryable,
  ctx: RequestContext,
  query: Partial<CustomerListQuery>,
  limit: number,
): Promise<CustomerRow[]> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'c.id');
  const { rows } = await db.query<CustomerRow>(
    `SELECT ${columns} FROM ${from} WHERE ${where} ${order} LIMIT ${params.add(limit + 1)}`,
    params.values,
  );
  return rows;
}

/** One customer, only when inside the caller's scope. */
export async function findCustomer(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<CustomerRow | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const where = scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params);
  const { rows } = await db.query<CustomerRow>(
    `SELECT ${columns} FROM ${from} WHERE c.id = ${idParam} AND ${where}${lock ? ' FOR UPDATE OF c' : ''}`,
    params.values,
  );
  return rows[0];
}

/**
 * One customer in scope with the qualifications a sale is checked against, in one round trip
 * (the order hot path reads both).
 */
export async function findCustomerForSale(
  db: Queryable,
  ctx: RequestContext,
  id: number,
): Promise<(CustomerRow & { qualifications: ComplianceQualification[] }) | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const where = scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params);
  const { rows } = await db.query<CustomerRow & { qualifications: ComplianceQualification[] }>(
    preparedStatement(
      `SELECT ${columns},
            (SELECT coalesce(json_agg(json_build_object('type', q.type, 'number', q.number,
                      'coveredClasses', q.covered_classes, 'validFrom', q.valid_from, 'validUntil', q.valid_until)
                      ORDER BY q.type, q.id), '[]')
               FROM customer_qualifications q WHERE q.customer_id = c.id) AS qualifications
       FROM ${from} WHERE c.id = ${idParam} AND ${where}`,
      params.values,
      'customer_for_sale',
    ),
  );
  return rows[0];
}

const writable = {
  code: 'code',
  name: 'name',
  type: 'type',
  hospitalGrade: 'hospital_grade',
  distributorLevel: 'distributor_level',
  channel: 'channel',
  taxId: 'tax_id',
  regionId: 'region_id',
  address: 'address',
  contactName: 'contact_name',
  contactPhone: 'contact_phone',
  ownerRepId: 'owner_rep_id',
  paymentTermsDays: 'payment_terms_days',
  minShelfLifeDays: 'min_shelf_life_days',
  isTarget: 'is_target',
  isActive: 'is_active',
} as const satisfies Record<keyof CreateCustomerRequest, string>;

export async function insertCustomer(
  db: Queryable,
  customer: CreateCustomerRequest & { nameNormalized: string },
): Promise<number> {
  const keys = Object.keys(writable) as (keyof CreateCustomerRequest)[];
  const params = new SqlParams();
  const values = keys.map((key) => params.add(customer[key]));
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO customers (${keys.map((k) => writable[k]).join(', ')}, name_normalized)
     VALUES (${values.join(', ')}, ${params.add(customer.nameNormalized)}) RETURNING id`,
    params.values,
  );
  return rows[0]!.id;
}

export async function updateCustomer(
  db: Queryable,
  id: number,
  version: number,
  changes: Partial<CreateCustomerRequest> & { nameNormalized?: string },
): Promise<boolean> {
  const params = new SqlParams();
  const sets: string[] = [];
  for (const key of Object.keys(writable) as (keyof CreateCustomerRequest)[]) {
    if (changes[key] !== undefined) sets.push(`${writable[key]} = ${params.add(changes[key])}`);
  }
  if (changes.nameNormalized !== undefined)
    sets.push(`name_normalized = ${params.add(changes.nameNormalized)}`);
  const { rowCount } = await db.query(
    `UPDATE customers SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
      WHERE id = ${params.add(id)} AND version = ${params.add(version)}`,
    params.values,
  );
  return rowCount === 1;
}

export async function deleteCustomer(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM customer_qualifications WHERE customer_id = $1', [id]);
  await db.query('DELETE FROM customers WHERE id = $1', [id]);
}

export async function findByNormalizedName(db: Queryable, nameNormalized: string, exceptId?: number) {
  const { rows } = await db.query<{ id: number; code: string; name: string }>(
    'SELECT id, code, name FROM customers WHERE name_normalized = $1 AND id <> $2 LIMIT 1',
    [nameNormalized, exceptId ?? 0],
  );
  return rows[0];
}
