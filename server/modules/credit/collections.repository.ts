/** Collections SQL: the worklist candidates, the contact log and the promises to settle. */
import type { ContactChannel, ReminderStep } from '../../../contracts/collections.ts';
import type { Grade } from '../../../contracts/credit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { scopeCondition } from '../../platform/scope.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import type { PromiseStatus } from './collections.rules.ts';

export interface ContactRow {
  id: number;
  customerId: number;
  contactedOn: string;
  channel: ContactChannel;
  contactPerson: string;
  note: string | null;
  invoiceId: number | null;
  invoiceNumber: string | null;
  promisedOn: string | null;
  promisedFen: number | null;
  promiseStatus: PromiseStatus | null;
  loggedByName: string;
  loggedAt: string;
}

const contactColumns = `k.id, k.customer_id AS "customerId", to_char(k.contacted_on, 'YYYY-MM-DD') AS "contactedOn",
  k.channel, k.contact_person AS "contactPerson", k.note, k.invoice_id AS "invoiceId", i.number AS "invoiceNumber",
  to_char(k.promised_on, 'YYYY-MM-DD') AS "promisedOn", k.promised_fen AS "promisedFen",
  k.promise_status AS "promiseStatus", u.display_name AS "loggedByName", to_json(k.logged_at)#>>'{}' AS "loggedAt"`;
const contactFrom = `collection_contacts k JOIN users u ON u.id = k.logged_by LEFT JOIN invoices i ON i.id = k.invoice_id`;

export interface WorklistRow {
  customerId: number;
  customerCode: string;
  customerName: string;
  customerType: string;
  regionName: string;
  ownerRepName: string | null;
  paymentTermsDays: number;
  grade: Grade | null;
  openFen: number;
  overdueFen: number;
  daysPastDue: number;
  nextDueDate: string;
}

/**
 * Customers in the caller's scope with an open invoice due by `asOf` + `lookaheadDays` (the
 * gentle reminder comes before the due date): open and overdue amounts and the days past due
 * of the oldest open invoice. The reminder rules (grade × lateness) decide which stay on the
 * list, so filtering, ordering and paging happen after them, in the service.
 */
export async function listWorklistCandidates(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
  lookaheadDays: number,
  q: string | undefined,
): Promise<WorklistRow[]> {
  const params = new SqlParams();
  const asOfParam = params.add(asOf);
  const conditions = [
    scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params),
    `inv.first_due <= ${asOfParam}::date + ${params.add(lookaheadDays)}::int`,
  ];
  if (q) {
    const pattern = params.add(likePattern(q));
    conditions.push(`(c.name ILIKE ${pattern} OR c.code ILIKE ${pattern})`);
  }
  const { rows } = await db.query<WorklistRow>(
    `WITH inv AS (
       SELECT i.customer_id, sum(i.open_cny_fen)::bigint AS open_fen,
              coalesce(sum(i.open_cny_fen) FILTER (WHERE i.due_date < ${asOfParam}::date), 0)::bigint AS overdue_fen,
              min(i.due_date) AS first_due
         FROM invoices i
        WHERE i.open_amount > 0 AND i.status <> 'cancelled'
        GROUP BY i.customer_id)
     SELECT c.id AS "customerId", c.code AS "customerCode", c.name AS "customerName", c.type AS "customerType",
            ${ctx.lang === 'en' ? 'r.name_en' : 'r.name_zh'} AS "regionName", u.display_name AS "ownerRepName",
            c.payment_terms_days AS "paymentTermsDays", p.grade, inv.open_fen AS "openFen",
            inv.overdue_fen AS "overdueFen", (${asOfParam}::date - inv.first_due)::int AS "daysPastDue",
            to_char(inv.first_due, 'YYYY-MM-DD') AS "nextDueDate"
       FROM inv JOIN customers c ON c.id = inv.customer_id JOIN regions r ON r.id = c.region_id
       LEFT JOIN users u ON u.id = c.owner_rep_id LEFT JOIN credit_profiles p ON p.customer_id = c.id
      WHERE ${conditions.join(' AND ')}`,
    params.values,
  );
  return rows;
}

/** The latest contact and the latest open promise of each customer. */
export async function listLatestContacts(
  db: Queryable,
  customerIds: number[],
): Promise<{ last: ContactRow[]; openPromises: ContactRow[] }> {
  const [last, open] = await Promise.all([
    db.query<ContactRow>(
      `SELECT DISTINCT ON (k.customer_id) ${contactColumns} FROM ${contactFrom}
        WHERE k.customer_id = ANY($1::bigint[]) ORDER BY k.customer_id, k.contacted_on DESC, k.id DESC`,
      [customerIds],
    ),
    db.query<ContactRow>(
      `SELECT DISTINCT ON (k.customer_id) ${contactColumns} FROM ${contactFrom}
        WHERE k.customer_id = ANY($1::bigint[]) AND k.promise_status = 'open'
        ORDER BY k.customer_id, k.promised_on, k.id DESC`,
      [customerIds],
    ),
  ]);
  return { last: last.rows, openPromises: open.rows };
}

