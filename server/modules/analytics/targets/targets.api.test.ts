/**
 * Revenue targets (edit, import, scope), attainment and the `target` comparison in the
 * semantic layer, and region coverage — over HTTP against a real PostgreSQL, on a small
 * company built by hand. Every expected figure is worked out by hand below.
 *
 * Regions: 华东 EAST (id 2, province 上海 4) and 西北 WEST (id 3, province 陕西 5).
 * Reps: u.east (EAST; owns the East hospital), u.rep2 (EAST), u.westrep (WEST; owns the West hospital).
 * Invoices (revenue, net of VAT, fen):
 *   A East hospital 2026-01-15: 10 stents × 200,000 = 2,000,000 (cost 520,000)
 *   B East hospital 2026-02-10: 5 catheters × 100,000 = 500,000 (cost 150,000)
 *   C West dealer  2026-02-20: 4 stents × 150,000 = 600,000 (cost 208,000; no owner rep)
 *   D West hospital 2026-03-10: 2 catheters × 120,000 = 240,000 (cost 60,000)
 *   E West hospital 2026-01-20: 1 catheter × 100,000 = 100,000 (cost 30,000)
 *   Q1 revenue: EAST 2,500,000; WEST 940,000; total 3,440,000.
 * Targets (fen):
 *   EAST region: Jan 2,500,000, Feb 1,000,000, Mar 1,000,000; quotas u.east Jan 1,500,000, Feb 800,000;
 *   u.rep2 Jan 500,000. WEST has no region target; u.westrep Feb 400,000, Mar 300,000.
 *   So EAST's targets are its own: 4,500,000 (not assigned to a rep: Jan 500,000, Feb 200,000, Mar 1,000,000);
 *   WEST's are its quotas: 700,000. Total 5,200,000. By month: Jan 2,500,000, Feb 1,400,000, Mar 1,300,000.
 * Target hospitals: the East hospital, a second East hospital without orders, the West hospital.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsQueryInput, AnalyticsResult } from '../../../../contracts/analytics-query.ts';
import type { RevenueTarget, TargetImportResult, TargetYear } from '../../../../contracts/targets.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../../testing/test-app.ts';
import {
  apiAs,
  createInvoicedShipment,
  type FinanceWorld,
  type ShippedLine,
  seedFinanceWorld,
} from '../../finance/finance.fixtures.ts';
import { analyticsAnswer, postAnalyticsQuery } from '../semantic/semantic.fixtures.ts';

let test: TestApp;
let world: FinanceWorld;
const cookies = { director: '', east: '', eastManager: '', westManager: '', dealer: '' };
const ids = { east: 0, rep2: 0, westrep: 0, eastManager: 0, secondEastHospital: 0 };
const EAST = 2;
const WEST = 3;
const Q1 = { from: '2026-01-01', to: '2026-03-31' };

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await test.deps.db.query(text, params)).rows as T[];
}

function call(cookie: string, method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string, payload?: unknown) {
  return test.app.inject({
    method,
    url,
    headers: { cookie, 'accept-language': 'en' },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

const putTarget = (cookie: string, body: Record<string, unknown>) =>
  call(cookie, 'PUT', '/api/analytics/targets', { repId: null, ...body });

async function upload(cookie: string, content: Buffer | string, type = 'text/csv') {
  const response = await test.app.inject({
    method: 'POST',
    url: '/api/analytics/targets/import',
    headers: { cookie, 'accept-language': 'en', 'content-type': type },
    payload: content,
  });
  return response;
}

const query = (cookie: string, body: AnalyticsQueryInput) => postAnalyticsQuery(test, cookie, body);
const ok = (cookie: string, body: AnalyticsQueryInput) => analyticsAnswer(test, cookie, body);

async function invoice(customerId: number, date: string, line: ShippedLine) {
  await createInvoicedShipment(test, world, { customerId, shippedOn: date, lines: [line] });
}

const targetCount = async () =>
  (await sql<{ n: number }>('SELECT count(*)::int AS n FROM revenue_targets'))[0]!.n;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  ids.east = world.userIds.east;
  ids.rep2 = (
    await createTestUser(test, 'u.rep2', ['sales_rep'], { regionIds: [EAST], displayName: 'Rep Two' })
  ).id;
  ids.westrep = (
    await createTestUser(test, 'u.westrep', ['sales_rep'], { regionIds: [WEST], displayName: 'West Rep' })
  ).id;
  ids.eastManager = (await createTestUser(test, 'u.eastmgr', ['regional_manager'], { regionIds: [EAST] })).id;
  await createTestUser(test, 'u.westmgr', ['regional_manager'], { regionIds: [WEST] });
  cookies.director = world.cookies.director;
  cookies.east = world.cookies.east;
  cookies.dealer = world.cookies.dealer;
  cookies.eastManager = await signIn(test, 'u.eastmgr');
  cookies.westManager = await signIn(test, 'u.westmgr');

  await sql('UPDATE customers SET owner_rep_id = $1 WHERE id = $2', [ids.east, world.eastHospital]);
  await sql('UPDATE customers SET owner_rep_id = $1 WHERE id = $2', [ids.westrep, world.westHospital]);
  const stent = (quantity: number, unitPrice: number): ShippedLine => ({
    productId: world.stent,
    lotId: world.lotStent,
    quantity,
    unitPrice,
  });
  const catheter = (quantity: number, unitPrice: number): ShippedLine => ({
    productId: world.catheter,
    lotId: world.lotCatheter,
    quantity,
    unitPrice,
    unitCostFen: 30_000,
  });
  await invoice(world.eastHospital, '2026-01-15', stent(10, 200_000));
  await invoice(world.eastHospital, '2026-02-10', catheter(5, 100_000));
  await invoice(world.westDealer, '2026-02-20', stent(4, 150_000));
  await invoice(world.westHospital, '2026-03-10', catheter(2, 120_000));
  await invoice(world.westHospital, '2026-01-20', catheter(1, 100_000));
  ids.secondEastHospital = (
    await sql<{ id: number }>(
      `INSERT INTO customers (code, name, name_normalized, type, channel, region_id, is_target)
       VALUES ('H-SH-002', '上海市第二人民医院', '上海市第二人民医院', 'hospital', 'direct', 4, true) RETURNING id`,
    )
  )[0]!.id;
}, 90_000);

afterAll(async () => {
  await test?.close();
});

describe('editing targets', () => {
  it("creates a region's target, changes it with the version read, and refuses a stale version", async () => {
    const created = await putTarget(cookies.director, {
      month: '2026-01',
      regionId: EAST,
      amountFen: 2_000_000,
      version: null,
    });
    expect(created.statusCode, created.body).toBe(200);
    const first = created.json() as RevenueTarget;
    expect(first).toMatchObject({
      month: '2026-01',
      regionId: EAST,
      repId: null,
      amountFen: 2_000_000,
      version: 1,
    });
    expect(first.regionName).toBe('East China');

    const changed = await putTarget(cookies.director, {
      month: '2026-01',
      regionId: EAST,
      amountFen: 2_500_000,
      version: 1,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ id: first.id, amountFen: 2_500_000, version: 2 });

    for (const version of [1, null]) {
      const stale = await putTarget(cookies.director, {
        month: '2026-01',
        regionId: EAST,
        amountFen: 1,
        version,
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    }
    const audit = await sql<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'revenue_target' AND entity_id = $1 ORDER BY seq`,
      [String(first.id)],
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
  });

  it("lets a regional manager set their own region's targets and quotas, and nothing elsewhere", async () => {
    const own = await putTarget(cookies.eastManager, {
      month: '2026-01',
      regionId: EAST,
      repId: ids.east,
      amountFen: 1_500_000,
      version: null,
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ repId: ids.east, repName: 'u.east' });

    // Another region is invisible to them (404); its rep is not theirs either.
    const west = await putTarget(cookies.eastManager, {
      month: '2026-01',
      regionId: WEST,
      amountFen: 1,
      version: null,
    });
    expect(west.statusCode).toBe(404);
    const westRep = await putTarget(cookies.eastManager, {
      month: '2026-01',
      regionId: EAST,
      repId: ids.westrep,
      amountFen: 1,
      version: null,
    });
    expect(westRep.statusCode).toBe(404);
    expect(
      await sql('SELECT 1 FROM revenue_targets WHERE rep_id = $1 OR region_id = $2', [ids.westrep, WEST]),
    ).toEqual([]);
  });

  it('refuses a rep, and a quota in a region the rep does not work in', async () => {
    const rep = await putTarget(cookies.east, {
      month: '2026-02',
      regionId: EAST,
      amountFen: 5,
      version: null,
    });
    expect(rep.statusCode).toBe(403);
    expect(rep.json().error.code).toBe('FORBIDDEN');
    const elsewhere = await putTarget(cookies.director, {
      month: '2026-02',
      regionId: EAST,
      repId: ids.westrep,
      amountFen: 5,
      version: null,
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.code).toBe('VALIDATION_FAILED');
    const badMonth = await putTarget(cookies.director, {
      month: '2026-13',
      regionId: EAST,
      amountFen: 5,
      version: null,
    });
    expect(badMonth.statusCode).toBe(400);
    const negative = await putTarget(cookies.director, {
      month: '2026-02',
      regionId: EAST,
      amountFen: -1,
      version: null,
    });
    expect(negative.statusCode).toBe(400);
    expect(await sql("SELECT 1 FROM revenue_targets WHERE month = '2026-02-01'")).toEqual([]);
  });

  it('deletes a target with the version read; a rep may not', async () => {
    const created = (
      await putTarget(cookies.director, { month: '2026-12', regionId: WEST, amountFen: 9, version: null })
    ).json() as RevenueTarget;
    const byRep = await call(cookies.east, 'DELETE', `/api/analytics/targets/${created.id}?version=1`);
    expect(byRep.statusCode).toBe(404);
    const byEastManager = await call(
      cookies.eastManager,
      'DELETE',
      `/api/analytics/targets/${created.id}?version=1`,
    );
    expect(byEastManager.statusCode).toBe(404);
    const stale = await call(cookies.westManager, 'DELETE', `/api/analytics/targets/${created.id}?version=7`);
    expect(stale.statusCode).toBe(409);
    const done = await call(cookies.westManager, 'DELETE', `/api/analytics/targets/${created.id}?version=1`);
    expect(done.statusCode, done.body).toBe(204);
    expect(await sql('SELECT 1 FROM revenue_targets WHERE id = $1', [created.id])).toEqual([]);
  });
});

describe('importing targets', () => {
  it('writes nothing when any row has a problem, and names each row, column and code', async () => {
    const before = await targetCount();
    const file = [
      'month,region,rep,target',
      '2026-02,EAST,,10000',
      '2026-02,NORTH,,100',
      '2026-14,EAST,,100',
      '2026-03,,nobody,100',
      '2026-02,EAST,,20000',
      '2026-03,EAST,,12.345',
      '2026-03,,,100',
    ].join('\n');
    const response = await upload(cookies.director, file);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json() as TargetImportResult;
    expect(result.isCommitted).toBe(false);
    expect(result.problems.map((p) => [p.rowNumber, p.column, p.code])).toEqual([
      [3, 'region', 'UNKNOWN_REFERENCE'],
      [4, 'month', 'BAD_FORMAT'],
      [5, 'rep', 'UNKNOWN_REFERENCE'],
      [6, null, 'DUPLICATE_IN_FILE'],
      [7, 'target', 'BAD_FORMAT'],
      [8, 'region', 'REQUIRED_MISSING'],
    ]);
    expect(await targetCount()).toBe(before);
  });

  it('refuses a file without the needed columns, and an empty one, as a whole', async () => {
    const noTarget = await upload(cookies.director, 'month,region\n2026-05,EAST\n');
    expect(noTarget.statusCode).toBe(422);
    expect(noTarget.json().error.code).toBe('IMPORT_INVALID_MAPPING');
    const empty = await upload(cookies.director, '\n\n');
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.code).toBe('IMPORT_UNREADABLE_FILE');
  });

  it("refuses a manager's rows outside their region as out of scope", async () => {
    const before = await targetCount();
    const result = (
      await upload(cookies.eastManager, 'month,region,rep,target\n2026-02,EAST,,1\n2026-02,,u.westrep,1\n')
    ).json() as TargetImportResult;
    // The West rep is not in the East manager's scope at all: unknown to them.
    expect(result.problems.map((p) => [p.rowNumber, p.code])).toEqual([[3, 'UNKNOWN_REFERENCE']]);
    expect(await targetCount()).toBe(before);
    const rep = await upload(cookies.east, 'month,region,target\n2026-02,EAST,1\n');
    expect(rep.statusCode).toBe(403);
  });

  it('imports a whole .xlsx with Chinese headers: region targets and quotas, replacing existing ones', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('指标');
    sheet.addRow(['月份', '大区', '销售代表', '目标（元）']);
    sheet.addRow(['2026-02', 'EAST', '', 10_000]);
    sheet.addRow(['2026年3月', 'east', '', '10,000.00']);
    sheet.addRow(['2026-01', '', 'u.east', 15_000]); // replaces the 1,500,000 fen set by hand: same amount
    sheet.addRow(['2026-02', '', 'u.east', 8_000]);
    sheet.addRow(['2026-01', 'EAST', 'u.rep2', 5_000]);
    sheet.addRow(['2026-02', 'WEST', 'u.westrep', 4_000]);
    sheet.addRow(['202603', '', 'U.WestRep', 3_000]);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await upload(
      cookies.director,
      content,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ isCommitted: true, rowCount: 7, created: 6, updated: 0, problems: [] });
    const rows = await sql<{ month: string; region_id: number; rep_id: number | null; amount_fen: number }>(
      `SELECT to_char(month, 'YYYY-MM') AS month, region_id, rep_id, amount_fen FROM revenue_targets
        WHERE month < '2026-04-01' ORDER BY rep_id NULLS FIRST, month`,
    );
    expect(rows).toEqual(
      [
        { month: '2026-01', region_id: EAST, rep_id: null, amount_fen: 2_500_000 },
        { month: '2026-02', region_id: EAST, rep_id: null, amount_fen: 1_000_000 },
        { month: '2026-03', region_id: EAST, rep_id: null, amount_fen: 1_000_000 },
        { month: '2026-01', region_id: EAST, rep_id: ids.east, amount_fen: 1_500_000 },
        { month: '2026-02', region_id: EAST, rep_id: ids.east, amount_fen: 800_000 },
        { month: '2026-01', region_id: EAST, rep_id: ids.rep2, amount_fen: 500_000 },
        { month: '2026-02', region_id: WEST, rep_id: ids.westrep, amount_fen: 400_000 },
        { month: '2026-03', region_id: WEST, rep_id: ids.westrep, amount_fen: 300_000 },
      ].sort((a, b) => (a.rep_id ?? 0) - (b.rep_id ?? 0) || a.month.localeCompare(b.month)),
    );
    // The same file again changes nothing; a changed amount updates in place.
    const again = (await upload(cookies.director, 'month,rep,target\n2026-02,u.westrep,4000\n')).json();
    expect(again).toMatchObject({ isCommitted: true, created: 0, updated: 0 });
    const changed = (await upload(cookies.director, 'month,rep,target\n2026-02,u.westrep,4000.5\n')).json();
    expect(changed).toMatchObject({ isCommitted: true, created: 0, updated: 1 });
    await upload(cookies.director, 'month,rep,target\n2026-02,u.westrep,4000\n');
  });
});

describe('the targets of a year, in scope', () => {
  it('shows a company-wide user every region, rep and target, and that they may edit all', async () => {
    const year = (
      await call(cookies.director, 'GET', '/api/analytics/targets?year=2026')
    ).json() as TargetYear;
    expect(year.regions.map((r) => r.code)).toEqual(['EAST', 'WEST']);
    expect(year.targets).toHaveLength(8);
    expect(year.editableRegionIds).toEqual([EAST, WEST]);
    expect(year.reps.find((r) => r.id === ids.westrep)).toMatchObject({ regionId: WEST });
  });

  it("shows an East rep only East's targets and reps, read only; a distributor nothing", async () => {
    const year = (await call(cookies.east, 'GET', '/api/analytics/targets?year=2026')).json() as TargetYear;
    expect(year.regions.map((r) => r.code)).toEqual(['EAST']);
    expect(new Set(year.targets.map((t) => t.regionId))).toEqual(new Set([EAST]));
    expect(year.targets).toHaveLength(6);
    expect(year.reps.map((r) => r.id).sort()).toEqual([ids.east, ids.rep2, ids.eastManager].sort());
    expect(year.editableRegionIds).toEqual([]);
    const west = (
      await call(cookies.westManager, 'GET', '/api/analytics/targets?year=2026')
    ).json() as TargetYear;
    expect(west.targets.map((t) => t.amountFen)).toEqual([400_000, 300_000]);
    expect(west.editableRegionIds).toEqual([WEST]);
    const dealer = (
      await call(cookies.dealer, 'GET', '/api/analytics/targets?year=2026')
    ).json() as TargetYear;
    expect(dealer).toMatchObject({ regions: [], reps: [], targets: [], editableRegionIds: [] });
    const empty = (
      await call(cookies.director, 'GET', '/api/analytics/targets?year=2025')
    ).json() as TargetYear;
    expect(empty.targets).toEqual([]);
  });
});

describe('attainment in the semantic layer', () => {
  it("gives each region its own target (or its quotas' sum) and revenue ÷ target", async () => {
    const result = await ok(cookies.director, {
      measures: ['revenue', 'revenue_target', 'target_attainment'],
      dimensions: ['region'],
      timeRange: Q1,
    });
    expect(result.rows.map((r) => [r.labels[0], r.values])).toEqual([
      [
        'East China',
        { revenue: 2_500_000, revenue_target: 4_500_000, target_attainment: 2_500_000 / 4_500_000 },
      ],
      ['Northwest', { revenue: 940_000, revenue_target: 700_000, target_attainment: 940_000 / 700_000 }],
    ]);
    expect(result.totals.values).toEqual({
      revenue: 3_440_000,
      revenue_target: 5_200_000,
      target_attainment: 3_440_000 / 5_200_000,
    });
  });

  it('gives each rep their quota, and what is not assigned to a rep to no rep', async () => {
    const result = await ok(cookies.director, {
      measures: ['revenue', 'revenue_target', 'target_attainment'],
      dimensions: ['rep'],
      timeRange: Q1,
      sort: [{ field: 'revenue_target', direction: 'desc' }],
    });
    expect(
      result.rows.map((r) => [
        r.keys[0],
        r.values.revenue,
        r.values.revenue_target,
        r.values.target_attainment,
      ]),
    ).toEqual([
      [String(ids.east), 2_500_000, 2_300_000, 2_500_000 / 2_300_000],
      // Not assigned: EAST Jan 2,500,000 − 2,000,000, Feb 1,000,000 − 800,000, Mar 1,000,000; revenue: the dealer's.
      [null, 600_000, 1_700_000, 600_000 / 1_700_000],
      [String(ids.westrep), 340_000, 700_000, 340_000 / 700_000],
      [String(ids.rep2), 0, 500_000, 0],
    ]);
    expect(result.totals.values.revenue_target).toBe(5_200_000);
  });

  it('leaves attainment empty where there is no target', async () => {
    const result = await ok(cookies.director, {
      measures: ['revenue', 'revenue_target', 'target_attainment'],
      dimensions: ['month', 'region'],
      filters: [{ dimension: 'region', values: [String(WEST)] }],
      timeRange: Q1,
    });
    expect(
      result.rows.map((r) => [
        r.keys[0],
        r.values.revenue,
        r.values.revenue_target,
        r.values.target_attainment,
      ]),
    ).toEqual([
      ['2026-01', 100_000, 0, null],
      ['2026-02', 600_000, 400_000, 1.5],
      ['2026-03', 240_000, 300_000, 0.8],
    ]);
  });

  it('compares revenue with the target of the same months; other measures have none', async () => {
    const result = await ok(cookies.director, {
      measures: ['revenue', 'gross_profit'],
      dimensions: ['month'],
      timeRange: Q1,
      comparison: 'target',
    });
    expect(result.comparisonRange).toEqual(Q1);
    expect(result.rows.map((r) => [r.keys[0], r.values.revenue, r.previous])).toEqual([
      ['2026-01', 2_100_000, { revenue: 2_500_000, gross_profit: null }],
      ['2026-02', 1_100_000, { revenue: 1_400_000, gross_profit: null }],
      ['2026-03', 240_000, { revenue: 1_300_000, gross_profit: null }],
    ]);
    expect(result.totals.previous).toEqual({ revenue: 5_200_000, gross_profit: null });
  });

  it("counts a month's target only when the range holds the month's first day", async () => {
    const result = await ok(cookies.director, {
      measures: ['revenue', 'revenue_target'],
      timeRange: { from: '2026-01-15', to: '2026-02-28' },
    });
    // Revenue of A, E, B, C; January's targets start before the range: February's only.
    expect(result.totals.values).toEqual({ revenue: 3_200_000, revenue_target: 1_400_000 });
  });

  it('lists where targets and coverage can be broken down in the catalogue', async () => {
    const catalogue = (await call(cookies.director, 'GET', '/api/analytics/catalogue')).json() as {
      measures: { name: string; dimensions: string[] }[];
    };
    const dimensionsOf = (name: string) => catalogue.measures.find((m) => m.name === name)?.dimensions;
    const targetDimensions = ['day', 'week', 'month', 'quarter', 'year', 'region', 'province', 'city', 'rep'];
    expect(dimensionsOf('revenue_target')).toEqual(targetDimensions);
    expect(dimensionsOf('target_attainment')).toEqual(targetDimensions);
    expect(dimensionsOf('coverage_rate')).toEqual(
      expect.arrayContaining(['region', 'channel', 'customer_type', 'hospital_grade', 'rep']),
    );
    expect(dimensionsOf('coverage_rate')).not.toContain('month');
  });

  it('refuses targets by a dimension or filter they do not have', async () => {
    for (const body of [
      { measures: ['revenue_target'], dimensions: ['product'] },
      { measures: ['target_attainment'], dimensions: ['customer'] },
      { measures: ['revenue'], dimensions: ['channel'], comparison: 'target' as const },
      {
        measures: ['revenue'],
        filters: [{ dimension: 'customer_type', values: ['hospital'] }],
        comparison: 'target' as const,
      },
    ]) {
      const response = await query(cookies.director, { ...body, timeRange: Q1 });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe('ANALYTICS_NOT_APPLICABLE');
    }
  });

  it("gives an East rep East's targets only, equal to the East row, and a distributor none", async () => {
    const east = await ok(cookies.east, {
      measures: ['revenue', 'revenue_target', 'target_attainment'],
      dimensions: ['rep'],
      timeRange: Q1,
      comparison: 'target',
    });
    expect(east.totals.values).toEqual({
      revenue: 2_500_000,
      revenue_target: 4_500_000,
      target_attainment: 2_500_000 / 4_500_000,
    });
    expect(east.totals.previous?.revenue).toBe(4_500_000);
    expect(east.rows.map((r) => r.keys[0]).sort()).toEqual([String(ids.east), String(ids.rep2), null].sort());
    const west = await ok(cookies.westManager, { measures: ['revenue_target'], timeRange: Q1 });
    expect(west.totals.values.revenue_target).toBe(700_000);
    for (const body of [
      { measures: ['revenue_target'] },
      { measures: ['revenue'], comparison: 'target' as const },
    ]) {
      const dealer = await query(cookies.dealer, { ...body, timeRange: Q1 });
      expect(dealer.statusCode).toBe(403);
      expect(dealer.json().error.code).toBe('ANALYTICS_MEASURE_FORBIDDEN');
    }
  });
});

describe('region coverage and channel contribution', () => {
  it('lets the target-hospital flag be changed on the customer', async () => {
    const customer = (await apiAs(test, cookies.director).get(`/api/customers/${world.eastHospital}`)).json();
    const patched = await apiAs(test, cookies.director).patch(`/api/customers/${world.eastHospital}`, {
      version: customer.version,
      isTarget: true,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().isTarget).toBe(true);
    await sql('UPDATE customers SET is_target = true WHERE id = $1', [world.westHospital]);
  });

  it('counts target hospitals, those with an order in the period, and the rate, by region', async () => {
    const result = await ok(cookies.director, {
      measures: ['target_hospitals', 'covered_target_hospitals', 'coverage_rate'],
      dimensions: ['region'],
      timeRange: Q1,
    });
    expect(result.rows.map((r) => [r.labels[0], r.values])).toEqual([
      ['East China', { target_hospitals: 2, covered_target_hospitals: 1, coverage_rate: 0.5 }],
      ['Northwest', { target_hospitals: 1, covered_target_hospitals: 1, coverage_rate: 1 }],
    ]);
    expect(result.totals.values).toEqual({
      target_hospitals: 3,
      covered_target_hospitals: 2,
      coverage_rate: 2 / 3,
    });
    const april = await ok(cookies.director, {
      measures: ['target_hospitals', 'coverage_rate'],
      timeRange: { from: '2026-04-01', to: '2026-04-30' },
    });
    expect(april.totals.values).toEqual({ target_hospitals: 3, coverage_rate: 0 });
    // The West hospital ordered in January and March only.
    const byMonth = await ok(cookies.director, {
      measures: ['covered_target_hospitals'],
      dimensions: ['month'],
      timeRange: Q1,
    });
    expect(byMonth.rows.map((r) => [r.keys[0], r.values.covered_target_hospitals])).toEqual([
      ['2026-01', 2],
      ['2026-02', 1],
      ['2026-03', 1],
    ]);
  });

  it("gives an East user East's coverage only, and a distributor none of ours", async () => {
    const east = await ok(cookies.east, {
      measures: ['target_hospitals', 'covered_target_hospitals', 'coverage_rate'],
      timeRange: Q1,
    });
    expect(east.totals.values).toEqual({
      target_hospitals: 2,
      covered_target_hospitals: 1,
      coverage_rate: 0.5,
    });
    const dealer = await ok(cookies.dealer, {
      measures: ['target_hospitals', 'coverage_rate'],
      timeRange: Q1,
    });
    expect(dealer.totals.values).toEqual({ target_hospitals: 0, coverage_rate: null });
  });

  it('expresses channel contribution as revenue and gross profit by channel', async () => {
    const result = await ok(cookies.director, {
      measures: ['revenue', 'gross_profit'],
      dimensions: ['channel'],
      timeRange: Q1,
    });
    // Direct: A, B, D, E; GP 1,480,000 + 350,000 + 180,000 + 70,000. Distributor: C, GP 392,000.
    expect(result.rows.map((r) => [r.keys[0], r.values.revenue, r.values.gross_profit])).toEqual([
      ['direct', 2_840_000, 2_080_000],
      ['distributor', 600_000, 392_000],
    ]);
    expect(result.totals.values).toEqual({ revenue: 3_440_000, gross_profit: 2_472_000 });
    const share = (r: AnalyticsResult['rows'][number]) =>
      (r.values.gross_profit ?? 0) / (result.totals.values.gross_profit ?? 1);
    expect(result.rows.map(share)).toEqual([2_080_000 / 2_472_000, 392_000 / 2_472_000]);
  });
});
