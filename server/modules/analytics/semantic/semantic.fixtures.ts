/** Asking the analytics query API in tests (POST /api/analytics/query), as a signed-in user. */
import { expect } from 'vitest';
import type { AnalyticsQueryInput, AnalyticsResult } from '../../../../contracts/analytics-query.ts';
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

/** The answer with rollups on ('auto') or off (read from the documents: PULSE_ANALYTICS_ROLLUPS). */
export async function analyticsAnswerWith(
  test: TestApp,
  cookie: string,
  body: AnalyticsQueryInput,
  mode: 'auto' | 'off',
): Promise<AnalyticsResult> {
  process.env.PULSE_ANALYTICS_ROLLUPS = mode;
  try {
    return await analyticsAnswer(test, cookie, body);
  } finally {
    delete process.env.PULSE_ANALYTICS_ROLLUPS;
  }
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
