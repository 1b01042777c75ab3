import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelBreakdown, FunnelReport } from '../../../contracts/marketing.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { apiAs, insertCampaign, type MarketingWorld, seedMarketingWorld } from './marketing.fixtures.ts';

let test: TestApp;
let world: MarketingWorld;
let sequence = 0;

type Stage = 'lead' | 'opportunity' | 'quote' | 'contract' | 'won' | 'paid' | 'lost';
const order: Stage[] = ['opportunity', 'quote', 'contract', 'won', 'paid'];

/**
 * Writes one deal as it would have happened: a lead (unless `leadOn` is null) and, when it got
 * further, an opportunity with its stage history. `path` lists [stage, date] after the lead.
 */
async function deal(input: {
  leadOn: string | null;
  path?: [Stage, string][];
  ownerId?: number;
  regionId?: number;
  amountFen?: number;
  lostReason?: string;
  leadStatus?: string;
  disqualifiedReason?: string;
  campaignId?: number | null;
}) {
  const db = test.deps.db;
  const n = ++sequence;
  const ownerId = input.ownerId ?? world.userIds.east;
  const regionId = input.regionId ?? world.regions.pudong;
  const customerId = regionId === world.regions.guangdong ? world.southHospital : world.eastHospital;
  const path = input.path ?? [];
  const converted = path.length > 0 && input.leadOn !== null;
  let leadId: number | null = null;
  if (input.leadOn !== null) {
    const status = converted ? 'converted' : (input.leadStatus ?? 'new');
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO leads (code, contact_name, region_id, owner_id, source, status, disqualified_reason, customer_id,
                          converted_at, created_at, campaign_id, channel)
       VALUES ($1, '李医生', $2, $3, 'manual', $4, $5, $6, $7, ($8 || ' 09:00+08')::timestamptz, $9, 'exhibition')
       RETURNING id`,
      [
        `LD-T-${n}`,
        regionId,
        ownerId,
        status,
        status === 'disqualified' ? (input.disqualifiedReason ?? 'no_need') : null,
        converted ? customerId : null,
        converted ? `${path[0]![1]} 09:00+08` : null,
        input.leadOn,
        input.campaignId ?? null,
      ],
    );
    leadId = rows[0]!.id;
  }
  if (path.length === 0) return;
  const stages = path.map(([s]) => s);
  const last = path[path.length - 1]!;
  const furthest = stages.filter((s) => s !== 'lost').sort((a, b) => order.indexOf(b) - order.indexOf(a))[0]!;
  const dateOf = (stage: Stage) => path.find(([s]) => s === stage)?.[1] ?? null;
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO opportunities (number, name, customer_id, region_id, lead_id, owner_id, stage, furthest_stage,
                                lost_reason, amount_fen, created_on, won_on, paid_on, lost_on, order_id, campaign_id,
                                channel)
     VALUES ($1, 'Deal', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'exhibition') RETURNING id`,
    [
      `OP-T-${n}`,
      customerId,
      regionId,
      leadId,
      ownerId,
      last[0],
      furthest,
      last[0] === 'lost' ? (input.lostReason ?? 'price') : null,
      input.amountFen ?? 0,
      path[0]![1],
      dateOf('won'),
      dateOf('paid'),
      dateOf('lost'),
      dateOf('won') ? await anOrder(customerId) : null,
      input.campaignId ?? null,
    ],
  );
  const history: [Stage, string][] = input.leadOn !== null ? [['lead', input.leadOn], ...path] : path;
  for (const [stage, date] of history) {
    await db.query(
      `INSERT INTO opportunity_stage_history (opportunity_id, stage, entered_at, entered_on)
       VALUES ($1, $2, ($3 || ' 09:00+08')::timestamptz, $3::date)`,
      [rows[0]!.id, stage, date],
    );
  }
}

async function anOrder(customerId: number): Promise<number> {
  const { rows } = await test.deps.db.query<{ id: number }>(
    `INSERT INTO sales_orders (number, customer_id, region_id, exchange_rate, order_date, promised_date, net_amount,
                               tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
     SELECT 'SO-F-' || $2, id, region_id, 1, DATE '2026-05-01', DATE '2026-05-01', 1, 0, 1, 1, 0, 1
       FROM customers WHERE id = $1 RETURNING id`,
    [customerId, ++sequence],
  );
  return rows[0]!.id;
}

