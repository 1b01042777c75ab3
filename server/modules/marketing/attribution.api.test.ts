import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributionReport, OrderAttribution } from '../../../contracts/marketing.ts';
import { addDays } from '../../platform/dates.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  apiAs,
  insertCampaign,
  insertCost,
  insertInvoicedOrder,
  insertTouch,
  type MarketingWorld,
  seedMarketingWorld,
} from './marketing.fixtures.ts';

let test: TestApp;
let world: MarketingWorld;
const DAY0 = '2026-01-01';
const day = (n: number) => addDays(DAY0, n);

beforeAll(async () => {
  test = await createTestApp();
  world = await seedMarketingWorld(test);
});
afterAll(async () => {
  await test?.close();
});

async function newCustomer(code: string, regionId: number) {
  const { rows } = await test.deps.db.query<{ id: number }>(
    `INSERT INTO customers (code, name, name_normalized, type, channel, region_id)
     VALUES ($1, $1, $1, 'hospital', 'direct', $2) RETURNING id`,
    [code, regionId],
  );
  return rows[0]!.id;
}

async function orderAttribution(orderId: number, cookie = world.cookies.marketing, query = '') {
  const response = await apiAs(test, cookie).get(`/api/attribution/orders/${orderId}${query}`);
  return { status: response.statusCode, body: response.json() as OrderAttribution };
}

function shares(
  body: OrderAttribution,
  model: string,
  amount: 'grossProfitFen' | 'revenueFen' | 'collectedCashFen',
) {
  return body.models.find((m) => m.model === model)!.shares.map((s) => s[amount]);
}

