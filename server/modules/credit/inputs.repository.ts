/** Optional credit inputs SQL: external ratings and financial-statement ratios per customer. */
import type { ExternalRating, FinancialRatios, RatingOutlook } from '../../../contracts/credit-inputs.ts';
import type { Queryable } from '../../platform/db.ts';

const ratingColumns = `x.id, x.customer_id AS "customerId", x.agency, x.rating, x.outlook,
  to_char(x.rated_on, 'YYYY-MM-DD') AS "ratedOn", x.note, u.display_name AS "enteredByName",
  to_json(x.entered_at)#>>'{}' AS "enteredAt"`;
const ratingFrom = 'credit_external_ratings x JOIN users u ON u.id = x.entered_by';
const ratingOrder = 'x.rated_on DESC, x.id DESC';

const ratioColumns = `f.id, f.customer_id AS "customerId", to_char(f.period_end, 'YYYY-MM-DD') AS "periodEnd",
  f.current_ratio::float8 AS "currentRatio", f.quick_ratio::float8 AS "quickRatio",
  f.debt_to_asset_ratio::float8 AS "debtToAssetRatio", f.net_margin::float8 AS "netMargin",
  f.revenue_fen AS "revenueFen", f.source_note AS "sourceNote", u.display_name AS "enteredByName",
  to_json(f.entered_at)#>>'{}' AS "enteredAt"`;
const ratioFrom = 'credit_financial_ratios f JOIN users u ON u.id = f.entered_by';
const ratioOrder = 'f.period_end DESC, f.id DESC';

export async function listExternalRatings(
  db: Queryable,
  customerId: number,
  limit: number,
): Promise<ExternalRating[]> {
  const { rows } = await db.query<ExternalRating>(
    `SELECT ${ratingColumns} FROM ${ratingFrom} WHERE x.customer_id = $1 ORDER BY ${ratingOrder} LIMIT $2`,
    [customerId, limit],
  );
  return rows;
}

export async function findExternalRating(db: Queryable, id: number): Promise<ExternalRating | undefined> {
  const { rows } = await db.query<ExternalRating>(
    `SELECT ${ratingColumns} FROM ${ratingFrom} WHERE x.id = $1`,
    [id],
  );
  return rows[0];
}

export async function listFinancialRatios(
  db: Queryable,
  customerId: number,
  limit: number,
): Promise<FinancialRatios[]> {
  const { rows } = await db.query<FinancialRatios>(
    `SELECT ${ratioColumns} FROM ${ratioFrom} WHERE f.customer_id = $1 ORDER BY ${ratioOrder} LIMIT $2`,
    [customerId, limit],
  );
  return rows;
}

export async function findFinancialRatios(db: Queryable, id: number): Promise<FinancialRatios | undefined> {
  const { rows } = await db.query<FinancialRatios>(
    `SELECT ${ratioColumns} FROM ${ratioFrom} WHERE f.id = $1`,
    [id],
  );
  return rows[0];
}

/** The latest of each kind for one customer, in one statement (for the credit page). */
export async function findLatestInputs(
  db: Queryable,
  customerId: number,
): Promise<{ externalRating: ExternalRating | null; financialRatios: FinancialRatios | null }> {
  const { rows } = await db.query<{
    externalRating: ExternalRating | null;
    financialRatios: FinancialRatios | null;
  }>(
    `SELECT (SELECT to_jsonb(r) FROM (SELECT ${ratingColumns} FROM ${ratingFrom} WHERE x.customer_id = $1
                                        ORDER BY ${ratingOrder} LIMIT 1) r) AS "externalRating",
            (SELECT to_jsonb(r) FROM (SELECT ${ratioColumns} FROM ${ratioFrom} WHERE f.customer_id = $1
                                        ORDER BY ${ratioOrder} LIMIT 1) r) AS "financialRatios"`,
    [customerId],
  );
  return rows[0]!;
}

export interface NewExternalRating {
  customerId: number;
  agency: string;
  rating: string;
  outlook: RatingOutlook | null;
  ratedOn: string;
  note: string | null;
  enteredBy: number;
}

export async function insertExternalRating(db: Queryable, input: NewExternalRating): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO credit_external_ratings (customer_id, agency, rating, outlook, rated_on, note, entered_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [input.customerId, input.agency, input.rating, input.outlook, input.ratedOn, input.note, input.enteredBy],
  );
  return rows[0]!.id;
}

export interface NewFinancialRatios {
  customerId: number;
  periodEnd: string;
  currentRatio: number | null;
  quickRatio: number | null;
  debtToAssetRatio: number | null;
  netMargin: number | null;
  revenueFen: number | null;
  sourceNote: string | null;
  enteredBy: number;
}

export async function insertFinancialRatios(db: Queryable, input: NewFinancialRatios): Promise<number> {
  // Ratios go in as text so that numeric receives the decimal exactly as entered.
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO credit_financial_ratios (customer_id, period_end, current_ratio, quick_ratio, debt_to_asset_ratio,
                                          net_margin, revenue_fen, source_note, entered_by)
     VALUES ($1, $2, $3::numeric, $4::numeric, $5::numeric, $6::numeric, $7, $8, $9) RETURNING id`,
    [
      input.customerId,
      input.periodEnd,
      input.currentRatio === null ? null : String(input.currentRatio),
      input.quickRatio === null ? null : String(input.quickRatio),
      input.debtToAssetRatio === null ? null : String(input.debtToAssetRatio),
      input.netMargin === null ? null : String(input.netMargin),
      input.revenueFen,
      input.sourceNote,
      input.enteredBy,
    ],
  );
  return rows[0]!.id;
}
