/** Credit SQL: policies, rating inputs, exposure, profiles and ratings. */
import type {
  CreditPolicyConfig,
  CreditProfileQuery,
  CreditStatus,
  FactorResult,
  Grade,
  RatingFacts,
  RatingInputs,
} from '../../../contracts/credit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { scopeCondition } from '../../platform/scope.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';

// ---------------------------------------------------------------------------------------
// Policies

export interface PolicyRow {
  version: number;
  config: CreditPolicyConfig;
  reason: string | null;
  createdAt: string;
  createdByName: string | null;
}

const policyColumns = `p.version, p.config, p.reason, to_json(p.created_at)#>>'{}' AS "createdAt",
  u.display_name AS "createdByName"`;

export async function findCurrentPolicy(db: Queryable): Promise<PolicyRow | undefined> {
  const { rows } = await db.query<PolicyRow>(
    `SELECT ${policyColumns} FROM credit_policies p LEFT JOIN users u ON u.id = p.created_by
      ORDER BY p.version DESC LIMIT 1`,
  );
  return rows[0];
}

export async function findPolicies(db: Queryable, versions: number[]): Promise<PolicyRow[]> {
  const { rows } = await db.query<PolicyRow>(
    `SELECT ${policyColumns} FROM credit_policies p LEFT JOIN users u ON u.id = p.created_by
      WHERE p.version = ANY($1::int[])`,
    [versions],
  );
  return rows;
}

