import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';
import { regionalImporterContext } from './imports.fixtures.ts';
import { commitImport, dryRunImport, readImportLimits, uploadImport } from './index.ts';
import { toCsvText } from './sample-customer-file.ts';

let test: TestApp;
const cookies: Record<string, string> = {};
let northLead = '';
let eastLead = '';

beforeAll(async () => {
  test = await createTestApp();
  await test.database.db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'),
      (2, 1, 'sales_region', 'NORTH', '华北', 'North China'),
      (3, 1, 'sales_region', 'EAST', '华东', 'East China'),
      (10, 2, 'province', 'BJ', '北京', 'Beijing'),
      (12, 3, 'province', 'SH', '上海', 'Shanghai');
    SELECT setval('regions_id_seq', 100);
    INSERT INTO campaigns (code, name, type, channel, region_id, starts_on, ends_on) VALUES
      ('EXPO-2026', '2026 医疗器械博览会', 'trade_show', 'exhibition', NULL, '2026-01-01', '2026-12-31'),
      ('EAST-MEET', '华东学术会', 'academic_meeting', 'academic', 3, '2026-01-01', '2026-12-31');`);
  await createTestUser(test, 'importer', ['admin']);
  await createTestUser(test, 'rep.north', ['sales_rep'], { regionIds: [2] });
  cookies.importer = await signIn(test, 'importer');

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
  }
  const leads: string[] = [];
  for (const [contactName, phone, regionId] of [
    ['张伟', '13800000001', 10],
    ['孙丽', '13800000011', 12],
  ] as const) {
    const lead = await call('POST', '/api/leads', { contactName, organization: '医院', phone, regionId });
    expect(lead.statusCode, lead.body).toBe(201);
    leads.push(lead.json().code as string);
  }
  [northLead, eastLead] = leads as [string, string];

  // A call already recorded by hand: the import must recognise it.
  const ids = await test.database.db.query<{ campaign: number; customer: number }>(
    `SELECT (SELECT id FROM campaigns WHERE code = 'EXPO-2026') AS campaign,
            (SELECT id FROM customers WHERE code = 'C-0001') AS customer`,
  );
  const touch = await call('POST', '/api/touches', {
    customerId: ids.rows[0]!.customer,
    campaignId: ids.rows[0]!.campaign,
    kind: 'call',
    touchedAt: '2026-02-01T10:00:00+08:00',
  });
  expect(touch.statusCode, touch.body).toBe(201);
});
afterAll(() => test.close());

function call(method: 'GET' | 'POST', url: string, payload?: unknown) {
  return test.app.inject({
    method,
    url,
    headers: { cookie: cookies.importer!, 'accept-language': 'en' },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function upload(content: Buffer, fileName: string) {
  const response = await test.app.inject({
    method: 'POST',
    url: `/api/imports?entity=touches&fileName=${encodeURIComponent(fileName)}`,
    headers: {
      cookie: cookies.importer!,
      'content-type': 'application/octet-stream',
      'accept-language': 'en',
    },
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
    problems: { rowNumber: number; code: string; field: string }[];
  };
}

const touchCount = async () =>
  (await test.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM touches')).rows[0]!.n;

const headers = ['市场活动', '线索编号', '客户编码', '类型', '时间', '渠道', '备注'];
const goodRows = () => [
  ['EXPO-2026', northLead, '', '拜访', '2026-03-05 14:30', '', '展台交流'],
  ['EXPO-2026', '', 'C-0002', '样品', '2026/3/6', '微信', ''],
];
const brokenRows = () => [
  goodRows()[0]!,
  ['', northLead, '', '拜访', '2026-03-05 15:00', '', ''],
  ['NOPE', northLead, '', '拜访', '2026-03-05 15:00', '', ''],
  ['EXPO-2026', '', '', '拜访', '2026-03-05 15:00', '', ''],
  ['EXPO-2026', 'LD-20000101-9999', '', '拜访', '2026-03-05 15:00', '', ''],
  ['EXPO-2026', '', 'C-9999', '拜访', '2026-03-05 15:00', '', ''],
  ['EXPO-2026', northLead, '', '拜访', '2026-13-45 15:00', '', ''],
  ['EXPO-2026', northLead, '', '跳舞', '2026-03-05 16:00', '', ''],
  ['expo-2026', northLead.toLowerCase(), '', '参会', '2026-03-05T14:30:00', '', '又来了'],
  ['EXPO-2026', '', 'C-0001', '拜访', '2026-02-01 10:00', '', ''],
  goodRows()[1]!,
];
const fixedRows = () => [
  ...goodRows(),
  ['EXPO-2026', northLead, '', '参会', '2026-03-05 16:00', '', ''],
  ['EXPO-2026', '', 'C-0001', '电话', '2026-03-07 09:00:30', '', '询价'],
  // The call recorded by hand, exactly: already there, not a problem.
  ['EXPO-2026', '', 'C-0001', '电话', '2026-02-01 10:00', '', ''],
];

describe('touches import', () => {
  let committedJobId = 0;

  it('reports every planted problem of a GBK file by row and code, and writes nothing', async () => {
    const before = await touchCount();
    const job = await upload(iconv.encode(toCsvText(headers, brokenRows()), 'gbk'), '触点导入.csv');
    expect(job.encoding).toBe('gbk');
    const result = await dryRun(job.id);
    expect(result.problems.map((p) => [p.rowNumber, p.code, p.field])).toEqual([
      [3, 'REQUIRED_MISSING', 'campaign'],
      [4, 'UNKNOWN_REFERENCE', 'campaign'],
      [5, 'REQUIRED_MISSING', 'leadCode'],
      [6, 'UNKNOWN_REFERENCE', 'leadCode'],
      [7, 'UNKNOWN_REFERENCE', 'customerCode'],
      [8, 'BAD_FORMAT', 'touchedAt'],
      [9, 'BAD_ENUM', 'kind'],
      [10, 'DUPLICATE_IN_FILE', 'touchedAt'],
      [11, 'DUPLICATE_EXISTING', 'touchedAt'],
    ]);
    const commit = await call('POST', `/api/imports/${job.id}/commit`);
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.code).toBe('IMPORT_HAS_PROBLEMS');
    expect(await touchCount()).toBe(before);
  });

  it('commits the fixed file as recorded touches: China time, campaign channel, customer of a lead, audit', async () => {
    const before = await touchCount();
    const fixed = fixedRows();
    const job = await upload(iconv.encode(toCsvText(headers, fixed), 'gbk'), '触点导入-修正.csv');
    expect((await dryRun(job.id)).job.problemCount).toBe(0);
    const commit = await call('POST', `/api/imports/${job.id}/commit`);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ alreadyImported: false, created: fixed.length - 1, unchanged: 1 });
    expect(await touchCount()).toBe(before + fixed.length - 1);
    committedJobId = job.id;

    const { rows } = await test.database.db.query(
      `SELECT l.code AS lead, c.code AS customer, k.code AS campaign, t.kind, t.channel, t.note,
              to_char(t.touched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS utc,
              to_char(t.touch_date, 'YYYY-MM-DD') AS touch_date, t.touch_time, u.username AS created_by
         FROM touches t LEFT JOIN leads l ON l.id = t.lead_id LEFT JOIN customers c ON c.id = t.customer_id
         JOIN campaigns k ON k.id = t.campaign_id LEFT JOIN users u ON u.id = t.created_by
        WHERE t.created_by IS NOT NULL AND t.touched_at >= '2026-03-01' ORDER BY t.id`,
    );
    expect(rows).toEqual([
      {
        lead: northLead,
        customer: null,
        campaign: 'EXPO-2026',
        kind: 'visit',
        channel: 'exhibition',
        note: '展台交流',
        utc: '2026-03-05T06:30:00',
        touch_date: '2026-03-05',
        touch_time: '14:30:00',
        created_by: 'importer',
      },
      {
        lead: null,
        customer: 'C-0002',
        campaign: 'EXPO-2026',
        kind: 'sample',
        channel: 'wechat',
        note: null,
        utc: '2026-03-05T16:00:00',
        touch_date: '2026-03-06',
        touch_time: '00:00:00',
        created_by: 'importer',
      },
      expect.objectContaining({ lead: northLead, kind: 'attendance', touch_time: '16:00:00' }),
      expect.objectContaining({ customer: 'C-0001', kind: 'call', note: '询价', touch_time: '09:00:30' }),
    ]);

    const audit = await test.database.db.query(
      `SELECT a.actor_name, a.after->>'kind' AS kind FROM audit_log a
        WHERE a.action = 'create' AND a.entity = 'touch' AND a.after->>'source' = 'import' ORDER BY a.seq`,
    );
    expect(audit.rows.map((a) => a.kind)).toEqual(['visit', 'sample', 'attendance', 'call']);
    expect(audit.rows.every((a) => a.actor_name === 'importer')).toBe(true);
    expect(await verifyAuditChain(test.database.db)).toMatchObject({ ok: true });
  });

  it('writes nothing new when the same touches come again, as the same file or another', async () => {
    const before = await touchCount();
    const fixed = fixedRows();
    const same = await upload(iconv.encode(toCsvText(headers, fixed), 'gbk'), '触点导入-修正.csv');
    expect(same.alreadyImportedByJobId).toBe(committedJobId);
    expect((await call('POST', `/api/imports/${same.id}/commit`)).json()).toMatchObject({
      alreadyImported: true,
      created: 0,
    });
    const utf8 = await upload(Buffer.from(toCsvText(headers, fixed), 'utf8'), 'touches.csv');
    const commit = await call('POST', `/api/imports/${utf8.id}/commit`);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ alreadyImported: false, created: 0, unchanged: fixed.length });
    expect(await touchCount()).toBe(before);
  });

  it('refuses touches of leads, customers and campaigns of regions the importing user does not see', async () => {
    // No built-in role has imports:run and a regional scope; the service must hold the line anyway.
    const northCtx = await regionalImporterContext(
      test.database.db,
      'rep.north',
      [2, 10],
      ['crm:read', 'crm:write'],
    );
    const limits = readImportLimits();
    const before = await touchCount();
    const content = Buffer.from(
      toCsvText(headers, [
        ['EXPO-2026', northLead, '', '拜访', '2026-04-01 10:00', '', ''],
        ['EXPO-2026', eastLead, '', '拜访', '2026-04-01 10:00', '', ''],
        ['EXPO-2026', '', 'C-0002', '拜访', '2026-04-01 10:00', '', ''],
        ['EAST-MEET', northLead, '', '参会', '2026-04-02 10:00', '', ''],
      ]),
    );
    const job = await uploadImport(
      test.deps.db,
      northCtx,
      { entity: 'touches', fileName: 'north.csv', content },
      limits,
    );
    const result = await dryRunImport(test.deps.db, northCtx, job.id, { limits });
    expect(result.problems.map((p) => [p.rowNumber, p.code, p.field])).toEqual([
      [3, 'OUT_OF_SCOPE', 'leadCode'],
      [4, 'OUT_OF_SCOPE', 'customerCode'],
      [5, 'OUT_OF_SCOPE', 'campaign'],
    ]);
    await expect(commitImport(test.deps.db, northCtx, job.id, { limits })).rejects.toMatchObject({
      code: 'IMPORT_HAS_PROBLEMS',
    });
    expect(await touchCount()).toBe(before);
  });
});
