/** The SQL a product import needs: set-based lookups per batch and one INSERT per batch. */
import type { Queryable } from '../../platform/db.ts';
import { StagingTable } from './staging-table.ts';

export interface NamedRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}

export async function listProductLines(db: Queryable): Promise<NamedRef[]> {
  const { rows } = await db.query<NamedRef>(
    'SELECT id, code, name_zh AS "nameZh", name_en AS "nameEn" FROM product_lines ORDER BY id',
  );
  return rows;
}

/** Suppliers by code or name; names are matched exactly, codes ignoring case. */
export async function findSuppliers(db: Queryable, texts: string[]): Promise<NamedRef[]> {
  const { rows } = await db.query<NamedRef>(
    `SELECT id, code, name AS "nameZh", name AS "nameEn" FROM suppliers
      WHERE lower(code) = ANY($1::text[]) OR name = ANY($2::text[])`,
    [texts.map((t) => t.toLowerCase()), texts],
  );
  return rows;
}

export interface ExistingProduct {
  id: number;
  sku: string;
  nameZh: string;
  nameEn: string;
  modelSpec: string;
  productLineId: number;
  unit: string;
  gtin: string | null;
  certificateNumber: string;
  deviceClass: number;
  certificateExpiry: string | null;
  manufacturerId: number | null;
  storageCondition: string | null;
  shelfLifeDays: number | null;
  standardCostFen: number;
  listPriceFen: number;
  floorPriceFen: number | null;
  vatRate: string;
  isSerialTracked: boolean;
  isImplant: boolean;
  isActive: boolean;
}

export type NewProduct = Omit<ExistingProduct, 'id'>;

const columns: [keyof NewProduct, string, string][] = [
  ['sku', 'sku', 'text'],
  ['nameZh', 'name_zh', 'text'],
  ['nameEn', 'name_en', 'text'],
  ['modelSpec', 'model_spec', 'text'],
  ['productLineId', 'product_line_id', 'bigint'],
  ['unit', 'unit', 'text'],
  ['gtin', 'gtin', 'text'],
  ['certificateNumber', 'certificate_number', 'text'],
  ['deviceClass', 'device_class', 'smallint'],
  ['certificateExpiry', 'certificate_expiry', 'date'],
  ['manufacturerId', 'manufacturer_id', 'bigint'],
  ['storageCondition', 'storage_condition', 'text'],
  ['shelfLifeDays', 'shelf_life_days', 'integer'],
  ['standardCostFen', 'standard_cost_fen', 'bigint'],
  ['listPriceFen', 'list_price_fen', 'bigint'],
  ['floorPriceFen', 'floor_price_fen', 'bigint'],
  ['vatRate', 'vat_rate', 'numeric'],
  ['isSerialTracked', 'is_serial_tracked', 'boolean'],
  ['isImplant', 'is_implant', 'boolean'],
  ['isActive', 'is_active', 'boolean'],
];

// numeric comes back as text anyway; the cast says so. Dates are kept as YYYY-MM-DD by db.ts.
const selectList = [
  'id',
  ...columns.map(([key, column, type]) => `${column}${type === 'numeric' ? '::text' : ''} AS "${key}"`),
].join(', ');

/** Products with one of these SKUs or GTINs. */
export async function findProductsBySkuOrGtin(
  db: Queryable,
  skus: string[],
  gtins: string[],
): Promise<ExistingProduct[]> {
  const { rows } = await db.query<ExistingProduct>(
    `SELECT ${selectList} FROM products
      WHERE sku = ANY($1::text[]) OR gtin = ANY($2::text[])`,
    [skus, gtins],
  );
  return rows;
}

export function productStaging(): StagingTable {
  return new StagingTable(
    'import_stage_products',
    'products',
    columns.map(([, column, type]) => ({ column, type })),
  );
}

/** A batch as one array per staged column, in the staging table's column order. */
export function productColumnValues(products: NewProduct[]): unknown[][] {
  return columns.map(([key]) => products.map((p) => p[key]));
}
