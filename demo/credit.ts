/**
 * The demo company's credit picture: every customer rated by the credit module's own scorecard
 * each quarter of the last year (so the credit page has a history to chart and grades that
 * moved), the customer whose debts were written off on hold, the worst payers on watch, and the
 * collection contacts made with the customers that pay late (see collection-logs.ts).
 * Runs after the order history: the ratings read its invoices, payments and write-offs.
 */
import { ensureDefaultPolicy, rateInTransaction } from '../server/modules/credit/index.ts';
import { addDays } from '../server/platform/dates.ts';
import { loadCollectionLogs } from './collection-logs.ts';
import type { DemoContext, DemoSection } from './company.ts';

/** How many of the lowest-scored customers (with money still owed) are put on watch. */
const WATCHED = 4;

async function loadCreditPicture(demo: DemoContext): Promise<void> {
  if (!demo.historyMonths) return;
  const { tx, today } = demo;
  await ensureDefaultPolicy(tx);
  const { rows: customers } = await tx.query<{ id: number }>('SELECT id FROM customers ORDER BY id');
  const ids = customers.map((c) => Number(c.id));
  // Quarterly ratings over the last year, oldest first: the first one opens the profiles.
  const quarters = [-360, -270, -180, -90, 0];
  for (const [index, offset] of quarters.entries()) {
    await rateInTransaction(tx, ids, { trigger: 'scheduled', asOf: addDays(today, offset) });
    demo.progress?.((index + 1) / (quarters.length + 1), `rating ${addDays(today, offset)}`);
  }

  // Status is the finance director's decision; the demo takes the ones a director would take.
  await tx.query(
    `UPDATE credit_profiles SET status = 'hold', status_reason = '坏账已核销，停止赊销 / debts written off: no more credit'
      WHERE customer_id IN (SELECT customer_id FROM write_offs WHERE status = 'approved')`,
  );
  await tx.query(
    `UPDATE credit_profiles SET status = 'watch', status_reason = '严重逾期，重点跟踪 / seriously overdue: watch closely'
      WHERE customer_id IN (
        SELECT p.customer_id FROM credit_profiles p
         WHERE p.status = 'normal'
           AND EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = p.customer_id AND i.due_date < $1
                          AND i.status NOT IN ('paid', 'cancelled', 'written_off'))
         ORDER BY p.score, p.customer_id LIMIT $2)`,
    [today, WATCHED],
  );
  await loadCollectionLogs(demo);
  demo.progress?.(1);
}

export const creditSection: DemoSection = {
  name: 'credit ratings',
  run: loadCreditPicture,
};
