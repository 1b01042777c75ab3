import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';

let test: TestApp;
const cookies: Record<string, string> = {};
let lineId: number;
let otherLineId: number;
let manufacturerId: number;

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: string, payload?: object) =>
  test.app.inject({
    method,
    url,
    headers: { cookie: cookies[who]!, 'accept-language': 'en' },
    ...(payload ? { payload } : {}),
  });

const count = async (sql: string, params: unknown[] = []) =>
  (await test.database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;

const stent = {
  sku: 'STENT-3018',
  nameZh: '冠脉支架',
  nameEn: 'Coronary stent',
  modelSpec: '3.0×18mm',
  unit: '个',
  gtin: '5391234567892',
  certificateNumber: '国械注准20193140123号',
  deviceClass: 3,
  certificateExpiry: '2029-06-30',
  storageCondition: '常温避光',
  standardCostFen: 320_000,
  listPriceFen: 1_280_000,
  floorPriceFen: 980_000,
  isImplant: true,
  isSerialTracked: true,
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
  await createTestUser(test, 'rep.east', ['sales_rep'], { regionIds: [2] });
  cookies.qa = await signIn(test, 'qa');
  cookies.director = await signIn(test, 'director');
  cookies.rep = await signIn(test, 'rep.east');
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

  const line = await api('POST', '/api/product-lines', 'qa', {
    code: 'CARDIO',
    nameZh: '心血管',
    nameEn: 'Cardio',
  });
  expect(line.statusCode, line.body).toBe(201);
  lineId = line.json().id;
  otherLineId = (
    await api('POST', '/api/product-lines', 'qa', { code: 'IVD', nameZh: '体外诊断', nameEn: 'IVD' })
  ).json().id;
  const maker = await api('POST', '/api/suppliers', 'qa', {
    code: 'M-001',
    name: '乐普医疗器械股份有限公司',
    kind: 'manufacturer',
  });
  expect(maker.statusCode, maker.body).toBe(201);
  manufacturerId = maker.json().id;
});
afterAll(() => test.close());

