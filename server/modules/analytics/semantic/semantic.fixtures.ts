/** Asking the analytics query API in tests (POST /api/analytics/query), as a signed-in user. */
import { expect } from 'vitest';
import type { AnalyticsQueryInput, AnalyticsResult } from '../../../../contracts/analytics-query.ts';
import type { Queryable } from '../../../platform/db.ts';
import type { TestApp } from '../../../testing/test-app.ts';

/** The raw response, for tests of refusals (400, 403). */
export function postAnalyticsQuery(test: TestApp, cookie: string, body: AnalyticsQueryInput, lang = 'en') {
  return test.app.inject({
    method: 'POST',
    url: '/api/analytics/query',
    headers: { cookie, 'accept-language': lang },
    payload: body,
  });
}

/** The answer of a query that must succeed. */
export async function analyticsAnswer(
  test: TestApp,
  cookie: string,
  body: AnalyticsQueryInput,
  lang = 'en',
): Promise<AnalyticsResult> {
  const response = await postAnalyticsQuery(test, cookie, body, lang);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as AnalyticsResult;
}

/**
 * Runs `work` with the rollups on ('auto') or off (everything read from the documents:
 * PULSE_ANALYTICS_ROLLUPS), then back to the default.
 */
export async function withRollupsMode<T>(mode: 'auto' | 'off', work: () => Promise<T>): Promise<T> {
  process.env.PULSE_ANALYTICS_ROLLUPS = mode;
  try {
    return await work();
  } finally {
    delete process.env.PULSE_ANALYTICS_ROLLUPS;
  }
}

/** The answer with rollups on ('auto') or off (read from the documents). */
export function analyticsAnswerWith(
  test: TestApp,
  cookie: string,
  body: AnalyticsQueryInput,
  mode: 'auto' | 'off',
): Promise<AnalyticsResult> {
  return withRollupsMode(mode, () => analyticsAnswer(test, cookie, body));
}

/** The answer read from the rollups, after checking it equals the one read from the documents. */
export async function analyticsAnswerBothWays(
  test: TestApp,
  cookie: string,
  body: AnalyticsQueryInput,
): Promise<AnalyticsResult> {
  const raw = await analyticsAnswerWith(test, cookie, body, 'off');
  const rolled = await analyticsAnswerWith(test, cookie, body, 'auto');
  expect(rolled, JSON.stringify(body)).toEqual(raw);
  return rolled;
}

/** The last number written per prefix, per database (test files share their worker process). */
const directOrderNumbers = new WeakMap<Queryable, Map<string, number>>();

/**
 * Confirmed orders of a customer written straight into sales_orders, one per date, each of
 * `netFen` excluding VAT and without lines: the order facts customer value counts (frequency,
 * value, recency), without going through the order flow. Numbered `prefix` 1, 2, … in the
 * order written, so that a test can pick one out by its number.
 */
export async function insertConfirmedOrders(
  db: Queryable,
  customerId: number,
  dates: readonly string[],
  netFen: number,
  prefix = 'SO-DIRECT-',
): Promise<void> {
  let numbers = directOrderNumbers.get(db);
  if (!numbers) {
    numbers = new Map();
    directOrderNumbers.set(db, numbers);
  }
  for (const date of dates) {
    const number = (numbers.get(prefix) ?? 0) + 1;
    numbers.set(prefix, number);
    await db.query(
      `INSERT INTO sales_orders (number, customer_id, region_id, currency, exchange_rate, order_date, promised_date, status,
                                 net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
       SELECT $2::text, id, region_id, 'CNY', 1, $3::date, $3::date, 'allocated', $4, 0, $4, $4, 0, $4
         FROM customers WHERE id = $1`,
      [customerId, `${prefix}${number}`, date, netFen],
    );
  }
}
