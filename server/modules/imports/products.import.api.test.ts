import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';
import { toCsvText } from './sample-customer-file.ts';

let test: TestApp;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  test = await createTestApp();
  await test.database.db.query(
    "INSERT INTO product_lines (code, name_zh, name_en) VALUES ('ORTHO', '骨科', 'Orthopaedics')",
  );
  await createTestUser(test, 'quality', ['quality']);
  cookies.quality = await signIn(test, 'quality');
});
afterAll(() => test.close());

const csv = (headers: string[], rows: string[][]) => Buffer.from(toCsvText(headers, rows));

function call(method: 'GET' | 'POST', url: string, payload?: Buffer) {
  return test.app.inject({
    method,
    url,
    headers: {
      cookie: cookies.quality!,
      'accept-language': 'en',
      ...(payload ? { 'content-type': 'text/csv' } : {}),
    },
    ...(payload ? { payload } : {}),
  });
}

async function uploadAndDryRun(content: Buffer) {
  const uploaded = await call('POST', '/api/imports?entity=products&fileName=products.csv', content);
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const dryRun = await call('POST', `/api/imports/${uploaded.json().id}/dry-run`);
  expect(dryRun.statusCode, dryRun.body).toBe(200);
  return dryRun.json() as {
    job: { id: number; problemCount: number };
    problems: { rowNumber: number; code: string; field: string }[];
  };
}

describe('products', () => {
  const headers = [
    '产品编码',
    '产品名称',
    '规格型号',
    '产品线',
    '单位',
    'GTIN',
    '注册证编号',
    '管理类别',
    '目录价(元)',
    '标准成本',
    '税率',
  ];
  const good = [
    'P-1',
    '骨科螺钉',
    'φ3.5×20mm',
    'ORTHO',
    '支',
    '6901234567892',
    '国械注准20193130123',
    'III',
    '1,280.50',
    '420',
    '13%',
  ];

  it('reports invalid GTINs, certificates, classes, prices and product lines', async () => {
    const result = await uploadAndDryRun(
      csv(headers, [
        good,
        ['P-2', '骨板', 'L', 'ORTHO', '块', '6901234567891', '国械注准20193130124', '3', '10', '5', '13%'],
        ['P-3', '骨板', 'L', 'ORTHO', '块', '', '国械注准2019313', '3', '10', '5', '13%'],
        ['P-4', '骨板', 'L', 'ORTHO', '块', '', '国械注准20193130125', 'II', '10', '5', '13%'],
        ['P-5', '骨板', 'L', 'ORTHO', '块', '', '国械注准20193130126', '3', '10.005', '5', '13%'],
        ['P-6', '骨板', 'L', 'SPINE', '块', '', '国械注准20193130127', '3', '10', '5', '13%'],
        ['P-7', '骨板', 'L', 'ORTHO', '块', '06901234567892', '国械注准20193130128', '3', '10', '5', '13%'],
      ]),
    );
    expect(result.problems.map((p) => [p.rowNumber, p.code, p.field])).toEqual([
      [3, 'INVALID_GTIN', 'gtin'],
      [4, 'INVALID_CERTIFICATE', 'certificateNumber'],
      [5, 'INVALID_CERTIFICATE', 'deviceClass'],
      [6, 'BAD_FORMAT', 'listPrice'],
      [7, 'UNKNOWN_REFERENCE', 'productLine'],
      [8, 'DUPLICATE_IN_FILE', 'gtin'],
    ]);
  });

  it('stores prices as exact fen and GTINs as GTIN-14', async () => {
    const result = await uploadAndDryRun(csv(headers, [good]));
    const commit = await call('POST', `/api/imports/${result.job.id}/commit`);
    expect(commit.json()).toMatchObject({ created: 1 });
    const { rows } = await test.database.db.query(
      'SELECT gtin, device_class, list_price_fen, standard_cost_fen, vat_rate::text FROM products WHERE sku = $1',
      ['P-1'],
    );
    expect(rows[0]).toEqual({
      gtin: '06901234567892',
      device_class: 3,
      list_price_fen: 128050,
      standard_cost_fen: 42000,
      vat_rate: '0.1300',
    });
  });
});
