/**
 * Customer value (DOMAIN §6 boundaries) and the product portfolio (DOMAIN §9 cut-offs)
 * through the API, on customers and product lines built by hand for each boundary.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerValue, Portfolio } from '../../../../contracts/analytics-insights.ts';
import { addDays } from '../../../platform/dates.ts';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import {
  createInvoicedShipment,
  type FinanceWorld,
  type ShippedLine,
  seedFinanceWorld,
} from '../../finance/finance.fixtures.ts';
import { insertConfirmedOrders } from '../semantic/semantic.fixtures.ts';

let test: TestApp;
let world: FinanceWorld;
const AS_OF = '2026-06-30';
const ago = (days: number) => addDays(AS_OF, -days);
const customers: Record<string, number> = {};

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await test.deps.db.query(text, params)).rows as T[];
}

async function customer(code: string, region = 4): Promise<number> {
  const id = (
    await sql<{ id: number }>(
      `INSERT INTO customers (code, name, name_normalized, type, channel, region_id)
       VALUES ($1, $1, $1, 'hospital', 'direct', $2) RETURNING id`,
      [code, region],
    )
  )[0]!.id;
  customers[code] = id;
  return id;
}

/** Confirmed orders of a customer on a date, each of `netFen`. */
const orders = (customerId: number, date: string, count: number, netFen: number) =>
  insertConfirmedOrders(test.deps.db, customerId, Array<string>(count).fill(date), netFen);

async function invoice(customerId: number, date: string, lines: ShippedLine[]) {
  await createInvoicedShipment(test, world, { customerId, shippedOn: date, lines });
}

