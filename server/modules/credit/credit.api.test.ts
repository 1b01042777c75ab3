import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { apiAs, type CreditWorld, seedCreditWorld, setProfile, yuan } from './credit.fixtures.ts';
import { defaultCreditPolicy } from './credit.rules.ts';
import { rateCustomers } from './index.ts';

let test: TestApp;
let world: CreditWorld;
let east: ReturnType<typeof apiAs>;
let west: ReturnType<typeof apiAs>;
let cfo: ReturnType<typeof apiAs>;
let admin: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedCreditWorld(test);
  east = apiAs(test, world.cookies.east);
  west = apiAs(test, world.cookies.west);
  cfo = apiAs(test, world.cfoCookie);
  admin = apiAs(test, world.adminCookie);
  await rateCustomers(test.deps.db, [world.eastHospital, world.westDealer, world.eastDealerUnqualified], {
    trigger: 'manual',
  });
});
afterAll(() => test.close());

describe('credit profiles and scope', () => {
  it('lists the profiles of the rep’s own region only, counts included', async () => {
    const mine = (await east('GET', '/api/credit/profiles?sort=name')).json();
    expect(mine.total).toBe(2);
    expect(mine.items.map((p: { customerId: number }) => p.customerId).sort()).toEqual(
      [world.eastHospital, world.eastDealerUnqualified].sort(),
    );
    expect(mine.items.find((p: { customerId: number }) => p.customerId === world.eastHospital)).toMatchObject(
      {
        isRated: true,
        grade: 'B',
        score: 77,
        limitFen: yuan(100_000),
        exposureFen: 0,
        utilisation: 0,
        regionName: 'Shanghai',
      },
    );
    // No qualification on file scores like an expired one: 77 − 10 = 67, grade C.
    expect(
      mine.items.find((p: { customerId: number }) => p.customerId === world.eastDealerUnqualified),
    ).toMatchObject({ grade: 'C', score: 67 });
    expect((await east('GET', '/api/credit/profiles?grade=C')).json().total).toBe(1);
  });

  it('shows a rep of another region nothing: not in lists, 404 on detail, rating and requests', async () => {
    const list = (await west('GET', `/api/credit/profiles?q=${encodeURIComponent('上海')}`)).json();
    expect(list).toMatchObject({ items: [], total: 0 });
    expect((await west('GET', `/api/credit/customers/${world.eastHospital}`)).statusCode).toBe(404);
    expect((await west('POST', `/api/credit/customers/${world.eastHospital}/rate`)).statusCode).toBe(404);
    const request = await west('POST', `/api/credit/customers/${world.eastHospital}/limit-requests`, {
      requestedLimitFen: yuan(1),
      reason: 'no',
    });
    expect(request.statusCode).toBe(404);
    const { rows } = await test.deps.db.query<{ id: number }>(
      'SELECT id FROM credit_ratings WHERE customer_id = $1 LIMIT 1',
      [world.eastHospital],
    );
    expect((await west('GET', `/api/credit/ratings/${rows[0]!.id}`)).statusCode).toBe(404);
    expect((await west('GET', '/api/credit/limit-requests')).json().total).toBe(0);
  });

  it('refuses roles without credit access', async () => {
    const warehouse = apiAs(test, world.cookies.warehouse);
    expect((await warehouse('GET', '/api/credit/profiles')).statusCode).toBe(403);
    expect((await apiAs(test, world.cookies.dealer)('GET', '/api/credit/profiles')).statusCode).toBe(403);
  });
});