describe('attribution of one order through the API', () => {
  it('reproduces the DOMAIN §7 example to the fen for all five models (touches day 0, 10, 20; order day 24; GP 1,000,000)', async () => {
    const customer = await newCustomer('H-DOMAIN', world.regions.pudong);
    const [a, b, c] = [await insertCampaign(test), await insertCampaign(test), await insertCampaign(test)];
    // Recorded out of order: attribution orders them by time.
    await insertTouch(test, { customerId: customer, campaignId: c, date: day(20) });
    await insertTouch(test, { customerId: customer, campaignId: a, date: day(0) });
    await insertTouch(test, { customerId: customer, campaignId: b, date: day(10) });
    const { orderId } = await insertInvoicedOrder(test, {
      customerId: customer,
      orderDate: day(24),
      netFen: 1_500_000,
      costFen: 500_000,
      paidFen: 1_500_000,
    });

    const { status, body } = await orderAttribution(orderId);
    expect(status).toBe(200);
    expect(body.status).toBe('attributed');
    expect(body.order).toMatchObject({
      revenueFen: 1_500_000,
      grossProfitFen: 1_000_000,
      collectedCashFen: 1_500_000,
    });
    expect(body.touches.map((t) => [t.campaignId, t.ageDays])).toEqual([
      [a, 24],
      [b, 14],
      [c, 4],
    ]);
    expect(shares(body, 'first_touch', 'grossProfitFen')).toEqual([1_000_000, 0, 0]);
    expect(shares(body, 'last_touch', 'grossProfitFen')).toEqual([0, 0, 1_000_000]);
    expect(shares(body, 'linear', 'grossProfitFen')).toEqual([333_334, 333_333, 333_333]);
    expect(shares(body, 'time_decay', 'grossProfitFen')).toEqual([91_428, 246_105, 662_467]);
    expect(shares(body, 'position_based', 'grossProfitFen')).toEqual([400_000, 200_000, 400_000]);
    for (const model of body.models) {
      const sum = (key: 'revenueFen' | 'collectedCashFen') => model.shares.reduce((s, x) => s + x[key], 0);
      expect(sum('revenueFen')).toBe(1_500_000);
      expect(sum('collectedCashFen')).toBe(1_500_000);
    }
  });

  it('gives a single touch everything under every model', async () => {
    const customer = await newCustomer('H-ONE', world.regions.pudong);
    const campaign = await insertCampaign(test);
    await insertTouch(test, { customerId: customer, campaignId: campaign, date: day(3) });
    const { orderId } = await insertInvoicedOrder(test, {
      customerId: customer,
      orderDate: day(5),
      netFen: 777_777,
      costFen: 0,
    });
    const { body } = await orderAttribution(orderId);
    for (const model of body.models) expect(model.shares.map((s) => s.grossProfitFen)).toEqual([777_777]);
  });

  it('splits two touches 50/50 by position and by linear, all to one end by first and last touch', async () => {
    const customer = await newCustomer('H-TWO', world.regions.pudong);
    const campaign = await insertCampaign(test);
    await insertTouch(test, { customerId: customer, campaignId: campaign, date: day(0) });
    await insertTouch(test, { customerId: customer, campaignId: campaign, date: day(7) });
    const { orderId } = await insertInvoicedOrder(test, {
      customerId: customer,
      orderDate: day(7),
      netFen: 100_001,
      costFen: 0,
    });
    const { body } = await orderAttribution(orderId);
    expect(shares(body, 'position_based', 'grossProfitFen')).toEqual([50_001, 50_000]);
    expect(shares(body, 'linear', 'grossProfitFen')).toEqual([50_001, 50_000]);
    expect(shares(body, 'first_touch', 'grossProfitFen')).toEqual([100_001, 0]);
    expect(shares(body, 'last_touch', 'grossProfitFen')).toEqual([0, 100_001]);
    // Ages 7 and 0: weights 1/2 and 1 → one third and two thirds.
    expect(shares(body, 'time_decay', 'grossProfitFen')).toEqual([33_334, 66_667]);
  });

  it('ignores touches after the order and before the 180-day window (a touch 179 days before counts)', async () => {
    const customer = await newCustomer('H-WINDOW', world.regions.pudong);
    const campaign = await insertCampaign(test);
    const orderDate = day(200);
    const tooOld = await insertTouch(test, {
      customerId: customer,
      campaignId: campaign,
      date: addDays(orderDate, -180),
    });
    const oldest = await insertTouch(test, {
      customerId: customer,
      campaignId: campaign,
      date: addDays(orderDate, -179),
    });
    const sameDay = await insertTouch(test, {
      customerId: customer,
      campaignId: campaign,
      date: orderDate,
      time: '23:59:00',
    });
    const after = await insertTouch(test, {
      customerId: customer,
      campaignId: campaign,
      date: addDays(orderDate, 1),
    });
    const { orderId } = await insertInvoicedOrder(test, {
      customerId: customer,
      orderDate,
      netFen: 1_000,
      costFen: 0,
    });

    const { body } = await orderAttribution(orderId);
    const counted = body.touches.map((t) => t.touchId);
    expect(counted).toEqual([oldest, sameDay]);
    expect(counted).not.toContain(tooOld);
    expect(counted).not.toContain(after);

    // A longer window (query parameter, or the stored setting) takes the older touch in.
    const wider = await orderAttribution(orderId, world.cookies.marketing, '?lookbackDays=181');
    expect(wider.body.touches.map((t) => t.touchId)).toEqual([tooOld, oldest, sameDay]);
  });

  it('leaves an order without touches in the window unattributed', async () => {
    const customer = await newCustomer('H-NONE', world.regions.pudong);
    const campaign = await insertCampaign(test);
    await insertTouch(test, { customerId: customer, campaignId: campaign, date: day(30) });
    const { orderId } = await insertInvoicedOrder(test, {
      customerId: customer,
      orderDate: day(29),
      netFen: 5_000,
      costFen: 0,
    });
    const { body } = await orderAttribution(orderId);
    expect(body.status).toBe('unattributed');
    expect(body.models.every((m) => m.shares.length === 0)).toBe(true);
  });

  it('answers 404 for an order outside the caller’s regions', async () => {
    const customer = await newCustomer('H-EAST-ONLY', world.regions.pudong);
    const { orderId } = await insertInvoicedOrder(test, {
      customerId: customer,
      orderDate: day(1),
      netFen: 1,
      costFen: 0,
    });
    expect((await orderAttribution(orderId, world.cookies.south)).status).toBe(404);
    expect((await orderAttribution(orderId, world.cookies.east)).status).toBe(200);
  });
});