export async function listContacts(db: Queryable, customerId: number, limit: number): Promise<ContactRow[]> {
  const { rows } = await db.query<ContactRow>(
    `SELECT ${contactColumns} FROM ${contactFrom} WHERE k.customer_id = $1
      ORDER BY k.contacted_on DESC, k.id DESC LIMIT $2`,
    [customerId, limit],
  );
  return rows;
}

export async function findContact(db: Queryable, id: number): Promise<ContactRow | undefined> {
  const { rows } = await db.query<ContactRow>(
    `SELECT ${contactColumns} FROM ${contactFrom} WHERE k.id = $1`,
    [id],
  );
  return rows[0];
}

/** Whether the invoice is one of the customer's open invoices. */
export async function isOpenInvoiceOf(
  db: Queryable,
  invoiceId: number,
  customerId: number,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM invoices WHERE id = $1 AND customer_id = $2 AND open_amount > 0 AND status <> 'cancelled'`,
    [invoiceId, customerId],
  );
  return rows.length > 0;
}

export interface NewContact {
  customerId: number;
  contactedOn: string;
  channel: ContactChannel;
  contactPerson: string;
  note: string | null;
  invoiceId: number | null;
  promisedOn: string | null;
  promisedFen: number | null;
  loggedBy: number;
}

export async function insertContact(db: Queryable, contact: NewContact): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO collection_contacts (customer_id, contacted_on, channel, contact_person, note, invoice_id, promised_on,
                                      promised_fen, promise_status, logged_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $7::date IS NULL THEN NULL ELSE 'open' END, $9)
     RETURNING id`,
    [
      contact.customerId,
      contact.contactedOn,
      contact.channel,
      contact.contactPerson,
      contact.note,
      contact.invoiceId,
      contact.promisedOn,
      contact.promisedFen,
      contact.loggedBy,
    ],
  );
  return rows[0]!.id;
}

export interface OpenPromiseRow {
  id: number;
  customerId: number;
  customerName: string;
  regionId: number;
  ownerRepId: number | null;
  ownerManagerId: number | null;
  loggedBy: number;
  promisedOn: string;
  promisedFen: number;
  /** CNY received from the customer from the contact date up to the promised date. */
  paidFen: number;
  grade: Grade | null;
  /** As-of − due date of the customer's oldest open invoice (0 when none is open). */
  daysPastDue: number;
  /** That invoice (null when none is open). */
  oldestInvoiceId: number | null;
}

/**
 * Open promises with what the customer paid between the contact and the promised date, locked
 * so that two runs of the job settle each promise once.
 */
export async function lockOpenPromises(
  db: Queryable,
  asOf: string,
  limit: number,
): Promise<OpenPromiseRow[]> {
  const { rows } = await db.query<OpenPromiseRow>(
    `WITH open AS (
       SELECT k.* FROM collection_contacts k WHERE k.promise_status = 'open'
        ORDER BY k.promised_on, k.id LIMIT $2 FOR UPDATE OF k SKIP LOCKED)
     SELECT k.id, k.customer_id AS "customerId", c.name AS "customerName", c.region_id AS "regionId",
            c.owner_rep_id AS "ownerRepId", rep.manager_id AS "ownerManagerId", k.logged_by AS "loggedBy",
            to_char(k.promised_on, 'YYYY-MM-DD') AS "promisedOn", k.promised_fen AS "promisedFen",
            coalesce((SELECT sum(pay.amount_cny_fen) FROM payments pay
                       WHERE pay.customer_id = k.customer_id
                         AND pay.received_date BETWEEN k.contacted_on AND k.promised_on), 0)::bigint AS "paidFen",
            p.grade,
            coalesce((SELECT max($1::date - i.due_date) FROM invoices i
                       WHERE i.customer_id = k.customer_id AND i.open_amount > 0 AND i.status <> 'cancelled'), 0)::int
              AS "daysPastDue",
            (SELECT i.id FROM invoices i
              WHERE i.customer_id = k.customer_id AND i.open_amount > 0 AND i.status <> 'cancelled'
              ORDER BY i.due_date, i.id LIMIT 1) AS "oldestInvoiceId"
       FROM open k JOIN customers c ON c.id = k.customer_id
       LEFT JOIN users rep ON rep.id = c.owner_rep_id
       LEFT JOIN credit_profiles p ON p.customer_id = k.customer_id`,
    [asOf, limit],
  );
  return rows;
}

export async function settlePromises(
  db: Queryable,
  settled: { id: number; status: 'kept' | 'broken' }[],
): Promise<number> {
  if (settled.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE collection_contacts k SET promise_status = s.status, promise_settled_at = now()
       FROM unnest($1::bigint[], $2::text[]) AS s(id, status)
      WHERE k.id = s.id AND k.promise_status = 'open'`,
    [settled.map((s) => s.id), settled.map((s) => s.status)],
  );
  return rowCount ?? 0;
}

/** Active finance users: a customer more than 60 days late is escalated to them. */
export async function listFinanceUserIds(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM users WHERE is_active AND roles && ARRAY['finance', 'finance_director']::text[] ORDER BY id`,
  );
  return rows.map((r) => r.id);
}

