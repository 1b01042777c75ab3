import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';
import { regionalImporterContext } from './imports.fixtures.ts';
import { commitImport, dryRunImport, readImportLimits, uploadImport } from './index.ts';
import { toCsvText } from './sample-customer-file.ts';

let test: TestApp;
const cookies: Record<string, string> = {};

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
    INSERT INTO campaigns (code, name, type, channel, starts_on, ends_on)
      VALUES ('EXPO-2026', '2026 医疗器械博览会', 'trade_show', 'exhibition', '2026-01-01', '2026-12-31');`);
  await createTestUser(test, 'importer', ['admin']);
  await createTestUser(test, 'rep.north', ['sales_rep'], { regionIds: [2] });
  await createTestUser(test, 'rep.east', ['sales_rep'], { regionIds: [3] });
  cookies.importer = await signIn(test, 'importer');

  const customer = await call('importer', 'POST', '/api/customers', {
    code: 'C-0001',
    name: '北京协和医院',
    type: 'hospital',
    hospitalGrade: '3A',
    channel: 'direct',
    regionId: 10,
    contactName: '王主任',
    contactPhone: '137-0000-0001',
  });
  expect(customer.statusCode, customer.body).toBe(201);
  const lead = await call('importer', 'POST', '/api/leads', {
    contactName: '老客户',
    organization: '天坛医院',
    phone: '13900000001',
    regionId: 10,
  });
  expect(lead.statusCode, lead.body).toBe(201);
});
afterAll(() => test.close());

function call(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return test.app.inject({
    method,
    url,
    headers: { cookie: cookies[user]!, 'accept-language': 'en' },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function upload(user: string, content: Buffer, fileName: string) {
  const response = await test.app.inject({
    method: 'POST',
    url: `/api/imports?entity=leads&fileName=${encodeURIComponent(fileName)}`,
    headers: { cookie: cookies[user]!, 'content-type': 'application/octet-stream', 'accept-language': 'en' },
    payload: content,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number; encoding: string; alreadyImportedByJobId: number | null };
}

async function dryRun(user: string, id: number) {
  const response = await call(user, 'POST', `/api/imports/${id}/dry-run`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    job: { id: number; problemCount: number };
    problems: { rowNumber: number; code: string; field: string }[];
  };
}

const leadCount = async () =>
  (await test.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM leads')).rows[0]!.n;

const headers = ['联系人', '单位', '电话', '邮箱', '区域', '负责人', '市场活动', 'utm_medium'];
const good = [
  ['张伟', '北京协和医院骨科', '13800000001', 'zhang@example.com', '北京', '', 'EXPO-2026', ''],
  ['孙丽', '瑞金医院', '13800000011', '', '上海市', 'rep.east', '', 'cpc'],
];
const broken = [
  good[0]!,
  ['', '天津医院', '13800000003', '', '北京', '', '', ''],
  ['李娜', '天津医院', 'abc', '', '北京', '', '', ''],
  ['王芳', '天津医院', '', 'not-an-email', '北京', '', '', ''],
  ['刘洋', '天津医院', '13800000006', '', '火星', '', '', ''],
  ['陈静', '天津医院', '13800000007', '', '北京', '', 'NOPE', ''],
  ['赵磊', '天津医院', '+86 138-0000-0001', '', '北京', '', '', ''],
  ['周敏', '天津医院', '139 0000 0001', '', '北京', '', '', ''],
  ['吴刚', '北京协和医院', '13700000001', '', '北京', '', '', ''],
  good[1]!,
];
const fixed = [
  good[0]!,
  ['马超', '天津医院', '13800000003', '', '北京', '', '', ''],
  ['李娜', '天津医院', '13800000004', '', '北京', '', '', ''],
  ['王芳', '天津医院', '', 'wang@example.com', '北京', '', '', ''],
  ['刘洋', '天津医院', '13800000006', '', 'BJ', '', '', ''],
  ['陈静', '天津医院', '13800000007', '', '北京', '', 'expo-2026', ''],
  good[1]!,
];
const fixedGbk = iconv.encode(toCsvText(headers, fixed), 'gbk');

describe('leads import', () => {
  let committedJobId = 0;

  it('reports every planted problem of a GBK file by row and code, and writes nothing', async () => {
    const before = await leadCount();
    const job = await upload('importer', iconv.encode(toCsvText(headers, broken), 'gbk'), '线索导入.csv');
    expect(job.encoding).toBe('gbk');
    const result = await dryRun('importer', job.id);
    expect(result.problems.map((p) => [p.rowNumber, p.code, p.field])).toEqual([
      [3, 'REQUIRED_MISSING', 'contactName'],
      [4, 'BAD_FORMAT', 'phone'],
      [5, 'BAD_FORMAT', 'email'],
      [6, 'UNKNOWN_REFERENCE', 'region'],
      [7, 'UNKNOWN_REFERENCE', 'campaign'],
      [8, 'DUPLICATE_IN_FILE', 'phone'],
      [9, 'DUPLICATE_EXISTING', 'phone'],
      [10, 'DUPLICATE_EXISTING', 'phone'],
    ]);
    const commit = await call('importer', 'POST', `/api/imports/${job.id}/commit`);
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.code).toBe('IMPORT_HAS_PROBLEMS');
    expect(await leadCount()).toBe(before);
  });

  it('commits the fixed file as hand-entered leads: numbers, owners, campaign touches and audit', async () => {
    const before = await leadCount();
    const job = await upload('importer', fixedGbk, '线索导入-修正.csv');
    expect((await dryRun('importer', job.id)).job.problemCount).toBe(0);
    const commit = await call('importer', 'POST', `/api/imports/${job.id}/commit`);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ alreadyImported: false, created: fixed.length, unchanged: 0 });
    expect(await leadCount()).toBe(before + fixed.length);
    committedJobId = job.id;

    const { rows } = await test.database.db.query(
      `SELECT l.code, l.contact_name, l.status, l.source, l.channel, l.phone_normalized, l.email,
              r.code AS region, u.username AS owner, k.code AS campaign, c.username AS created_by,
              (SELECT count(*)::int FROM touches t WHERE t.lead_id = l.id) AS touches
         FROM leads l LEFT JOIN regions r ON r.id = l.region_id LEFT JOIN users u ON u.id = l.owner_id
         LEFT JOIN campaigns k ON k.id = l.campaign_id LEFT JOIN users c ON c.id = l.created_by
        WHERE l.source = 'import' ORDER BY l.code`,
    );
    expect(rows.map((r) => r.contact_name)).toEqual(fixed.map((r) => r[0]));
    for (const row of rows) {
      expect(row.code).toMatch(/^LD-\d{8}-\d{4}$/);
      expect(row).toMatchObject({ status: 'new', source: 'import', created_by: 'importer' });
    }
    expect(rows[0]).toMatchObject({
      region: 'BJ',
      owner: 'rep.north',
      campaign: 'EXPO-2026',
      channel: 'exhibition',
      phone_normalized: '13800000001',
      touches: 1,
    });
    expect(rows[3]).toMatchObject({ email: 'wang@example.com', phone_normalized: null, owner: 'rep.north' });
    expect(rows[5]).toMatchObject({ campaign: 'EXPO-2026', touches: 1 });
    expect(rows[6]).toMatchObject({ region: 'SH', owner: 'rep.east', channel: 'search', touches: 0 });

    const audit = await test.database.db.query(
      `SELECT a.entity_id, a.actor_name, a.after->>'code' AS code, a.after->>'status' AS status
         FROM audit_log a WHERE a.action = 'create' AND a.entity = 'lead' AND a.after->>'source' = 'import'
        ORDER BY a.seq`,
    );
    expect(audit.rows.map((a) => a.code)).toEqual(rows.map((r) => r.code));
    expect(audit.rows.every((a) => a.actor_name === 'importer' && a.status === 'new')).toBe(true);
    expect(await verifyAuditChain(test.database.db)).toMatchObject({ ok: true });
    const events = await test.database.db.query(
      "SELECT count(*)::int AS n FROM outbox_events WHERE type = 'lead.created'",
    );
    expect(events.rows[0].n).toBe(fixed.length + 1);
  });

  it('writes nothing new when the same leads come again, as the same file or another', async () => {
    const before = await leadCount();
    const same = await upload('importer', fixedGbk, '线索导入-修正.csv');
    expect(same.alreadyImportedByJobId).toBe(committedJobId);
    expect((await call('importer', 'POST', `/api/imports/${same.id}/commit`)).json()).toMatchObject({
      alreadyImported: true,
      created: 0,
    });
    const utf8 = await upload('importer', Buffer.from(toCsvText(headers, fixed), 'utf8'), 'leads.csv');
    const commit = await call('importer', 'POST', `/api/imports/${utf8.id}/commit`);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ alreadyImported: false, created: 0, unchanged: fixed.length });
    expect(await leadCount()).toBe(before);
  });

  it('refuses leads of a region the importing user does not see, or without a region', async () => {
    // No built-in role has imports:run and a regional scope; the service must hold the line anyway.
    const northCtx = await regionalImporterContext(
      test.database.db,
      'rep.north',
      [2, 10],
      ['crm:read', 'crm:write'],
    );
    const limits = readImportLimits();
    const before = await leadCount();
    const content = Buffer.from(
      toCsvText(headers, [
        ['钱进', '北京天坛医院', '13800000021', '', '北京', '', '', ''],
        ['孔明', '华山医院', '13800000022', '', '上海', '', '', ''],
        ['郑和', '华山医院', '13800000023', '', '', '', '', ''],
        // An open lead of another region: refused as a duplicate without naming it.
        ['孙丽', '瑞金医院', '13800000011', '', '北京', '', '', ''],
      ]),
    );
    const job = await uploadImport(
      test.deps.db,
      northCtx,
      { entity: 'leads', fileName: 'north.csv', content },
      limits,
    );
    const result = await dryRunImport(test.deps.db, northCtx, job.id, { limits });
    expect(result.problems.map((p) => [p.rowNumber, p.code, p.field])).toEqual([
      [3, 'OUT_OF_SCOPE', 'region'],
      [4, 'REQUIRED_MISSING', 'region'],
      [5, 'DUPLICATE_EXISTING', 'phone'],
    ]);
    expect(result.problems[2]!.message).toBe('Phone: already the contact of open lead outside your regions');
    await expect(commitImport(test.deps.db, northCtx, job.id, { limits })).rejects.toMatchObject({
      code: 'IMPORT_HAS_PROBLEMS',
    });
    expect(await leadCount()).toBe(before);
  });
});