beforeAll(async () => {
  test = await createTestApp();
  world = await seedMarketingWorld(test);
  const spam = await insertCampaign(test, { name: 'Spam source' });

  // The quarter analysed: 2026-04-01 … 2026-06-30.
  await deal({ leadOn: '2026-04-01' });
  await deal({ leadOn: '2026-04-02' });
  await deal({ leadOn: '2026-04-03' });
  await deal({ leadOn: '2026-04-04', leadStatus: 'disqualified', disqualifiedReason: 'no_need' });
  await deal({
    leadOn: '2026-04-05',
    leadStatus: 'disqualified',
    disqualifiedReason: 'spam',
    campaignId: spam,
  });
  await deal({
    leadOn: '2026-04-01',
    path: [
      ['opportunity', '2026-04-05'],
      ['lost', '2026-04-15'],
    ],
    lostReason: 'price',
  });
  await deal({ leadOn: '2026-04-02', path: [['opportunity', '2026-04-06']] });
  await deal({
    leadOn: '2026-04-03',
    path: [
      ['opportunity', '2026-04-07'],
      ['quote', '2026-04-17'],
      ['lost', '2026-04-27'],
    ],
    lostReason: 'competitor',
  });
  await deal({
    leadOn: '2026-04-04',
    path: [
      ['opportunity', '2026-04-08'],
      ['quote', '2026-04-18'],
      ['contract', '2026-04-28'],
    ],
  });
  await deal({
    leadOn: '2026-04-05',
    path: [
      ['opportunity', '2026-04-09'],
      ['quote', '2026-04-19'],
      ['contract', '2026-04-29'],
      ['won', '2026-05-09'],
    ],
    amountFen: 1_000_000,
  });
  await deal({
    leadOn: '2026-04-06',
    path: [
      ['opportunity', '2026-04-10'],
      ['quote', '2026-04-20'],
      ['contract', '2026-04-30'],
      ['won', '2026-05-10'],
      ['paid', '2026-05-20'],
    ],
    amountFen: 2_000_000,
  });
  await deal({
    leadOn: null,
    path: [
      ['opportunity', '2026-04-11'],
      ['quote', '2026-04-21'],
    ],
  });
  await deal({
    leadOn: null,
    path: [
      ['opportunity', '2026-04-12'],
      ['quote', '2026-04-22'],
      ['won', '2026-05-12'],
    ],
    amountFen: 3_000_000,
  });

  // The quarter before: four deals that all became opportunities and quotes, three reached a contract; all lost in March.
  for (const [i, furthest] of (['contract', 'contract', 'contract', 'quote'] as const).entries()) {
    const start = `2026-01-0${i + 1}`;
    const path: [Stage, string][] = [
      ['opportunity', start],
      ['quote', '2026-02-01'],
    ];
    if (furthest === 'contract') path.push(['contract', '2026-02-15']);
    path.push(['lost', '2026-03-01']);
    await deal({ leadOn: start, path, lostReason: 'no_budget' });
  }

  // DOMAIN §7 velocity: another rep in 2028 with 40 open opportunities, one won deal of 25,000 yuan after 90 days
  // and three lost (win rate 25 %).
  for (let i = 0; i < 40; i++)
    await deal({ leadOn: null, path: [['opportunity', '2028-06-01']], ownerId: world.userIds.east2 });
  await deal({
    leadOn: null,
    path: [
      ['opportunity', '2028-01-01'],
      ['won', '2028-03-31'],
    ],
    amountFen: 2_500_000,
    ownerId: world.userIds.east2,
  });
  for (let i = 0; i < 3; i++) {
    await deal({
      leadOn: null,
      path: [
        ['opportunity', '2028-01-01'],
        ['lost', '2028-02-01'],
      ],
      ownerId: world.userIds.east2,
    });
  }
});
afterAll(async () => {
  await test?.close();
});

async function funnel(cookie: string, query: string) {
  const response = await apiAs(test, cookie).get(`/api/funnel?${query}`);
  expect(response.statusCode).toBe(200);
  return response.json() as FunnelReport;
}