/** Adds a version; false when that version exists already (someone saved first). */
export async function insertPolicy(
  db: Queryable,
  version: number,
  config: CreditPolicyConfig,
  reason: string | null,
  createdBy: number | null,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO credit_policies (version, config, reason, created_by) VALUES ($1, $2::jsonb, $3, $4)
     ON CONFLICT (version) DO NOTHING`,
    [version, JSON.stringify(config), reason, createdBy],
  );
  return rowCount === 1;
}

// ---------------------------------------------------------------------------------------
// Exposure

export interface ExposureRow {
  customerId: number;
  openInvoicesFen: number;
  unappliedFen: number;
  openOrdersFen: number;
  worstDaysPastDue: number;
}

/**
 * What the customers owe and have on order now: open invoices, unallocated payments and
 * unapplied credit notes (they reduce the receivable), confirmed orders not invoiced yet
 * (incl. VAT, like the invoices: each order's maintained invoiced total, migration 0031, read
 * through the index of orders not fully invoiced), and the worst days past due of an open
 * invoice. Every part reads through the customer indexes, so one customer costs a few index
 * scans, and rating every customer reads the handful of open orders rather than every order
 * and invoice of three years.
 */
const exposureSql = `
  WITH ord AS (
    SELECT o.customer_id, sum(o.gross_cny_fen - o.invoiced_gross_cny_fen) AS fen
      FROM sales_orders o
     WHERE o.customer_id = ANY($1::bigint[]) AND o.gross_cny_fen > o.invoiced_gross_cny_fen
       AND o.status NOT IN ('draft', 'cancelled')
     GROUP BY o.customer_id),
  inv AS (
    SELECT i.customer_id, sum(i.open_cny_fen) AS fen, max(greatest($2::date - i.due_date, 0)) AS worst
      FROM invoices i
     WHERE i.customer_id = ANY($1::bigint[]) AND i.open_amount > 0 AND i.status <> 'cancelled'
     GROUP BY i.customer_id),
  unapplied AS (
    SELECT u.customer_id, sum(u.fen) AS fen FROM (
      SELECT p.customer_id, p.unallocated_cny_fen AS fen FROM payments p
       WHERE p.customer_id = ANY($1::bigint[]) AND p.unallocated_amount > 0
      UNION ALL
      SELECT n.customer_id, n.open_cny_fen FROM credit_notes n
       WHERE n.customer_id = ANY($1::bigint[]) AND n.open_amount > 0) u
     GROUP BY u.customer_id)
  SELECT ids.id AS "customerId", coalesce(inv.fen, 0)::bigint AS "openInvoicesFen",
         coalesce(unapplied.fen, 0)::bigint AS "unappliedFen", coalesce(ord.fen, 0)::bigint AS "openOrdersFen",
         coalesce(inv.worst, 0)::int AS "worstDaysPastDue"
    FROM unnest($1::bigint[]) AS ids(id)
    LEFT JOIN inv ON inv.customer_id = ids.id
    LEFT JOIN unapplied ON unapplied.customer_id = ids.id
    LEFT JOIN ord ON ord.customer_id = ids.id`;

export async function readExposures(
  db: Queryable,
  customerIds: number[],
  asOf: string,
): Promise<ExposureRow[]> {
  const { rows } = await db.query<ExposureRow>(exposureSql, [customerIds, asOf]);
  return rows;
}

/**
 * For the order-time decision, in one round trip: locks the customer's credit profile (the
 * confirmations of one customer queue here) and then reads its exposure with a snapshot taken
 * after the lock was granted (migration 0026). Undefined when the customer has no profile yet.
 */
export async function lockProfileAndReadExposure(
  tx: Queryable,
  customerId: number,
  asOf: string,
): Promise<{ profile: LockedProfile; exposure: ExposureRow } | undefined> {
  const { rows } = await tx.query<{
    grade: Grade;
    status: CreditStatus;
    limitFen: number;
    score: number;
    version: number;
    openInvoicesFen: number;
    unappliedFen: number;
    openOrdersFen: number;
    worstDaysPastDue: number;
  }>({
    name: 'credit_lock_and_read_exposure',
    text: `SELECT r_grade AS grade, r_status AS status, r_limit_fen AS "limitFen", r_score AS score,
                  r_version AS version, r_open_invoices_fen AS "openInvoicesFen", r_unapplied_fen AS "unappliedFen",
                  r_open_orders_fen AS "openOrdersFen", r_worst_days_past_due AS "worstDaysPastDue"
             FROM credit_lock_and_read_exposure($1, $2)`,
    values: [customerId, asOf],
  });
  const row = rows[0];
  if (!row) return undefined;
  const { grade, status, limitFen, score, version, ...amounts } = row;
  return { profile: { grade, status, limitFen, score, version }, exposure: { customerId, ...amounts } };
}

// ---------------------------------------------------------------------------------------
// Rating inputs

export interface RatingSourceRow {
  customerId: number;
  paymentTermsDays: number;
  hasProfile: boolean;
  limitFen: number | null;
  grade: Grade | null;
  invoicesDue: number;
  invoicedFen: number;
  paidOnTimeFen: number;
  badDebtFen: number;
  badDebtCount: number;
  firstOrderDate: string | null;
  relationshipYears: number;
  months: Record<string, number> | null;
  netSalesFen: number;
  qualificationCount: number;
  expired: string[] | null;
  expiring: string[] | null;
}

/**
 * Everything the scorecard needs except the exposure, for a set of customers, in one
 * statement (DOMAIN §4 windows: invoices due in the last 12 months, write-offs in the last 3
 * years, orders of the 12 calendar months before the rating month, net sales of the last 12
 * months = invoices − credit notes excl. VAT).
 */
export async function loadRatingSources(
  db: Queryable,
  customerIds: number[],
  asOf: string,
  expiringWithinDays: number,
): Promise<RatingSourceRow[]> {
  const { rows } = await db.query<RatingSourceRow>(
    `WITH due AS (
       SELECT i.id, i.customer_id, i.due_date, i.gross_cny_fen FROM invoices i
        WHERE i.customer_id = ANY($1::bigint[]) AND i.status <> 'cancelled'
          AND i.due_date > ($2::date - interval '12 months') AND i.due_date <= $2::date),
     due_settled AS (
       SELECT a.invoice_id,
              sum(a.invoice_cny_fen) FILTER (WHERE a.credit_note_id IS NOT NULL) AS credited,
              sum(a.invoice_cny_fen) FILTER (WHERE p.received_date <= d.due_date) AS on_time
         FROM allocations a JOIN due d ON d.id = a.invoice_id LEFT JOIN payments p ON p.id = a.payment_id
        GROUP BY a.invoice_id),
     punctuality AS (
       SELECT d.customer_id, count(*) AS n,
              sum(greatest(d.gross_cny_fen - coalesce(s.credited, 0), 0)) AS invoiced,
              sum(coalesce(s.on_time, 0)) AS on_time
         FROM due d LEFT JOIN due_settled s ON s.invoice_id = d.id GROUP BY d.customer_id),
     bad AS (
       SELECT w.customer_id, sum(coalesce(w.amount_cny_fen, 0)) AS fen, count(*) AS n FROM write_offs w
        WHERE w.customer_id = ANY($1::bigint[]) AND w.status = 'approved'
          AND w.written_off_on > ($2::date - interval '3 years') AND w.written_off_on <= $2::date
        GROUP BY w.customer_id),
     first_order AS (
       SELECT o.customer_id, min(o.order_date) AS first_date FROM sales_orders o
        WHERE o.customer_id = ANY($1::bigint[]) AND o.status NOT IN ('draft', 'cancelled')
        GROUP BY o.customer_id),
     monthly AS (
       SELECT m.customer_id, jsonb_object_agg(m.month, m.fen) AS months FROM (
         SELECT o.customer_id, to_char(o.order_date, 'YYYY-MM') AS month, sum(o.net_cny_fen)::bigint AS fen
           FROM sales_orders o
          WHERE o.customer_id = ANY($1::bigint[]) AND o.status NOT IN ('draft', 'cancelled')
            AND o.order_date >= (date_trunc('month', $2::date) - interval '12 months')
            AND o.order_date < date_trunc('month', $2::date)
          GROUP BY 1, 2) m
        GROUP BY m.customer_id),
     sales AS (
       SELECT s.customer_id, sum(s.fen) AS fen FROM (
         SELECT i.customer_id, i.net_cny_fen AS fen FROM invoices i
          WHERE i.customer_id = ANY($1::bigint[]) AND i.status <> 'cancelled'
            AND i.invoice_date > ($2::date - interval '12 months') AND i.invoice_date <= $2::date
         UNION ALL
         SELECT n.customer_id, -n.net_cny_fen FROM credit_notes n
          WHERE n.customer_id = ANY($1::bigint[])
            AND n.credit_date > ($2::date - interval '12 months') AND n.credit_date <= $2::date) s
        GROUP BY s.customer_id),
     -- Per type, the best document counts: a renewed licence replaces the expired one.
     qual AS (
       SELECT t.customer_id, count(*) AS n,
              array_agg(t.type ORDER BY t.type) FILTER (WHERE t.best < $2::date) AS expired,
              array_agg(t.type ORDER BY t.type) FILTER (WHERE t.best >= $2::date AND t.best <= $2::date + $3::int)
                AS expiring
         FROM (SELECT q.customer_id, q.type, max(coalesce(q.valid_until, 'infinity'::date)) AS best
                 FROM customer_qualifications q WHERE q.customer_id = ANY($1::bigint[]) GROUP BY 1, 2) t
        GROUP BY t.customer_id)
     SELECT c.id AS "customerId", c.payment_terms_days AS "paymentTermsDays",
            (cp.customer_id IS NOT NULL) AS "hasProfile", cp.limit_fen AS "limitFen", cp.grade,
            coalesce(pu.n, 0)::int AS "invoicesDue", coalesce(pu.invoiced, 0)::bigint AS "invoicedFen",
            coalesce(pu.on_time, 0)::bigint AS "paidOnTimeFen",
            coalesce(bad.fen, 0)::bigint AS "badDebtFen", coalesce(bad.n, 0)::int AS "badDebtCount",
            fo.first_date AS "firstOrderDate",
            CASE WHEN fo.first_date IS NULL THEN 0
                 ELSE greatest(extract(year FROM age($2::date, fo.first_date))::int, 0) END AS "relationshipYears",
            mo.months, coalesce(sa.fen, 0)::bigint AS "netSalesFen",
            coalesce(qual.n, 0)::int AS "qualificationCount", qual.expired, qual.expiring
       FROM customers c
       LEFT JOIN credit_profiles cp ON cp.customer_id = c.id
       LEFT JOIN punctuality pu ON pu.customer_id = c.id
       LEFT JOIN bad ON bad.customer_id = c.id
       LEFT JOIN first_order fo ON fo.customer_id = c.id
       LEFT JOIN monthly mo ON mo.customer_id = c.id
       LEFT JOIN sales sa ON sa.customer_id = c.id
       LEFT JOIN qual ON qual.customer_id = c.id
      WHERE c.id = ANY($1::bigint[])
      ORDER BY c.id`,
    [customerIds, asOf, expiringWithinDays],
  );
  return rows;
}

export async function listCustomerIds(db: Queryable, afterId: number, limit: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id FROM customers WHERE id > $1 ORDER BY id LIMIT $2',
    [afterId, limit],
  );
  return rows.map((r) => r.id);
}

/** Customers without a profile, among these (first use). */
export async function listUnrated(db: Queryable, customerIds: number[]): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT c.id FROM customers c WHERE c.id = ANY($1::bigint[])
        AND NOT EXISTS (SELECT 1 FROM credit_profiles p WHERE p.customer_id = c.id)`,
    [customerIds],
  );
  return rows.map((r) => r.id);
}

