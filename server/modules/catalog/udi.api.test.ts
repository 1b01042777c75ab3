import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';

let test: TestApp;
const cookies: Record<string, string> = {};
let productId: number;

const GS = '\x1d';
const domainExample = [']d2', '0109506000134352', '17261231', '10ABC123', GS, '21SN0001'].join('');

const parse = (code: string, who = 'warehouse', lang = 'en') =>
  test.app.inject({
    method: 'POST',
    url: '/api/udi/parse',
    headers: { ...(who ? { cookie: cookies[who]! } : {}), 'accept-language': lang },
    payload: { code },
  });

beforeAll(async () => {
  test = await createTestApp();
  await createTestUser(test, 'qa', ['quality']);
  await createTestUser(test, 'warehouse', ['warehouse']);
  cookies.qa = await signIn(test, 'qa');
  cookies.warehouse = await signIn(test, 'warehouse');
  const headers = { cookie: cookies.qa };
  const line = await test.app.inject({
    method: 'POST',
    url: '/api/product-lines',
    headers,
    payload: { code: 'CARDIO', nameZh: '心血管', nameEn: 'Cardio' },
  });
  const product = await test.app.inject({
    method: 'POST',
    url: '/api/products',
    headers,
    payload: {
      sku: 'STENT-3018',
      nameZh: '冠脉支架',
      nameEn: 'Coronary stent',
      modelSpec: '3.0×18mm',
      productLineId: line.json().id,
      unit: '个',
      gtin: '09506000134352',
      certificateNumber: '国械注准20193140123',
      deviceClass: 3,
      listPriceFen: 1_280_000,
    },
  });
  expect(product.statusCode, product.body).toBe(201);
  productId = product.json().id;
});
afterAll(() => test.close());

describe('UDI scanning', () => {
  it('reads the DOMAIN example scan and names the product with that GTIN', async () => {
    const response = await parse(domainExample);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      format: 'gs1',
      gtin: '09506000134352',
      expiry: '2026-12-31',
      lot: 'ABC123',
      serial: 'SN0001',
      productionDate: null,
      product: { id: productId, sku: 'STENT-3018', nameZh: '冠脉支架', nameEn: 'Coronary stent' },
    });
  });

  it('reads the human-readable form, turns day 00 into the month’s last day and flags an expired unit', async () => {
    const response = await parse('(01)09506000134352(11)190300(17)200200(10)L-7');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      productionDate: '2019-03-31',
      expiry: '2020-02-29',
      lot: 'L-7',
      isExpired: true,
      product: { sku: 'STENT-3018' },
    });
  });

  it('answers a code for a GTIN we do not sell without a product', async () => {
    const response = await parse('0105391234567892');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      gtin: '05391234567892',
      product: null,
      expiry: null,
      isExpired: null,
    });
  });

  it('refuses a wrong GTIN check digit with 422 UDI_INVALID pointing at the digit', async () => {
    const response = await parse(`]d2` + `0109506000134353` + `17261231`);
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('UDI_INVALID');
    // ]d2 (3) + AI 01 (2) + 13 data digits → the check digit sits at index 18.
    expect(error.details).toEqual({ udiCode: 'BAD_CHECK_DIGIT', position: 18 });
    expect(error.message).toContain('character 19');
  });

  it('explains an impossible date in Chinese, at the month’s position', async () => {
    const response = await parse(`0109506000134352` + `17261331`, 'warehouse', 'zh-CN');
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toEqual({ udiCode: 'BAD_DATE', position: 20 });
    expect(response.json().error.message).toBe('无法识别该条码（第 21 个字符）：日期无效');
  });

  it('refuses an empty scan and requires sign-in', async () => {
    expect((await parse('')).json().error.details).toEqual({ udiCode: 'EMPTY', position: 0 });
    expect((await parse(domainExample, '')).statusCode).toBe(401);
  });
});
