import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RequestContext, systemContext } from '../../platform/auth-context.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';
import { commitImport, dryRunImport, readImportLimits, uploadImport } from './index.ts';
import { toCsvText } from './sample-customer-file.ts';

// Small limits, so that files over them are cheap to make. Put back after the file: test files
// share their worker process (and so its environment) with the files that run after them.
const smallLimits = {
  PULSE_IMPORT_MAX_BYTES: String(1024 * 1024),
  PULSE_IMPORT_MAX_ROWS: '1000',
  PULSE_IMPORT_MAX_UNZIPPED_BYTES: String(5 * 1024 * 1024),
};
const limitsBefore = Object.fromEntries(Object.keys(smallLimits).map((name) => [name, process.env[name]]));
Object.assign(process.env, smallLimits);

let test: TestApp;
const cookies: Record<string, string> = {};
let regionalCtx: RequestContext;

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
  await createTestUser(test, 'importer', ['admin'], { displayName: '导入员' });
  await createTestUser(test, 'quality', ['quality']);
  const manager = await createTestUser(test, 'manager.east', ['regional_manager'], { regionIds: [3] });
  cookies.importer = await signIn(test, 'importer');
  cookies.quality = await signIn(test, 'quality');
  cookies.manager = await signIn(test, 'manager.east');
  regionalCtx = {
    ...systemContext('en'),
    userId: manager.id,
    username: 'manager.east',
    displayName: 'manager.east',
    roles: ['regional_manager'],
    // No built-in role has imports:run and a regional scope; the service must hold the line anyway.
    permissions: ['imports:run', 'customers:read', 'customers:write'],
    isCompanyWide: false,
    regionIds: [3, 12],
    via: 'session',
  };
  const existing = await test.app.inject({
    method: 'POST',
    url: '/api/customers',
    headers: { cookie: cookies.importer! },
    payload: {
      code: 'EX-0001',
      name: '北京协和医院',
      type: 'hospital',
      hospitalGrade: '3A',
      channel: 'direct',
      regionId: 10,
    },
  });
  expect(existing.statusCode, existing.body).toBe(201);
});
afterAll(async () => {
  await test.close();
  for (const [name, value] of Object.entries(limitsBefore)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const CUSTOMER_HEADERS = ['客户编码', '客户名称', '客户类型', '区域'];

function upload(
  content: Buffer,
  options: { who?: string; entity?: string; fileName?: string; lang?: string; query?: string } = {},
) {
  const query = `entity=${options.entity ?? 'customers'}&fileName=${encodeURIComponent(options.fileName ?? 'test.csv')}`;
  return test.app.inject({
    method: 'POST',
    url: `/api/imports?${query}${options.query ?? ''}`,
    headers: {
      cookie: cookies[options.who ?? 'importer']!,
      'content-type': 'application/octet-stream',
      'accept-language': options.lang ?? 'en',
    },
    payload: content,
  });
}

const csv = (headers: string[], rows: string[][]) => Buffer.from(toCsvText(headers, rows));

function call(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  options: { who?: string; lang?: string; payload?: unknown } = {},
) {
  return test.app.inject({
    method,
    url,
    headers: { cookie: cookies[options.who ?? 'importer']!, 'accept-language': options.lang ?? 'en' },
    ...(options.payload === undefined ? {} : { payload: options.payload as string }),
  });
}

async function uploadAndDryRun(content: Buffer, options: Parameters<typeof upload>[1] = {}) {
  const uploaded = await upload(content, options);
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const dryRun = await call('POST', `/api/imports/${uploaded.json().id}/dry-run`, options);
  expect(dryRun.statusCode, dryRun.body).toBe(200);
  return dryRun.json() as {
    job: { id: number; problemCount: number; unchangedCount: number };
    problems: { rowNumber: number; code: string; field: string; message: string; value: string | null }[];
  };
}

describe('duplicates of existing customers', () => {
  it('reports 北京市协和医院 and 北京协和医院东院 as near duplicates of 北京协和医院, in Chinese', async () => {
    const result = await uploadAndDryRun(
      csv(CUSTOMER_HEADERS, [
        ['N-1', '北京市协和医院', '医院', '北京'],
        ['N-2', '北京协和医院东院', '医院', 'BJ'],
        ['N-3', '上海瑞金医院', '医院', '上海'],
      ]),
      { lang: 'zh-CN' },
    );
    expect(result.problems.map((p) => [p.rowNumber, p.code, p.field])).toEqual([
      [2, 'NEAR_DUPLICATE_EXISTING', 'name'],
      [3, 'NEAR_DUPLICATE_EXISTING', 'name'],
    ]);
    expect(result.problems[0]!.message).toBe(
      '客户名称：与已有客户 EX-0001“北京协和医院”高度相似（相似度 1.00）',
    );
    expect(result.problems[1]!.message).toContain('相似度 0.60');
  });
});

describe('Excel files', () => {
  it('imports an .xlsx with English headers, numbers and booleans', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Customers');
    sheet.addRow([
      'Code',
      'Name',
      'Type',
      'Hospital grade',
      'Region',
      'Payment terms (days)',
      'Target',
      'Owner rep',
    ]);
    sheet.addRow(['X-1', '上海市第六人民医院', 'hospital', '三甲', 'Shanghai', 60, true, 'importer']);
    sheet.addRow(['X-2', '杭州康复诊所', 'clinic', null, 'SH', 30, false, '导入员']);
    const content = Buffer.from(await book.xlsx.writeBuffer());
    const result = await uploadAndDryRun(content, { fileName: 'customers.xlsx' });
    expect(result.job).toMatchObject({ format: 'xlsx', encoding: null, totalRows: 2, problemCount: 0 });
    const commit = await call('POST', `/api/imports/${result.job.id}/commit`);
    expect(commit.json()).toMatchObject({ created: 2, unchanged: 0 });
    const { rows } = await test.database.db.query(
      `SELECT c.code, c.hospital_grade, c.payment_terms_days, c.is_target, u.username
         FROM customers c LEFT JOIN users u ON u.id = c.owner_rep_id WHERE c.code LIKE 'X-%' ORDER BY c.code`,
    );
    expect(rows).toEqual([
      { code: 'X-1', hospital_grade: '3A', payment_terms_days: 60, is_target: true, username: 'importer' },
      { code: 'X-2', hospital_grade: null, payment_terms_days: 30, is_target: false, username: 'importer' },
    ]);
  });

  it('takes back its own customer export: every column maps and every row is unchanged', async () => {
    const exported = await call('GET', '/api/customers/export?format=xlsx&lang=zh');
    expect(exported.statusCode).toBe(200);
    const result = await uploadAndDryRun(exported.rawPayload, { fileName: 'export.xlsx' });
    const count = (await test.database.db.query('SELECT count(*)::int AS n FROM customers')).rows[0].n;
    expect(result.job).toMatchObject({ problemCount: 0, unchangedCount: count });
    const commit = await call('POST', `/api/imports/${result.job.id}/commit`);
    expect(commit.json()).toMatchObject({ created: 0, unchanged: count });
  });

  it('refuses a zip bomb before unpacking it', async () => {
    const sheetXml = zlib.deflateRawSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
    const bomb = zipWithOneEntry('xl/worksheets/sheet1.xml', sheetXml, 8 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(20_000);
    const response = await upload(bomb, { fileName: 'bomb.xlsx' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('IMPORT_UNZIPPED_TOO_LARGE');
  });
});

function zipWithOneEntry(name: string, deflated: Buffer, size: number): Buffer {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(local.length + nameBytes.length + deflated.length, 16);
  return Buffer.concat([local, nameBytes, deflated, central, nameBytes, end]);
}

describe('limits and unreadable files', () => {
  it('refuses files over the size limit, over the row limit, empty ones and old .xls', async () => {
    const tooBig = await upload(Buffer.alloc(1024 * 1024 + 1, 0x41));
    expect([tooBig.statusCode, tooBig.json().error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const rows = Array.from({ length: 1001 }, (_, i) => [`R-${i}`, `名称${i}`, '医院', 'BJ']);
    const tooLong = await upload(csv(CUSTOMER_HEADERS, rows));
    expect([tooLong.statusCode, tooLong.json().error.code]).toEqual([422, 'IMPORT_TOO_MANY_ROWS']);
    const empty = await upload(Buffer.from('客户编码,客户名称\r\n'));
    expect(empty.json().error.code).toBe('IMPORT_UNREADABLE_FILE');
    const xls = await upload(Buffer.from('d0cf11e0a1b11ae10000', 'hex'), { fileName: 'old.xls' });
    expect(xls.json().error).toMatchObject({
      code: 'IMPORT_UNREADABLE_FILE',
      message: expect.stringContaining('.xlsx'),
    });
  });
});

describe('headers that look like object internals', () => {
  it('treats __proto__ and constructor columns as plain columns and pollutes nothing', async () => {
    const content = csv(
      ['__proto__', 'constructor', ...CUSTOMER_HEADERS],
      [['{"polluted":true}', 'x', 'P-1', '南京鼓楼医院', '医院', 'SH']],
    );
    const uploaded = await upload(content);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const job = uploaded.json();
    expect(job.headers.slice(0, 2)).toEqual(['__proto__', 'constructor']);
    expect(job.sampleRows[0][0]).toBe('{"polluted":true}');
    const raw = `{"mapping":{"__proto__":"客户编码","code":"客户编码","name":"客户名称","type":"客户类型","region":"区域"}}`;
    const mapped = await test.app.inject({
      method: 'PUT',
      url: `/api/imports/${job.id}/mapping`,
      headers: { cookie: cookies.importer!, 'content-type': 'application/json' },
      payload: raw,
    });
    // Fastify's JSON parser refuses a body with a __proto__ key outright.
    expect([mapped.statusCode, mapped.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const constructorKey = await call('PUT', `/api/imports/${job.id}/mapping`, {
      payload: { mapping: { constructor: '客户编码', code: '客户编码' } },
    });
    expect(constructorKey.json().error).toMatchObject({
      code: 'IMPORT_INVALID_MAPPING',
      message: expect.stringContaining('"constructor"'),
    });
    const dryRun = await call('POST', `/api/imports/${job.id}/dry-run`);
    expect(dryRun.json().job.problemCount).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('row-level scope', () => {
  it('reports rows outside a regional user’s regions as OUT_OF_SCOPE and commits nothing', async () => {
    const limits = readImportLimits();
    const content = csv(CUSTOMER_HEADERS, [
      ['E-1', '上海华山医院', '医院', 'SH'],
      ['E-2', '北京天坛医院', '医院', 'BJ'],
      ['E-3', '北京市协和医院', '医院', 'SH'],
    ]);
    const job = await uploadImport(
      test.deps.db,
      regionalCtx,
      { entity: 'customers', fileName: 'east.csv', content },
      limits,
    );
    const result = await dryRunImport(test.deps.db, regionalCtx, job.id, { limits });
    expect(result.problems.map((p) => [p.rowNumber, p.code])).toEqual([
      [3, 'OUT_OF_SCOPE'],
      [4, 'NEAR_DUPLICATE_EXISTING'],
    ]);
    // The near duplicate lies outside the user's regions: reported, but not named.
    expect(result.problems[1]!.message).toBe(
      'Name: very like existing a customer outside your regions (similarity 1.00)',
    );
    await expect(commitImport(test.deps.db, regionalCtx, job.id, { limits })).rejects.toMatchObject({
      code: 'IMPORT_HAS_PROBLEMS',
    });
    const written = await test.database.db.query("SELECT 1 FROM customers WHERE code LIKE 'E-%'");
    expect(written.rowCount).toBe(0);

    const inRegion = csv(CUSTOMER_HEADERS, [['E-1', '上海华山医院', '医院', 'SH']]);
    const clean = await uploadImport(
      test.deps.db,
      regionalCtx,
      { entity: 'customers', fileName: 'east-2.csv', content: inRegion },
      limits,
    );
    expect(await commitImport(test.deps.db, regionalCtx, clean.id, { limits })).toMatchObject({ created: 1 });
  });

  it('keeps imports away from users without imports:run and each job away from other users', async () => {
    const denied = await upload(csv(CUSTOMER_HEADERS, [['M-1', '上海某医院', '医院', 'SH']]), {
      who: 'manager',
    });
    expect([denied.statusCode, denied.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const mine = await upload(csv(CUSTOMER_HEADERS, [['M-1', '上海某医院', '医院', 'SH']]));
    expect((await call('GET', `/api/imports/${mine.json().id}`, { who: 'quality' })).statusCode).toBe(404);
    // Quality may import products but may not create customers at all.
    const qualityCustomers = await upload(csv(CUSTOMER_HEADERS, [['M-2', '上海某医院', '医院', 'SH']]), {
      who: 'quality',
    });
    expect(qualityCustomers.statusCode).toBe(403);
  });
});

describe('mapping, templates and the error report', () => {
  it('refuses an unknown field and a run without every required field', async () => {
    const job = (
      await upload(csv(['编号', '单位全称', '类别', '所在地'], [['T-1', '苏州某医院', '医院', 'SH']]))
    ).json();
    expect(job.unmappedRequiredFields.length).toBeGreaterThan(0);
    const unknown = await call('PUT', `/api/imports/${job.id}/mapping`, {
      payload: { mapping: { nickname: '编号' } },
    });
    expect(unknown.json().error.code).toBe('IMPORT_INVALID_MAPPING');
    const premature = await call('POST', `/api/imports/${job.id}/dry-run`);
    expect([premature.statusCode, premature.json().error.code]).toEqual([422, 'IMPORT_INVALID_MAPPING']);
  });

  it('saves a mapping as a template and applies it to the next upload', async () => {
    const headers = ['编号', '单位全称', '类别', '所在地'];
    const first = (await upload(csv(headers, [['T-1', '苏州某医院', '医院', 'SH']]))).json();
    const mapping = { code: '编号', name: '单位全称', type: '类别', region: '所在地' };
    const saved = await call('PUT', `/api/imports/${first.id}/mapping`, {
      payload: { mapping, saveAsTemplate: '旧ERP导出' },
    });
    expect(saved.json().unmappedRequiredFields).toEqual([]);
    const templates = (await call('GET', '/api/imports/templates?entity=customers')).json().items;
    const template = templates.find((t: { name: string }) => t.name === '旧ERP导出');
    expect(template.mapping).toMatchObject(mapping);
    const second = await upload(csv(headers, [['T-2', '无锡某医院', '医院', 'SH']]), {
      query: `&templateId=${template.id}`,
    });
    expect(second.json()).toMatchObject({ mapping, unmappedRequiredFields: [] });
  });

  it('exports the problems as a CSV report that spreadsheets cannot run as formulas', async () => {
    const result = await uploadAndDryRun(
      csv(
        ['客户编码', '客户名称', '客户类型', '区域', '账期(天)'],
        [['F-1', '广州某医院', '医院', 'SH', '=1+1']],
      ),
    );
    expect(result.problems.map((p) => p.code)).toEqual(['BAD_FORMAT']);
    const report = await call('GET', `/api/imports/${result.job.id}/problems/export`, { lang: 'zh-CN' });
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.body.startsWith('\uFEFF行号,列,字段,问题代码,值,说明')).toBe(true);
    expect(report.body).toContain("'=1+1");
  });
});