describe('limit changes need the finance director', () => {
  it('changes the limit once approved, with the reason in the audit trail', async () => {
    const requested = await east('POST', `/api/credit/customers/${world.eastHospital}/limit-requests`, {
      requestedLimitFen: yuan(250_000),
      reason: 'new tender won',
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const request = requested.json();
    expect(request).toMatchObject({ status: 'pending', currentLimitFen: yuan(100_000) });
    // One pending request per customer.
    const again = await east('POST', `/api/credit/customers/${world.eastHospital}/limit-requests`, {
      requestedLimitFen: yuan(300_000),
      reason: 'even more',
    });
    expect(again.statusCode).toBe(409);
    // Finance (not director) cannot approve.
    expect(
      (
        await apiAs(test, world.cookies.finance)(
          'POST',
          `/api/credit/limit-requests/${request.id}/approve`,
          {},
        )
      ).statusCode,
    ).toBe(403);
    const approved = await cfo('POST', `/api/credit/limit-requests/${request.id}/approve`, {
      note: 'ok for 2027',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await east('GET', `/api/credit/customers/${world.eastHospital}`)).json().limitFen).toBe(
      yuan(250_000),
    );
    const audit = await test.deps.db.query(
      `SELECT before, after, reason FROM audit_log WHERE entity = 'credit_profile' AND action = 'update'
        AND entity_id = $1 ORDER BY seq DESC LIMIT 1`,
      [String(world.eastHospital)],
    );
    expect(audit.rows[0]).toMatchObject({
      before: { limitFen: yuan(100_000) },
      after: { limitFen: yuan(250_000) },
      reason: 'new tender won — ok for 2027',
    });
    expect((await verifyAuditChain(test.deps.db)).ok).toBe(true);
  });

  it('does not let the finance director approve their own request', async () => {
    const request = (
      await cfo('POST', `/api/credit/customers/${world.eastDealerUnqualified}/limit-requests`, {
        requestedLimitFen: yuan(5_000),
        reason: 'reduce',
      })
    ).json();
    const response = await cfo('POST', `/api/credit/limit-requests/${request.id}/approve`, {});
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('SELF_APPROVAL');
  });

  it('puts a customer on hold with a reason, and back', async () => {
    const before = (await cfo('GET', `/api/credit/customers/${world.westDealer}`)).json();
    const held = await cfo('PUT', `/api/credit/customers/${world.westDealer}/status`, {
      version: before.version,
      status: 'hold',
      reason: 'cheque bounced',
    });
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json().status).toBe('hold');
    const stale = await cfo('PUT', `/api/credit/customers/${world.westDealer}/status`, {
      version: before.version,
      status: 'normal',
      reason: 'paid',
    });
    expect(stale.statusCode).toBe(409);
    expect((await east('PUT', `/api/credit/customers/${world.westDealer}/status`, {})).statusCode).toBe(403);
  });
});

describe('bad input', () => {
  it('answers 422 with a specific code for a limit that does not change and 400 for malformed amounts', async () => {
    await setProfile(test, world.eastDealerUnqualified, { grade: 'C', limitFen: yuan(7_000) });
    await test.deps.db.query(
      `UPDATE credit_limit_requests SET status = 'rejected', decided_by = $1 WHERE status = 'pending'`,
      // The pending request of the test before is the finance director's own.
      [world.userIds.director],
    );
    const same = await east('POST', `/api/credit/customers/${world.eastDealerUnqualified}/limit-requests`, {
      requestedLimitFen: yuan(7_000),
      reason: 'same',
    });
    expect(same.statusCode).toBe(422);
    expect(same.json().error).toMatchObject({
      code: 'CREDIT_LIMIT_UNCHANGED',
      details: { field: 'requestedLimitFen' },
    });
    for (const requestedLimitFen of [-1, 1.5, '100']) {
      const bad = await east('POST', `/api/credit/customers/${world.eastDealerUnqualified}/limit-requests`, {
        requestedLimitFen,
        reason: 'bad',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    }
    const unknown = await east(
      'POST',
      `/api/credit/customers/${world.eastDealerUnqualified}/limit-requests`,
      {
        requestedLimitFen: 1,
        reason: 'x y',
        approved: true,
      },
    );
    expect(unknown.json().error.code).toBe('UNKNOWN_FIELD');
    expect((await east('GET', '/api/credit/profiles?sort=password')).json().error.code).toBe('INVALID_QUERY');
  });
});

describe('the credit policy is data', () => {
  it('saves a new version (admin or finance director), audited; the next rating uses it', async () => {
    const current = (await east('GET', '/api/credit/policy')).json();
    expect(current).toMatchObject({ version: 1, config: defaultCreditPolicy });
    expect(
      (await east('PUT', '/api/credit/policy', { version: 1, config: current.config, reason: 'x' }))
        .statusCode,
    ).toBe(403);
    const config = {
      ...defaultCreditPolicy,
      weights: { ...defaultCreditPolicy.weights, relationshipAge: 0 },
    };
    const saved = await admin('PUT', '/api/credit/policy', {
      version: 1,
      config,
      reason: 'relationship age misleads',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, reason: 'relationship age misleads' });
    const stale = await cfo('PUT', '/api/credit/policy', { version: 1, config, reason: 'again' });
    expect(stale.statusCode).toBe(409);

    const rated = (await east('POST', `/api/credit/customers/${world.eastHospital}/rate`)).json();
    // Without relationship age (30 points × 10): (35×60 + 2,000 + 1,000 + 1,000 + 5×60 + 1,000) ÷ 90 = 82.22
    expect(rated.latest).toMatchObject({ policyVersion: 2, score: 82.22 });
    const audit = await test.deps.db.query(
      `SELECT reason FROM audit_log WHERE entity = 'credit_policy' AND entity_id = '2'`,
    );
    expect(audit.rows).toEqual([{ reason: 'relationship age misleads' }]);
  });

  it('refuses a policy that cannot work with 422 CREDIT_POLICY_INVALID and says why', async () => {
    const current = (await cfo('GET', '/api/credit/policy')).json();
    const zeroWeights = Object.fromEntries(Object.keys(defaultCreditPolicy.weights).map((k) => [k, 0]));
    const response = await cfo('PUT', '/api/credit/policy', {
      version: current.version,
      config: {
        ...current.config,
        weights: zeroWeights,
        eclMatrix: [{ buckets: ['not_due'], lossRate: 0.02 }],
      },
      reason: 'broken',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'CREDIT_POLICY_INVALID',
      details: {
        problems: [
          'weights: at least one weight must be above 0',
          'eclMatrix: every aging bucket must appear exactly once',
        ],
      },
    });
    const badRate = await cfo('PUT', '/api/credit/policy', {
      version: current.version,
      config: { ...current.config, gradeMultipliers: { ...current.config.gradeMultipliers, A: 1.23456 } },
      reason: 'too precise',
    });
    expect(badRate.statusCode).toBe(400);
  });
});

describe('API description', () => {
  it('documents every credit route in the OpenAPI description', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths).filter((p) => p.startsWith('/api/credit'));
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/credit/profiles',
        '/api/credit/customers/{id}',
        '/api/credit/decisions/{id}/approve',
        '/api/credit/policy',
        '/api/credit/aging',
        '/api/credit/dso',
        '/api/credit/ecl',
        '/api/credit/ecl/history',
      ]),
    );
  });
});
