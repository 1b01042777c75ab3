import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDate } from '../../../platform/dates.ts';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { apiAs, type SalesWorld, seedSalesWorld } from '../sales.fixtures.ts';

let test: TestApp;
let world: SalesWorld;
let director: ReturnType<typeof apiAs>;
let east: ReturnType<typeof apiAs>;
let west: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedSalesWorld(test);
  await test.deps.db.query(`UPDATE products SET name_en = 'Coronary stent' WHERE id = $1`, [world.stent]);
  director = apiAs(test, world.cookies.director);
  east = apiAs(test, world.cookies.east);
  west = apiAs(test, world.cookies.west);
});
afterAll(() => test.close());

const eastContract = () => ({
  customerId: world.eastHospital,
  validFrom: '2026-11-01',
  validUntil: '2027-10-31',
  note: '2027 年度框架协议',
  lines: [
    { productId: world.stent, unitPrice: 170_000 },
    { productId: world.catheter, unitPrice: 9_000 },
  ],
});

const resolve = (customerId: number, productId: number) =>
  director('GET', `/api/pricing/resolve?customerId=${customerId}&productId=${productId}&date=2026-11-23`);

describe('sales contracts', () => {
  let contract: { id: number; number: string; version: number };

  it('agrees prices with a customer, numbered, audited and announced, once per Idempotency-Key', async () => {
    const created = await director('POST', '/api/sales-contracts', eastContract(), {
      idempotencyKey: 'ct-1',
    });
    expect(created.statusCode, created.body).toBe(201);
    contract = created.json();
    expect(created.json()).toMatchObject({
      // Numbered by the day it is written on, in China.
      number: `CT-${businessDate().replaceAll('-', '')}-0001`,
      customerId: world.eastHospital,
      regionId: 4,
      currency: 'CNY',
      status: 'active',
      version: 1,
      lines: [
        { sku: 'CATH-7F', productName: '导管', unitPrice: 9_000 },
        { sku: 'STENT-30', productName: '冠脉支架', productNameEn: 'Coronary stent', unitPrice: 170_000 },
      ],
    });
    const again = await director('POST', '/api/sales-contracts', eastContract(), { idempotencyKey: 'ct-1' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(contract.id);
    const { rows } = await test.deps.db.query(
      `SELECT (SELECT count(*)::int FROM sales_contracts) AS contracts,
              (SELECT count(*)::int FROM audit_log WHERE entity = 'sales_contract' AND action = 'create') AS audits,
              (SELECT count(*)::int FROM outbox_events WHERE type = 'sales_contract.created') AS events`,
    );
    expect(rows[0]).toEqual({ contracts: 1, audits: 1, events: 1 });
  });

  it('puts the contract price first when the customer’s orders are priced', async () => {
    expect((await resolve(world.eastHospital, world.stent)).json()).toMatchObject({
      source: 'contract',
      unitPrice: 170_000,
      referenceId: contract.id,
    });
    const order = await director('POST', '/api/orders', {
      customerId: world.eastHospital,
      orderDate: '2026-11-23',
      contractId: contract.id,
      lines: [{ productId: world.stent, quantity: 1 }],
    });
    expect(order.statusCode, order.body).toBe(201);
    expect(order.json().lines[0]).toMatchObject({ priceSource: 'contract', unitPrice: 170_000 });
    // Another customer still pays the list price.
    expect((await resolve(world.westDealer, world.stent)).json().source).not.toBe('contract');
  });

  it('refuses a period running backwards, a product twice, unknown products and fields, in the caller’s language', async () => {
    const backwards = await director(
      'POST',
      '/api/sales-contracts',
      { ...eastContract(), validFrom: '2027-01-01', validUntil: '2026-12-31' },
      { lang: 'zh-CN' },
    );
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().error).toMatchObject({
      code: 'BUSINESS_RULE',
      message: '合同结束日期早于开始日期',
      details: { field: 'validUntil' },
    });
    const twice = await director('POST', '/api/sales-contracts', {
      ...eastContract(),
      lines: [
        { productId: world.stent, unitPrice: 1 },
        { productId: world.stent, unitPrice: 2 },
      ],
    });
    expect(twice.json().error).toMatchObject({ code: 'BUSINESS_RULE', details: { field: 'lines' } });
    const unknown = await director('POST', '/api/sales-contracts', {
      ...eastContract(),
      lines: [{ productId: 9999, unitPrice: 1 }],
    });
    expect(unknown.json().error).toMatchObject({
      code: 'INVALID_REFERENCE',
      details: { productIds: [9999] },
    });
    const extra = await director('POST', '/api/sales-contracts', { ...eastContract(), status: 'cancelled' });
    expect(extra.json().error.code).toBe('UNKNOWN_FIELD');
    const otherQuote = await director('POST', '/api/sales-contracts', { ...eastContract(), quoteId: 12345 });
    expect(otherQuote.json().error).toMatchObject({
      code: 'INVALID_REFERENCE',
      details: { field: 'quoteId' },
    });
    expect((await test.deps.db.query('SELECT count(*)::int AS n FROM sales_contracts')).rows[0].n).toBe(1);
  });

  it('shows a contract only inside the user’s scope, counts included, and lets only price setters write', async () => {
    const westCreated = await director('POST', '/api/sales-contracts', {
      ...eastContract(),
      customerId: world.westDealer,
      lines: [{ productId: world.stent, unitPrice: 160_000 }],
    });
    expect(westCreated.statusCode).toBe(201);
    expect((await director('GET', '/api/sales-contracts')).json().total).toBe(2);
    const eastList = (await east('GET', '/api/sales-contracts')).json();
    expect(eastList).toMatchObject({ total: 1, items: [{ id: contract.id, lineCount: 2 }] });
    expect((await west('GET', '/api/sales-contracts')).json().items.map((c: { id: number }) => c.id)).toEqual(
      [westCreated.json().id],
    );
    expect((await west('GET', `/api/sales-contracts/${contract.id}`)).statusCode).toBe(404);
    const dealer = apiAs(test, world.cookies.dealer);
    expect((await dealer('GET', '/api/sales-contracts')).json().total).toBe(1);
    expect((await dealer('GET', `/api/sales-contracts/${contract.id}`)).statusCode).toBe(404);

    expect((await east('POST', '/api/sales-contracts', eastContract())).statusCode).toBe(403);
    expect(
      (await east('POST', `/api/sales-contracts/${contract.id}/cancel`, { version: 1, reason: 'no' }))
        .statusCode,
    ).toBe(403);
    const manager = apiAs(test, world.cookies.manager);
    expect((await manager('POST', '/api/sales-contracts', eastContract())).statusCode).toBe(403);
  });

  it('filters by customer, status and the day a contract is active on', async () => {
    const byCustomer = (await director('GET', `/api/sales-contracts?customerId=${world.westDealer}`)).json();
    expect(byCustomer.total).toBe(1);
    expect((await director('GET', '/api/sales-contracts?activeOn=2027-11-01')).json().total).toBe(0);
    expect((await director('GET', `/api/sales-contracts?q=${contract.number}`)).json().total).toBe(1);
    expect((await director('GET', '/api/sales-contracts?sort=secret')).statusCode).toBe(400);
  });

  it('cancels an active contract with a reason (by version, audited); later orders are priced without it', async () => {
    const stale = await director('POST', `/api/sales-contracts/${contract.id}/cancel`, {
      version: 7,
      reason: 'renegotiated',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const cancelled = await director('POST', `/api/sales-contracts/${contract.id}/cancel`, {
      version: contract.version,
      reason: 'renegotiated',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', version: 2 });
    const twice = await director(
      'POST',
      `/api/sales-contracts/${contract.id}/cancel`,
      { version: 2, reason: 'again' },
      { lang: 'zh-CN' },
    );
    expect(twice.json().error).toMatchObject({
      code: 'INVALID_STATUS',
      message: '合同当前状态为已取消，不能执行此操作',
    });
    const { rows } = await test.deps.db.query(
      `SELECT reason, after FROM audit_log WHERE entity = 'sales_contract' AND action = 'cancel' AND entity_id = $1`,
      [String(contract.id)],
    );
    expect(rows).toEqual([{ reason: 'renegotiated', after: { status: 'cancelled', version: 2 } }]);
    expect((await resolve(world.eastHospital, world.stent)).json().source).not.toBe('contract');
    expect((await director('GET', '/api/sales-contracts?activeOn=2026-11-23')).json().total).toBe(1);
    // The order priced from it keeps its price.
    const order = await test.deps.db.query(
      `SELECT unit_price AS "unitPrice" FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id
        WHERE o.contract_id = $1`,
      [contract.id],
    );
    expect(order.rows).toEqual([{ unitPrice: 170_000 }]);
  });
});