/**
 * Customers whose oldest open invoice crossed a days-past-due band of the scorecard (1, 31,
 * 61, 91 days) after their last rating: the "invoice became overdue" trigger.
 */
export async function listCrossedOverdue(
  db: Queryable,
  asOf: string,
  bandStarts: number[],
): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT DISTINCT i.customer_id AS id
       FROM invoices i JOIN credit_profiles p ON p.customer_id = i.customer_id
       CROSS JOIN unnest($2::int[]) AS band(start_day)
      WHERE i.open_amount > 0 AND i.status <> 'cancelled'
        AND i.due_date + band.start_day > p.last_rated_on AND i.due_date + band.start_day <= $1::date
      ORDER BY 1`,
    [asOf, bandStarts],
  );
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------
// Ratings and profiles

export interface RatingToStore {
  customerId: number;
  asOf: string;
  trigger: string;
  ratedBy: number | null;
  policyVersion: number;
  score: number;
  grade: Grade;
  previousGrade: Grade | null;
  limitFen: number;
  recommendedLimitFen: number;
  /** The limit a profile created by this rating starts with (ignored when the profile exists). */
  newProfileLimitFen: number;
  inputs: RatingInputs;
  facts: RatingFacts;
  factors: FactorResult[];
}

/** Stores the ratings and creates or updates the profiles, in two statements. */
export async function storeRatings(
  db: Queryable,
  ratings: RatingToStore[],
): Promise<{ customerId: number; ratingId: number; created: boolean }[]> {
  if (ratings.length === 0) return [];
  const { rows } = await db.query<{ customerId: number; ratingId: number; created: boolean }>(
    `WITH src AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(customer_id bigint, as_of date, trigger text, rated_by bigint,
              policy_version int, score numeric, grade text, previous_grade text, limit_fen bigint,
              recommended_limit_fen bigint, new_profile_limit_fen bigint, inputs jsonb, facts jsonb, factors jsonb)),
     inserted AS (
       INSERT INTO credit_ratings (customer_id, as_of, trigger, rated_by, policy_version, score, grade, previous_grade,
                                   limit_fen, recommended_limit_fen, inputs, facts, factors)
       SELECT customer_id, as_of, trigger, rated_by, policy_version, score, grade, previous_grade, limit_fen,
              recommended_limit_fen, inputs, facts, factors FROM src
       RETURNING id, customer_id, as_of, score, grade, recommended_limit_fen, rated_at),
     upserted AS (
       INSERT INTO credit_profiles AS cp (customer_id, score, grade, limit_fen, recommended_limit_fen, last_rating_id,
                                          last_rated_at, last_rated_on)
       SELECT i.customer_id, i.score, i.grade, src.new_profile_limit_fen, i.recommended_limit_fen, i.id, i.rated_at,
              i.as_of
         FROM inserted i JOIN src ON src.customer_id = i.customer_id
        ORDER BY i.customer_id
       ON CONFLICT (customer_id) DO UPDATE
         SET score = EXCLUDED.score, grade = EXCLUDED.grade, recommended_limit_fen = EXCLUDED.recommended_limit_fen,
             last_rating_id = EXCLUDED.last_rating_id, last_rated_at = EXCLUDED.last_rated_at,
             last_rated_on = EXCLUDED.last_rated_on, version = cp.version + 1, updated_at = now()
       RETURNING customer_id, (xmax = 0) AS created)
     SELECT i.customer_id AS "customerId", i.id AS "ratingId", u.created
       FROM inserted i JOIN upserted u ON u.customer_id = i.customer_id`,
    [
      JSON.stringify(
        ratings.map((r) => ({
          customer_id: r.customerId,
          as_of: r.asOf,
          trigger: r.trigger,
          rated_by: r.ratedBy,
          policy_version: r.policyVersion,
          score: r.score,
          grade: r.grade,
          previous_grade: r.previousGrade,
          limit_fen: r.limitFen,
          recommended_limit_fen: r.recommendedLimitFen,
          new_profile_limit_fen: r.newProfileLimitFen,
          inputs: r.inputs,
          facts: r.facts,
          factors: r.factors,
        })),
      ),
    ],
  );
  return rows;
}

export interface RatingRow {
  id: number;
  customerId: number;
  asOf: string;
  ratedAt: string;
  trigger: 'scheduled' | 'event' | 'manual' | 'first_use' | 'overdue_scan';
  policyVersion: number;
  score: number;
  grade: Grade;
  previousGrade: Grade | null;
  limitFen: number;
  recommendedLimitFen: number;
  inputs: RatingInputs;
  facts: RatingFacts;
  factors: FactorResult[];
}

const ratingColumns = `r.id, r.customer_id AS "customerId", r.as_of AS "asOf", to_json(r.rated_at)#>>'{}' AS "ratedAt",
  r.trigger, r.policy_version AS "policyVersion", r.score::float8 AS score, r.grade, r.previous_grade AS "previousGrade",
  r.limit_fen AS "limitFen", r.recommended_limit_fen AS "recommendedLimitFen", r.inputs, r.facts, r.factors`;

export async function findRating(
  db: Queryable,
  ctx: RequestContext,
  id: number,
): Promise<RatingRow | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const scope = scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params);
  const { rows } = await db.query<RatingRow>(
    `SELECT ${ratingColumns} FROM credit_ratings r JOIN customers c ON c.id = r.customer_id
      WHERE r.id = ${idParam} AND ${scope}`,
    params.values,
  );
  return rows[0];
}

export async function listRatings(db: Queryable, customerId: number, limit: number): Promise<RatingRow[]> {
  const { rows } = await db.query<RatingRow>(
    `SELECT ${ratingColumns} FROM credit_ratings r WHERE r.customer_id = $1 ORDER BY r.rated_at DESC, r.id DESC LIMIT $2`,
    [customerId, limit],
  );
  return rows;
}

export interface ProfileRow {
  customerId: number;
  customerCode: string;
  customerName: string;
  regionId: number;
  regionName: string;
  ownerRepName: string | null;
  paymentTermsDays: number;
  isRated: boolean;
  score: number | null;
  grade: Grade | null;
  status: CreditStatus;
  limitFen: number;
  recommendedLimitFen: number | null;
  lastRatedAt: string | null;
  version: number;
}

function profileColumns(lang: string) {
  return `c.id AS "customerId", c.code AS "customerCode", c.name AS "customerName", c.region_id AS "regionId",
    ${lang === 'en' ? 'r.name_en' : 'r.name_zh'} AS "regionName", u.display_name AS "ownerRepName",
    c.payment_terms_days AS "paymentTermsDays", (p.customer_id IS NOT NULL) AS "isRated",
    p.score::float8 AS score, p.grade, coalesce(p.status, 'normal') AS status, coalesce(p.limit_fen, 0) AS "limitFen",
    p.recommended_limit_fen AS "recommendedLimitFen", to_json(p.last_rated_at)#>>'{}' AS "lastRatedAt",
    coalesce(p.version, 0) AS version`;
}
const profileFrom = `customers c JOIN regions r ON r.id = c.region_id
  LEFT JOIN users u ON u.id = c.owner_rep_id LEFT JOIN credit_profiles p ON p.customer_id = c.id`;

const sortable: Record<string, string> = {
  name: 'c.name',
  code: 'c.code',
  score: 'p.score',
  grade: 'p.grade',
  limit: 'p.limit_fen',
  lastRatedAt: 'p.last_rated_at',
};

export async function listProfiles(
  db: Queryable,
  ctx: RequestContext,
  query: CreditProfileQuery,
  maxPageSize: number,
): Promise<{ items: ProfileRow[]; total: number }> {
  const params = new SqlParams();
  const conditions = [scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params)];
  if (query.grade) conditions.push(`p.grade = ${params.add(query.grade)}`);
  if (query.status) conditions.push(`coalesce(p.status, 'normal') = ${params.add(query.status)}`);
  if (query.regionId) {
    // The region and everything below it.
    conditions.push(`c.region_id IN (WITH RECURSIVE tree AS (
        SELECT id FROM regions WHERE id = ${params.add(query.regionId)}
        UNION ALL SELECT child.id FROM regions child JOIN tree ON child.parent_id = tree.id) SELECT id FROM tree)`);
  }
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(c.name ILIKE ${pattern} OR c.code ILIKE ${pattern})`);
  }
  const where = conditions.join(' AND ');
  const order = sortClause(query.sort, sortable, 'c.id');
  const countValues = [...params.values];
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<ProfileRow>(
      `SELECT ${profileColumns(ctx.lang)} FROM ${profileFrom} WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${profileFrom} WHERE ${where}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

/** One customer's credit profile, only inside the caller's scope (unrated customers too). */
export async function findProfile(
  db: Queryable,
  ctx: RequestContext,
  customerId: number,
): Promise<ProfileRow | undefined> {
  const params = new SqlParams();
  const idParam = params.add(customerId);
  const scope = scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params);
  const { rows } = await db.query<ProfileRow>(
    `SELECT ${profileColumns(ctx.lang)} FROM ${profileFrom} WHERE c.id = ${idParam} AND ${scope}`,
    params.values,
  );
  return rows[0];
}

export interface LockedProfile {
  grade: Grade;
  status: CreditStatus;
  limitFen: number;
  score: number;
  version: number;
}

/**
 * Locks the customer's profile for the rest of the transaction: every order confirmation of
 * the customer queues here, so each one sees the exposure of those committed before it.
 */
export async function lockProfile(db: Queryable, customerId: number): Promise<LockedProfile | undefined> {
  const { rows } = await db.query<LockedProfile>({
    name: 'credit_lock_profile',
    text: `SELECT grade, status, limit_fen AS "limitFen", score::float8 AS score, version
             FROM credit_profiles WHERE customer_id = $1 FOR UPDATE`,
    values: [customerId],
  });
  return rows[0];
}

export async function updateProfileLimit(
  db: Queryable,
  customerId: number,
  limitFen: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE credit_profiles SET limit_fen = $2, version = version + 1, updated_at = now() WHERE customer_id = $1`,
    [customerId, limitFen],
  );
  return rowCount === 1;
}

export async function updateProfileStatus(
  db: Queryable,
  customerId: number,
  version: number,
  status: CreditStatus,
  reason: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE credit_profiles SET status = $3, status_reason = $4, version = version + 1, updated_at = now()
      WHERE customer_id = $1 AND version = $2`,
    [customerId, version, status, reason],
  );
  return rowCount === 1;
}

/** The gross CNY amount of an order (for the large-order re-rating); undefined when there is none. */
export async function findOrderGrossFen(
  db: Queryable,
  orderId: number,
): Promise<{ customerId: number; grossFen: number } | undefined> {
  const { rows } = await db.query<{ customerId: number; grossFen: number }>(
    `SELECT customer_id AS "customerId", gross_cny_fen AS "grossFen" FROM sales_orders WHERE id = $1`,
    [orderId],
  );
  return rows[0];
}
