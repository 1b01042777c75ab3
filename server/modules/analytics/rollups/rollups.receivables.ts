/**
 * The receivables rollup (migration 0038): AR open / overdue as of ANY day from a few rows per
 * customer, exactly as THE receivables definition (semantic.sources.ts) gives it.
 *
 * An invoice's open amount on a day D is piecewise constant in D: it changes only on its event
 * days (invoice date, cancellation, each allocation, each approved write-off). So the rollup
 * stores DELTAS: per customer × region × rep × due date × day, the change of the open CNY and of
 * the number of open invoices on that day, computed by evaluating the definition per invoice on
 * each of its event days and subtracting its value on the previous one (invoicesOpenOnSql: no
 * formula is written twice). Open on D = Σ changes up to D; overdue = those with a due date
 * before D.
 *
 * Summing every change since the first invoice would read the whole history for a day last year,
 * so the rollup also keeps MONTH-END rows: what is open per customer × region × rep × due date at
 * the end of each month (only groups with open invoices), up to a horizon (the end of the month
 * before the latest refresh). A day D then reads the month-end rows of S = the last month end on
 * or before D (capped at the horizon) plus the changes in (S, D]: the invoices open at one month
 * end and at most a month of changes, whatever the day. Monthly sums of changes would have been
 * smaller to keep, but reading them for a day means summing all months since the first.
 *
 * TODAY is the day asked most (AR open / overdue by region now), so the rollup also keeps a
 * SNAPSHOT of one day (migration 0041): that read's sum — per customer × region × rep × overdue,
 * where invoices are open — stored, so a read for that day scans one row per group instead of
 * summing a month end's rows and the changes since. It stays exact because it is the same SQL
 * evaluated for that day (openOnSql: the read and the snapshot's insert share it), a refresh
 * replaces the rows of the customers it recomputes, and a refresh on another day rebuilds it for
 * that day; any other day reads the month ends and changes as before.
 *
 * Freshness: customers marked dirty (triggers of 0034) are read from the documents with the same
 * definition until the next refresh recomputes their rows; every other customer is read from the
 * rollup for every day.
 */
import type { AnalyticsMeasureName } from '../../../../contracts/analytics-query.ts';
import { businessDate } from '../../../platform/dates.ts';
import type { Queryable } from '../../../platform/db.ts';
import {
  type FactSource,
  invoicesOpenOnSql,
  receivablesSql,
  sources,
} from '../semantic/semantic.definitions.ts';
import { emptyRollupTable } from './rollups.storage.ts';

export const RECEIVABLES_ROLLUP_TABLE = 'analytics_receivables_deltas';
const MONTH_ENDS_TABLE = 'analytics_receivables_month_ends';
const TODAY_TABLE = 'analytics_receivables_today';
/** Every table of the rollup (its changes, month ends, snapshot and horizon, and the dirty marks). */
export const RECEIVABLES_ROLLUP_TABLES = [
  RECEIVABLES_ROLLUP_TABLE,
  MONTH_ENDS_TABLE,
  TODAY_TABLE,
  'analytics_receivables_horizon',
  'analytics_receivables_dirty_customers',
] as const;
/** The keys a read can keep (those the query's dimensions, filters and scope reach). */
export type ReceivablesRollupKey = 'region_id' | 'customer_id' | 'rep_id';
/** The measures it answers (their aggregates over its rows are those over the facts). */
export const receivablesRollupMeasures: ReadonlySet<AnalyticsMeasureName> = new Set([
  'ar_open',
  'ar_overdue',
]);

// Any constant (refreshes of the receivables rollup take turns under it).
const RECEIVABLES_REFRESH_LOCK = 7_401_034;

// The end of the month before today: month-end rows are kept up to it, so that today's answer
// reads this month's changes only.
const HORIZON_TARGET = `(date_trunc('month', current_date::timestamp) - interval '1 day')::date`;

