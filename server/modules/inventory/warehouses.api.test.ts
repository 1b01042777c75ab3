import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';

let test: TestApp;
const cookies: Record<string, string> = {};
let shanghaiId: number;
let xianId: number;

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: string, payload?: object) =>
  test.app.inject({
    method,
    url,
    headers: { cookie: cookies[who]!, 'accept-language': 'en' },
    ...(payload ? { payload } : {}),
  });

const countWarehouses = async () =>
  (await test.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM warehouses')).rows[0]!.n;

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
  await createTestUser(test, 'qa', ['quality']);
  await createTestUser(test, 'rep.east', ['sales_rep'], { regionIds: [2] });
  cookies.qa = await signIn(test, 'qa');
  cookies.east = await signIn(test, 'rep.east');
  await createTestUser(test, 'director', ['sales_director']);
  const dealer = await test.app.inject({
    method: 'POST',
    url: '/api/customers',
    headers: { cookie: await signIn(test, 'director') },
    payload: {
      code: 'D-1',
      name: '陕西康达',
      type: 'distributor',
      distributorLevel: 1,
      channel: 'distributor',
      regionId: 5,
    },
  });
  const distributorId = dealer.json().id as number;
  await createTestUser(test, 'dist.user', ['distributor'], { distributorId });
  cookies.distributor = await signIn(test, 'dist.user');
});
afterAll(() => test.close());

describe('warehouses', () => {
  it('creates warehouses in existing regions and audits each creation', async () => {
    const sh = await api('POST', '/api/warehouses', 'qa', {
      code: 'WH-SH',
      name: '上海中心仓',
      regionId: 4,
      address: '上海市闵行区',
      isColdChain: true,
    });
    expect(sh.statusCode, sh.body).toBe(201);
    expect(sh.json()).toMatchObject({ regionName: '上海', isColdChain: true, isActive: true, version: 1 });
    shanghaiId = sh.json().id;
    xianId = (
      await api('POST', '/api/warehouses', 'qa', { code: 'WH-XA', name: '西安分仓', regionId: 5 })
    ).json().id;
    const { rows } = await test.database.db.query(
      "SELECT count(*)::int AS n FROM audit_log WHERE entity = 'warehouse' AND action = 'create'",
    );
    expect(rows[0].n).toBe(2);
  });

  it('refuses a region that does not exist with 422 and writes nothing', async () => {
    const before = await countWarehouses();
    const response = await api('POST', '/api/warehouses', 'qa', {
      code: 'WH-X',
      name: '无处仓',
      regionId: 999,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'INVALID_REFERENCE',
      details: { field: 'regionId' },
    });
    expect(await countWarehouses()).toBe(before);
  });

  it('refuses a duplicate code and a stale version with 409', async () => {
    const dup = await api('POST', '/api/warehouses', 'qa', { code: 'WH-SH', name: '另一个仓', regionId: 4 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'DUPLICATE', details: { field: 'code' } });
    const first = await api('PATCH', `/api/warehouses/${xianId}`, 'qa', { version: 1, isColdChain: true });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await api('PATCH', `/api/warehouses/${xianId}`, 'qa', { version: 1, name: '旧名' });
    expect(stale.statusCode).toBe(409);
    expect((await api('GET', `/api/warehouses/${xianId}`, 'qa')).json()).toMatchObject({
      name: '西安分仓',
      isColdChain: true,
      version: 2,
    });
  });

  it('shows every warehouse to internal staff (company-wide) and filters by region subtree', async () => {
    expect((await api('GET', '/api/warehouses?sort=code', 'east')).json().total).toBe(2);
    const east = (await api('GET', '/api/warehouses?regionId=2', 'east')).json();
    expect(east.items.map((w: { code: string }) => w.code)).toEqual(['WH-SH']);
    expect((await api('GET', '/api/warehouses?q=%E8%A5%BF%E5%AE%89', 'east')).json().items[0].id).toBe(
      xianId,
    );
    expect(
      (await api('POST', '/api/warehouses', 'east', { code: 'W', name: 'xx', regionId: 4 })).statusCode,
    ).toBe(403);
  });

  it('gives distributor users 403', async () => {
    expect((await api('GET', '/api/warehouses', 'distributor')).statusCode).toBe(403);
    expect((await api('GET', `/api/warehouses/${shanghaiId}`, 'distributor')).statusCode).toBe(403);
  });

  it('exports the filtered list to CSV and Excel', async () => {
    const csv = (await api('GET', '/api/warehouses/export?regionId=3', 'qa')).body;
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toEqual(['Code,Name,Region,Address,Cold chain,Active', 'WH-XA,西安分仓,陕西,,true,true']);
    const xlsx = await api('GET', '/api/warehouses/export?format=xlsx&sort=-code', 'qa');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(1)!;
    expect([2, 3].map((r) => sheet.getRow(r).getCell(1).value)).toEqual(['WH-XA', 'WH-SH']);
  });

  it('deletes an unused warehouse and records it', async () => {
    expect((await api('DELETE', `/api/warehouses/${xianId}`, 'qa')).statusCode).toBe(204);
    expect((await api('GET', `/api/warehouses/${xianId}`, 'qa')).statusCode).toBe(404);
    const { rows } = await test.database.db.query(
      "SELECT before->>'code' AS code FROM audit_log WHERE entity = 'warehouse' AND action = 'delete'",
    );
    expect(rows).toEqual([{ code: 'WH-XA' }]);
  });
});
