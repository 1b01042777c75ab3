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
