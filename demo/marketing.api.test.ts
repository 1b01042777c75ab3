import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAttributionReport } from '../server/modules/marketing/attribution.service.ts';
import { getFunnelReport } from '../server/modules/marketing/funnel.service.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import { addDays } from '../server/platform/dates.ts';
import { createTestDatabase, type TestDatabase } from '../server/testing/test-db.ts';
import { loadDemoCompany } from './company.ts';

let database: TestDatabase;
const today = '2026-11-23';
const from = addDays(today, -729);

beforeAll(async () => {
  database = await createTestDatabase();
  // The demo company with its order history; the marketing section runs after the history.
  await loadDemoCompany(database.db, { seed: 7, today });
}, 600_000);
afterAll(async () => {
  await database?.drop();
});

describe('demo marketing section', () => {
  it('generates two years of campaigns of every type with costs booked over time, and thousands of leads', async () => {
    const { rows } = await database.db.query<{
      type: string;
      campaigns: number;
      costs: number;
      leads: number;
    }>(
      `SELECT c.type, count(DISTINCT c.id)::int AS campaigns, count(DISTINCT k.id)::int AS costs,
              (SELECT count(*)::int FROM leads l JOIN campaigns c2 ON c2.id = l.campaign_id WHERE c2.type = c.type) AS leads
         FROM campaigns c LEFT JOIN campaign_costs k ON k.campaign_id = c.id GROUP BY c.type`,
    );
    const byType = Object.fromEntries(rows.map((r) => [r.type, r]));
    expect(Object.keys(byType).sort()).toEqual([
      'academic_meeting',
      'distributor_promotion',
      'email',
      'online_ad',
      'trade_show',
    ]);
    expect(byType.trade_show!.costs).toBeGreaterThan(byType.trade_show!.campaigns * 3);
    const leads = rows.reduce((sum, r) => sum + r.leads, 0);
    expect(leads).toBeGreaterThan(2000);
    expect(byType.trade_show!.leads).toBeGreaterThan(byType.academic_meeting!.leads * 10);
    const { rows: dates } = await database.db.query<{ first: string; last: string }>(
      `SELECT to_char(min(cost_date), 'YYYY-MM-DD') AS first, to_char(max(cost_date), 'YYYY-MM-DD') AS last FROM campaign_costs`,
    );
    expect(dates[0]!.first < addDays(today, -600)).toBe(true);
    expect(dates[0]!.last <= today).toBe(true);
  });

  it('touches only customers that have orders', async () => {
    const { rows } = await database.db.query<{ orphans: number; touches: number }>(
      `SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM sales_orders o WHERE o.customer_id = t.customer_id))::int AS orphans,
              count(*)::int AS touches
         FROM touches t WHERE t.customer_id IS NOT NULL`,
    );
    expect(rows[0]!.orphans).toBe(0);
    expect(rows[0]!.touches).toBeGreaterThan(1000);
  });

  it('fills every stage of the funnel, with lost reasons', async () => {
    const report = await getFunnelReport(database.db, systemContext(), { from, to: today });
    const reached = report.stages.map((s) => s.reached);
    expect(reached.every((n) => n > 0)).toBe(true);
    expect(reached).toEqual([...reached].sort((a, b) => b - a));
    expect(report.lostReasons.length).toBeGreaterThan(2);
    expect(report.winRate).toBeGreaterThan(0);
    expect(report.salesVelocityFenPerDay).toBeGreaterThan(0);
  });

  it('tells the story: trade shows bring many leads and little profit, academic meetings few leads and much profit', async () => {
    const report = await getAttributionReport(database.db, systemContext(), { from, to: today });
    expect(report.orders.attributed).toBeGreaterThan(100);
    const sum = (type: string, pick: (c: (typeof report.campaigns)[number]) => number) =>
      report.campaigns.filter((c) => c.type === type).reduce((s, c) => s + pick(c), 0);
    const roi = (type: string) => {
      const cost = sum(type, (c) => c.costFen);
      return (
        (sum(type, (c) => c.models.linear.grossProfitFen - c.models.linear.afterSalesCostFen) - cost) / cost
      );
    };
    expect(sum('trade_show', (c) => c.leads)).toBeGreaterThan(sum('academic_meeting', (c) => c.leads) * 10);
    expect(roi('trade_show')).toBeLessThan(0);
    expect(roi('academic_meeting')).toBeGreaterThan(1);
    expect(sum('academic_meeting', (c) => c.leadToOpportunity ?? 0)).toBeGreaterThan(0);
    expect(report.economics.cacFen).toBeGreaterThan(0);
  });
});
