/**
 * The SQL the credit-input imports need: the inputs already recorded for the keys of a batch
 * (to tell a re-import from a conflicting value) and the write of every staged row to
 * credit_external_ratings / credit_financial_ratios, with the `create` audit entry a value
 * entered by hand gets (credit inputs.service.ts).
 */
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { StagingTable } from './staging-table.ts';

export interface NewImportedRating {
  customerId: number;
  agency: string;
  rating: string;
  outlook: string | null;
  ratedOn: string;
  note: string | null;
}

export interface NewImportedRatios {
  customerId: number;
  periodEnd: string;
  /** Ratios as exact decimal text (see parseRatio). */
  currentRatio: string | null;
  quickRatio: string | null;
  debtToAssetRatio: string | null;
  netMargin: string | null;
  revenueFen: number | null;
  sourceNote: string | null;
}

/** Ratings already recorded for these customer + agency (any case) + date keys. */
export async function findRecordedRatings(
  db: Queryable,
  keys: { customerId: number; agency: string; ratedOn: string }[],
): Promise<NewImportedRating[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<NewImportedRating>(
    `SELECT DISTINCT ON (x.customer_id, lower(x.agency), x.rated_on)
            x.customer_id AS "customerId", x.agency, x.rating, x.outlook,
            to_char(x.rated_on, 'YYYY-MM-DD') AS "ratedOn", x.note
       FROM unnest($1::bigint[], $2::text[], $3::date[]) AS k(customer_id, agency, rated_on)
       JOIN credit_external_ratings x
         ON x.customer_id = k.customer_id AND lower(x.agency) = lower(k.agency) AND x.rated_on = k.rated_on
      ORDER BY x.customer_id, lower(x.agency), x.rated_on, x.id DESC`,
    [keys.map((k) => k.customerId), keys.map((k) => k.agency), keys.map((k) => k.ratedOn)],
  );
  return rows;
}

/** Statements already recorded for these customer + period-end keys (the latest entry of each). */
export async function findRecordedRatios(
  db: Queryable,
  keys: { customerId: number; periodEnd: string }[],
): Promise<NewImportedRatios[]> {
  if (keys.length === 0) return [];
  // Ratios come back as text without trailing zeros, to compare with what a file says.
  const text = (column: string) => `trim_scale(f.${column})::text`;
  const { rows } = await db.query<NewImportedRatios>(
    `SELECT DISTINCT ON (f.customer_id, f.period_end)
            f.customer_id AS "customerId", to_char(f.period_end, 'YYYY-MM-DD') AS "periodEnd",
            ${text('current_ratio')} AS "currentRatio", ${text('quick_ratio')} AS "quickRatio",
            ${text('debt_to_asset_ratio')} AS "debtToAssetRatio", ${text('net_margin')} AS "netMargin",
            f.revenue_fen AS "revenueFen", f.source_note AS "sourceNote"
       FROM unnest($1::bigint[], $2::date[]) AS k(customer_id, period_end)
       JOIN credit_financial_ratios f ON f.customer_id = k.customer_id AND f.period_end = k.period_end
      ORDER BY f.customer_id, f.period_end, f.id DESC`,
    [keys.map((k) => k.customerId), keys.map((k) => k.periodEnd)],
  );
  return rows;
}

const ratingColumns: [keyof NewImportedRating, string, string][] = [
  ['customerId', 'customer_id', 'bigint'],
  ['agency', 'agency', 'text'],
  ['rating', 'rating', 'text'],
  ['outlook', 'outlook', 'text'],
  ['ratedOn', 'rated_on', 'date'],
  ['note', 'note', 'text'],
];

const ratioColumns: [keyof NewImportedRatios, string, string][] = [
  ['customerId', 'customer_id', 'bigint'],
  ['periodEnd', 'period_end', 'date'],
  ['currentRatio', 'current_ratio', 'numeric'],
  ['quickRatio', 'quick_ratio', 'numeric'],
  ['debtToAssetRatio', 'debt_to_asset_ratio', 'numeric'],
  ['netMargin', 'net_margin', 'numeric'],
  ['revenueFen', 'revenue_fen', 'bigint'],
  ['sourceNote', 'source_note', 'text'],
];

