/**
 * The receivables rollup (migration 0034): what is open now per customer × region × rep × due
 * date, from THE receivables definition (semantic.sources.ts) as of 'infinity', with each
 * customer's latest receivables event. "AR open / overdue as of a day" then sums a few rows per
 * customer instead of every open invoice and its settlements.
 *
 * Receivables are a snapshot, not daily facts, so the rollup is kept per customer, not per day:
 * a customer's rows answer for a day D when the customer has no pending mark and nothing of
 * theirs happened after D (latest event ≤ D): their receivables on D are then exactly what is
 * open now, overdue where the due date is before D. A query reads those customers from the
 * rollup and all others (marked, or with events after D: a past day) from the documents with the
 * same definition, so the answer is exact whatever the day and never waits for a refresh.
 */
import type { AnalyticsMeasureName } from '../../../../contracts/analytics-query.ts';
import type { Queryable } from '../../../platform/db.ts';
import { type FactSource, receivablesSql, sources } from '../semantic/semantic.definitions.ts';

export const RECEIVABLES_ROLLUP_TABLE = 'analytics_receivables_open';
/** The measures it answers (their aggregates over its rows are those over the facts). */
export const receivablesRollupMeasures: ReadonlySet<AnalyticsMeasureName> = new Set([
  'ar_open',
  'ar_overdue',
]);

// Any constant (refreshes of the receivables rollup take turns under it).
const RECEIVABLES_REFRESH_LOCK = 7_401_034;

/** The open amounts now, per customer × region × rep × due date; `customers`: only theirs. */
function openRowsInsertSql(customers?: string): string {
  return `INSERT INTO ${RECEIVABLES_ROLLUP_TABLE} (customer_id, region_id, rep_id, due_date, open_cny_fen)
    SELECT f.customer_id, f.region_id, f.rep_id, f.due_date, sum(f.open_cny_fen)::bigint
      FROM (${receivablesSql(`'infinity'`, customers)}) f
     GROUP BY f.customer_id, f.region_id, f.rep_id, f.due_date`;
}

/**
 * Each customer's latest receivables event: what the definition reads a date of (invoice date,
 * cancellation, allocation, approved write-off), over all their invoices.
 */
function lastEventsInsertSql(customers?: string): string {
  const only = customers ? `WHERE i.customer_id = ANY(${customers})` : '';
  return `INSERT INTO analytics_receivables_customers (customer_id, last_event_on)
    SELECT e.customer_id, max(e.day) FROM (
      SELECT i.customer_id, greatest(i.invoice_date, i.cancelled_on) AS day FROM invoices i ${only}
      UNION ALL
      SELECT i.customer_id, a.allocated_on FROM allocations a JOIN invoices i ON i.id = a.invoice_id ${only}
      UNION ALL
      SELECT i.customer_id, w.written_off_on FROM write_offs w JOIN invoices i ON i.id = w.invoice_id
       ${only ? `${only} AND` : 'WHERE'} w.status = 'approved') e
     GROUP BY e.customer_id`;
}

/**
 * Recomputes the rows and latest events of the customers marked dirty, in the caller's
 * transaction (one, so a query sees the customer before or after, never half). A mark committed
 * while this runs is not among those it deletes: that customer stays dirty (read from the
 * documents) until the next refresh. Returns the customers recomputed.
 */
export async function refreshReceivablesRollup(tx: Queryable): Promise<number[]> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [RECEIVABLES_REFRESH_LOCK]);
  const { rows } = await tx.query<{ ids: string[] | null }>(
    `WITH taken AS (DELETE FROM analytics_receivables_dirty_customers RETURNING customer_id)
     SELECT array_agg(DISTINCT customer_id ORDER BY customer_id) AS ids FROM taken`,
  );
  const customers = (rows[0]?.ids ?? []).map(Number);
  if (customers.length === 0) return customers;
  await tx.query(`DELETE FROM ${RECEIVABLES_ROLLUP_TABLE} WHERE customer_id = ANY($1::bigint[])`, [
    customers,
  ]);
  await tx.query(openRowsInsertSql('$1::bigint[]'), [customers]);
  await tx.query('DELETE FROM analytics_receivables_customers WHERE customer_id = ANY($1::bigint[])', [
    customers,
  ]);
  await tx.query(lastEventsInsertSql('$1::bigint[]'), [customers]);
  return customers;
}

/** Builds it from scratch in the caller's transaction (after the demo load: every customer is dirty). */
export async function rebuildReceivablesRollup(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [RECEIVABLES_REFRESH_LOCK]);
  await tx.query('DELETE FROM analytics_receivables_dirty_customers');
  await tx.query(`DELETE FROM ${RECEIVABLES_ROLLUP_TABLE}`);
  await tx.query(openRowsInsertSql());
  await tx.query('DELETE FROM analytics_receivables_customers');
  await tx.query(lastEventsInsertSql());
}

/**
 * The customers the rollup cannot answer for on the day `asOf`: marked dirty, or with an event
 * after the day. Every customer with invoices has a latest event once refreshed, and is marked
 * until then, so the others are exactly the customers whose rollup rows hold on that day.
 */
async function customersReadRaw(db: Queryable, asOf: string): Promise<number[]> {
  const { rows } = await db.query<{ ids: string[] }>(
    `SELECT ARRAY(SELECT d.customer_id FROM analytics_receivables_dirty_customers d
                  UNION SELECT e.customer_id FROM analytics_receivables_customers e
                         WHERE e.last_event_on > $1::date) AS ids`,
    [asOf],
  );
  return rows[0]!.ids.map(Number);
}

/**
 * The receivables fact rows on the day `asOf` (the query's last day): from the rollup for the
 * customers it holds for, and from the documents, with the same definition, for the others —
 * the same columns and sums as the source's. Which customers those are is read first, so that
 * the usual case (today, everything refreshed) is a read of the rollup alone. A write committed
 * between the two reads shows in the next answer, as one committed just after would.
 */
export async function receivablesRollupSource(db: Queryable, asOf: string): Promise<FactSource> {
  const raw = await customersReadRaw(db, asOf);
  return {
    ...sources.receivables,
    sql: (asOfParam, param) => {
      if (!param) throw new Error('a receivables rollup read needs query parameters');
      const rolled = `
        SELECT r.region_id, r.customer_id, r.rep_id, r.open_cny_fen, (r.due_date < ${asOfParam}::date) AS is_overdue
          FROM ${RECEIVABLES_ROLLUP_TABLE} r`;
      if (raw.length === 0) return rolled;
      const customers = `${param(raw)}::bigint[]`;
      return `${rolled} WHERE r.customer_id <> ALL(${customers})
        UNION ALL
        SELECT f.region_id, f.customer_id, f.rep_id, f.open_cny_fen, f.is_overdue
          FROM (${receivablesSql(asOfParam, customers)}) f`;
    },
  };
}
