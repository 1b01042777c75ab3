import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { apiAs, type SalesWorld, seedSalesWorld } from '../../sales/sales.fixtures.ts';

let test: TestApp;
let world: SalesWorld;
let finance: ReturnType<typeof apiAs>;
let rep: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedSalesWorld(test);
  finance = apiAs(test, world.cookies.finance);
  rep = apiAs(test, world.cookies.east);
});
afterAll(() => test.close());

async function auditOf(entityId: string) {
  const { rows } = await test.deps.db.query<{
    action: string;
    before: unknown;
    after: unknown;
    actor: string;
  }>(
    `SELECT action, before, after, actor_name AS actor FROM audit_log
      WHERE entity = 'exchange_rate' AND entity_id = $1 ORDER BY seq`,
    [entityId],
  );
  return rows;
}

describe('recording exchange rates', () => {
  it('lets finance record the rate of a currency on a date, exactly and audited', async () => {
    const created = await finance('POST', '/api/exchange-rates', {
      currency: 'usd',
      rateDate: '2026-11-02',
      rate: '7.1234',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({ currency: 'USD', rateDate: '2026-11-02', rate: '7.12340000' });
    expect(await auditOf('USD/2026-11-02')).toEqual([
      { action: 'create', before: null, after: created.json(), actor: 'finance' },
    ]);
  });

  it('refuses a second rate for the same currency and date, and corrects one with PUT', async () => {
    const again = await finance('POST', '/api/exchange-rates', {
      currency: 'USD',
      rateDate: '2026-11-02',
      rate: '7.2',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'DUPLICATE', details: { field: 'rateDate' } });
    const corrected = await finance('PUT', '/api/exchange-rates/USD/2026-11-02', { rate: '7.1025' });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json().rate).toBe('7.10250000');
    const created = await finance('PUT', '/api/exchange-rates/EUR/2026-11-02', { rate: '7.7' });
    expect(created.statusCode).toBe(201);
    expect((await auditOf('USD/2026-11-02')).map((a) => [a.action, a.before, a.after])).toEqual([
      ['create', null, { currency: 'USD', rateDate: '2026-11-02', rate: '7.12340000' }],
      [
        'update',
        { currency: 'USD', rateDate: '2026-11-02', rate: '7.12340000' },
        { currency: 'USD', rateDate: '2026-11-02', rate: '7.10250000' },
      ],
    ]);
  });

  it('refuses CNY, a zero rate, more than 8 decimals and unknown fields with 400', async () => {
    for (const body of [
      { currency: 'CNY', rateDate: '2026-11-03', rate: '1' },
      { currency: 'USD', rateDate: '2026-11-03', rate: '0.000' },
      { currency: 'USD', rateDate: '2026-11-03', rate: '7.123456789' },
      { currency: 'USD', rateDate: '2026-11-03', rate: 7.1 },
      { currency: 'USD', rateDate: '2026-02-30', rate: '7.1' },
      { currency: 'USD', rateDate: '2026-11-03', rate: '7.1', source: 'PBOC' },
    ]) {
      const response = await finance('POST', '/api/exchange-rates', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await finance('PUT', '/api/exchange-rates/CNY/2026-11-03', { rate: '1' })).statusCode).toBe(400);
    // In Chinese the message names the field instead of quoting zod's English sentence.
    const zh = await finance(
      'POST',
      '/api/exchange-rates',
      { currency: 'USD', rateDate: '2026-11-03', rate: '0' },
      { lang: 'zh-CN' },
    );
    expect(zh.json().error.message).toBe('请求无效：body.rate 的取值不符合要求');
    expect(zh.json().error.details.issues[0].message).toBe('the rate must be above 0');
  });

  it('lets everyone read rates but only finance write them', async () => {
    expect(
      (await rep('POST', '/api/exchange-rates', { currency: 'USD', rateDate: '2026-11-05', rate: '7' }))
        .statusCode,
    ).toBe(403);
    expect((await rep('PUT', '/api/exchange-rates/USD/2026-11-05', { rate: '7' })).statusCode).toBe(403);
    const list = await rep('GET', '/api/exchange-rates');
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(2);
    const dealer = await apiAs(test, world.cookies.dealer)('GET', '/api/exchange-rates?currency=EUR');
    expect(dealer.json().items).toEqual([{ currency: 'EUR', rateDate: '2026-11-02', rate: '7.70000000' }]);
    expect((await test.app.inject({ method: 'GET', url: '/api/exchange-rates' })).statusCode).toBe(401);
  });

  it('filters the list by currency and date range, newest first', async () => {
    await finance('POST', '/api/exchange-rates', { currency: 'USD', rateDate: '2026-10-01', rate: '7.05' });
    await finance('POST', '/api/exchange-rates', { currency: 'USD', rateDate: '2026-12-01', rate: '7.2' });
    const usd = (await rep('GET', '/api/exchange-rates?currency=USD')).json();
    expect(usd.items.map((r: { rateDate: string }) => r.rateDate)).toEqual([
      '2026-12-01',
      '2026-11-02',
      '2026-10-01',
    ]);
    const november = (
      await rep('GET', '/api/exchange-rates?from=2026-11-01&to=2026-11-30&sort=currency')
    ).json();
    expect(november.items.map((r: { currency: string }) => r.currency)).toEqual(['EUR', 'USD']);
    expect((await rep('GET', '/api/exchange-rates?sort=secret')).statusCode).toBe(400);
  });
});

describe('the rate of a document’s date', () => {
  it('is the latest rate on or before that date', async () => {
    const lookup = await rep('GET', '/api/exchange-rates/lookup?currency=USD&date=2026-11-20');
    expect(lookup.json()).toEqual({
      currency: 'USD',
      date: '2026-11-20',
      rate: '7.10250000',
      rateDate: '2026-11-02',
    });
    const cny = await rep('GET', '/api/exchange-rates/lookup?currency=CNY&date=2026-11-20');
    expect(cny.json()).toEqual({ currency: 'CNY', date: '2026-11-20', rate: '1.00000000', rateDate: null });
  });

  it('is a 422 EXCHANGE_RATE_MISSING before the first rate, when stale, and for a currency without rates', async () => {
    const before = await rep('GET', '/api/exchange-rates/lookup?currency=USD&date=2026-09-30', undefined, {
      lang: 'zh-CN',
    });
    expect(before.statusCode).toBe(422);
    expect(before.json().error).toMatchObject({
      code: 'EXCHANGE_RATE_MISSING',
      message: '没有 2026-09-30 的 USD 汇率',
      details: { latestRateDate: null },
    });
    const stale = await rep('GET', '/api/exchange-rates/lookup?currency=EUR&date=2026-12-20');
    expect(stale.json().error).toMatchObject({
      code: 'EXCHANGE_RATE_MISSING',
      details: { latestRateDate: '2026-11-02' },
    });
    expect((await rep('GET', '/api/exchange-rates/lookup?currency=JPY&date=2026-11-20')).statusCode).toBe(
      422,
    );
  });

  it('is what sales orders and purchase orders take, by the same rule', async () => {
    const order = await apiAs(test, world.cookies.director)('POST', '/api/orders', {
      customerId: world.eastHospital,
      orderDate: '2026-11-20',
      currency: 'USD',
      lines: [{ productId: world.catheter, quantity: 1, unitPrice: 10_000 }],
    });
    expect(order.statusCode, order.body).toBe(201);
    expect(order.json()).toMatchObject({ exchangeRate: '7.10250000', netCnyFen: 71_025 });

    const supplierId = (
      await test.deps.db.query<{ id: number }>(
        `INSERT INTO suppliers (code, name, kind, licence_number, licence_valid_until)
         VALUES ('SUP-FX', 'Acme Medical GmbH', 'supplier', 'DE-0001', '2030-12-31') RETURNING id`,
      )
    ).rows[0]!.id;
    const warehouse = apiAs(test, world.cookies.warehouse);
    const po = await warehouse('POST', '/api/purchase-orders', {
      supplierId,
      warehouseId: world.warehouseId,
      currency: 'USD',
      orderDate: '2026-11-20',
      lines: [{ productId: world.catheter, quantity: 1, unitPrice: 10_000 }],
    });
    expect(po.statusCode, po.body).toBe(201);
    expect(po.json()).toMatchObject({ exchangeRate: '7.10250000' });

    const noRate = await warehouse('POST', '/api/purchase-orders', {
      supplierId,
      warehouseId: world.warehouseId,
      currency: 'JPY',
      orderDate: '2026-11-20',
      lines: [{ productId: world.catheter, quantity: 1, unitPrice: 10_000 }],
    });
    expect(noRate.statusCode).toBe(422);
    expect(noRate.json().error).toMatchObject({
      code: 'EXCHANGE_RATE_MISSING',
      details: { field: 'currency' },
    });
  });
});
