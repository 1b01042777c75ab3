import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, businessDate } from '../../platform/dates.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';
import { computeUsccCheckChar } from './parties.rules.ts';

let test: TestApp;
const cookies: Record<string, string> = {};
let makerId: number;

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: string, payload?: object) =>
  test.app.inject({
    method,
    url,
    headers: { cookie: cookies[who]!, 'accept-language': 'en' },
    ...(payload ? { payload } : {}),
  });

const validTaxId = (() => {
  const first17 = '91310000MA1FL0002';
  return first17 + computeUsccCheckChar(first17);
})();

const maker = {
  code: 'M-001',
  name: '上海微创医疗器械（集团）有限公司',
  kind: 'manufacturer',
  taxId: validTaxId,
  licenceNumber: '沪食药监械生产许20010001号',
  contactName: '李经理',
  contactPhone: '13912345678',
};

beforeAll(async () => {
  test = await createTestApp();
  await test.database.db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'),
      (2, 1, 'sales_region', 'EAST', '华东', 'East China');
    SELECT setval('regions_id_seq', 10);`);
  await createTestUser(test, 'qa', ['quality']);
  await createTestUser(test, 'director', ['sales_director']);
  await createTestUser(test, 'warehouse', ['warehouse']);
  cookies.qa = await signIn(test, 'qa');
  cookies.director = await signIn(test, 'director');
  cookies.warehouse = await signIn(test, 'warehouse');
  const dealer = await api('POST', '/api/customers', 'director', {
    code: 'D-SH-001',
    name: '上海康达医疗器械有限公司',
    type: 'distributor',
    distributorLevel: 1,
    channel: 'distributor',
    regionId: 2,
  });
  await createTestUser(test, 'dist.user', ['distributor'], { distributorId: dealer.json().id });
  cookies.distributor = await signIn(test, 'dist.user');
});
afterAll(() => test.close());

describe('suppliers and manufacturers', () => {
  it('creates a manufacturer with its licence and records it in the audit trail', async () => {
    const response = await api('POST', '/api/suppliers', 'qa', {
      ...maker,
      licenceValidUntil: addDays(businessDate(), 400),
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      code: 'M-001',
      country: 'CN',
      licenceStatus: 'valid',
      version: 1,
    });
    makerId = response.json().id;
    const { rows } = await test.database.db.query(
      "SELECT action, after->>'code' AS code FROM audit_log WHERE entity = 'supplier' AND entity_id = $1",
      [String(makerId)],
    );
    expect(rows).toEqual([{ action: 'create', code: 'M-001' }]);
  });

  it('gives distributor users 403 on every supplier endpoint', async () => {
    for (const [method, url] of [
      ['GET', '/api/suppliers'],
      ['GET', `/api/suppliers/${makerId}`],
      ['GET', '/api/suppliers/export?format=csv'],
      ['POST', '/api/suppliers'],
      ['DELETE', `/api/suppliers/${makerId}`],
    ] as const) {
      const response = await api(
        method,
        url,
        'distributor',
        method === 'POST' ? { ...maker, code: 'X' } : undefined,
      );
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    }
    expect((await api('GET', `/api/suppliers/${makerId}`, 'qa')).json().name).toBe(maker.name);
  });

  it('lets internal staff read suppliers but only master-data maintainers change them', async () => {
    expect((await api('GET', '/api/suppliers', 'director')).json().total).toBe(1);
    const write = await api('PATCH', `/api/suppliers/${makerId}`, 'director', { version: 1, name: 'x' });
    expect(write.statusCode).toBe(403);
  });

  it('masks supplier contacts for roles that do not need them', async () => {
    expect((await api('GET', `/api/suppliers/${makerId}`, 'qa')).json()).toMatchObject({
      contactName: '李经理',
      contactPhone: '13912345678',
    });
    expect((await api('GET', `/api/suppliers/${makerId}`, 'warehouse')).json()).toMatchObject({
      contactName: '李**',
      contactPhone: '139****5678',
    });
  });

  it('refuses a duplicate code with 409 and an invalid Chinese tax id or a licence date without number with 422', async () => {
    const dup = await api('POST', '/api/suppliers', 'qa', { ...maker, name: '另一家公司' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'DUPLICATE', details: { field: 'code' } });
    const tax = await api('POST', '/api/suppliers', 'qa', {
      ...maker,
      code: 'M-002',
      taxId: '91310000MA1FL00020',
    });
    expect(tax.statusCode).toBe(422);
    expect(tax.json().error.details).toEqual({ field: 'taxId', rule: 'INVALID_TAX_ID' });
    const foreign = await api('POST', '/api/suppliers', 'qa', {
      ...maker,
      code: 'M-003',
      name: 'Medtronic plc',
      country: 'ie',
      taxId: 'IE9812345B',
      licenceNumber: null,
    });
    expect(foreign.statusCode, foreign.body).toBe(201);
    expect(foreign.json()).toMatchObject({ country: 'IE', licenceStatus: 'missing' });
    const dateOnly = await api('POST', '/api/suppliers', 'qa', {
      ...maker,
      code: 'M-004',
      licenceNumber: null,
      licenceValidUntil: '2030-01-01',
    });
    expect(dateOnly.statusCode).toBe(422);
    expect(dateOnly.json().error.details).toEqual({ field: 'licenceNumber', rule: 'LICENCE_NUMBER_MISSING' });
  });

  it('refuses a stale version with 409 and keeps the newer change', async () => {
    const first = await api('PATCH', `/api/suppliers/${makerId}`, 'qa', {
      version: 1,
      address: '上海市浦东新区张东路1601号',
    });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await api('PATCH', `/api/suppliers/${makerId}`, 'qa', { version: 1, address: '别处' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await api('GET', `/api/suppliers/${makerId}`, 'qa')).json()).toMatchObject({
      address: '上海市浦东新区张东路1601号',
      version: 2,
    });
  });

  it('filters by licence status as of today', async () => {
    const today = businessDate();
    const create = (code: string, until: string) =>
      api('POST', '/api/suppliers', 'qa', {
        ...maker,
        code,
        name: `供应商 ${code}`,
        kind: 'supplier',
        licenceValidUntil: until,
      });
    expect((await create('S-EXPIRED', addDays(today, -1))).json().licenceStatus).toBe('expired');
    expect((await create('S-EXPIRING', addDays(today, 30))).json().licenceStatus).toBe('expiring');
    const byStatus = async (status: string) =>
      (await api('GET', `/api/suppliers?licenceStatus=${status}&sort=code`, 'qa'))
        .json()
        .items.map((s: { code: string }) => s.code);
    expect(await byStatus('expired')).toEqual(['S-EXPIRED']);
    expect(await byStatus('expiring')).toEqual(['S-EXPIRING']);
    expect(await byStatus('valid')).toEqual(['M-001']);
    expect(await byStatus('missing')).toEqual(['M-003']);
    expect((await api('GET', '/api/suppliers?kind=supplier', 'qa')).json().total).toBe(2);
  });

  it('exports the filtered list to CSV and Excel', async () => {
    const csv = (await api('GET', '/api/suppliers/export?format=csv&kind=manufacturer&sort=code', 'qa')).body;
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Code,Name,Kind,Country,Tax id,Address,Licence number,Licence valid until,Licence status,Contact,Phone,Active',
    );
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['M-001', 'M-003']);
    expect(csv).not.toContain('S-EXPIRED');
    const xlsx = await api('GET', '/api/suppliers/export?format=xlsx&licenceStatus=expired', 'warehouse');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(1)!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe('S-EXPIRED');
    expect(sheet.getRow(2).getCell(10).value).toBe('李**');
  });

  it('refuses to delete a manufacturer that products name, and deletes an unused supplier', async () => {
    await test.database.db.query(`
      INSERT INTO product_lines (code, name_zh, name_en) VALUES ('CARDIO', '心血管', 'Cardio');
      INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                            manufacturer_id, standard_cost_fen, list_price_fen)
        SELECT 'STENT-1', '支架', 'Stent', '3.0', id, '个', '国械注准20193140123', 3, ${makerId}, 0, 100
          FROM product_lines WHERE code = 'CARDIO';`);
    const inUse = await api('DELETE', `/api/suppliers/${makerId}`, 'qa');
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('IN_USE');
    const demote = await api('PATCH', `/api/suppliers/${makerId}`, 'qa', { version: 2, kind: 'supplier' });
    expect(demote.statusCode).toBe(422);
    expect(demote.json().error.details).toEqual({ field: 'kind', rule: 'MANUFACTURER_IN_USE' });
    const unused = (await api('GET', '/api/suppliers?q=S-EXPIRED', 'qa')).json().items[0];
    expect((await api('DELETE', `/api/suppliers/${unused.id}`, 'qa')).statusCode).toBe(204);
    expect((await api('GET', `/api/suppliers/${unused.id}`, 'qa')).statusCode).toBe(404);
    const { rows } = await test.database.db.query(
      "SELECT count(*)::int AS n FROM audit_log WHERE entity = 'supplier' AND action = 'delete' AND entity_id = $1",
      [String(unused.id)],
    );
    expect(rows[0].n).toBe(1);
  });
});
