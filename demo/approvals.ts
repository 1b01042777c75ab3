/**
 * Approvals under way today, so that the approvers' inboxes are not empty on first start: next
 * year's contracts of three tender hospitals, drawn up by their owner reps in the last days with
 * this year's agreed prices and sent for approval — one along each route of the default contract
 * policy (DOMAIN §5): under ¥50,000 to the sales director; ¥50,000–200,000 to the director and
 * finance in parallel; above ¥200,000 through director → legal → finance director → general
 * manager, where the director has approved already and legal is next. Started and decided
 * through the workflow engine, as the approval screens do, so reminders, escalation and the
 * timeline treat them as any other.
 */

import { findUserById } from '../server/modules/auth/auth.repository.ts';
import { buildContext } from '../server/modules/auth/auth.service.ts';
import { insertContract } from '../server/modules/sales/contracts/contracts.repository.ts';
import { decideApproval, startApproval } from '../server/modules/workflow/index.ts';
import { ensureDefaultPolicies } from '../server/modules/workflow/policies.service.ts';
import type { RequestContext } from '../server/platform/auth-context.ts';
import { addDays } from '../server/platform/dates.ts';
import { nextDocumentNumber } from '../server/platform/numbering.ts';
import type { DemoContext, DemoSection } from './company.ts';

/** The contracts sent: the amount the rep expects the year to bring (incl. VAT), and how long ago. */
const SENT = [
  { amountYuan: 38_600, daysAgo: 1 },
  { amountYuan: 126_400, daysAgo: 2 },
  { amountYuan: 862_000, daysAgo: 4 },
] as const;

/** A user as the server sees them signed in (roles, permissions, regions). */
async function contextOf(demo: DemoContext, userId: number): Promise<RequestContext> {
  const user = await findUserById(demo.tx, userId);
  if (!user) throw new Error(`demo user ${userId} is missing`);
  return buildContext(demo.tx, user, { lang: 'zh-CN', ip: null, via: 'system' });
}

/** A moment on `day` in working hours, China time. */
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:30:00+08:00`);

async function loadApprovalsUnderWay(demo: DemoContext): Promise<void> {
  if (!demo.historyMonths) return;
  const { tx, today } = demo;
  await ensureDefaultPolicies(tx);
  const nextYear = Number(today.slice(0, 4)) + 1;
  // This year's contracts of tender hospitals with an owner rep, the largest price lists first.
  const { rows: current } = await tx.query<{
    id: number;
    customer_id: number;
    customer_name: string;
    region_id: number;
    rep_id: number;
  }>(
    `SELECT k.id, k.customer_id, c.name AS customer_name, k.region_id, c.owner_rep_id AS rep_id
       FROM sales_contracts k JOIN customers c ON c.id = k.customer_id
      WHERE k.status = 'active' AND k.valid_from <= $1 AND k.valid_until >= $1 AND c.owner_rep_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM sales_contracts n WHERE n.customer_id = k.customer_id AND n.valid_from > $1)
      ORDER BY (SELECT count(*) FROM sales_contract_lines l WHERE l.contract_id = k.id) DESC, k.number
      LIMIT $2`,
    [today, SENT.length],
  );
  const director = demo.userIds.get('director');
  if (director === undefined) return;
  const directorContext = await contextOf(demo, director);
  for (const [index, contract] of current.entries()) {
    const sent = SENT[index]!;
    const sentOn = addDays(today, -sent.daysAgo);
    const rep = await contextOf(demo, Number(contract.rep_id));
    const { rows: lines } = await tx.query<{ product_id: number; unit_price: number }>(
      'SELECT product_id, unit_price FROM sales_contract_lines WHERE contract_id = $1 ORDER BY product_id',
      [contract.id],
    );
    const number = await nextDocumentNumber(tx, 'CT', sentOn);
    const note = `${nextYear} 年度供货合同 / supply contract ${nextYear}`;
    const id = await insertContract(
      tx,
      {
        number,
        customerId: Number(contract.customer_id),
        regionId: Number(contract.region_id),
        quoteId: null,
        currency: 'CNY',
        validFrom: `${nextYear}-01-01`,
        validUntil: `${nextYear}-12-31`,
        note,
        createdBy: rep.userId,
      },
      lines.map((l) => ({ productId: Number(l.product_id), unitPrice: Number(l.unit_price) })),
    );
    const started = await startApproval(
      tx,
      rep,
      {
        documentType: 'contract',
        documentId: id,
        documentRef: number,
        title: `${contract.customer_name} ${note}`,
        amountFen: sent.amountYuan * 100,
        regionId: Number(contract.region_id),
        customerId: Number(contract.customer_id),
        attributes: {},
      },
      at(sentOn, 10),
    );
    // The largest has passed its first step: the director approved it the next morning.
    if (index === SENT.length - 1) {
      await decideApproval(
        tx,
        directorContext,
        started.id,
        'approve',
        '价格与今年一致，同意 / same prices as this year: approved',
        at(addDays(sentOn, 1), 9),
      );
    }
  }
}

export const approvalsSection: DemoSection = {
  name: 'approvals under way',
  run: loadApprovalsUnderWay,
};
