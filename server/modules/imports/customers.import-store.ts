/**
 * The SQL a customer import needs, set-based: one query per kind of lookup per batch, and
 * one multi-row INSERT … SELECT FROM unnest(…) per batch. Bulk writes bypass the parties
 * module's one-at-a-time service on purpose; they apply the same rules (see
 * customers.import.ts) and the same normalised names.
 */
import type { Queryable } from '../../platform/db.ts';
import { StagingTable } from './staging-table.ts';

export interface RegionRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}

export async function listRegionRefs(db: Queryable): Promise<RegionRef[]> {
  const { rows } = await db.query<RegionRef>(
    'SELECT id, code, name_zh AS "nameZh", name_en AS "nameEn" FROM regions ORDER BY id',
  );
  return rows;
}

export interface UserRef {
  id: number;
  username: string;
  displayName: string;
}

/** Users by username (any case) or display name. */
export async function findUsersByName(db: Queryable, names: string[]): Promise<UserRef[]> {
  const { rows } = await db.query<UserRef>(
    `SELECT id, username, display_name AS "displayName" FROM users
      WHERE lower(username) = ANY($1::text[]) OR display_name = ANY($2::text[])`,
    [names.map((n) => n.toLowerCase()), names],
  );
  return rows;
}

export interface ExistingCustomer {
  id: number;
  code: string;
  name: string;
  type: string;
  hospitalGrade: string | null;
  distributorLevel: number | null;
  channel: string;
  taxId: string | null;
  regionId: number;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  ownerRepId: number | null;
  paymentTermsDays: number;
  minShelfLifeDays: number;
  isTarget: boolean;
  isActive: boolean;
}

/** Customers with one of these codes or tax ids. */
export async function findCustomersByCodeOrTaxId(
  db: Queryable,
  codes: string[],
  taxIds: string[],
): Promise<ExistingCustomer[]> {
  const { rows } = await db.query<ExistingCustomer>(
    `SELECT id, code, name, type, hospital_grade AS "hospitalGrade", distributor_level AS "distributorLevel",
            channel, tax_id AS "taxId", region_id AS "regionId", address, contact_name AS "contactName",
            contact_phone AS "contactPhone", owner_rep_id AS "ownerRepId",
            payment_terms_days AS "paymentTermsDays", min_shelf_life_days AS "minShelfLifeDays",
            is_target AS "isTarget", is_active AS "isActive"
       FROM customers
      WHERE code = ANY($1::text[]) OR tax_id = ANY($2::text[])`,
    [codes, taxIds],
  );
  return rows;
}

export interface SimilarName {
  /** Index of the name in the batch's list. */
  index: number;
  code: string;
  name: string;
  regionId: number;
  similarity: number;
}

/**
 * Existing customers whose normalised name is trigram-similar (pg_trgm, through the GIN index on
 * name_normalized) to one of `names`, or equal to it — the second branch keeps exact duplicates
 * visible on a server whose locale hides CJK characters from pg_trgm.
 */
export async function findSimilarNames(
  db: Queryable,
  names: string[],
  threshold: number,
): Promise<SimilarName[]> {
  if (names.length === 0) return [];
  // `%` compares with this setting; transaction-local, so nothing leaks to other users of the connection.
  await db.query("SELECT set_config('pg_trgm.similarity_threshold', $1, true)", [String(threshold)]);
  const { rows } = await db.query<SimilarName>(
    `SELECT (u.ord - 1)::int AS index, c.code, c.name, c.region_id AS "regionId",
            similarity(c.name_normalized, u.name)::float8 AS similarity
       FROM unnest($1::text[]) WITH ORDINALITY AS u(name, ord)
       JOIN customers c ON c.name_normalized % u.name
     UNION ALL
     SELECT (u.ord - 1)::int, c.code, c.name, c.region_id, 1
       FROM unnest($1::text[]) WITH ORDINALITY AS u(name, ord)
       JOIN customers c ON c.name_normalized = u.name`,
    [names],
  );
  return rows;
}

export interface NewCustomer {
  code: string;
  name: string;
  nameNormalized: string;
  type: string;
  hospitalGrade: string | null;
  distributorLevel: number | null;
  channel: string;
  taxId: string | null;
  regionId: number;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  ownerRepId: number | null;
  paymentTermsDays: number;
  minShelfLifeDays: number;
  isTarget: boolean;
  isActive: boolean;
}

const stagedColumns: [keyof NewCustomer, string, string][] = [
  ['code', 'code', 'text'],
  ['name', 'name', 'text'],
  ['nameNormalized', 'name_normalized', 'text'],
  ['type', 'type', 'text'],
  ['hospitalGrade', 'hospital_grade', 'text'],
  ['distributorLevel', 'distributor_level', 'smallint'],
  ['channel', 'channel', 'text'],
  ['taxId', 'tax_id', 'text'],
  ['regionId', 'region_id', 'bigint'],
  ['address', 'address', 'text'],
  ['contactName', 'contact_name', 'text'],
  ['contactPhone', 'contact_phone', 'text'],
  ['ownerRepId', 'owner_rep_id', 'bigint'],
  ['paymentTermsDays', 'payment_terms_days', 'integer'],
  ['minShelfLifeDays', 'min_shelf_life_days', 'integer'],
  ['isTarget', 'is_target', 'boolean'],
  ['isActive', 'is_active', 'boolean'],
];

export function customerStaging(): StagingTable {
  return new StagingTable(
    'import_stage_customers',
    'customers',
    stagedColumns.map(([, column, type]) => ({ column, type })),
  );
}

/** A batch as one array per staged column, in the staging table's column order. */
export function customerColumnValues(customers: NewCustomer[]): unknown[][] {
  return stagedColumns.map(([key]) => customers.map((c) => c[key]));
}
