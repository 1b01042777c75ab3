import type {
  CreateProductLineRequest,
  ProductLine,
  ProductLineListQuery,
} from '../../../contracts/catalog.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import { type ColumnMap, insertRow, updateVersionedRow } from '../../platform/writes.ts';

const columns = `pl.id, pl.code, pl.name_zh AS "nameZh", pl.name_en AS "nameEn",
  (SELECT count(*)::int FROM products p WHERE p.product_line_id = pl.id) AS "productCount", pl.version,
  to_char(pl.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

const sortable: Record<string, string> = {
  code: 'pl.code',
  nameZh: 'pl.name_zh',
  nameEn: 'pl.name_en',
  productCount: '"productCount"',
  updatedAt: 'pl.updated_at',
};

function whereClause(query: Partial<ProductLineListQuery>, params: SqlParams): string {
  if (!query.q) return 'TRUE';
  const pattern = params.add(likePattern(query.q));
  return `(pl.code ILIKE ${pattern} OR pl.name_zh ILIKE ${pattern} OR pl.name_en ILIKE ${pattern})`;
}

export async function listProductLines(
  db: Queryable,
  query: ProductLineListQuery,
  maxPageSize: number,
): Promise<{ items: ProductLine[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(query, params);
  const order = sortClause(query.sort, sortable, 'pl.id');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<ProductLine>(
      `SELECT ${columns} FROM product_lines pl WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM product_lines pl WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

/** Every line matching the filters, up to `limit` + 1 rows so the caller can tell it is over. */
export async function listProductLinesForExport(
  db: Queryable,
  query: Partial<ProductLineListQuery>,
  limit: number,
): Promise<ProductLine[]> {
  const params = new SqlParams();
  const where = whereClause(query, params);
  const order = sortClause(query.sort, sortable, 'pl.id');
  const { rows } = await db.query<ProductLine>(
    `SELECT ${columns} FROM product_lines pl WHERE ${where} ${order} LIMIT ${params.add(limit + 1)}`,
    params.values,
  );
  return rows;
}

export async function findProductLine(
  db: Queryable,
  id: number,
  lock = false,
): Promise<ProductLine | undefined> {
  const { rows } = await db.query<ProductLine>(
    `SELECT ${columns} FROM product_lines pl WHERE pl.id = $1${lock ? ' FOR UPDATE OF pl' : ''}`,
    [id],
  );
  return rows[0];
}

const writable = {
  code: 'code',
  nameZh: 'name_zh',
  nameEn: 'name_en',
} as const satisfies ColumnMap<CreateProductLineRequest>;

export function insertProductLine(db: Queryable, line: CreateProductLineRequest): Promise<number> {
  return insertRow(db, 'product_lines', writable, line);
}

export function updateProductLine(
  db: Queryable,
  id: number,
  version: number,
  changes: Partial<CreateProductLineRequest>,
): Promise<boolean> {
  return updateVersionedRow(db, 'product_lines', writable, id, version, changes);
}

export async function deleteProductLine(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM product_lines WHERE id = $1', [id]);
}
