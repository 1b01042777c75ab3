import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit.ts';
import { addDays, businessDate } from '../../platform/dates.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';
import { regionalImporterContext } from './imports.fixtures.ts';
import { commitImport, dryRunImport, readImportLimits, uploadImport } from './index.ts';
import { toCsvText } from './sample-customer-file.ts';

let test: TestApp;
let cookie = '';
const customerIds: Record<string, number> = {};
const tomorrow = addDays(businessDate(), 1);

beforeAll(async () => {
  test = await createTestApp();
  await test.database.db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'),
      (2, 1, 'sales_region', 'NORTH', '华北', 'North China'),
      (3, 1, 'sales_region', 'EAST', '华东', 'East China'),
      (10, 2, 'province', 'BJ', '北京', 'Beijing'),
      (12, 3, 'province', 'SH', '上海', 'Shanghai');
    SELECT setval('regions_id_seq', 100);`);
  await createTestUser(test, 'importer', ['admin']);
  await createTestUser(test, 'rep.north', ['sales_rep'], { regionIds: [2] });
  cookie = await signIn(test, 'importer');
  for (const [code, name, regionId] of [
    ['C-0001', '北京协和医院', 10],
    ['C-0002', '瑞金医院', 12],
  ] as const) {
    const customer = await call('POST', '/api/customers', {
      code,
      name,
      type: 'hospital',
      hospitalGrade: '3A',
      channel: 'direct',
      regionId,
    });
    expect(customer.statusCode, customer.body).toBe(201);
    customerIds[code] = customer.json().id as number;
  }
  // Entered by hand before any import: the files below must recognise them.
  const rating = await call('POST', `/api/credit/customers/${customerIds['C-0001']}/external-ratings`, {
    agency: '中诚信',
    rating: 'AA',
    outlook: 'stable',
    ratedOn: '2026-01-15',
  });
  expect(rating.statusCode, rating.body).toBe(201);
  const ratios = await call('POST', `/api/credit/customers/${customerIds['C-0001']}/financial-ratios`, {
    periodEnd: '2025-12-31',
    currentRatio: 1.8,
    quickRatio: 1.2,
  });
  expect(ratios.statusCode, ratios.body).toBe(201);
});
afterAll(() => test.close());

function call(method: 'GET' | 'POST', url: string, payload?: unknown) {
  return test.app.inject({
    method,
    url,
    headers: { cookie, 'accept-language': 'en' },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function upload(entity: string, content: Buffer, fileName: string) {
  const response = await test.app.inject({
    method: 'POST',
    url: `/api/imports?entity=${entity}&fileName=${encodeURIComponent(fileName)}`,
    headers: { cookie, 'content-type': 'application/octet-stream', 'accept-language': 'en' },
    payload: content,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number; encoding: string; alreadyImportedByJobId: number | null };
}

async function dryRun(id: number) {
  const response = await call('POST', `/api/imports/${id}/dry-run`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    job: { id: number; problemCount: number };
    problems: { rowNumber: number; code: string; field: string | null }[];
  };
}

const count = async (table: 'credit_external_ratings' | 'credit_financial_ratios') =>
  (await test.database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

describe('external ratings import', () => {
  const headers = ['客户编码', '评级机构', '评级', '展望', '评级日期', '备注'];
  const goodRows = () => [
    ['C-0001', '联合资信', 'AA+', '正面', '2026/2/1', '年度跟踪'],
    ['C-0002', '中诚信', 'A', 'negative', '2026-03-10', ''],
  ];

  it('reports every planted problem by row and code, and writes nothing', async () => {
    const before = await count('credit_external_ratings');
    const rows = [
      goodRows()[0]!,
      ['C-9999', '中诚信', 'AA', '', '2026-01-01', ''],
      ['C-0002', '', 'AA', '', '2026-01-01', ''],
      ['C-0002', '中诚信', 'AA', '很好', '2026-01-01', ''],
      ['C-0002', '中诚信', 'AA', '', tomorrow, ''],
      ['C-0001', '联合资信', 'AA+', '正面', '2026-02-01', '年度跟踪'],
      // Same customer, agency and date as the one entered by hand, another rating.
      ['C-0001', '中诚信', 'AA-', 'stable', '2026-01-15', ''],
      goodRows()[1]!,
    ];
    const job = await upload('credit_ratings', iconv.encode(toCsvText(headers, rows), 'gbk'), '外部评级.csv');
    expect(job.encoding).toBe('gbk');
    const result = await dryRun(job.id);
    expect(result.problems.map((p) => [p.rowNumber, p.code, p.field])).toEqual([
      [3, 'UNKNOWN_REFERENCE', 'customerCode'],
      [4, 'REQUIRED_MISSING', 'agency'],
      [5, 'BAD_ENUM', 'outlook'],
      [6, 'BAD_FORMAT', 'ratedOn'],
      [7, 'DUPLICATE_IN_FILE', 'ratedOn'],
      [8, 'DUPLICATE_EXISTING', 'ratedOn'],
    ]);
    const commit = await call('POST', `/api/imports/${job.id}/commit`);
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.code).toBe('IMPORT_HAS_PROBLEMS');
    expect(await count('credit_external_ratings')).toBe(before);
  });

  it('commits the fixed file as entered ratings, shown on the customer, with an audit entry each', async () => {
    const before = await count('credit_external_ratings');
    // The rating entered by hand, exactly: already there, not a problem.
    const rows = [...goodRows(), ['C-0001', '中诚信', 'AA', '稳定', '2026-01-15', '']];
    const job = await upload('credit_ratings', Buffer.from(toCsvText(headers, rows), 'utf8'), 'ratings.csv');
    expect((await dryRun(job.id)).job.problemCount).toBe(0);
    const commit = await call('POST', `/api/imports/${job.id}/commit`);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ created: 2, unchanged: 1 });
    expect(await count('credit_external_ratings')).toBe(before + 2);

    const inputs = await call('GET', `/api/credit/customers/${customerIds['C-0001']}/inputs`);
    expect(inputs.statusCode, inputs.body).toBe(200);
    expect(inputs.json().externalRating).toMatchObject({
      agency: '联合资信',
      rating: 'AA+',
      outlook: 'positive',
      ratedOn: '2026-02-01',
      note: '年度跟踪',
      enteredByName: 'importer',
    });
    const audit = await test.database.db.query(
      `SELECT actor_name, after->>'rating' AS rating FROM audit_log
        WHERE entity = 'credit_external_rating' AND after->>'source' = 'import' ORDER BY seq`,
    );
    expect(audit.rows).toEqual([
      { actor_name: 'importer', rating: 'AA+' },
      { actor_name: 'importer', rating: 'A' },
    ]);
    expect(await verifyAuditChain(test.database.db)).toMatchObject({ ok: true });
  });
});

describe('financial ratios import', () => {
  const headers = [
    '客户编码',
    '报表期末',
    '流动比率',
    '速动比率',
    '资产负债率',
    '净利率',
    '营业收入（元）',
    '来源说明',
  ];
  const goodRows = () => [
    ['C-0001', '2026-06-30', '1.85', '1.1', '62.5%', '8%', '1,234,567.89', '半年报'],
    ['C-0002', '2025-12-31', '', '', '0.4', '-0.035', '', ''],
  ];
  let committedJobId = 0;

  it('reports every planted problem by row and code, and writes nothing', async () => {
    const before = await count('credit_financial_ratios');
    const rows = [
      goodRows()[0]!,
      ['C-0002', '2025-06-30', '1.0', '1.5', '', '', '', ''],
      ['C-0002', '2025-03-31', '', '', '', '', '', '无数字'],
      ['C-0002', '2024-12-31', 'abc', '', '', '', '', ''],
      ['C-0002', '2024-09-30', '', '', '', '150%', '', ''],
      ['C-0002', '2024-06-30', '1.23456', '', '', '', '', ''],
      ['C-0001', '2026-06-30', '2', '', '', '', '', ''],
      ['C-0001', '2025-12-31', '1.9', '1.2', '', '', '', ''],
      ['C-0002', tomorrow, '1', '', '', '', '', ''],
      goodRows()[1]!,
    ];
    const job = await upload('financial_ratios', Buffer.from(toCsvText(headers, rows), 'utf8'), 'ratios.csv');
    const result = await dryRun(job.id);
    expect(result.problems.map((p) => [p.rowNumber, p.code, p.field])).toEqual([
      [3, 'BAD_FORMAT', 'quickRatio'],
      [4, 'REQUIRED_MISSING', 'currentRatio'],
      [5, 'BAD_FORMAT', 'currentRatio'],
      [6, 'BAD_FORMAT', 'netMargin'],
      [7, 'BAD_FORMAT', 'currentRatio'],
      [8, 'DUPLICATE_IN_FILE', 'periodEnd'],
      [9, 'DUPLICATE_EXISTING', 'periodEnd'],
      [10, 'BAD_FORMAT', 'periodEnd'],
    ]);
    expect((await call('POST', `/api/imports/${job.id}/commit`)).statusCode).toBe(422);
    expect(await count('credit_financial_ratios')).toBe(before);
  });

  it('commits the fixed file with exact ratios (percentages as fractions) and revenue in fen', async () => {
    const before = await count('credit_financial_ratios');
    const rows = [...goodRows(), ['C-0001', '2025-12-31', '1.80', '1.2', '', '', '', '']];
    const job = await upload(
      'financial_ratios',
      Buffer.from(toCsvText(headers, rows), 'utf8'),
      'ratios-ok.csv',
    );
    const commit = await call('POST', `/api/imports/${job.id}/commit`);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ created: 2, unchanged: 1 });
    expect(await count('credit_financial_ratios')).toBe(before + 2);
    committedJobId = job.id;

    const { rows: stored } = await test.database.db.query(
      `SELECT c.code, f.current_ratio::text AS current, f.quick_ratio::text AS quick,
              f.debt_to_asset_ratio::text AS debt, f.net_margin::text AS margin, f.revenue_fen AS revenue,
              f.source_note AS note
         FROM credit_financial_ratios f JOIN customers c ON c.id = f.customer_id
        WHERE f.period_end IN ('2026-06-30', '2025-12-31') ORDER BY f.id`,
    );
    expect(stored).toEqual([
      {
        code: 'C-0001',
        current: '1.8000',
        quick: '1.2000',
        debt: null,
        margin: null,
        revenue: null,
        note: null,
      },
      {
        code: 'C-0001',
        current: '1.8500',
        quick: '1.1000',
        debt: '0.6250',
        margin: '0.0800',
        revenue: 123456789,
        note: '半年报',
      },
      {
        code: 'C-0002',
        current: null,
        quick: null,
        debt: '0.4000',
        margin: '-0.0350',
        revenue: null,
        note: null,
      },
    ]);
  });

  it('writes nothing new when the same statements come again', async () => {
    const before = await count('credit_financial_ratios');
    const rows = [...goodRows(), ['C-0001', '2025-12-31', '1.80', '1.2', '', '', '', '']];
    const same = await upload(
      'financial_ratios',
      Buffer.from(toCsvText(headers, rows), 'utf8'),
      'ratios-ok.csv',
    );
    expect(same.alreadyImportedByJobId).toBe(committedJobId);
    const again = await upload(
      'financial_ratios',
      iconv.encode(toCsvText(headers, rows), 'gbk'),
      'ratios-again.csv',
    );
    const commit = await call('POST', `/api/imports/${again.id}/commit`);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ created: 0, unchanged: 3 });
    expect(await count('credit_financial_ratios')).toBe(before);
  });
});

describe('scope and who may import', () => {
  it('refuses inputs of customers outside the importing user’s regions, writing nothing', async () => {
    // No built-in role has imports:run and a regional scope; the service must hold the line anyway.
    const northCtx = await regionalImporterContext(
      test.database.db,
      'rep.north',
      [2, 10],
      ['credit:read', 'credit:write'],
    );
    const limits = readImportLimits();
    const before = await count('credit_external_ratings');
    const content = Buffer.from(
      toCsvText(
        ['客户编码', '评级机构', '评级', '评级日期'],
        [
          ['C-0001', '大公国际', 'A+', '2026-04-01'],
          ['C-0002', '大公国际', 'A', '2026-04-01'],
        ],
      ),
    );
    const job = await uploadImport(
      test.deps.db,
      northCtx,
      { entity: 'credit_ratings', fileName: 'north.csv', content },
      limits,
    );
    const result = await dryRunImport(test.deps.db, northCtx, job.id, { limits });
    expect(result.problems.map((p) => [p.rowNumber, p.code, p.field])).toEqual([
      [3, 'OUT_OF_SCOPE', 'customerCode'],
    ]);
    await expect(commitImport(test.deps.db, northCtx, job.id, { limits })).rejects.toMatchObject({
      code: 'IMPORT_HAS_PROBLEMS',
    });
    expect(await count('credit_external_ratings')).toBe(before);
  });

  it('refuses a user without the right to enter credit inputs', async () => {
    await createTestUser(test, 'quality', ['quality']);
    const qualityCookie = await signIn(test, 'quality');
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/imports?entity=financial_ratios&fileName=x.csv',
      headers: { cookie: qualityCookie, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('客户编码,报表期末,流动比率\nC-0001,2025-09-30,1.5\n'),
    });
    expect(response.statusCode).toBe(403);
  });

  it('lets finance import them (credit staff keep the inputs current)', async () => {
    await createTestUser(test, 'finance.importer', ['finance']);
    const financeCookie = await signIn(test, 'finance.importer');
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/imports?entity=financial_ratios&fileName=x.csv',
      headers: { cookie: financeCookie, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('客户编码,报表期末,流动比率\nC-0001,2025-09-30,1.5\n'),
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ entity: 'financial_ratios' });
  });
});