const RATING_STAGE = 'import_stage_credit_ratings';
const RATIO_STAGE = 'import_stage_financial_ratios';

function staging<T>(stage: string, target: string, columns: [keyof T, string, string][]) {
  return new StagingTable(stage, target, [
    { column: 'ordinal', type: 'integer' },
    ...columns.map(([, column, type]) => ({ column, type })),
  ]);
}

/** Staged rows keep their place in the file (`ordinal`), which orders their ids and audit entries. */
export const ratingStaging = () => staging(RATING_STAGE, 'credit_external_ratings', ratingColumns);
export const ratioStaging = () => staging(RATIO_STAGE, 'credit_financial_ratios', ratioColumns);

/** A batch as one array per staged column, in the staging table's column order. */
export function ratingColumnValues(rows: NewImportedRating[], firstOrdinal: number): unknown[][] {
  return [rows.map((_, i) => firstOrdinal + i), ...ratingColumns.map(([key]) => rows.map((r) => r[key]))];
}

export function ratioColumnValues(rows: NewImportedRatios[], firstOrdinal: number): unknown[][] {
  return [rows.map((_, i) => firstOrdinal + i), ...ratioColumns.map(([key]) => rows.map((r) => r[key]))];
}

/**
 * Moves the staged rows of one kind to their table in file order, entered by the importing user,
 * and appends one `create` audit entry per row (the shape the hand-entry audit has, plus
 * `source: import`) to the hash chain. One statement each, whatever the number of rows.
 */
async function writeStaged(
  tx: Queryable,
  ctx: RequestContext,
  spec: { stage: string; table: string; columns: string[]; entity: string; after: string },
): Promise<number> {
  const names = spec.columns.join(', ');
  const inserted = await tx.query<{ id: number }>(
    `INSERT INTO ${spec.table} (${names}, entered_by)
     SELECT ${names}, $1::bigint FROM ${spec.stage} ORDER BY ordinal
     RETURNING id`,
    [ctx.userId],
  );
  const ids = inserted.rows.map((r) => r.id);
  if (ids.length === 0) return 0;
  await tx.query(
    `SELECT audit_append($2::bigint, $3::text, 'create', '${spec.entity}', t.id::text, NULL, ${spec.after}, NULL, $4::text)
       FROM (SELECT * FROM ${spec.table} WHERE id = ANY($1::bigint[]) ORDER BY id) t`,
    [ids, ctx.userId, ctx.username ?? null, ctx.ip ?? null],
  );
  return ids.length;
}

export function writeStagedRatings(tx: Queryable, ctx: RequestContext): Promise<number> {
  return writeStaged(tx, ctx, {
    stage: RATING_STAGE,
    table: 'credit_external_ratings',
    columns: ratingColumns.map(([, column]) => column),
    entity: 'credit_external_rating',
    after: `jsonb_build_object('id', t.id, 'customerId', t.customer_id, 'agency', t.agency, 'rating', t.rating,
              'outlook', t.outlook, 'ratedOn', t.rated_on, 'note', t.note, 'source', 'import')`,
  });
}

export function writeStagedRatios(tx: Queryable, ctx: RequestContext): Promise<number> {
  return writeStaged(tx, ctx, {
    stage: RATIO_STAGE,
    table: 'credit_financial_ratios',
    columns: ratioColumns.map(([, column]) => column),
    entity: 'credit_financial_ratios',
    after: `jsonb_build_object('id', t.id, 'customerId', t.customer_id, 'periodEnd', t.period_end,
              'currentRatio', t.current_ratio, 'quickRatio', t.quick_ratio,
              'debtToAssetRatio', t.debt_to_asset_ratio, 'netMargin', t.net_margin,
              'revenueFen', t.revenue_fen, 'sourceNote', t.source_note, 'source', 'import')`,
  });
}
