/**
 * The demo company's collection log (issue #6): contacts with the customers that pay late, with
 * promises kept, broken and open by the same rule as the daily collections job, and the
 * collections worklist showing them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionWorklistQuery } from '../contracts/collections.ts';
import { listWorklist } from '../server/modules/credit/collections.service.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import type { Db } from '../server/platform/db.ts';
import { createTestDatabase, type TestDatabase } from '../server/testing/test-db.ts';
import { loadDemoCompany } from './company.ts';

let test: TestDatabase;
let db: Db;
const today = '2026-11-23';

beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await loadDemoCompany(db, { seed: 2026, today, historyMonths: 6 });
}, 300_000);
afterAll(async () => {
  await test?.drop();
});

describe('demo collection log', () => {
  it('contacts only customers with an invoice past due, never after today, about one of their open invoices', async () => {
    const { rows } = await db.query<{
      contacts: number;
      customers: number;
      stray: number;
      future: number;
      foreign: number;
    }>(
      `SELECT count(*)::int AS contacts, count(DISTINCT k.customer_id)::int AS customers,
              count(*) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM invoices i WHERE i.customer_id = k.customer_id AND i.open_amount > 0
                   AND i.status <> 'cancelled' AND i.due_date < $1::date AND i.due_date < k.contacted_on))::int AS stray,
              count(*) FILTER (WHERE k.contacted_on > $1::date)::int AS future,
              count(*) FILTER (WHERE i.customer_id <> k.customer_id OR i.open_amount <= 0)::int AS foreign
         FROM collection_contacts k JOIN invoices i ON i.id = k.invoice_id`,
      [today],
    );
    expect(rows[0]!.contacts).toBeGreaterThan(20);
    expect(rows[0]).toMatchObject({ stray: 0, future: 0, foreign: 0 });
    const overdue = await db.query<{ n: number }>(
      `SELECT count(DISTINCT customer_id)::int AS n FROM invoices
        WHERE open_amount > 0 AND status <> 'cancelled' AND due_date < $1::date`,
      [today],
    );
    expect(rows[0]!.customers).toBe(overdue.rows[0]!.n);
  });

  it('has promises kept, broken and open, each as the payments received since the contact say', async () => {
    const { rows } = await db.query<{ status: string; n: number; wrong: number }>(
      `SELECT k.promise_status AS status, count(*)::int AS n,
              count(*) FILTER (WHERE k.promise_status <> CASE
                WHEN paid.fen >= k.promised_fen THEN 'kept'
                WHEN k.promised_on < $1::date THEN 'broken'
                ELSE 'open' END)::int AS wrong
         FROM collection_contacts k
         CROSS JOIN LATERAL (SELECT coalesce(sum(p.amount_cny_fen), 0) AS fen FROM payments p
                              WHERE p.customer_id = k.customer_id
                                AND p.received_date BETWEEN k.contacted_on AND k.promised_on) paid
        WHERE k.promise_status IS NOT NULL
        GROUP BY 1 ORDER BY 1`,
      [today],
    );
    expect(rows.map((r) => r.status)).toEqual(['broken', 'kept', 'open']);
    for (const row of rows) {
      expect(row.n, row.status).toBeGreaterThan(0);
      expect(row.wrong, row.status).toBe(0);
    }
  });

  it('uses every channel of the steps reached, finance writing the escalations', async () => {
    const { rows } = await db.query<{ channel: string }>(
      'SELECT DISTINCT channel FROM collection_contacts ORDER BY 1',
    );
    expect(rows.map((r) => r.channel)).toEqual(['email', 'letter', 'phone', 'visit', 'wechat']);
    const letters = await db.query<{ username: string }>(
      `SELECT DISTINCT u.username FROM collection_contacts k JOIN users u ON u.id = k.logged_by
        WHERE k.channel = 'letter'`,
    );
    expect(letters.rows.map((r) => r.username)).toEqual(['finance']);
  });

  it('shows on the collections worklist: the latest contact and the open promise', async () => {
    const worklist = await listWorklist(
      db,
      systemContext('en'),
      collectionWorklistQuery.parse({ pageSize: 200 }),
      200,
      today,
    );
    const overdue = worklist.items.filter((item) => item.daysPastDue > 0);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((item) => item.lastContact !== null)).toBe(true);
    expect(worklist.items.some((item) => item.openPromise?.promiseStatus === 'open')).toBe(true);
  });
});
