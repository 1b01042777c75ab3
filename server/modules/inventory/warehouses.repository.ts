import type { CreateWarehouseRequest, Warehouse, WarehouseListQuery } from '../../../contracts/warehouses.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import { type ColumnMap, insertRow, updateVersionedRow } from '../../platform/writes.ts';

const columns = `w.id, w.code, w.name, w.region_id AS "regionId", r.name_zh AS "regionName", w.address,
  w.is_cold_chain AS "isColdChain", w.is_active AS "isActive", w.version,
  to_char(w.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

const from = 'warehouses w JOIN regions r ON r.id = w.region_id';

const sortable: Record<string, string> = {
  code: 'w.code',
  name: 'w.name',
  region: 'r.name_zh',
  updatedAt: 'w.updated_at',
};

function whereClause(query: Partial<WarehouseListQuery>, params: SqlParams): string {
  const conditions = ['TRUE'];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(w.code ILIKE ${pattern} OR w.name ILIKE ${pattern} OR w.address ILIKE ${pattern})`);
  }
  if (query.isColdChain !== undefined) conditions.push(`w.is_cold_chain = ${params.add(query.isColdChain)}`);
  if (query.isActive !== undefined) conditions.push(`w.is_active = ${params.add(query.isActive)}`);
  if (query.regionId) {
    conditions.push(`w.region_id IN (WITH RECURSIVE tree AS (
        SELECT id FROM regions WHERE id = ${params.add(query.regionId)}
        UNION SELECT r2.id FROM regions r2 JOIN tree t ON r2.parent_id = t.id) SELECT id FROM tree)`);
  }
  return conditions.join(' AND ');
}

export async function listWarehouses(
  db: Queryable,
  query: WarehouseListQuery,
  maxPageSize: number,
): Promise<{ items: Warehouse[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(query, params);
  const order = sortClause(query.sort, sortable, 'w.id');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<Warehouse>(`SELECT ${columns} FROM ${from} WHERE ${where} ${order} ${page}`, params.values),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

/** Every warehouse matching the filters, up to `limit` + 1 rows so the caller can tell it is over. */
export async function listWarehousesForExport(
  db: Queryable,
  query: Partial<WarehouseListQuery>,
  limit: number,
): Promise<Warehouse[]> {
  const params = new SqlParams();
  const where = whereClause(query, params);
  const order = sortClause(query.sort, sortable, 'w.id');
  const { rows } = await db.query<Warehouse>(
    `SELECT ${columns} FROM ${from} WHERE ${where} ${order} LIMIT ${params.add(limit + 1)}`,
    params.values,
  );
  return rows;
}

export async function findWarehouse(db: Queryable, id: number, lock = false): Promise<Warehouse | undefined> {
  const { rows } = await db.query<Warehouse>(
    `SELECT ${columns} FROM ${from} WHERE w.id = $1${lock ? ' FOR UPDATE OF w' : ''}`,
    [id],
  );
  return rows[0];
}

const writable = {
  code: 'code',
  name: 'name',
  regionId: 'region_id',
  address: 'address',
  isColdChain: 'is_cold_chain',
  isActive: 'is_active',
} as const satisfies ColumnMap<CreateWarehouseRequest>;

export function insertWarehouse(db: Queryable, warehouse: CreateWarehouseRequest): Promise<number> {
  return insertRow(db, 'warehouses', writable, warehouse);
}

export function updateWarehouse(
  db: Queryable,
  id: number,
  version: number,
  changes: Partial<CreateWarehouseRequest>,
): Promise<boolean> {
  return updateVersionedRow(db, 'warehouses', writable, id, version, changes);
}

export async function deleteWarehouse(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM warehouses WHERE id = $1', [id]);
}