/**
 * The days an invoice's open amount can change on: what the definition reads a date of (invoice
 * date, cancellation, allocation, approved write-off). `only`: a condition on the invoice `i`.
 */
function eventDaysSql(only: string): string {
  return `
    SELECT i.id AS invoice_id, i.invoice_date AS day FROM invoices i WHERE ${only}
    UNION SELECT i.id, i.cancelled_on FROM invoices i WHERE i.cancelled_on IS NOT NULL AND ${only}
    UNION SELECT a.invoice_id, a.allocated_on FROM allocations a JOIN invoices i ON i.id = a.invoice_id WHERE ${only}
    UNION SELECT w.invoice_id, w.written_off_on FROM write_offs w JOIN invoices i ON i.id = w.invoice_id
           WHERE w.status = 'approved' AND w.written_off_on IS NOT NULL AND ${only}`;
}

/**
 * The changes of the open amounts, per customer × region × rep × due date × day: each invoice's
 * open amount (0 when not open) on each of its event days less that on its previous event day.
 * `customers`: only theirs.
 */
function deltaRowsInsertSql(customers?: string): string {
  const only = customers ? `i.customer_id = ANY(${customers})` : 'true';
  const perInvoiceAndDay = invoicesOpenOnSql(
    'e.day',
    `(${eventDaysSql(only)}) e JOIN invoices i ON i.id = e.invoice_id`,
  );
  return `INSERT INTO ${RECEIVABLES_ROLLUP_TABLE}
      (customer_id, region_id, rep_id, due_date, day, delta_cny_fen, delta_open_invoices)
    SELECT v.customer_id, v.region_id, v.rep_id, v.due_date, v.day, sum(v.cny_change), sum(v.invoices_change)
      FROM (
        SELECT o.customer_id, o.region_id, o.rep_id, o.due_date, o.day,
               o.open_cny_fen - lag(o.open_cny_fen, 1, 0::bigint) OVER w AS cny_change,
               o.open_invoices - lag(o.open_invoices, 1, 0) OVER w AS invoices_change
          FROM (SELECT f.invoice_id, f.customer_id, f.region_id, f.rep_id, f.due_date, f.as_of AS day,
                       CASE WHEN f.is_open THEN f.open_cny_fen::bigint ELSE 0::bigint END AS open_cny_fen,
                       CASE WHEN f.is_open THEN 1 ELSE 0 END AS open_invoices
                  FROM (${perInvoiceAndDay}) f) o
        WINDOW w AS (PARTITION BY o.invoice_id ORDER BY o.day)) v
     GROUP BY v.customer_id, v.region_id, v.rep_id, v.due_date, v.day
    HAVING sum(v.cny_change) <> 0 OR sum(v.invoices_change) <> 0
     ORDER BY v.day`;
}

// Both inserts write their rows in the order reads take them (by day, by month end), so that a
// read's rows share pages after a rebuild.

/**
 * Month-end rows from `changes` (customer_id, region_id, rep_id, due_date, day, cny, invoices;
 * days up to `through`): per group the running sum at the end of every month from that of its
 * first change through `through`, kept where invoices are open, for month ends after `after`.
 */
function monthEndRowsInsertSql(changes: string, after: string, through: string): string {
  return `INSERT INTO ${MONTH_ENDS_TABLE}
      (month_end, customer_id, region_id, rep_id, due_date, open_cny_fen, open_invoices)
    SELECT (m.month + interval '1 month' - interval '1 day')::date,
           g.customer_id, g.region_id, g.rep_id, g.due_date, g.open_cny_fen, g.open_invoices
      FROM (
        SELECT c.customer_id, c.region_id, c.rep_id, c.due_date, c.month,
               (sum(sum(c.cny)) OVER w)::bigint AS open_cny_fen,
               (sum(sum(c.invoices)) OVER w)::int AS open_invoices,
               lead(c.month) OVER w AS next_month
          FROM (SELECT ch.*, date_trunc('month', ch.day::timestamp) AS month FROM (${changes}) ch) c
         GROUP BY c.customer_id, c.region_id, c.rep_id, c.due_date, c.month
        WINDOW w AS (PARTITION BY c.customer_id, c.region_id, c.rep_id, c.due_date ORDER BY c.month)) g
     CROSS JOIN LATERAL generate_series(
       g.month,
       coalesce(g.next_month - interval '1 month', date_trunc('month', ${through}::timestamp)),
       interval '1 month') m(month)
     WHERE g.open_invoices > 0
       AND (m.month + interval '1 month' - interval '1 day')::date > ${after}::date
     ORDER BY m.month`;
}

