import type { CreateProductRequest, Product, ProductListQuery } from '../../../contracts/catalog.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import { type ColumnMap, insertRow, updateVersionedRow } from '../../platform/writes.ts';

export type ProductRow = Product & { standardCostFen: number };

// numeric columns come back as strings; temperatures and the VAT fraction are display values.
const columns = `p.id, p.sku, p.name_zh AS "nameZh", p.name_en AS "nameEn", p.model_spec AS "modelSpec",
  p.product_line_id AS "productLineId", pl.name_zh AS "productLineNameZh", pl.name_en AS "productLineNameEn",
  p.unit, p.gtin, p.certificate_number AS "certificateNumber",
  CASE WHEN position('械备' IN p.certificate_number) > 0 THEN 'filing' ELSE 'registration' END
    AS "certificateKind",
  p.device_class AS "deviceClass", p.certificate_expiry AS "certificateExpiry",
  p.manufacturer_id AS "manufacturerId", s.name AS "manufacturerName", p.storage_condition AS "storageCondition",
  p.cold_chain_min_c::float8 AS "coldChainMinC", p.cold_chain_max_c::float8 AS "coldChainMaxC",
  p.shelf_life_days AS "shelfLifeDays", p.standard_cost_fen AS "standardCostFen",
  p.list_price_fen AS "listPriceFen", p.floor_price_fen AS "floorPriceFen", p.vat_rate::float8 AS "vatRate",
  p.is_serial_tracked AS "isSerialTracked", p.is_implant AS "isImplant", p.is_active AS "isActive", p.version,
  to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

const from = `products p JOIN product_lines pl ON pl.id = p.product_line_id
  LEFT JOIN suppliers s ON s.id = p.manufacturer_id`;

const sortable: Record<string, string> = {
  sku: 'p.sku',
  nameZh: 'p.name_zh',
  nameEn: 'p.name_en',
  productLine: 'pl.code',
  deviceClass: 'p.device_class',
  certificateExpiry: 'p.certificate_expiry',
  listPriceFen: 'p.list_price_fen',
  manufacturer: 's.name',
  updatedAt: 'p.updated_at',
};

function whereClause(query: Partial<ProductListQuery>, params: SqlParams): string {
  const conditions = ['TRUE'];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(p.sku ILIKE ${pattern} OR p.name_zh ILIKE ${pattern} OR p.name_en ILIKE ${pattern}
      OR p.model_spec ILIKE ${pattern} OR p.gtin ILIKE ${pattern} OR p.certificate_number ILIKE ${pattern})`);
  }
  if (query.productLineId) conditions.push(`p.product_line_id = ${params.add(query.productLineId)}`);
  if (query.manufacturerId) conditions.push(`p.manufacturer_id = ${params.add(query.manufacturerId)}`);
  if (query.deviceClass) conditions.push(`p.device_class = ${params.add(query.deviceClass)}`);
  if (query.isActive !== undefined) conditions.push(`p.is_active = ${params.add(query.isActive)}`);
  if (query.isColdChain !== undefined) {
    conditions.push(
      `(p.cold_chain_min_c IS NOT NULL OR p.cold_chain_max_c IS NOT NULL) = ${params.add(query.isColdChain)}`,
    );
  }
  if (query.certificateExpiresBefore) {
    conditions.push(`p.certificate_expiry <= ${params.add(query.certificateExpiresBefore)}`);
  }
  return conditions.join(' AND ');
}

export async function listProducts(
  db: Queryable,
  query: ProductListQuery,
  maxPageSize: number,
): Promise<{ items: ProductRow[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(query, params);
  const order = sortClause(query.sort, sortable, 'p.id');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<ProductRow>(`SELECT ${columns} FROM ${from} WHERE ${where} ${order} ${page}`, params.values),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

/** Every product matching the filters, up to `limit` + 1 rows so the caller can tell it is over. */
export async function listProductsForExport(
  db: Queryable,
  query: Partial<ProductListQuery>,
  limit: number,
): Promise<ProductRow[]> {
  const params = new SqlParams();
  const where = whereClause(query, params);
  const order = sortClause(query.sort, sortable, 'p.id');
  const { rows } = await db.query<ProductRow>(
    `SELECT ${columns} FROM ${from} WHERE ${where} ${order} LIMIT ${params.add(limit + 1)}`,
    params.values,
  );
  return rows;
}

export async function findProduct(db: Queryable, id: number, lock = false): Promise<ProductRow | undefined> {
  const { rows } = await db.query<ProductRow>(
    `SELECT ${columns} FROM ${from} WHERE p.id = $1${lock ? ' FOR UPDATE OF p' : ''}`,
    [id],
  );
  return rows[0];
}

export async function findProductByGtin(
  db: Queryable,
  gtin14: string,
): Promise<Pick<Product, 'id' | 'sku' | 'nameZh' | 'nameEn'> | undefined> {
  const { rows } = await db.query<Pick<Product, 'id' | 'sku' | 'nameZh' | 'nameEn'>>(
    'SELECT id, sku, name_zh AS "nameZh", name_en AS "nameEn" FROM products WHERE gtin = $1',
    [gtin14],
  );
  return rows[0];
}

const writable = {
  sku: 'sku',
  nameZh: 'name_zh',
  nameEn: 'name_en',
  modelSpec: 'model_spec',
  productLineId: 'product_line_id',
  unit: 'unit',
  gtin: 'gtin',
  certificateNumber: 'certificate_number',
  deviceClass: 'device_class',
  certificateExpiry: 'certificate_expiry',
  manufacturerId: 'manufacturer_id',
  storageCondition: 'storage_condition',
  coldChainMinC: 'cold_chain_min_c',
  coldChainMaxC: 'cold_chain_max_c',
  shelfLifeDays: 'shelf_life_days',
  standardCostFen: 'standard_cost_fen',
  listPriceFen: 'list_price_fen',
  floorPriceFen: 'floor_price_fen',
  vatRate: 'vat_rate',
  isSerialTracked: 'is_serial_tracked',
  isImplant: 'is_implant',
  isActive: 'is_active',
} as const satisfies ColumnMap<CreateProductRequest>;

export function insertProduct(db: Queryable, product: CreateProductRequest): Promise<number> {
  return insertRow(db, 'products', writable, product);
}

export function updateProduct(
  db: Queryable,
  id: number,
  version: number,
  changes: Partial<CreateProductRequest>,
): Promise<boolean> {
  return updateVersionedRow(db, 'products', writable, id, version, changes);
}

export async function deleteProduct(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM products WHERE id = $1', [id]);
}
