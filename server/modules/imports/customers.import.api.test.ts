import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';
import {
  generateCustomerFile,
  PLANTED_PROBLEM_COUNT,
  type SampleOptions,
  sampleTaxId,
  toCsvText,
} from './sample-customer-file.ts';

let test: TestApp;
let cookie: string;

const ROWS = 50_000;
const regions = [
  { code: 'BJ', nameZh: '北京', nameEn: 'Beijing' },
  { code: 'TJ', nameZh: '天津', nameEn: 'Tianjin' },
  { code: 'SH', nameZh: '上海', nameEn: 'Shanghai' },
  { code: 'ZJ', nameZh: '浙江', nameEn: 'Zhejiang' },
  { code: 'GD', nameZh: '广东', nameEn: 'Guangdong' },
  { code: 'SC', nameZh: '四川', nameEn: 'Sichuan' },
];
const existing = [
  { code: 'EX-0001', name: '北京协和医院', taxId: sampleTaxId(9_000_001), region: 'BJ' },
  { code: 'EX-0002', name: '上海交通大学医学院附属瑞金医院', taxId: sampleTaxId(9_000_002), region: 'SH' },
  { code: 'EX-0003', name: '中山大学附属第一医院', taxId: null, region: 'GD' },
  { code: 'EX-0004', name: '四川大学华西医院', taxId: null, region: 'SC' },
];
const sample: SampleOptions = {
  rows: ROWS,
  seed: 20_261_123,
  regions,
  ownerReps: ['rep.north', 'rep.east'],
};