const deltasOf = (where: string) => `
  SELECT customer_id, region_id, rep_id, due_date, day, delta_cny_fen AS cny, delta_open_invoices AS invoices
    FROM ${RECEIVABLES_ROLLUP_TABLE} WHERE ${where}`;

/**
 * The month end whose rows a read on `day` (a date expression) starts from: the last on or
 * before the day, within the horizon.
 */
const monthEndForSql = (day: string) =>
  `least((date_trunc('month', ${day}::timestamp + interval '1 day') - interval '1 day')::date,
         (SELECT h.month_end FROM analytics_receivables_horizon h))`;

/**
 * What is open on the day `asOf` per region × customer × rep × overdue, where an invoice is open
 * (as the documents would give a fact row): the rows at the month end `monthEnd` plus the changes
 * since, up to the day. Both are date expressions; `only`: a condition on the customer
 * `r.customer_id`. The read and the snapshot of today both take it, so its sums are written once.
 */
function openOnSql(asOf: string, monthEnd: string, only: string): string {
  return `
    SELECT r.region_id, r.customer_id, r.rep_id, sum(r.open_cny_fen)::bigint AS open_cny_fen, r.is_overdue,
           sum(r.open_invoices)::int AS open_invoices
      FROM (SELECT r.region_id, r.customer_id, r.rep_id, r.open_cny_fen, r.open_invoices,
                   (r.due_date < ${asOf}) AS is_overdue
              FROM ${MONTH_ENDS_TABLE} r WHERE r.month_end = ${monthEnd} AND ${only}
            UNION ALL
            SELECT r.region_id, r.customer_id, r.rep_id, r.delta_cny_fen, r.delta_open_invoices,
                   (r.due_date < ${asOf})
              FROM ${RECEIVABLES_ROLLUP_TABLE} r
             WHERE r.day > ${monthEnd} AND r.day <= ${asOf} AND ${only}) r
     GROUP BY r.region_id, r.customer_id, r.rep_id, r.is_overdue
    HAVING sum(r.open_invoices) > 0`;
}

/** The snapshot's rows of the day `$1` (what a read of that day sums), for customers `only`. */
function todayRowsInsertSql(only: string): string {
  return `INSERT INTO ${TODAY_TABLE} (customer_id, region_id, rep_id, is_overdue, open_cny_fen, open_invoices)
    SELECT o.customer_id, o.region_id, o.rep_id, o.is_overdue, o.open_cny_fen, o.open_invoices
      FROM (${openOnSql('$1::date', `(${monthEndForSql('$1::date')})`, only)}) o`;
}

/** Builds the snapshot of `day` anew (every customer) and records its day. */
async function rebuildToday(tx: Queryable, day: string): Promise<void> {
  await tx.query(`DELETE FROM ${TODAY_TABLE}`);
  await tx.query(todayRowsInsertSql('true'), [day]);
  await tx.query('UPDATE analytics_receivables_horizon SET snapshot_day = $1::date', [day]);
}

/**
 * Moves the horizon to the end of last month when a month has passed since: the new month ends
 * of the customers not being recomputed (`recomputed`) follow from their rows
 * at the old horizon and the changes since. Returns the horizon.
 */
