import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';
import { computeUsccCheckChar } from './parties.rules.ts';

let test: TestApp;
const cookies: Record<string, string> = {};
let westCustomerId: number;
let eastCustomerId: number;
let distributorId: number;

const validTaxId = (() => {
  const first17 = '91310000MA1FL0001';
  return first17 + computeUsccCheckChar(first17);
})();

beforeAll(async () => {
  test = await createTestApp();
  await test.database.db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'),
      (2, 1, 'sales_region', 'EAST', '华东', 'East China'),
      (3, 1, 'sales_region', 'WEST', '西北', 'Northwest'),
      (4, 2, 'province', 'SH', '上海', 'Shanghai'),
      (5, 3, 'province', 'SN', '陕西', 'Shaanxi');
    SELECT setval('regions_id_seq', 10);`);
  await createTestUser(test, 'director', ['sales_director']);
  await createTestUser(test, 'rep.east', ['sales_rep'], { regionIds: [2] });
  await createTestUser(test, 'warehouse', ['warehouse']);
  cookies.director = await signIn(test, 'director');
  cookies.east = await signIn(test, 'rep.east');
  cookies.warehouse = await signIn(test, 'warehouse');

  const create = async (payload: Record<string, unknown>) => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie: cookies.director },
      payload,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as number;
  };
  eastCustomerId = await create({
    code: 'H-SH-001',
    name: '上海瑞金医院',
    type: 'hospital',
    hospitalGrade: '3A',
    channel: 'direct',
    regionId: 4,
    contactName: '王医生',
    contactPhone: '13812345678',
  });
  westCustomerId = await create({
    code: 'H-SN-001',
    name: '西安交大一附院',
    type: 'hospital',
    hospitalGrade: '3A',
    channel: 'direct',
    regionId: 5,
  });
  distributorId = await create({
    code: 'D-SN-001',
    name: '陕西康达医疗器械有限公司',
    type: 'distributor',
    distributorLevel: 1,
    channel: 'distributor',
    regionId: 5,
  });
  await createTestUser(test, 'dist.user', ['distributor'], { distributorId });
  cookies.distributor = await signIn(test, 'dist.user');
});
afterAll(() => test.close());

const get = (url: string, who: string, lang = 'en') =>
  test.app.inject({ url, headers: { cookie: cookies[who]!, 'accept-language': lang } });

describe('row-level scope on customers', () => {
  it('gives an East rep 404 for a West customer on GET, PATCH and DELETE', async () => {
    expect((await get(`/api/customers/${westCustomerId}`, 'east')).statusCode).toBe(404);
    const patch = await test.app.inject({
      method: 'PATCH',
      url: `/api/customers/${westCustomerId}`,
      headers: { cookie: cookies.east! },
      payload: { version: 1, name: 'hijacked' },
    });
    expect(patch.statusCode).toBe(404);
    const del = await test.app.inject({
      method: 'DELETE',
      url: `/api/customers/${westCustomerId}`,
      headers: { cookie: cookies.east! },
    });
    expect(del.statusCode).toBe(404);
    expect((await get(`/api/customers/${westCustomerId}`, 'director')).json().name).toBe('西安交大一附院');
  });

  it('shows an East rep only East customers in lists, counts, searches and exports', async () => {
    const list = (await get('/api/customers', 'east')).json();
    expect(list.items.map((c: { id: number }) => c.id)).toEqual([eastCustomerId]);
    expect(list.total).toBe(1);
    expect((await get(`/api/customers?q=${encodeURIComponent('西安')}`, 'east')).json().total).toBe(0);
    expect((await get('/api/customers?regionId=3', 'east')).json().total).toBe(0);
    const csv = (await get('/api/customers/export?format=csv', 'east')).body;
    expect(csv).toContain('上海瑞金医院');
    expect(csv).not.toContain('西安');
    expect((await get('/api/customers', 'director')).json().total).toBe(3);
  });

  it('refuses to let an East rep create a customer in the West', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie: cookies.east!, 'accept-language': 'en' },
      payload: { code: 'H-SN-002', name: '西安市第一医院', type: 'hospital', channel: 'direct', regionId: 5 },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await get('/api/customers?q=H-SN-002', 'director')).json().total).toBe(0);
  });

  it('shows a distributor user only its own company', async () => {
    const list = (await get('/api/customers', 'distributor')).json();
    expect(list.items.map((c: { id: number }) => c.id)).toEqual([distributorId]);
    expect((await get(`/api/customers/${eastCustomerId}`, 'distributor')).statusCode).toBe(404);
    expect((await get(`/api/customers/${distributorId}/qualifications`, 'distributor')).statusCode).toBe(200);
    expect((await get(`/api/customers/${westCustomerId}/qualifications`, 'distributor')).statusCode).toBe(
      404,
    );
  });
});

describe('customer records', () => {
  it('refuses an exact or near duplicate name (spaces, 市)', async () => {
    for (const name of ['上海瑞金医院 ', '上海市瑞金医院']) {
      const response = await test.app.inject({
        method: 'POST',
        url: '/api/customers',
        headers: { cookie: cookies.director!, 'accept-language': 'en' },
        payload: { code: `X-${name.length}`, name, type: 'hospital', channel: 'direct', regionId: 4 },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({
        code: 'DUPLICATE',
        details: { existingCode: 'H-SH-001' },
      });
    }
  });

  it('validates the unified social credit code and the hospital grade', async () => {
    const base = { code: 'C-1', name: '测试诊所', type: 'clinic', channel: 'direct', regionId: 4 };
    const badTax = await test.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie: cookies.director!, 'accept-language': 'en' },
      payload: { ...base, taxId: '91310000MA1FL00010' },
    });
    expect(badTax.statusCode).toBe(422);
    expect(badTax.json().error.details).toMatchObject({ field: 'taxId', rule: 'INVALID_TAX_ID' });
    const graded = await test.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie: cookies.director! },
      payload: { ...base, hospitalGrade: '3A' },
    });
    expect(graded.statusCode).toBe(422);
    const ok = await test.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie: cookies.director! },
      payload: { ...base, taxId: validTaxId },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().taxId).toBe(validTaxId);
  });

  it('answers 400 with the field for a malformed body and for an unknown sort field', async () => {
    const bad = await test.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie: cookies.director!, 'accept-language': 'en' },
      payload: { code: 'C-2', name: 'x', type: 'spaceship', channel: 'direct', regionId: 4 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(bad.json().error.message).toContain('type');
    const sort = await get('/api/customers?sort=name;DROP TABLE customers', 'director');
    expect(sort.statusCode).toBe(400);
    expect(sort.json().error.code).toBe('INVALID_QUERY');
    expect((await get('/api/customers?pageSize=100000', 'director')).json().error.code).toBe(
      'PAGE_SIZE_TOO_LARGE',
    );
  });

  it('refuses a stale version with 409 and keeps the newer change', async () => {
    const current = (await get(`/api/customers/${eastCustomerId}`, 'director')).json();
    const first = await test.app.inject({
      method: 'PATCH',
      url: `/api/customers/${eastCustomerId}`,
      headers: { cookie: cookies.director! },
      payload: { version: current.version, paymentTermsDays: 60 },
    });
    expect(first.statusCode).toBe(200);
    const stale = await test.app.inject({
      method: 'PATCH',
      url: `/api/customers/${eastCustomerId}`,
      headers: { cookie: cookies.director! },
      payload: { version: current.version, paymentTermsDays: 90 },
    });
    expect(stale.statusCode).toBe(409);
    expect((await get(`/api/customers/${eastCustomerId}`, 'director')).json().paymentTermsDays).toBe(60);
  });

  it('masks contacts for roles that do not need them', async () => {
    expect((await get(`/api/customers/${eastCustomerId}`, 'director')).json()).toMatchObject({
      contactName: '王医生',
      contactPhone: '13812345678',
    });
    expect((await get(`/api/customers/${eastCustomerId}`, 'warehouse')).json()).toMatchObject({
      contactName: '王**',
      contactPhone: '138****5678',
    });
  });

  it('exports the filtered list to Excel with neutralised formulas', async () => {
    await test.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie: cookies.director! },
      payload: {
        code: 'D-SH-009',
        name: '=HYPERLINK("http://evil")',
        type: 'agent',
        channel: 'agent',
        regionId: 4,
      },
    });
    const response = await get('/api/customers/export?format=xlsx&type=agent', 'director');
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(1)!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(2).value).toBe(`'=HYPERLINK("http://evil")`);
  });
});