beforeAll(async () => {
  test = await createTestApp();
  await test.database.db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'),
      (2, 1, 'sales_region', 'NORTH', '华北', 'North China'),
      (3, 1, 'sales_region', 'EAST', '华东', 'East China'),
      (4, 1, 'sales_region', 'SOUTH', '华南', 'South China'),
      (10, 2, 'province', 'BJ', '北京', 'Beijing'), (11, 2, 'province', 'TJ', '天津', 'Tianjin'),
      (12, 3, 'province', 'SH', '上海', 'Shanghai'), (13, 3, 'province', 'ZJ', '浙江', 'Zhejiang'),
      (14, 4, 'province', 'GD', '广东', 'Guangdong'), (15, 4, 'province', 'SC', '四川', 'Sichuan');
    SELECT setval('regions_id_seq', 100);`);
  await createTestUser(test, 'importer', ['admin']);
  await createTestUser(test, 'rep.north', ['sales_rep'], { regionIds: [2] });
  await createTestUser(test, 'rep.east', ['sales_rep'], { regionIds: [3] });
  cookie = await signIn(test, 'importer');
  const regionIds: Record<string, number> = { BJ: 10, SH: 12, GD: 14, SC: 15 };
  for (const customer of existing) {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie },
      payload: {
        code: customer.code,
        name: customer.name,
        type: 'hospital',
        hospitalGrade: '3A',
        channel: 'direct',
        taxId: customer.taxId,
        regionId: regionIds[customer.region],
      },
    });
    expect(response.statusCode, response.body).toBe(201);
  }
});
afterAll(() => test.close());

async function upload(content: Buffer, fileName: string) {
  const response = await test.app.inject({
    method: 'POST',
    url: `/api/imports?entity=customers&fileName=${encodeURIComponent(fileName)}`,
    headers: { cookie, 'content-type': 'application/octet-stream', 'accept-language': 'en' },
    payload: content,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const post = (url: string) =>
  test.app.inject({ method: 'POST', url, headers: { cookie, 'accept-language': 'en' } });

async function customerCount(): Promise<number> {
  const { rows } = await test.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
  return rows[0]!.n;
}

async function allProblems(jobId: number) {
  const problems: { rowNumber: number; code: string; field: string; message: string }[] = [];
  for (let page = 1; ; page++) {
    const response = await test.app.inject({
      url: `/api/imports/${jobId}/problems?page=${page}&pageSize=500`,
      headers: { cookie, 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    problems.push(...body.items);
    if (problems.length >= body.total) return problems;
  }
}

describe('importing a 50,000-row customer CSV exported from Chinese Excel (GBK)', () => {
  const broken = generateCustomerFile({
    ...sample,
    planted: {
      existing,
      nearDuplicateNames: [
        '北京市协和医院',
        '上海交通大学医学院附属瑞金医院（总院）',
        '中山大学 附属第一医院',
        '四川大学华西医院东院',
      ],
    },
  });
  const fixed = generateCustomerFile(sample);
  const fixedGbk = iconv.encode(toCsvText(fixed.headers, fixed.rows), 'gbk');
  let committedJobId: number;

  it('dry-runs a file with 37 planted problems: reports exactly those rows with the right codes and writes nothing', async () => {
    expect(broken.planted).toHaveLength(PLANTED_PROBLEM_COUNT);
    expect(PLANTED_PROBLEM_COUNT).toBe(37);
    const before = await customerCount();
    const job = await upload(iconv.encode(toCsvText(broken.headers, broken.rows), 'gbk'), '客户导入.csv');
    expect(job).toMatchObject({ format: 'csv', encoding: 'gbk', totalRows: ROWS, status: 'uploaded' });
    expect(job.headers).toEqual(broken.headers);
    expect(job.unmappedRequiredFields).toEqual([]);
    expect(job.mapping).toMatchObject({
      code: '客户编码',
      name: '客户名称',
      region: '区域',
      ownerRep: '负责销售',
    });

    // The screen polls while the dry run works.
    const running = post(`/api/imports/${job.id}/dry-run`);
    const seen = new Set<string>();
    let done = false;
    void running.then(() => {
      done = true;
    });
    while (!done) {
      const poll = (await test.app.inject({ url: `/api/imports/${job.id}`, headers: { cookie } })).json();
      seen.add(poll.status);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const response = await running;
    expect(response.statusCode, response.body).toBe(200);
    expect(seen).toContain('validating');
    const result = response.json();
    expect(result.job).toMatchObject({ status: 'validated', problemCount: 37, processedRows: ROWS });

    const problems = await allProblems(job.id);
    const reported = problems.map((p) => `${p.rowNumber} ${p.code}`).sort();
    const planted = broken.planted.map((p) => `${p.rowNumber} ${p.code}`).sort();
    expect(reported).toEqual(planted);
    expect(result.problems.map((p: { rowNumber: number }) => p.rowNumber)).toEqual(
      broken.planted.map((p) => p.rowNumber),
    );
    const nearDuplicate = problems.find(
      (p) => p.code === 'NEAR_DUPLICATE_EXISTING' && p.message.includes('EX-0001'),
    );
    expect(nearDuplicate?.message).toContain('“北京协和医院” (similarity 1.00)');

    expect(await customerCount()).toBe(before);
    const audit = await test.database.db.query("SELECT 1 FROM audit_log WHERE action = 'import'");
    expect(audit.rowCount).toBe(0);
  });

  it('refuses to commit the file with problems, writing nothing', async () => {
    const jobs = (await test.app.inject({ url: '/api/imports', headers: { cookie } })).json();
    const response = await post(`/api/imports/${jobs.items[0].id}/commit`);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('IMPORT_HAS_PROBLEMS');
    expect(await customerCount()).toBe(existing.length);
  });

  it('commits all 50,000 rows of the fixed file in one go', async () => {
    const job = await upload(fixedGbk, '客户导入-修正.csv');
    const dryRun = await post(`/api/imports/${job.id}/dry-run`);
    expect(dryRun.json().job.problemCount).toBe(0);
    const response = await post(`/api/imports/${job.id}/commit`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ alreadyImported: false, created: ROWS, unchanged: 0 });
    expect(response.json().job).toMatchObject({ status: 'committed', createdCount: ROWS });
    expect(await customerCount()).toBe(existing.length + ROWS);
    committedJobId = job.id;

    const { rows } = await test.database.db.query(
      `SELECT c.name, c.type, c.hospital_grade, c.channel, r.code AS region, u.username AS owner
         FROM customers c JOIN regions r ON r.id = c.region_id LEFT JOIN users u ON u.id = c.owner_rep_id
        WHERE c.code = $1`,
      [fixed.rows[0]![0]],
    );
    expect(rows[0].name).toBe(fixed.rows[0]![1]);
    const audit = await test.database.db.query(
      "SELECT entity_id, after FROM audit_log WHERE action = 'import' AND entity = 'import_job'",
    );
    expect(audit.rows).toEqual([
      {
        entity_id: String(job.id),
        after: expect.objectContaining({ entity: 'customers', rows: ROWS, created: ROWS, unchanged: 0 }),
      },
    ]);
  });

  it('recognises a re-upload of the same file and writes nothing new', async () => {
    const job = await upload(fixedGbk, '客户导入-修正.csv');
    expect(job.alreadyImportedByJobId).toBe(committedJobId);
    const response = await post(`/api/imports/${job.id}/commit`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ alreadyImported: true, created: 0 });
    expect(await customerCount()).toBe(existing.length + ROWS);
    // Committing again is harmless too.
    expect((await post(`/api/imports/${job.id}/commit`)).json()).toMatchObject({ alreadyImported: true });
  });

  it('counts rows identical to existing customers as unchanged when the same data comes as another file', async () => {
    const utf8 = Buffer.from(`\uFEFF${toCsvText(fixed.headers, fixed.rows)}`, 'utf8');
    const job = await upload(utf8, 'customers-utf8.csv');
    expect(job.encoding).toBe('utf-8');
    expect(job.alreadyImportedByJobId).toBeNull();
    const response = await post(`/api/imports/${job.id}/commit`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ alreadyImported: false, created: 0, unchanged: ROWS });
    expect(await customerCount()).toBe(existing.length + ROWS);
  });
});