async function advanceHorizon(tx: Queryable, recomputed: number[]): Promise<string> {
  const { rows } = await tx.query<{ old: string; target: string; is_behind: boolean }>(
    `SELECT month_end::text AS old, ${HORIZON_TARGET}::text AS target, month_end < ${HORIZON_TARGET} AS is_behind
       FROM analytics_receivables_horizon`,
  );
  const { old, target, is_behind: isBehind } = rows[0]!;
  if (!isBehind) return old;
  const others = 'customer_id <> ALL($3::bigint[])';
  await tx.query(
    monthEndRowsInsertSql(
      `SELECT customer_id, region_id, rep_id, due_date, month_end AS day, open_cny_fen AS cny, open_invoices AS invoices
         FROM ${MONTH_ENDS_TABLE} WHERE month_end = $1::date AND ${others}
       UNION ALL ${deltasOf(`day > $1::date AND day <= $2::date AND ${others}`)}`,
      '$1',
      '$2',
    ),
    [old, target, recomputed],
  );
  await tx.query('UPDATE analytics_receivables_horizon SET month_end = $1::date', [target]);
  return target;
}

/**
 * Recomputes the rows of the customers marked dirty, in the caller's transaction (one, so a
 * query sees the customer before or after, never half), and moves the horizon when a month has
 * passed. The snapshot is rebuilt when it is of another day than `today`, else only the
 * recomputed customers' rows are. A mark committed while this runs is not among those it
 * deletes: that customer stays dirty (read from the documents) until the next refresh. Returns
 * the customers recomputed.
 */
export async function refreshReceivablesRollup(tx: Queryable, today = businessDate()): Promise<number[]> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [RECEIVABLES_REFRESH_LOCK]);
  const { rows } = await tx.query<{ ids: string[] | null }>(
    `WITH taken AS (DELETE FROM analytics_receivables_dirty_customers RETURNING customer_id)
     SELECT array_agg(DISTINCT customer_id ORDER BY customer_id) AS ids FROM taken`,
  );
  const customers = (rows[0]?.ids ?? []).map(Number);
  const horizon = await advanceHorizon(tx, customers);
  if (customers.length > 0) {
    for (const table of [RECEIVABLES_ROLLUP_TABLE, MONTH_ENDS_TABLE]) {
      await tx.query(`DELETE FROM ${table} WHERE customer_id = ANY($1::bigint[])`, [customers]);
    }
    await tx.query(deltaRowsInsertSql('$1::bigint[]'), [customers]);
    await tx.query(
      monthEndRowsInsertSql(
        deltasOf('customer_id = ANY($1::bigint[]) AND day <= $2::date'),
        `'-infinity'`,
        '$2',
      ),
      [customers, horizon],
    );
  }
  const { rows: snapshot } = await tx.query<{ is_of_another_day: boolean }>(
    'SELECT snapshot_day IS DISTINCT FROM $1::date AS is_of_another_day FROM analytics_receivables_horizon',
    [today],
  );
  if (snapshot[0]!.is_of_another_day) await rebuildToday(tx, today);
  else if (customers.length > 0) {
    await tx.query(`DELETE FROM ${TODAY_TABLE} WHERE customer_id = ANY($1::bigint[])`, [customers]);
    await tx.query(todayRowsInsertSql('r.customer_id = ANY($2::bigint[])'), [today, customers]);
  }
  return customers;
}

/**
 * Builds it from scratch in the caller's transaction (after the demo load: every customer is
 * dirty), with the snapshot of `today`.
 */
export async function rebuildReceivablesRollup(tx: Queryable, today = businessDate()): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [RECEIVABLES_REFRESH_LOCK]);
  await tx.query('DELETE FROM analytics_receivables_dirty_customers');
  await emptyRollupTable(tx, RECEIVABLES_ROLLUP_TABLE);
  await emptyRollupTable(tx, MONTH_ENDS_TABLE);
  const { rows } = await tx.query<{ horizon: string }>(
    `UPDATE analytics_receivables_horizon SET month_end = ${HORIZON_TARGET} RETURNING month_end::text AS horizon`,
  );
  await tx.query(deltaRowsInsertSql());
  await tx.query(monthEndRowsInsertSql(deltasOf('day <= $1::date'), `'-infinity'`, '$1'), [rows[0]!.horizon]);
  await rebuildToday(tx, today);
}