describe('qualifications', () => {
  it('adds a licence and reports its status; an East rep cannot touch a West customer’s documents', async () => {
    const added = await test.app.inject({
      method: 'POST',
      url: `/api/customers/${distributorId}/qualifications`,
      headers: { cookie: cookies.director! },
      payload: {
        type: 'operating_licence',
        number: '陕食药监械经营许20200001号',
        coveredClasses: [2, 3],
        validFrom: '2020-01-01',
        validUntil: '2020-12-31',
      },
    });
    // A sales director has no right to edit qualifications (quality does).
    expect(added.statusCode).toBe(403);
    await createTestUser(test, 'qa', ['quality']);
    cookies.qa = await signIn(test, 'qa');
    const byQa = await test.app.inject({
      method: 'POST',
      url: `/api/customers/${distributorId}/qualifications`,
      headers: { cookie: cookies.qa! },
      payload: {
        type: 'operating_licence',
        number: '陕食药监械经营许20200001号',
        coveredClasses: [2, 3],
        validFrom: '2020-01-01',
        validUntil: '2020-12-31',
      },
    });
    expect(byQa.statusCode).toBe(201);
    expect(byQa.json().status).toBe('expired');
    expect((await get(`/api/customers/${distributorId}/qualifications`, 'east')).statusCode).toBe(404);
  });
});