describe('attribution report by campaign and channel', () => {
  let trade: number;
  let academic: number;
  let southOnly: number;
  const from = '2027-01-01';
  const to = '2027-12-31';

  beforeAll(async () => {
    trade = await insertCampaign(test, { name: 'CMEF 2027', type: 'trade_show', channel: 'exhibition' });
    academic = await insertCampaign(test, {
      name: '介入学术年会',
      type: 'academic_meeting',
      channel: 'academic',
    });
    southOnly = await insertCampaign(test, {
      name: '华南经销商促销',
      channel: 'distributor',
      regionId: world.regions.south,
    });
    await insertCost(test, trade, '2027-03-01', 1_000_000);
    await insertCost(test, trade, '2027-05-01', 500_000);
    await insertCost(test, trade, '2026-12-31', 999_999); // outside the period
    await insertCost(test, academic, '2027-04-01', 200_000);
    await insertCost(test, southOnly, '2027-04-01', 50_000);

    const east = await newCustomer('H-R-EAST', world.regions.pudong);
    const south = await newCustomer('H-R-SOUTH', world.regions.guangdong);
    // East: trade show then academic meeting, one order with GP 600,000 and an after-sales cost of 30,000.
    await insertTouch(test, { customerId: east, campaignId: trade, date: '2027-03-10' });
    await insertTouch(test, { customerId: east, campaignId: academic, date: '2027-04-10' });
    const eastOrder = await insertInvoicedOrder(test, {
      customerId: east,
      orderDate: '2027-04-20',
      netFen: 1_000_000,
      costFen: 400_000,
      paidFen: 800_000,
    });
    await test.deps.db.query(
      `INSERT INTO after_sales_costs (order_id, cost_date, kind, amount_fen) VALUES ($1, '2027-05-01', 'service_ticket', 30000)`,
      [eastOrder.orderId],
    );
    // South: only the south campaign; GP 100,000. And an unattributed order.
    await insertTouch(test, { customerId: south, campaignId: southOnly, date: '2027-04-02' });
    await insertInvoicedOrder(test, {
      customerId: south,
      orderDate: '2027-04-05',
      netFen: 300_000,
      costFen: 200_000,
    });
    // Before its touch: unattributed.
    await insertInvoicedOrder(test, {
      customerId: south,
      orderDate: '2027-03-01',
      netFen: 10_000,
      costFen: 5_000,
    });
    // A cancelled order never counts.
    await insertInvoicedOrder(test, {
      customerId: east,
      orderDate: '2027-06-01',
      netFen: 9_999_999,
      costFen: 0,
      status: 'cancelled',
    });
  });

  async function report(cookie: string) {
    const response = await apiAs(test, cookie).get(`/api/attribution?from=${from}&to=${to}`);
    expect(response.statusCode).toBe(200);
    return response.json() as AttributionReport;
  }

  it('puts the five models side by side per campaign, each adding up to the attributed orders', async () => {
    const body = await report(world.cookies.marketing);
    expect(body.lookbackDays).toBe(180);
    expect(body.orders).toMatchObject({ total: 3, attributed: 2, unattributed: 1 });
    const row = (id: number) => body.campaigns.find((c) => c.campaignId === id)!;
    expect(row(trade).costFen).toBe(1_500_000);
    expect(row(trade).models.first_touch.grossProfitFen).toBe(600_000);
    expect(row(academic).models.first_touch.grossProfitFen).toBe(0);
    expect(row(trade).models.last_touch.grossProfitFen).toBe(0);
    expect(row(academic).models.last_touch.grossProfitFen).toBe(600_000);
    expect(row(trade).models.linear).toMatchObject({
      grossProfitFen: 300_000,
      collectedCashFen: 400_000,
      afterSalesCostFen: 15_000,
    });
    expect(row(academic).models.position_based.grossProfitFen).toBe(300_000);
    // ROI = (attributed GP − cost − after-sales) ÷ cost.
    expect(row(academic).models.last_touch.roi).toBeCloseTo((600_000 - 200_000 - 30_000) / 200_000, 10);
    expect(row(trade).models.first_touch.roi).toBeCloseTo((600_000 - 1_500_000 - 30_000) / 1_500_000, 10);
    for (const model of ['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based'] as const) {
      const total = body.campaigns.reduce((sum, c) => sum + c.models[model].grossProfitFen, 0);
      expect(total).toBe(600_000 + 100_000);
    }
    const channel = (name: string) => body.channels.find((c) => c.channel === name)!;
    expect(channel('exhibition').costFen).toBe(1_500_000);
    expect(channel('academic').models.last_touch.grossProfitFen).toBe(600_000);
    expect(body.economics.marketingSpendFen).toBe(1_750_000);
    expect(body.economics.newCustomers).toBe(2);
    expect(body.economics.cacFen).toBe(875_000);
  });

  it('shows a rep only the orders, leads and campaigns of their region — another rep sees nothing of them', async () => {
    const south = await report(world.cookies.south);
    expect(south.orders).toMatchObject({ total: 2, attributed: 1 });
    expect(south.campaigns.find((c) => c.campaignId === southOnly)?.models.first_touch.grossProfitFen).toBe(
      100_000,
    );
    const totalGp = south.campaigns.reduce((sum, c) => sum + c.models.linear.grossProfitFen, 0);
    expect(totalGp).toBe(100_000);

    const east = await report(world.cookies.east);
    expect(east.campaigns.map((c) => c.campaignId)).not.toContain(southOnly);
    expect(east.orders.total).toBe(1);
    expect(east.campaigns.reduce((sum, c) => sum + c.models.linear.grossProfitFen, 0)).toBe(600_000);
  });

  it('refuses a period that ends before it starts', async () => {
    const response = await apiAs(test, world.cookies.marketing).get(
      '/api/attribution?from=2027-02-01&to=2027-01-01',
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('INVALID_DATE_RANGE');
  });

  it('exports the campaign × model table', async () => {
    const response = await apiAs(test, world.cookies.marketing).get(
      `/api/attribution/export?from=${from}&to=${to}&format=csv`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.body).toContain('CMEF 2027');
    expect(response.body.split('\n').filter((l) => l.includes('CMEF 2027'))).toHaveLength(5);
  });

  it('is not open to roles without marketing analytics', async () => {
    const response = await apiAs(test, world.cookies.warehouse).get(`/api/attribution?from=${from}&to=${to}`);
    expect(response.statusCode).toBe(403);
  });
});