describe('the funnel on a hand-built quarter', () => {
  const quarter = 'from=2026-04-01&to=2026-06-30';

  it('counts every deal as having reached each stage up to its furthest (spam and duplicates are not deals)', async () => {
    const report = await funnel(world.cookies.director, quarter);
    expect(Object.fromEntries(report.stages.map((s) => [s.stage, s.reached]))).toEqual({
      lead: 12,
      opportunity: 8,
      quote: 6,
      contract: 4,
      won: 3,
      paid: 1,
    });
    expect(report.conversions.map((c) => [c.from, c.to, c.rate])).toEqual([
      ['lead', 'opportunity', 8 / 12],
      ['opportunity', 'quote', 6 / 8],
      ['quote', 'contract', 4 / 6],
      ['contract', 'won', 3 / 4],
      ['won', 'paid', 1 / 3],
    ]);
  });

  it('measures time in stage from the stage history (stays that ended)', async () => {
    const report = await funnel(world.cookies.director, quarter);
    expect(Object.fromEntries(report.stages.map((s) => [s.stage, s.averageDaysInStage]))).toEqual({
      lead: 4,
      opportunity: 10,
      quote: 12,
      contract: 10,
      won: 10,
      paid: null,
    });
  });

  it('gives win rate, average won deal, average cycle and sales velocity', async () => {
    const report = await funnel(world.cookies.director, quarter);
    expect(report).toMatchObject({
      won: 3,
      lost: 2,
      openOpportunities: 3,
      winRate: 0.6,
      averageCycleDays: 30,
    });
    expect(report.averageWonDealFen).toBe(2_000_000);
    // 3 open × 2,000,000 × 0.6 ÷ 30 days.
    expect(report.salesVelocityFenPerDay).toBeCloseTo(120_000, 6);
    expect(report.lostReasons).toEqual([
      { reason: 'competitor', count: 1 },
      { reason: 'price', count: 1 },
    ]);
  });

  it('marks as bottleneck the stage whose conversion fell furthest below its trailing average', async () => {
    const report = await funnel(world.cookies.director, quarter);
    const leadToOpportunity = report.conversions[0]!;
    expect(leadToOpportunity.trailingRate).toBe(1);
    expect(report.conversions[2]!.trailingRate).toBe(0.75);
    expect(report.conversions[4]!.trailingRate).toBeNull();
    expect(report.bottleneck).toMatchObject({ from: 'lead', to: 'opportunity' });
    expect(report.bottleneck!.gap).toBeCloseTo(8 / 12 - 1, 10);
  });

  it('reproduces the DOMAIN velocity example: 40 × 25,000 × 0.25 ÷ 90 = 2,777.78 per day', async () => {
    const report = await funnel(
      world.cookies.director,
      `from=2028-01-01&to=2028-12-31&ownerId=${world.userIds.east2}`,
    );
    expect(report).toMatchObject({
      openOpportunities: 40,
      winRate: 0.25,
      averageWonDealFen: 2_500_000,
      averageCycleDays: 90,
    });
    expect(Math.round(report.salesVelocityFenPerDay!) / 100).toBe(2_777.78);
  });

  it('breaks the funnel down by rep and by month', async () => {
    const response = await apiAs(test, world.cookies.director).get(
      `/api/funnel/breakdown?${quarter}&by=owner`,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json() as FunnelBreakdown;
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({
      key: String(world.userIds.east),
      label: 'User east',
      won: 3,
      lost: 2,
    });
    expect(body.rows[0]!.reached).toMatchObject({ lead: 12, opportunity: 8, paid: 1 });
    const byMonth = (
      await apiAs(test, world.cookies.director).get(`/api/funnel/breakdown?${quarter}&by=month`)
    ).json();
    expect((byMonth as FunnelBreakdown).rows.map((r) => r.key)).toEqual(['2026-04']);
  });

  it('shows a rep of another region an empty funnel — no counts, no aggregates', async () => {
    const report = await funnel(world.cookies.south, quarter);
    expect(report.stages.every((s) => s.reached === 0)).toBe(true);
    expect(report).toMatchObject({
      won: 0,
      lost: 0,
      openOpportunities: 0,
      winRate: null,
      salesVelocityFenPerDay: null,
    });
    expect(report.lostReasons).toEqual([]);
    const breakdown = (
      await apiAs(test, world.cookies.south).get(`/api/funnel/breakdown?${quarter}&by=region`)
    ).json();
    expect((breakdown as FunnelBreakdown).rows).toEqual([]);
    const east = await funnel(world.cookies.east, quarter);
    expect(east.stages[0]!.reached).toBe(12);
  });
});
