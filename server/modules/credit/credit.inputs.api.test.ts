import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { apiAs, type CreditWorld, daysAgo, seedCreditWorld, yuan } from './credit.fixtures.ts';

let test: TestApp;
let world: CreditWorld;
let east: ReturnType<typeof apiAs>;
let west: ReturnType<typeof apiAs>;

const countInputs = async () =>
  (
    await test.deps.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM credit_external_ratings) + (SELECT count(*) FROM credit_financial_ratios) AS n`,
    )
  ).rows[0]!.n;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedCreditWorld(test);
  east = apiAs(test, world.cookies.east);
  west = apiAs(test, world.cookies.west);
});
afterAll(() => test.close());

describe('optional credit inputs (issue #6)', () => {
  it('keeps external ratings and ratios with their history, the newest dated one as the latest', async () => {
    const url = `/api/credit/customers/${world.eastHospital}`;
    const older = await east('POST', `${url}/external-ratings`, {
      agency: '中诚信',
      rating: 'AA',
      outlook: 'stable',
      ratedOn: daysAgo(400),
    });
    expect(older.statusCode, older.body).toBe(201);
    const newer = await east('POST', `${url}/external-ratings`, {
      agency: '中诚信',
      rating: 'AA+',
      ratedOn: daysAgo(30),
      note: '  upgraded after the merger  ',
    });
    expect(newer.statusCode, newer.body).toBe(201);
    expect(newer.json()).toMatchObject({
      customerId: world.eastHospital,
      rating: 'AA+',
      outlook: null,
      ratedOn: daysAgo(30),
      note: 'upgraded after the merger',
      enteredByName: expect.any(String),
    });
    // Entered later, but for an earlier period: history, not the latest.
    const ratios = await east('POST', `${url}/financial-ratios`, {
      periodEnd: '2025-12-31',
      currentRatio: 1.8,
      quickRatio: 1.2345,
      debtToAssetRatio: 0.55,
      netMargin: -0.031,
      revenueFen: yuan(82_000_000),
      sourceNote: '2025 audited statements',
    });
    expect(ratios.statusCode, ratios.body).toBe(201);
    const earlier = await east('POST', `${url}/financial-ratios`, {
      periodEnd: '2024-12-31',
      currentRatio: 1.5,
    });
    expect(earlier.statusCode, earlier.body).toBe(201);
    expect(earlier.json()).toMatchObject({ quickRatio: null, revenueFen: null, sourceNote: null });

    const inputs = (await east('GET', `${url}/inputs`)).json();
    expect(inputs.externalRating).toMatchObject({ id: newer.json().id, rating: 'AA+' });
    expect(inputs.externalRatings.map((r: { rating: string }) => r.rating)).toEqual(['AA+', 'AA']);
    expect(inputs.financialRatios).toMatchObject({
      periodEnd: '2025-12-31',
      currentRatio: 1.8,
      quickRatio: 1.2345,
      debtToAssetRatio: 0.55,
      netMargin: -0.031,
      revenueFen: yuan(82_000_000),
    });
    expect(inputs.financialRatioHistory.map((r: { periodEnd: string }) => r.periodEnd)).toEqual([
      '2025-12-31',
      '2024-12-31',
    ]);
    // The credit page shows the latest of each beside the breakdown; the score ignores them.
    const detail = (await east('GET', url)).json();
    expect(detail.optionalInputs).toEqual({
      externalRating: inputs.externalRating,
      financialRatios: inputs.financialRatios,
    });
  });

  it('records who entered an input in the audit trail', async () => {
    const created = (
      await east('POST', `/api/credit/customers/${world.eastHospital}/external-ratings`, {
        agency: 'Moody’s',
        rating: 'Baa2',
        outlook: 'negative',
        ratedOn: daysAgo(3),
      })
    ).json();
    const audit = await test.deps.db.query(
      `SELECT actor_name, action, after FROM audit_log WHERE entity = 'credit_external_rating' AND entity_id = $1`,
      [String(created.id)],
    );
    expect(audit.rows).toEqual([
      { actor_name: 'rep.east', action: 'create', after: expect.objectContaining({ rating: 'Baa2' }) },
    ]);
    const ratios = (
      await east('POST', `/api/credit/customers/${world.eastHospital}/financial-ratios`, {
        periodEnd: daysAgo(1),
        revenueFen: 0,
      })
    ).json();
    const ratioAudit = await test.deps.db.query(
      `SELECT action FROM audit_log WHERE entity = 'credit_financial_ratios' AND entity_id = $1`,
      [String(ratios.id)],
    );
    expect(ratioAudit.rows).toEqual([{ action: 'create' }]);
    expect((await verifyAuditChain(test.deps.db)).ok).toBe(true);
  });

  it('refuses bad input with a 400 and a code, writing nothing', async () => {
    const before = await countInputs();
    const rating = { agency: '联合资信', rating: 'A', ratedOn: daysAgo(1) };
    const ratios = { periodEnd: daysAgo(1), currentRatio: 1.1 };
    const cases: [string, object, string][] = [
      ['external-ratings', { ...rating, agency: '  ' }, 'VALIDATION_FAILED'],
      ['external-ratings', { ...rating, outlook: 'sunny' }, 'VALIDATION_FAILED'],
      ['external-ratings', { ...rating, ratedOn: '2026-02-30' }, 'VALIDATION_FAILED'],
      ['external-ratings', { ...rating, rating: 'A'.repeat(21) }, 'VALIDATION_FAILED'],
      ['external-ratings', { ...rating, ratedOn: daysAgo(-1) }, 'CREDIT_INPUT_IN_FUTURE'],
      ['external-ratings', { ...rating, enteredBy: 1 }, 'UNKNOWN_FIELD'],
      ['financial-ratios', { periodEnd: daysAgo(1) }, 'VALIDATION_FAILED'],
      ['financial-ratios', { ...ratios, currentRatio: -0.5 }, 'VALIDATION_FAILED'],
      ['financial-ratios', { ...ratios, quickRatio: 1.5 }, 'VALIDATION_FAILED'],
      ['financial-ratios', { ...ratios, netMargin: 1.5 }, 'VALIDATION_FAILED'],
      ['financial-ratios', { ...ratios, debtToAssetRatio: 0.123456 }, 'VALIDATION_FAILED'],
      ['financial-ratios', { ...ratios, revenueFen: 12.5 }, 'VALIDATION_FAILED'],
      ['financial-ratios', { ...ratios, periodEnd: daysAgo(-1) }, 'CREDIT_INPUT_IN_FUTURE'],
      ['financial-ratios', { ...ratios, enteredAt: '2026-01-01' }, 'UNKNOWN_FIELD'],
    ];
    for (const [kind, body, code] of cases) {
      const response = await east('POST', `/api/credit/customers/${world.eastHospital}/${kind}`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code, JSON.stringify(body)).toBe(code);
    }
    expect(await countInputs()).toBe(before);
  });

  it('shows a rep of another region nothing and lets them enter nothing', async () => {
    const before = await countInputs();
    const url = `/api/credit/customers/${world.eastHospital}`;
    expect((await west('GET', `${url}/inputs`)).statusCode).toBe(404);
    const rating = await west('POST', `${url}/external-ratings`, {
      agency: '中诚信',
      rating: 'C',
      ratedOn: daysAgo(1),
    });
    expect(rating.statusCode).toBe(404);
    const ratios = await west('POST', `${url}/financial-ratios`, {
      periodEnd: daysAgo(1),
      currentRatio: 0.2,
    });
    expect(ratios.statusCode).toBe(404);
    expect(await countInputs()).toBe(before);
    // Their own customer has none.
    const own = (await west('GET', `/api/credit/customers/${world.westDealer}/inputs`)).json();
    expect(own).toEqual({
      externalRating: null,
      financialRatios: null,
      externalRatings: [],
      financialRatioHistory: [],
    });
  });

  it('documents the endpoints in a valid OpenAPI document', async () => {
    const document = (await test.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/credit/customers/{id}/inputs',
        '/api/credit/customers/{id}/external-ratings',
        '/api/credit/customers/{id}/financial-ratios',
      ]),
    );
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
  });

  it('refuses roles without credit access', async () => {
    const warehouse = apiAs(test, world.cookies.warehouse);
    const url = `/api/credit/customers/${world.eastHospital}`;
    expect((await warehouse('GET', `${url}/inputs`)).statusCode).toBe(403);
    expect(
      (await warehouse('POST', `${url}/external-ratings`, { agency: 'x', rating: 'A', ratedOn: daysAgo(1) }))
        .statusCode,
    ).toBe(403);
  });
});