export interface ReminderCandidateRow {
  customerId: number;
  customerName: string;
  regionId: number;
  ownerRepId: number | null;
  ownerManagerId: number | null;
  grade: Grade | null;
  /** The customer's oldest open invoice: it drives the step. */
  invoiceId: number;
  invoiceNumber: string;
  dueDate: string;
  /** As-of − due date of that invoice (negative before it falls due). */
  daysPastDue: number;
  openFen: number;
  overdueFen: number;
  /** Steps already raised for that invoice. */
  raisedSteps: ReminderStep[];
}

/**
 * Every customer (company-wide: this is the job's view) whose oldest open invoice falls due
 * by `asOf` + `lookaheadDays`, with the steps already raised for it. Customers holding a
 * promise to pay that is not yet due are left alone: they committed to a date, and the
 * promise check escalates if they miss it.
 */
export async function listReminderCandidates(
  db: Queryable,
  asOf: string,
  lookaheadDays: number,
): Promise<ReminderCandidateRow[]> {
  const { rows } = await db.query<ReminderCandidateRow>(
    `WITH open_inv AS (
       SELECT i.id, i.customer_id, i.number, i.due_date, i.open_cny_fen
         FROM invoices i WHERE i.open_amount > 0 AND i.status <> 'cancelled'),
     oldest AS (
       SELECT DISTINCT ON (customer_id) customer_id, id, number, due_date
         FROM open_inv ORDER BY customer_id, due_date, id),
     totals AS (
       SELECT customer_id, sum(open_cny_fen)::bigint AS open_fen,
              coalesce(sum(open_cny_fen) FILTER (WHERE due_date < $1::date), 0)::bigint AS overdue_fen
         FROM open_inv GROUP BY customer_id)
     SELECT c.id AS "customerId", c.name AS "customerName", c.region_id AS "regionId",
            c.owner_rep_id AS "ownerRepId", rep.manager_id AS "ownerManagerId", p.grade,
            o.id AS "invoiceId", o.number AS "invoiceNumber", to_char(o.due_date, 'YYYY-MM-DD') AS "dueDate",
            ($1::date - o.due_date)::int AS "daysPastDue", t.open_fen AS "openFen", t.overdue_fen AS "overdueFen",
            coalesce((SELECT array_agg(r.step ORDER BY r.step) FROM collection_reminders r WHERE r.invoice_id = o.id),
                     '{}') AS "raisedSteps"
       FROM oldest o JOIN totals t ON t.customer_id = o.customer_id
       JOIN customers c ON c.id = o.customer_id
       LEFT JOIN users rep ON rep.id = c.owner_rep_id
       LEFT JOIN credit_profiles p ON p.customer_id = c.id
      WHERE o.due_date <= $1::date + $2::int
        AND NOT EXISTS (SELECT 1 FROM collection_contacts k
                         WHERE k.customer_id = c.id AND k.promise_status = 'open' AND k.promised_on >= $1::date)
      ORDER BY c.id`,
    [asOf, lookaheadDays],
  );
  return rows;
}

export interface NewReminder {
  customerId: number;
  invoiceId: number;
  step: ReminderStep;
  daysPastDue: number;
}

/**
 * Records reminder steps as raised; a step already recorded for the invoice (a concurrent run)
 * is skipped. Returns the rows recorded now, so only they raise tasks.
 */
export async function insertReminders(
  db: Queryable,
  raisedOn: string,
  reminders: readonly NewReminder[],
): Promise<{ id: number; invoiceId: number; step: ReminderStep }[]> {
  if (reminders.length === 0) return [];
  const { rows } = await db.query<{ id: number; invoiceId: number; step: ReminderStep }>(
    `INSERT INTO collection_reminders (customer_id, invoice_id, step, days_past_due, raised_on)
     SELECT r.customer_id, r.invoice_id, r.step, r.days_past_due, $1::date
       FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::int[]) AS r(customer_id, invoice_id, step, days_past_due)
     ON CONFLICT (invoice_id, step) DO NOTHING
     RETURNING id, invoice_id AS "invoiceId", step`,
    [
      raisedOn,
      reminders.map((r) => r.customerId),
      reminders.map((r) => r.invoiceId),
      reminders.map((r) => r.step),
      reminders.map((r) => r.daysPastDue),
    ],
  );
  return rows;
}

/** Active users holding the role (finance takes escalated customers over). */
export async function listActiveUserIdsWithRole(db: Queryable, role: string): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM users WHERE is_active AND $1 = ANY(roles) ORDER BY id`,
    [role],
  );
  return rows.map((r) => r.id);
}
