import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDate } from '../../platform/dates.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';

let test: TestApp;
const cookies: Record<string, string> = {};
let westDealerId: number;
let eastDealerId: number;
let classThreeId: number;

const post = async (url: string, who: string, payload: object) => {
  const response = await test.app.inject({
    method: 'POST',
    url,
    headers: { cookie: cookies[who]! },
    payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
};

const check = (query: string, who = 'director', lang = 'en') =>
  test.app.inject({
    url: `/api/compliance/check?${query}`,
    headers: { cookie: cookies[who]!, 'accept-language': lang },
  });

const codes = (body: { reasons: { code: string }[] }) => body.reasons.map((r) => r.code);

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
  await createTestUser(test, 'qa', ['quality']);
  await createTestUser(test, 'rep.east', ['sales_rep'], { regionIds: [2] });
  cookies.director = await signIn(test, 'director');
  cookies.qa = await signIn(test, 'qa');
  cookies.east = await signIn(test, 'rep.east');

  const dealer = { type: 'distributor', distributorLevel: 1, channel: 'distributor' };
  westDealerId = await post('/api/customers', 'director', {
    ...dealer,
    code: 'D-SN-001',
    name: '陕西康达医疗器械有限公司',
    regionId: 5,
  });
  eastDealerId = await post('/api/customers', 'director', {
    ...dealer,
    code: 'D-SH-001',
    name: '上海申康医疗器械有限公司',
    regionId: 4,
  });
  await post(`/api/customers/${westDealerId}/qualifications`, 'qa', {
    type: 'operating_licence',
    number: '陕食药监械经营许20210001号',
    coveredClasses: [2, 3],
    validFrom: '2021-01-01',
    validUntil: '2025-12-31',
  });

  const lineId = await post('/api/product-lines', 'qa', {
    code: 'CARDIO',
    nameZh: '心血管',
    nameEn: 'Cardio',
  });
  classThreeId = await post('/api/products', 'qa', {
    sku: 'STENT-3018',
    nameZh: '冠脉支架',
    nameEn: 'Coronary stent',
    modelSpec: '3.0×18mm',
    productLineId: lineId,
    unit: '个',
    certificateNumber: '国械注准20193140123',
    deviceClass: 3,
    certificateExpiry: '2029-06-30',
    listPriceFen: 1_280_000,
  });
});
afterAll(() => test.close());

describe('sale compliance check', () => {
  it('allows a Class III sale to a distributor whose operating licence is valid on the sale date', async () => {
    const response = await check(`customerId=${westDealerId}&productId=${classThreeId}&date=2024-06-01`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ allowed: true, date: '2024-06-01', reasons: [] });
  });

  it('blocks the sale once the operating licence has expired, saying why in the caller’s language', async () => {
    const en = (await check(`customerId=${westDealerId}&productId=${classThreeId}&date=2026-03-01`)).json();
    expect(en.allowed).toBe(false);
    expect(codes(en)).toEqual(['QUALIFICATION_EXPIRED']);
    expect(en.reasons[0].message).toContain('expired on 2025-12-31');
    const zh = (
      await check(`customerId=${westDealerId}&productId=${classThreeId}&date=2026-03-01`, 'director', 'zh-CN')
    ).json();
    expect(zh.reasons[0].message).toContain('已于 2025-12-31 过期');
  });

  it('lists every reason: no licence at all, and a registration certificate past its expiry', async () => {
    const body = (await check(`customerId=${eastDealerId}&productId=${classThreeId}&date=2029-07-01`)).json();
    expect(body.allowed).toBe(false);
    expect(codes(body).sort()).toEqual(['CERTIFICATE_EXPIRED', 'QUALIFICATION_MISSING']);
  });

  it('checks against today’s business date when no date is given', async () => {
    const body = (await check(`customerId=${eastDealerId}&productId=${classThreeId}`)).json();
    expect(body.date).toBe(businessDate());
    expect(body.allowed).toBe(false);
  });

  it('answers 404 to an East rep asking about a customer outside the East', async () => {
    const outside = await check(`customerId=${westDealerId}&productId=${classThreeId}`, 'east');
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('NOT_FOUND');
    const inside = await check(`customerId=${eastDealerId}&productId=${classThreeId}`, 'east');
    expect(inside.statusCode).toBe(200);
  });

  it('answers 404 for an unknown product and 400 for an impossible date', async () => {
    const unknown = await check(`customerId=${westDealerId}&productId=99999`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.details).toEqual({ entity: 'product' });
    expect(
      (await check(`customerId=${westDealerId}&productId=${classThreeId}&date=2026-02-30`)).statusCode,
    ).toBe(400);
  });
});
