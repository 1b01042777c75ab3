import type { CreateSupplierRequest, Supplier, SupplierListQuery } from '../../../contracts/catalog.ts';
import { addDays } from '../../platform/dates.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import { type ColumnMap, insertRow, updateVersionedRow } from '../../platform/writes.ts';
import { EXPIRING_WITHIN_DAYS } from './parties.rules.ts';

/** The stored supplier; the service adds the licence status for the day it answers. */
export type SupplierRow = Omit<Supplier, 'licenceStatus'>;

const columns = `s.id, s.code, s.name, s.kind, s.country, s.tax_id AS "taxId", s.address,
  s.licence_number AS "licenceNumber", s.licence_valid_until AS "licenceValidUntil",
  s.contact_name AS "contactName", s.contact_phone AS "contactPhone", s.is_active AS "isActive", s.version,
  to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

const sortable: Record<string, string> = {
  code: 's.code',
  name: 's.name',
  kind: 's.kind',
  country: 's.country',
  licenceValidUntil: 's.licence_valid_until',
  updatedAt: 's.updated_at',
};

/** `today` anchors the licence-status filter, with the same boundaries as licenceStatus(). */
function whereClause(query: Partial<SupplierListQuery>, today: string, params: SqlParams): string {
  const conditions = ['TRUE'];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(s.code ILIKE ${pattern} OR s.name ILIKE ${pattern} OR s.tax_id ILIKE ${pattern}
      OR s.licence_number ILIKE ${pattern})`);
  }
  if (query.kind) conditions.push(`s.kind = ${params.add(query.kind)}`);
  if (query.country) conditions.push(`s.country = ${params.add(query.country)}`);
  if (query.isActive !== undefined) conditions.push(`s.is_active = ${params.add(query.isActive)}`);
  if (query.licenceStatus) {
    // Only the placeholders a branch uses may be added: PostgreSQL refuses untyped unused ones.
    const day = () => `${params.add(today)}::date`;
    const horizon = () => `${params.add(addDays(today, EXPIRING_WITHIN_DAYS))}::date`;
    const byStatus = {
      missing: () => 's.licence_number IS NULL',
      expired: () => `s.licence_number IS NOT NULL AND s.licence_valid_until < ${day()}`,
      expiring: () =>
        `s.licence_number IS NOT NULL AND s.licence_valid_until BETWEEN ${day()} AND ${horizon()}`,
      valid: () =>
        `s.licence_number IS NOT NULL AND (s.licence_valid_until IS NULL OR s.licence_valid_until > ${horizon()})`,
    } as const;
    conditions.push(`(${byStatus[query.licenceStatus]()})`);
  }
  return conditions.join(' AND ');
}

export async function listSuppliers(
  db: Queryable,
  query: SupplierListQuery,
  today: string,
  maxPageSize: number,
): Promise<{ items: SupplierRow[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(query, today, params);
  const order = sortClause(query.sort, sortable, 's.id');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<SupplierRow>(
      `SELECT ${columns} FROM suppliers s WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM suppliers s WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

/** Every supplier matching the filters, up to `limit` + 1 rows so the caller can tell it is over. */
export async function listSuppliersForExport(
  db: Queryable,
  query: Partial<SupplierListQuery>,
  today: string,
  limit: number,
): Promise<SupplierRow[]> {
  const params = new SqlParams();
  const where = whereClause(query, today, params);
  const order = sortClause(query.sort, sortable, 's.id');
  const { rows } = await db.query<SupplierRow>(
    `SELECT ${columns} FROM suppliers s WHERE ${where} ${order} LIMIT ${params.add(limit + 1)}`,
    params.values,
  );
  return rows;
}

export async function findSupplier(
  db: Queryable,
  id: number,
  lock = false,
): Promise<SupplierRow | undefined> {
  const { rows } = await db.query<SupplierRow>(
    `SELECT ${columns} FROM suppliers s WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`,
    [id],
  );
  return rows[0];
}

const writable = {
  code: 'code',
  name: 'name',
  kind: 'kind',
  country: 'country',
  taxId: 'tax_id',
  address: 'address',
  licenceNumber: 'licence_number',
  licenceValidUntil: 'licence_valid_until',
  contactName: 'contact_name',
  contactPhone: 'contact_phone',
  isActive: 'is_active',
} as const satisfies ColumnMap<CreateSupplierRequest>;

export function insertSupplier(db: Queryable, supplier: CreateSupplierRequest): Promise<number> {
  return insertRow(db, 'suppliers', writable, supplier);
}

export function updateSupplier(
  db: Queryable,
  id: number,
  version: number,
  changes: Partial<CreateSupplierRequest>,
): Promise<boolean> {
  return updateVersionedRow(db, 'suppliers', writable, id, version, changes);
}

export async function deleteSupplier(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM suppliers WHERE id = $1', [id]);
}

/** Products naming this company as their manufacturer (products belong to the catalog module). */
export async function countProductsMadeBy(db: Queryable, id: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM products WHERE manufacturer_id = $1',
    [id],
  );
  return rows[0]!.n;
}