/**
 * What a read on the day `asOf` needs first: the customers read from the documents (marked
 * dirty), the month end whose rows it starts from (the last on or before the day, within the
 * horizon) and the day of the snapshot.
 */
async function planRead(
  db: Queryable,
  asOf: string,
): Promise<{ raw: number[]; monthEnd: string; snapshotDay: string | null }> {
  const { rows } = await db.query<{ ids: string[]; month_end: string; snapshot_day: string | null }>(
    `SELECT ARRAY(SELECT DISTINCT d.customer_id FROM analytics_receivables_dirty_customers d) AS ids,
            (${monthEndForSql('$1::date')})::text AS month_end,
            (SELECT h.snapshot_day FROM analytics_receivables_horizon h)::text AS snapshot_day`,
    [asOf],
  );
  const { ids, month_end: monthEnd, snapshot_day: snapshotDay } = rows[0]!;
  return { raw: ids.map(Number), monthEnd, snapshotDay };
}

/**
 * The receivables fact rows on the day `asOf` (the query's last day): from the rollup for the
 * clean customers — the snapshot's rows when it is of that day, else their rows at the month end
 * before the day plus the changes since, summed as the snapshot's are — and from the documents,
 * with the same definition, for the dirty ones: the same columns and sums as the source's. The
 * dirty customers are read first, so that the usual case (everything refreshed) is a read of the
 * rollup alone. A write committed between the two reads shows in the next answer, as one
 * committed just after would; a refresh that moves the snapshot to a new day in between does not
 * show at all: the statement reads the snapshot only while it is still of the day (checked in the
 * statement), else the month end and the changes. The rows come summed per `keys` (those the
 * query's dimensions, filters and scope reach) and overdue, so the compiler joins names to a
 * few rows (AR by region: one per region and overdue, not one per customer); both measures are sums.
 */
export async function receivablesRollupSource(
  db: Queryable,
  asOf: string,
  keys: readonly ReceivablesRollupKey[],
): Promise<FactSource> {
  const { raw, monthEnd, snapshotDay } = await planRead(db, asOf);
  return {
    ...sources.receivables,
    sql: (asOfParam, param) => {
      if (!param) throw new Error('a receivables rollup read needs query parameters');
      const day = `${asOfParam}::date`;
      const customers = raw.length > 0 ? `${param(raw)}::bigint[]` : null;
      const clean = (alias: string) => (customers ? `${alias}.customer_id <> ALL(${customers})` : 'true');
      const summed = (when: string) => `
        SELECT o.region_id, o.customer_id, o.rep_id, o.open_cny_fen, o.is_overdue
          FROM (${openOnSql(day, `${param(monthEnd)}::date`, clean('r'))}) o${when}`;
      const isSnapshotDay = `(SELECT h.snapshot_day FROM analytics_receivables_horizon h) = ${day}`;
      const rolled =
        snapshotDay === asOf
          ? `
        SELECT t.region_id, t.customer_id, t.rep_id, t.open_cny_fen, t.is_overdue
          FROM ${TODAY_TABLE} t WHERE ${isSnapshotDay} AND ${clean('t')}
        UNION ALL${summed(` WHERE (${isSnapshotDay}) IS NOT TRUE`)}`
          : summed('');
      const rows = customers
        ? `${rolled}
        UNION ALL
        SELECT f.region_id, f.customer_id, f.rep_id, f.open_cny_fen, f.is_overdue
          FROM (${receivablesSql(asOfParam, customers)}) f`
        : rolled;
      const grouped = [...keys.map((k) => `s.${k}`), 's.is_overdue'];
      return `SELECT ${grouped.join(', ')}, sum(s.open_cny_fen)::bigint AS open_cny_fen
        FROM (${rows}) s GROUP BY ${grouped.join(', ')}`;
    },
  };
}