describe('product master data', () => {
  it('creates a product, stores a GTIN-13 as GTIN-14 and the certificate without 号, and audits it', async () => {
    const response = await api('POST', '/api/products', 'qa', {
      ...stent,
      productLineId: lineId,
      manufacturerId,
    });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      sku: 'STENT-3018',
      gtin: '05391234567892',
      certificateNumber: '国械注准20193140123',
      certificateKind: 'registration',
      deviceClass: 3,
      productLineNameEn: 'Cardio',
      manufacturerName: '乐普医疗器械股份有限公司',
      listPriceFen: 1_280_000,
      vatRate: 0.13,
      version: 1,
    });
    expect(
      await count("audit_log WHERE entity = 'product' AND action = 'create' AND entity_id = $1", [
        String(created.id),
      ]),
    ).toBe(1);
  });

  it('refuses a GTIN with a wrong check digit with 422 on the gtin field and writes nothing', async () => {
    const products = await count('products');
    const audits = await count("audit_log WHERE entity = 'product'");
    const response = await api('POST', '/api/products', 'qa', {
      ...stent,
      sku: 'STENT-BAD',
      gtin: '5391234567893',
      productLineId: lineId,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'BUSINESS_RULE',
      details: { field: 'gtin', rule: 'INVALID_GTIN' },
    });
    expect(response.json().error.message).toContain('check digit should be 2');
    expect(await count('products')).toBe(products);
    expect(await count("audit_log WHERE entity = 'product'")).toBe(audits);
  });

  it('refuses a malformed certificate number and one whose class differs from the device class', async () => {
    const base = { ...stent, sku: 'CERT-1', gtin: null, productLineId: lineId };
    const malformed = await api('POST', '/api/products', 'qa', {
      ...base,
      certificateNumber: '国械注准2019314',
    });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().error.details).toEqual({
      field: 'certificateNumber',
      rule: 'BAD_CERTIFICATE_FORMAT',
    });
    const mismatch = await api('POST', '/api/products', 'qa', { ...base, deviceClass: 2 });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error.details).toEqual({
      field: 'certificateNumber',
      rule: 'CERTIFICATE_CLASS_MISMATCH',
    });
    expect(mismatch.json().error.message).toContain('Class III');
    const filing = await api('POST', '/api/products', 'qa', {
      ...base,
      sku: 'GAUZE-01',
      certificateNumber: '京械备20150012',
      deviceClass: 1,
      certificateExpiry: null,
      isImplant: false,
    });
    expect(filing.statusCode, filing.body).toBe(201);
    expect(filing.json().certificateKind).toBe('filing');
  });

  it('refuses a cold-chain minimum above the maximum and a floor price above the list price', async () => {
    const base = { ...stent, sku: 'REAGENT-1', gtin: null, productLineId: otherLineId };
    const cold = await api('POST', '/api/products', 'qa', { ...base, coldChainMinC: 8, coldChainMaxC: 2 });
    expect(cold.statusCode).toBe(422);
    expect(cold.json().error.details).toEqual({ field: 'coldChainMaxC', rule: 'COLD_CHAIN_RANGE' });
    const floor = await api('POST', '/api/products', 'qa', { ...base, floorPriceFen: 1_280_001 });
    expect(floor.statusCode).toBe(422);
    expect(floor.json().error.details).toEqual({ field: 'floorPriceFen', rule: 'FLOOR_ABOVE_LIST_PRICE' });
    const ok = await api('POST', '/api/products', 'qa', {
      ...base,
      coldChainMinC: 2,
      coldChainMaxC: 8,
      floorPriceFen: 1_280_000,
      vatRate: 0.06,
      isImplant: false,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ coldChainMinC: 2, coldChainMaxC: 8, vatRate: 0.06 });
  });

  it('accepts prices only as non-negative whole fen and VAT only as a fraction', async () => {
    const base = { ...stent, sku: 'PRICE-1', gtin: null, productLineId: lineId };
    for (const bad of [{ listPriceFen: 12.5 }, { standardCostFen: -1 }, { vatRate: 13 }]) {
      const response = await api('POST', '/api/products', 'qa', { ...base, ...bad });
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('refuses a duplicate SKU in any letter case and the same GTIN written another way with 409', async () => {
    const sku = await api('POST', '/api/products', 'qa', {
      ...stent,
      sku: 'stent-3018',
      gtin: null,
      productLineId: lineId,
    });
    expect(sku.statusCode).toBe(409);
    expect(sku.json().error).toMatchObject({ code: 'DUPLICATE', details: { field: 'sku' } });
    const gtin = await api('POST', '/api/products', 'qa', {
      ...stent,
      sku: 'STENT-OTHER',
      gtin: '05391234567892',
      productLineId: lineId,
    });
    expect(gtin.statusCode).toBe(409);
    expect(gtin.json().error).toMatchObject({ code: 'DUPLICATE', details: { field: 'gtin' } });
  });

  it('refuses an unknown product line or manufacturer, and a company that is only a supplier', async () => {
    const base = { ...stent, sku: 'REF-1', gtin: null };
    const noLine = await api('POST', '/api/products', 'qa', { ...base, productLineId: 999 });
    expect(noLine.statusCode).toBe(422);
    expect(noLine.json().error).toMatchObject({
      code: 'INVALID_REFERENCE',
      details: { field: 'productLineId' },
    });
    const noMaker = await api('POST', '/api/products', 'qa', {
      ...base,
      productLineId: lineId,
      manufacturerId: 999,
    });
    expect(noMaker.json().error).toMatchObject({
      code: 'INVALID_REFERENCE',
      details: { field: 'manufacturerId' },
    });
    const trader = await api('POST', '/api/suppliers', 'qa', {
      code: 'S-001',
      name: '国药控股',
      kind: 'supplier',
    });
    const notMaker = await api('POST', '/api/products', 'qa', {
      ...base,
      productLineId: lineId,
      manufacturerId: trader.json().id,
    });
    expect(notMaker.statusCode).toBe(422);
    expect(notMaker.json().error.details).toEqual({ field: 'manufacturerId', rule: 'NOT_A_MANUFACTURER' });
  });

  it('refuses a stale version with 409 and keeps the newer change', async () => {
    const current = (await api('GET', '/api/products?q=STENT-3018', 'qa')).json().items[0];
    const first = await api('PATCH', `/api/products/${current.id}`, 'qa', {
      version: current.version,
      listPriceFen: 1_300_000,
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().version).toBe(current.version + 1);
    const stale = await api('PATCH', `/api/products/${current.id}`, 'qa', {
      version: current.version,
      listPriceFen: 1_400_000,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await api('GET', `/api/products/${current.id}`, 'qa')).json().listPriceFen).toBe(1_300_000);
  });

  it('validates a changed GTIN on update and keeps the old one when it is wrong', async () => {
    const current = (await api('GET', '/api/products?q=STENT-3018', 'qa')).json().items[0];
    const bad = await api('PATCH', `/api/products/${current.id}`, 'qa', {
      version: current.version,
      gtin: '12345',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.field).toBe('gtin');
    const lowered = await api('PATCH', `/api/products/${current.id}`, 'qa', {
      version: current.version,
      floorPriceFen: 2_000_000,
    });
    expect(lowered.json().error.details).toEqual({ field: 'floorPriceFen', rule: 'FLOOR_ABOVE_LIST_PRICE' });
    expect((await api('GET', `/api/products/${current.id}`, 'qa')).json().gtin).toBe('05391234567892');
  });

  it('lets every user with products:read search and filter, but only product maintainers change products', async () => {
    const list = (await api('GET', '/api/products?deviceClass=3&sort=-listPriceFen', 'rep')).json();
    expect(list.items.map((p: { sku: string }) => p.sku)).toEqual(['STENT-3018', 'REAGENT-1']);
    expect(list.total).toBe(2);
    expect((await api('GET', '/api/products?q=05391234567892', 'rep')).json().total).toBe(1);
    expect((await api('GET', `/api/products?productLineId=${otherLineId}`, 'rep')).json().total).toBe(1);
    expect((await api('GET', '/api/products?isColdChain=true', 'rep')).json().items[0].sku).toBe('REAGENT-1');
    const paged = (await api('GET', '/api/products?pageSize=1&page=2&sort=sku', 'rep')).json();
    expect(paged).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(paged.items[0].sku).toBe('REAGENT-1');
    expect((await api('GET', '/api/products?sort=cost;DROP', 'rep')).json().error.code).toBe('INVALID_QUERY');
    const write = await api('POST', '/api/products', 'rep', {
      ...stent,
      sku: 'REP-1',
      productLineId: lineId,
    });
    expect(write.statusCode).toBe(403);
  });

  it('hides our standard cost and price floor from distributor users', async () => {
    const seen = (await api('GET', '/api/products?q=STENT-3018', 'distributor')).json().items[0];
    expect(seen).toMatchObject({ sku: 'STENT-3018', standardCostFen: null, floorPriceFen: null });
    expect(seen.listPriceFen).toBe(1_300_000);
    const csv = (await api('GET', '/api/products/export?q=STENT-3018', 'distributor')).body;
    expect(csv).not.toContain('3200');
    expect((await api('GET', '/api/products?q=STENT-3018', 'rep')).json().items[0].standardCostFen).toBe(
      320_000,
    );
  });

  it('exports the filtered list to CSV and Excel in the caller’s language, prices in yuan', async () => {
    const csv = await test.app.inject({
      url: '/api/products/export?format=csv&deviceClass=3&sort=sku',
      headers: { cookie: cookies.qa!, 'accept-language': 'zh-CN' },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('注册证/备案编号');
    expect(lines[1]).toContain('REAGENT-1');
    expect(lines[2]).toContain(
      'STENT-3018,冠脉支架,3.0×18mm,心血管,个,05391234567892,国械注准20193140123,III',
    );
    expect(lines[2]).toContain(',3200,13000,9800,0.13,');

    const xlsx = await api('GET', `/api/products/export?format=xlsx&productLineId=${lineId}`, 'qa');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(1)!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(16).value).toBe('List price (CNY)');
    const skus = [sheet.getRow(2).getCell(1).value, sheet.getRow(3).getCell(1).value];
    expect(skus.sort()).toEqual(['GAUZE-01', 'STENT-3018']);
  });
});

describe('product lines', () => {
  it('lists lines with their product counts and refuses a duplicate code', async () => {
    const list = (await api('GET', '/api/product-lines?sort=code', 'rep')).json();
    expect(list.items.map((l: { code: string; productCount: number }) => [l.code, l.productCount])).toEqual([
      ['CARDIO', 2],
      ['IVD', 1],
    ]);
    const dup = await api('POST', '/api/product-lines', 'qa', {
      code: 'CARDIO',
      nameZh: '重复',
      nameEn: 'Dup',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE');
    expect(
      (await api('POST', '/api/product-lines', 'rep', { code: 'X', nameZh: 'x', nameEn: 'x' })).statusCode,
    ).toBe(403);
  });

  it('renames a line with its version and refuses a stale one', async () => {
    const ok = await api('PATCH', `/api/product-lines/${otherLineId}`, 'qa', {
      version: 1,
      nameEn: 'In-vitro diagnostics',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ nameEn: 'In-vitro diagnostics', version: 2 });
    const stale = await api('PATCH', `/api/product-lines/${otherLineId}`, 'qa', {
      version: 1,
      nameEn: 'IVD',
    });
    expect(stale.statusCode).toBe(409);
  });

  it('refuses to delete a line that still has products, deletes an empty one and exports the rest', async () => {
    const inUse = await api('DELETE', `/api/product-lines/${lineId}`, 'qa');
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('IN_USE');
    const empty = (
      await api('POST', '/api/product-lines', 'qa', { code: 'ORTHO', nameZh: '骨科', nameEn: 'Ortho' })
    ).json();
    expect((await api('DELETE', `/api/product-lines/${empty.id}`, 'qa')).statusCode).toBe(204);
    expect(await count("audit_log WHERE entity = 'product_line' AND action = 'delete'")).toBe(1);
    const csv = (await api('GET', '/api/product-lines/export?q=cardio', 'rep')).body;
    expect(csv).toContain('CARDIO,心血管,Cardio,2');
    expect(csv).not.toContain('IVD');
  });
});