async function customerValue(cookie: string, body: Record<string, unknown>) {
  const response = await test.app.inject({
    method: 'POST',
    url: '/api/analytics/customer-value',
    headers: { cookie, 'accept-language': 'en' },
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as CustomerValue;
}

async function portfolio(query: string) {
  const response = await test.app.inject({
    method: 'GET',
    url: `/api/analytics/portfolio?from=2025-07-01&to=2025-12-31${query}`,
    headers: { cookie: world.cookies.director, 'accept-language': 'en' },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Portfolio;
}

const sizes = (result: CustomerValue) =>
  Object.fromEntries(result.segments.map((s) => [s.segment, s.customers]));
const segmentOf = (result: CustomerValue, code: string) =>
  result.customers.find((c) => c.customerId === customers[code])?.segment;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  const yuan100k = 10_000_000;
  // high value: R 29, F 11 (12 with the invoiced order), M 1.1 M yuan.
  const hv29 = await customer('HV-29');
  await orders(hv29, ago(200), 1, yuan100k);
  await orders(hv29, ago(29), 10, yuan100k);
  // R exactly 30: no longer high value → regular.
  const hv30 = await customer('HV-30');
  await orders(hv30, ago(200), 1, yuan100k);
  await orders(hv30, ago(30), 10, yuan100k);
  // M exactly 1,000,000 yuan (not above) → regular.
  const hvM = await customer('HV-M');
  await orders(hvM, ago(200), 1, yuan100k);
  await orders(hvM, ago(29), 10, 9_000_000);
  // First order 59 days ago → new; 60 days ago → potential (R < 90, F < 5).
  await orders(await customer('NEW-59'), ago(59), 1, 1_000_000);
  await orders(await customer('NEW-60'), ago(60), 1, 1_000_000);
  // Six orders, the last 181 days ago → churn risk; 180 days ago → regular.
  await orders(await customer('CHURN-181'), ago(181), 6, 1_000_000);
  await orders(await customer('CHURN-180'), ago(180), 6, 1_000_000);
  // One small order 366 days ago → low value; 365 days ago → regular.
  await orders(await customer('LOW-366'), ago(366), 1, 500_000);
  await orders(await customer('LOW-365'), ago(365), 1, 500_000);
  // Revenue in the window: 200,000 for HV-29 and 100,000 for NEW-59 (their invoiced orders keep them in segment).
  await invoice(hv29, '2026-06-01', [
    { productId: world.stent, lotId: world.lotStent, quantity: 1, unitPrice: 200_000 },
  ]);
  await invoice(customers['NEW-59']!, ago(59), [
    { productId: world.catheter, lotId: world.lotCatheter, quantity: 1, unitPrice: 100_000 },
  ]);
  // A West customer: outside a 华东 user's scope.
  await orders(await customer('WEST-10', 5), ago(10), 1, 1_000_000);

  // Product lines for the portfolio, sold by the West dealer in H2 2025 and H2 2024.
  await sql(`INSERT INTO product_lines (id, code, name_zh, name_en) VALUES
               (2, 'ORTHO', '骨科', 'Orthopaedics'), (3, 'NEURO', '神经', 'Neurology'), (4, 'NEW', '新线', 'New line')`);
  const lineProduct = async (line: number) => {
    const productId = (
      await sql<{ id: number }>(
        `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                               standard_cost_fen, list_price_fen, vat_rate)
         VALUES ('P-' || $1::text, 'P' || $1::text, 'P' || $1::text, '-', $1::bigint, '个', '国械注准20193130999', 2, 1000, 100000, 0.13)
         RETURNING id`,
        [line],
      )
    )[0]!.id;
    const lotId = (
      await sql<{ id: number }>(
        `INSERT INTO lots (product_id, lot_number, expiry_date, status, unit_cost_fen)
         VALUES ($1, 'L1', '2029-12-31', 'released', 40000) RETURNING id`,
        [productId],
      )
    )[0]!.id;
    return (quantity: number): ShippedLine => ({
      productId,
      lotId,
      quantity,
      unitPrice: 100_000,
      unitCostFen: 40_000,
    });
  };
  const cardio = (quantity: number): ShippedLine => ({
    productId: world.stent,
    lotId: world.lotStent,
    quantity,
    unitPrice: 100_000,
  });
  const ortho = await lineProduct(2);
  const neuro = await lineProduct(3);
  const fresh = await lineProduct(4);
  const dealer = world.westDealer;
  await invoice(dealer, '2025-09-01', [cardio(11), ortho(10), neuro(5), fresh(1)]);
  await invoice(dealer, '2024-09-01', [cardio(10), ortho(10), neuro(4)]);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('customer value (DOMAIN §6) through the API', () => {
  it('places each customer on the right side of every fixed threshold', async () => {
    const result = await customerValue(world.cookies.east, { asOf: AS_OF });
    const expected: Record<string, string> = {
      'HV-29': 'high_value',
      'HV-30': 'regular',
      'HV-M': 'regular',
      'NEW-59': 'new',
      'NEW-60': 'potential',
      'CHURN-181': 'churn_risk',
      'CHURN-180': 'regular',
      'LOW-366': 'low_value',
      'LOW-365': 'regular',
    };
    for (const [code, segment] of Object.entries(expected))
      expect([code, segmentOf(result, code)]).toEqual([code, segment]);
    expect(sizes(result)).toEqual({
      high_value: 1,
      new: 1,
      churn_risk: 1,
      low_value: 1,
      potential: 1,
      regular: 4,
    });
    const hv = result.customers.find((c) => c.customerId === customers['HV-29'])!;
    expect(hv).toMatchObject({
      recencyDays: 29,
      frequency: 12,
      monetaryCnyFen: 110_200_000,
      revenueCnyFen: 200_000,
    });
  });

  it('gives each segment its revenue share and suggested action', async () => {
    const result = await customerValue(world.cookies.east, { asOf: AS_OF });
    expect(result.totalRevenueCnyFen).toBe(300_000);
    const high = result.segments.find((s) => s.segment === 'high_value')!;
    expect(high).toMatchObject({
      revenueCnyFen: 200_000,
      revenueShare: 2 / 3,
      action: 'VIP service and cross-sell',
    });
    expect(result.segments.find((s) => s.segment === 'new')!.revenueShare).toBe(1 / 3);
    expect(result.segments.find((s) => s.segment === 'churn_risk')!.action).toMatch(/Win back/);
  });

  it('takes edited thresholds', async () => {
    const result = await customerValue(world.cookies.east, {
      asOf: AS_OF,
      thresholds: {
        frequencyWindowDays: 365,
        highValue: { recencyBelowDays: 31, frequencyAbove: 10, monetaryAboveYuan: 999_999 },
        new: { recencyBelowDays: 60, firstOrderWithinDays: 60 },
        churnRisk: { recencyAboveDays: 180, ordersAbove: 5, windowDays: 365 },
        lowValue: { recencyAboveDays: 365, frequencyBelow: 2, monetaryBelowYuan: 10_000 },
        potential: { recencyBelowDays: 90, frequencyBelow: 5, monetaryBelowYuan: 100_000 },
      },
    });
    expect(segmentOf(result, 'HV-30')).toBe('high_value');
    expect(segmentOf(result, 'HV-M')).toBe('high_value');
  });

  it('keeps edited thresholds for everyone, and lets only managers edit them', async () => {
    const put = (cookie: string, body: unknown) =>
      test.app.inject({
        method: 'PUT',
        url: '/api/analytics/customer-value/thresholds',
        headers: { cookie },
        payload: body as Record<string, unknown>,
      });
    const current = (
      await test.app.inject({
        method: 'GET',
        url: '/api/analytics/customer-value/thresholds',
        headers: { cookie: world.cookies.east },
      })
    ).json();
    expect(current.highValue).toEqual({
      recencyBelowDays: 30,
      frequencyAbove: 10,
      monetaryAboveYuan: 1_000_000,
    });
    const edited = { ...current, highValue: { ...current.highValue, recencyBelowDays: 31 } };
    expect((await put(world.cookies.east, edited)).statusCode).toBe(403);
    expect((await put(world.cookies.director, { ...edited, extra: 1 })).statusCode).toBe(400);
    const saved = await put(world.cookies.director, edited);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(segmentOf(await customerValue(world.cookies.east, { asOf: AS_OF }), 'HV-30')).toBe('high_value');
    expect((await put(world.cookies.director, current)).statusCode).toBe(200);
    expect(segmentOf(await customerValue(world.cookies.east, { asOf: AS_OF }), 'HV-30')).toBe('regular');
  });

  it('scores quintiles and keeps to the caller’s scope', async () => {
    const east = await customerValue(world.cookies.east, { asOf: AS_OF, mode: 'quintile' });
    expect(east.customersWithOrders).toBe(9);
    expect(east.segments.reduce((s, x) => s + x.customers, 0)).toBe(9);
    for (const c of east.customers) expect(c.scores).not.toBeNull();
    expect(east.customers.some((c) => c.customerId === customers['WEST-10'])).toBe(false);
    // A company-wide user also sees the West customer (new: its first order was 10 days ago).
    const all = await customerValue(world.cookies.director, { asOf: AS_OF, segment: 'new' });
    expect(all.customers.map((c) => c.customerId).sort((a, b) => a - b)).toEqual(
      [customers['NEW-59']!, customers['WEST-10']!].sort((a, b) => a - b),
    );
  });

  it('refuses an unknown segment with a code', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/analytics/customer-value',
      headers: { cookie: world.cookies.east },
      payload: { segment: "x' OR 1=1" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('ANALYTICS_UNKNOWN_FIELD');
  });
});

describe('product portfolio (DOMAIN §9) through the API', () => {
  const quadrants = (p: Portfolio) => Object.fromEntries(p.lines.map((l) => [l.name, l.quadrant]));

  it('places lines with the default cut-offs, both inclusive, with margin', async () => {
    const result = await portfolio('');
    expect(quadrants(result)).toEqual({
      Cardiology: 'star', // share 1.1, growth exactly 10%
      Orthopaedics: 'dog', // share 0.909, growth 0
      Neurology: 'question_mark', // growth 25%
      'New line': 'question_mark', // no sales a year earlier
    });
    const cardio = result.lines.find((l) => l.name === 'Cardiology')!;
    expect(cardio).toMatchObject({
      revenueCnyFen: 1_100_000,
      previousRevenueCnyFen: 1_000_000,
      grossProfitCnyFen: 1_100_000 - 11 * 52_000,
      relativeShare: 1.1,
    });
    expect(cardio.growth).toBeCloseTo(0.1, 12);
    expect(result.lines.find((l) => l.name === 'New line')).toMatchObject({ growth: null, isNewLine: true });
  });

  it('moves lines when the cut-offs are changed', async () => {
    expect(quadrants(await portfolio('&shareCutoff=0.9'))).toMatchObject({ Orthopaedics: 'cash_cow' });
    expect(quadrants(await portfolio('&growthCutoff=0.25'))).toMatchObject({
      Cardiology: 'cash_cow',
      Neurology: 'question_mark',
    });
  });
});

describe('bad input to the insight pages', () => {
  it('answers 4xx, never 5xx, whatever arrives in any parameter', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom("2026-01-01' OR 1=1 --", '2026-02-30', '9999-99-99', '-1', 'NaN', '1e309'),
    );
    await fc.assert(
      fc.asyncProperty(text, text, text, async (a, b, c) => {
        const rfm = await test.app.inject({
          method: 'POST',
          url: '/api/analytics/customer-value',
          headers: { cookie: world.cookies.east },
          payload: { asOf: a, mode: b, segment: c },
        });
        expect(rfm.statusCode, rfm.body).toBeLessThan(500);
        const search = new URLSearchParams({ from: a, to: b, shareCutoff: c, growthCutoff: c }).toString();
        const matrix = await test.app.inject({
          method: 'GET',
          url: `/api/analytics/portfolio?${search}`,
          headers: { cookie: world.cookies.east },
        });
        expect(matrix.statusCode, matrix.body).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
