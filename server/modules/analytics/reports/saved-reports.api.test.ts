/**
 * Saved reports over HTTP against a real PostgreSQL, on the small finance company:
 *   East hospital (上海, 华东), 2026-01-15: 10 stents × 200,000 → revenue 2,000,000
 *   West dealer (陕西, 西北),   2026-02-20: 4 stents × 150,000  → revenue   600,000
 *   West hospital (陕西, 西北), 2026-03-10: 2 catheters × 120,000 → revenue 240,000
 * Company revenue 2,840,000; East China alone 2,000,000.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsResult } from '../../../../contracts/analytics-query.ts';
import type {
  CreateSavedReportInput,
  SavedReport,
  SavedReportList,
} from '../../../../contracts/saved-reports.ts';
import { businessDate } from '../../../platform/dates.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../../testing/test-app.ts';
import {
  apiAs,
  createShippedShipment,
  type FinanceWorld,
  type ShippedLine,
  seedFinanceWorld,
} from '../../finance/finance.fixtures.ts';

let test: TestApp;
let world: FinanceWorld;
const cookies = { director: '', east: '', finance: '', admin: '' };
const PERIOD = { kind: 'fixed' as const, from: '2026-01-01', to: '2026-06-30' };

function call(
  cookie: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return test.app.inject({
    method,
    url,
    headers: { cookie, 'accept-language': 'en', ...headers },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function create(cookie: string, body: CreateSavedReportInput, headers: Record<string, string> = {}) {
  return call(cookie, 'POST', '/api/analytics/reports', body, headers);
}

async function createOk(cookie: string, body: CreateSavedReportInput): Promise<SavedReport> {
  const response = await create(cookie, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as SavedReport;
}

async function listNames(cookie: string): Promise<string[]> {
  const response = await call(cookie, 'GET', '/api/analytics/reports');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as SavedReportList).items.map((r) => r.name);
}

const revenueByRegion = (name: string, sharedWithRoles: CreateSavedReportInput['sharedWithRoles'] = []) => ({
  name,
  query: { period: PERIOD },
  layout: { rows: ['region'], values: ['revenue'] },
  chartKind: 'bar' as const,
  sharedWithRoles,
});

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  const sale = async (customerId: number, date: string, line: ShippedLine) => {
    const shipped = await createShippedShipment(test, world, { customerId, shippedOn: date, lines: [line] });
    const response = await apiAs(test, world.cookies.finance).post('/api/invoices', {
      shipmentId: shipped.shipmentId,
      invoiceDate: date,
    });
    expect(response.statusCode, response.body).toBe(201);
  };
  const stent = { productId: world.stent, lotId: world.lotStent };
  await sale(world.eastHospital, '2026-01-15', { ...stent, quantity: 10, unitPrice: 200_000 });
  await sale(world.westDealer, '2026-02-20', { ...stent, quantity: 4, unitPrice: 150_000 });
  await sale(world.westHospital, '2026-03-10', {
    productId: world.catheter,
    lotId: world.lotCatheter,
    quantity: 2,
    unitPrice: 120_000,
  });
  cookies.director = world.cookies.director;
  cookies.east = world.cookies.east;
  cookies.finance = world.cookies.finance;
  await createTestUser(test, 'u.admin', ['admin']);
  cookies.admin = await signIn(test, 'u.admin');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('saving, reading, changing and deleting a report', () => {
  it('saves a report with its layout, period and chart, and reads it back', async () => {
    const created = await createOk(cookies.director, {
      name: 'Revenue and GP by line and month',
      query: {
        period: { kind: 'relative', period: 'last_12_months' },
        comparison: 'same_period_last_year',
        filters: [{ dimension: 'channel', values: ['direct'] }],
      },
      layout: { rows: ['product_line'], columns: ['month'], values: ['revenue', 'gross_profit'] },
      chartKind: 'pivot',
    });
    expect(created).toMatchObject({
      name: 'Revenue and GP by line and month',
      ownerId: world.userIds.director,
      ownerName: 'u.director',
      chartKind: 'pivot',
      sharedWithRoles: [],
      canEdit: true,
      version: 1,
      query: {
        period: { kind: 'relative', period: 'last_12_months' },
        comparison: 'same_period_last_year',
        filters: [{ dimension: 'channel', op: 'in', values: ['direct'] }],
      },
      layout: { rows: ['product_line'], columns: ['month'], values: ['revenue', 'gross_profit'] },
    });
    const read = await call(cookies.director, 'GET', `/api/analytics/reports/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(created);
    expect(await listNames(cookies.director)).toContain('Revenue and GP by line and month');
  });

  it('renames and re-lays out a report, bumping its version, and refuses a stale version with 409', async () => {
    const report = await createOk(cookies.director, revenueByRegion('To be changed'));
    const changed = await call(cookies.director, 'PATCH', `/api/analytics/reports/${report.id}`, {
      version: 1,
      name: 'Changed',
      layout: { rows: ['month'], columns: ['region'], values: ['revenue', 'orders'] },
      chartKind: 'line',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      name: 'Changed',
      version: 2,
      chartKind: 'line',
      layout: { rows: ['month'], columns: ['region'], values: ['revenue', 'orders'] },
      query: { period: PERIOD },
    });

    const stale = await call(cookies.director, 'PATCH', `/api/analytics/reports/${report.id}`, {
      version: 1,
      name: 'Lost update',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const after = await call(cookies.director, 'GET', `/api/analytics/reports/${report.id}`);
    expect(after.json()).toMatchObject({ name: 'Changed', version: 2 });
  });

  it('deletes a report, after which it is gone', async () => {
    const report = await createOk(cookies.director, revenueByRegion('Short-lived'));
    const deleted = await call(cookies.director, 'DELETE', `/api/analytics/reports/${report.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await call(cookies.director, 'GET', `/api/analytics/reports/${report.id}`)).statusCode).toBe(404);
    expect(await listNames(cookies.director)).not.toContain('Short-lived');
    const again = await call(cookies.director, 'DELETE', `/api/analytics/reports/${report.id}`);
    expect(again.statusCode).toBe(404);
  });

  it('creates one report for a retried POST with the same Idempotency-Key', async () => {
    const body = revenueByRegion('Retried');
    const headers = { 'idempotency-key': 'save-retried-report-1' };
    const first = await create(cookies.director, body, headers);
    const second = await create(cookies.director, body, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    expect((await listNames(cookies.director)).filter((n) => n === 'Retried')).toHaveLength(1);
    const reused = await create(cookies.director, revenueByRegion('Another body'), headers);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a second report of the same owner with the same name', async () => {
    await createOk(cookies.director, revenueByRegion('Unique name'));
    const duplicate = await create(cookies.director, revenueByRegion('Unique name'));
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error).toMatchObject({ code: 'DUPLICATE', details: { field: 'name' } });
  });
});

describe('sharing by role and scope', () => {
  let shared: SavedReport;

  beforeAll(async () => {
    shared = await createOk(cookies.director, revenueByRegion('Revenue by region (shared)', ['sales_rep']));
  });

  it('shows a report shared with sales reps to a rep, who may run it but not change or delete it', async () => {
    expect(await listNames(cookies.east)).toContain('Revenue by region (shared)');
    const read = await call(cookies.east, 'GET', `/api/analytics/reports/${shared.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: shared.id, canEdit: false, sharedWithRoles: ['sales_rep'] });
    const change = await call(cookies.east, 'PATCH', `/api/analytics/reports/${shared.id}`, {
      version: shared.version,
      name: 'Hijacked',
    });
    expect(change.statusCode).toBe(403);
    const remove = await call(cookies.east, 'DELETE', `/api/analytics/reports/${shared.id}`);
    expect(remove.statusCode).toBe(403);
    expect((await call(cookies.director, 'GET', `/api/analytics/reports/${shared.id}`)).json().name).toBe(
      'Revenue by region (shared)',
    );
  });

  it('hides the report from a user without the role: not listed, 404 to read, run, change or delete', async () => {
    expect(await listNames(cookies.finance)).not.toContain('Revenue by region (shared)');
    for (const [method, url, body] of [
      ['GET', `/api/analytics/reports/${shared.id}`, undefined],
      ['POST', `/api/analytics/reports/${shared.id}/run`, undefined],
      ['PATCH', `/api/analytics/reports/${shared.id}`, { version: shared.version, name: 'x' }],
      ['DELETE', `/api/analytics/reports/${shared.id}`, undefined],
    ] as const) {
      const response = await call(cookies.finance, method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
  });

  it("gives a rep running the director's report only the rep's region, totals included", async () => {
    const asDirector = await call(cookies.director, 'POST', `/api/analytics/reports/${shared.id}/run`);
    expect(asDirector.statusCode, asDirector.body).toBe(200);
    const all = asDirector.json() as AnalyticsResult;
    expect(all.rows.map((r) => [r.labels[0], r.values.revenue])).toEqual([
      ['East China', 2_000_000],
      ['Northwest', 840_000],
    ]);
    expect(all.totals.values.revenue).toBe(2_840_000);

    const asRep = await call(cookies.east, 'POST', `/api/analytics/reports/${shared.id}/run`);
    expect(asRep.statusCode, asRep.body).toBe(200);
    const east = asRep.json() as AnalyticsResult;
    expect(east.rows.map((r) => [r.labels[0], r.values.revenue])).toEqual([['East China', 2_000_000]]);
    expect(east.totals.values.revenue).toBe(2_000_000);
  });

  it('lists for each user only their own reports and those shared with their roles', async () => {
    await createOk(cookies.east, revenueByRegion("Rep's private report"));
    expect(await listNames(cookies.east)).toContain("Rep's private report");
    expect(await listNames(cookies.director)).not.toContain("Rep's private report");
    // Not shared with sales reps, so the director's other reports stay hidden from the rep.
    expect(await listNames(cookies.east)).not.toContain('Unique name');
  });

  it('lets an admin see and delete any report', async () => {
    const report = await createOk(cookies.east, revenueByRegion('Left behind by a rep'));
    expect(await listNames(cookies.admin)).toContain('Left behind by a rep');
    const deleted = await call(cookies.admin, 'DELETE', `/api/analytics/reports/${report.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(await listNames(cookies.east)).not.toContain('Left behind by a rep');
  });

  it('resolves a relative period on the day the report runs', async () => {
    const report = await createOk(cookies.director, {
      ...revenueByRegion('This year'),
      query: { period: { kind: 'relative', period: 'this_year' } },
    });
    const run = await call(cookies.director, 'POST', `/api/analytics/reports/${report.id}/run`);
    expect(run.statusCode, run.body).toBe(200);
    const today = businessDate();
    expect((run.json() as AnalyticsResult).timeRange).toEqual({
      from: `${today.slice(0, 4)}-01-01`,
      to: today,
    });
  });
});

describe('validation against the catalogue', () => {
  it.each([
    [{ rows: ['region'], values: ['revenue', 'bogus_measure'] }, 'layout.values[1]'],
    [{ rows: ['region'], columns: ['nope'], values: ['revenue'] }, 'layout.columns[0]'],
    [{ rows: ['region;DROP TABLE users'], values: ['revenue'] }, 'layout.rows[0]'],
  ])(
    'refuses an unknown name in the layout %j with 400 ANALYTICS_UNKNOWN_FIELD at %s',
    async (layout, field) => {
      const response = await create(cookies.director, { ...revenueByRegion('Bad names'), layout });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'ANALYTICS_UNKNOWN_FIELD', details: { field } });
    },
  );

  it('refuses an unknown filter dimension, also when changing a saved report', async () => {
    const report = await createOk(cookies.director, revenueByRegion('Filter check'));
    const query = { period: PERIOD, filters: [{ dimension: 'secret_column', values: ['x'] }] };
    const created = await create(cookies.director, { ...revenueByRegion('Bad filter'), query });
    expect(created.statusCode).toBe(400);
    expect(created.json().error).toMatchObject({
      code: 'ANALYTICS_UNKNOWN_FIELD',
      details: { field: 'query.filters[0].dimension' },
    });
    const patched = await call(cookies.director, 'PATCH', `/api/analytics/reports/${report.id}`, {
      version: report.version,
      query,
    });
    expect(patched.statusCode).toBe(400);
    expect((await call(cookies.director, 'GET', `/api/analytics/reports/${report.id}`)).json().version).toBe(
      1,
    );
  });

  it('refuses a dimension a measure cannot be broken down by', async () => {
    const response = await create(cookies.director, {
      ...revenueByRegion('Stock by customer'),
      layout: { rows: ['customer'], values: ['inventory_value'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('ANALYTICS_NOT_APPLICABLE');
  });

  it('refuses a dimension placed twice, more than four dimensions and unknown request fields', async () => {
    for (const [body, code] of [
      [
        {
          ...revenueByRegion('Twice'),
          layout: { rows: ['region'], columns: ['region'], values: ['revenue'] },
        },
        'VALIDATION_FAILED',
      ],
      [
        {
          ...revenueByRegion('Five'),
          layout: { rows: ['region', 'channel', 'month'], columns: ['product', 'rep'], values: ['revenue'] },
        },
        'VALIDATION_FAILED',
      ],
      [{ ...revenueByRegion('Extra'), ownerId: 1 }, 'UNKNOWN_FIELD'],
    ] as const) {
      const response = await create(cookies.director, body as unknown as CreateSavedReportInput);
      expect(response.statusCode, body.name).toBe(400);
      expect(response.json().error.code, body.name).toBe(code);
    }
    expect(await listNames(cookies.director)).not.toContain('Twice');
  });
});

describe('putting reports on one’s own dashboard', () => {
  const pinnedNames = async (cookie: string) => {
    const response = await call(cookie, 'GET', '/api/analytics/reports/pinned');
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as SavedReportList).items.map((r) => r.name);
  };

  it('pins a report for the caller only, in the order pinned, and takes it off again', async () => {
    const first = await createOk(cookies.director, revenueByRegion('Pinned by region', ['sales_rep']));
    const second = await createOk(cookies.director, revenueByRegion('Pinned second', ['sales_rep']));
    const pinSecond = await call(cookies.east, 'PUT', `/api/analytics/reports/${second.id}/pin`);
    expect(pinSecond.statusCode, pinSecond.body).toBe(200);
    expect(pinSecond.json()).toMatchObject({ id: second.id, isPinned: true, version: second.version });
    // Pinning twice changes nothing.
    expect((await call(cookies.east, 'PUT', `/api/analytics/reports/${second.id}/pin`)).statusCode).toBe(200);
    await call(cookies.east, 'PUT', `/api/analytics/reports/${first.id}/pin`);
    expect(await pinnedNames(cookies.east)).toEqual(['Pinned second', 'Pinned by region']);
    // The owner's own dashboard is untouched, and so is the report.
    expect(await pinnedNames(cookies.director)).toEqual([]);
    const asOwner = (await call(cookies.director, 'GET', `/api/analytics/reports/${second.id}`)).json();
    expect(asOwner).toMatchObject({ isPinned: false, version: second.version });

    const unpinned = await call(cookies.east, 'DELETE', `/api/analytics/reports/${second.id}/pin`);
    expect(unpinned.json()).toMatchObject({ isPinned: false });
    expect(await pinnedNames(cookies.east)).toEqual(['Pinned by region']);
  });

  it('refuses to pin a report the caller may not see, and drops pins with the report', async () => {
    const report = await createOk(cookies.director, revenueByRegion('Pinned then deleted', ['finance']));
    const refused = await call(cookies.east, 'PUT', `/api/analytics/reports/${report.id}/pin`);
    expect(refused.statusCode).toBe(404);
    expect(await pinnedNames(cookies.east)).not.toContain('Pinned then deleted');
    expect((await call(cookies.finance, 'PUT', `/api/analytics/reports/${report.id}/pin`)).statusCode).toBe(
      200,
    );
    expect(await pinnedNames(cookies.finance)).toContain('Pinned then deleted');
    expect((await call(cookies.director, 'DELETE', `/api/analytics/reports/${report.id}`)).statusCode).toBe(
      204,
    );
    expect(await pinnedNames(cookies.finance)).not.toContain('Pinned then deleted');
  });
});
