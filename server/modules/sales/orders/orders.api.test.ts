import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../platform/audit.ts';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { apiAs, receiveLot, type SalesWorld, seedSalesWorld, stockOf } from '../sales.fixtures.ts';

let test: TestApp;
let world: SalesWorld;
let director: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedSalesWorld(test);
  director = apiAs(test, world.cookies.director);
});
afterAll(() => test.close());

const line = (productId: number, quantity: number, extra: object = {}) => ({ productId, quantity, ...extra });

describe('order amounts', () => {
  it('rounds VAT per line, so three 0.50 lines carry 0.21 of tax where the total alone would give 0.20', async () => {
    const response = await director('POST', '/api/orders', {
      customerId: world.eastHospital,
      orderDate: '2026-11-25',
      lines: [1, 2, 3].map(() => line(world.catheter, 1, { unitPrice: 50 })),
    });
    expect(response.statusCode, response.body).toBe(201);
    const order = response.json();
    expect(order.status).toBe('draft');
    expect(order.number).toMatch(/^SO-20261125-\d{4}$/);
    expect(order.lines.map((l: { taxAmount: number }) => l.taxAmount)).toEqual([7, 7, 7]);
    expect(order).toMatchObject({ netAmount: 150, taxAmount: 21, grossAmount: 171, currency: 'CNY' });
    expect(order).toMatchObject({
      exchangeRate: '1.00000000',
      netCnyFen: 150,
      taxCnyFen: 21,
      grossCnyFen: 171,
    });
    expect(order.lines[0]).toMatchObject({ priceSource: 'manual', vatRate: 0.13 });
  });

  it('applies a manual discount before VAT, rounding half up to the fen', async () => {
    const order = (
      await director('POST', '/api/orders', {
        customerId: world.eastHospital,
        orderDate: '2026-11-25',
        lines: [line(world.catheter, 3, { discountRate: 0.05 })],
      })
    ).json();
    // 3 × 99.99 × 0.95 = 284.9715 → 284.97; VAT 284.97 × 13 % = 37.0461 → 37.05
    expect(order.lines[0]).toMatchObject({
      priceSource: 'list_price',
      unitPrice: 9_999,
      discountRate: 0.05,
      netAmount: 28_497,
      taxAmount: 3_705,
      grossAmount: 32_202,
    });
  });

  it('keeps a USD order in USD and derives exact CNY amounts that add up line by line', async () => {
    await test.deps.db.query(
      `INSERT INTO exchange_rates (currency, rate_date, rate) VALUES ('USD', '2026-11-25', 7.1234)`,
    );
    const order = (
      await director('POST', '/api/orders', {
        customerId: world.eastHospital,
        orderDate: '2026-11-25',
        currency: 'USD',
        lines: [
          line(world.catheter, 1, { unitPrice: 10_003 }),
          line(world.catheter, 1, { unitPrice: 10_003 }),
        ],
      })
    ).json();
    expect(order).toMatchObject({ currency: 'USD', exchangeRate: '7.12340000', netAmount: 20_006 });
    // 100.03 USD × 7.1234 = 712.553702 CNY per line; 1,425.107404 in total → 1,425.11: each line rounds
    // down to 712.55 and the one leftover fen goes to the earlier line (equal remainders)
    expect(order.netCnyFen).toBe(142_511);
    expect(order.lines.map((l: { netCnyFen: number }) => l.netCnyFen)).toEqual([71_256, 71_255]);
    expect(order.grossCnyFen).toBe(order.netCnyFen + order.taxCnyFen);
  });

  it('refuses a currency without an exchange rate on the order date', async () => {
    const response = await director('POST', '/api/orders', {
      customerId: world.eastHospital,
      orderDate: '2026-11-26',
      currency: 'EUR',
      lines: [line(world.catheter, 1)],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('EXCHANGE_RATE_MISSING');
  });
});

describe('order-time checks', () => {
  it('blocks an order to a customer without qualification, listing every reason, and reserves nothing', async () => {
    await receiveLot(test, {
      productId: world.stent,
      warehouseId: world.warehouseId,
      lotNumber: 'CHK-1',
      expiryDate: '2029-01-31',
      quantity: 5,
    });
    const before = await stockOf(test, world.stent);
    const response = await director('POST', '/api/orders', {
      customerId: world.eastDealerUnqualified,
      orderDate: '2026-11-25',
      confirm: true,
      lines: [line(world.stent, 1), line(world.catheter, 1)],
    });
    expect(response.statusCode, response.body).toBe(422);
    const error = response.json().error;
    expect(error.code).toBe('COMPLIANCE_BLOCKED');
    expect(
      error.details.reasons.map((r: { code: string; sku: string }) => `${r.sku} ${r.code}`).sort(),
    ).toEqual(['CATH-7F QUALIFICATION_MISSING', 'STENT-30 QUALIFICATION_MISSING']);
    expect(error.message).toContain('operating licence');
    expect(await stockOf(test, world.stent)).toEqual(before);
    const { rows } = await test.deps.db.query(
      'SELECT count(*)::int AS n FROM sales_orders WHERE customer_id = $1',
      [world.eastDealerUnqualified],
    );
    expect(rows[0].n).toBe(0);
  });

  it('refuses a price below our floor without an approval, and confirms it once a manager approved', async () => {
    await receiveLot(test, {
      productId: world.stent,
      warehouseId: world.warehouseId,
      lotNumber: 'FLOOR-1',
      expiryDate: '2029-06-30',
      quantity: 2,
    });
    const lowPrice = {
      customerId: world.eastHospital,
      orderDate: '2026-11-25',
      lines: [line(world.stent, 1, { unitPrice: 140_000 })],
    };
    const refused = await director('POST', '/api/orders', { ...lowPrice, confirm: true });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: 'PRICE_BELOW_FLOOR',
      details: { lines: [{ sku: 'STENT-30', floorPriceFen: 150_000 }] },
    });

    const draft = (await director('POST', '/api/orders', lowPrice)).json();
    const own = await director('POST', `/api/orders/${draft.id}/approvals`, {
      kind: 'price_below_floor',
      reason: 'tender',
    });
    expect(own.statusCode).toBe(403);
    const stillRefused = await director('POST', `/api/orders/${draft.id}/confirm`, {
      version: draft.version,
    });
    expect(stillRefused.json().error.code).toBe('PRICE_BELOW_FLOOR');

    const manager = apiAs(test, world.cookies.manager);
    const approved = await manager('POST', `/api/orders/${draft.id}/approvals`, {
      kind: 'price_below_floor',
      reason: 'hospital tender',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const confirmed = await director('POST', `/api/orders/${draft.id}/confirm`, {
      version: approved.json().version,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'allocated',
      approvals: [{ kind: 'price_below_floor', approvedByName: 'manager' }],
    });
  });

  it('asks the credit hook and shows its reason when it rejects the order', async () => {
    const original = test.app.salesHooks.credit;
    test.app.salesHooks.credit = {
      checkOrder: async () => ({ decision: 'reject', reason: 'invoice 95 days past due' }),
    };
    try {
      const response = await director('POST', '/api/orders', {
        customerId: world.eastHospital,
        orderDate: '2026-11-25',
        confirm: true,
        lines: [line(world.catheter, 1)],
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'CREDIT_REJECTED' });
      expect(response.json().error.message).toContain('invoice 95 days past due');
    } finally {
      test.app.salesHooks.credit = original;
    }
  });
});

describe('FEFO allocation', () => {
  it('allocates the DOMAIN §3 example: L1 on hold skipped, L2 at exactly 120 days, then L3 (L2 4 + L3 4)', async () => {
    await test.deps.db.query(`UPDATE customers SET min_shelf_life_days = 120 WHERE id = $1`, [
      world.westDealer,
    ]);
    const fefo = await test.deps.db.query<{ id: number }>(
      `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                             standard_cost_fen, list_price_fen)
       VALUES ('FEFO-1', '球囊', 'Balloon', '2.5mm', 1, '个', '国械注准20193130999', 3, 5000, 10000) RETURNING id`,
    );
    const productId = fefo.rows[0]!.id;
    const lot = (lotNumber: string, expiryDate: string, quantity: number, status?: 'on_hold') =>
      receiveLot(test, {
        productId,
        warehouseId: world.warehouseId,
        lotNumber,
        expiryDate,
        quantity,
        status,
      });
    await lot('L1', '2027-01-31', 5, 'on_hold');
    await lot('L2', '2027-03-31', 4);
    await lot('L3', '2027-06-30', 10);
    const response = await director('POST', '/api/orders', {
      customerId: world.westDealer,
      orderDate: '2026-11-25',
      promisedDate: '2026-12-01',
      confirm: true,
      lines: [line(productId, 8)],
    });
    expect(response.statusCode, response.body).toBe(201);
    const order = response.json();
    expect(order.status).toBe('allocated');
    expect(
      order.allocations.map((a: { lotNumber: string; quantity: number }) => [a.lotNumber, a.quantity]),
    ).toEqual([
      ['L2', 4],
      ['L3', 4],
    ]);

    const pick = (await director('GET', `/api/orders/${order.id}/pick-list`)).json();
    expect(
      pick.items.map(
        (i: { warehouseCode: string; lotNumber: string; expiryDate: string; quantity: number }) => [
          i.warehouseCode,
          i.lotNumber,
          i.expiryDate,
          i.quantity,
        ],
      ),
    ).toEqual([
      ['WH-SH', 'L2', '2027-03-31', 4],
      ['WH-SH', 'L3', '2027-06-30', 4],
    ]);
  });

  it('refuses the whole order when one line cannot be served, unless the user accepts a backorder', async () => {
    await receiveLot(test, {
      productId: world.catheter,
      warehouseId: world.warehouseId,
      lotNumber: 'C-1',
      expiryDate: '2028-01-31',
      quantity: 3,
    });
    const request = {
      customerId: world.eastHospital,
      orderDate: '2026-11-25',
      confirm: true,
      lines: [line(world.catheter, 2), line(world.catheter, 5)],
    };
    const before = await stockOf(test, world.catheter);
    const refused = await director('POST', '/api/orders', request);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('INSUFFICIENT_STOCK');
    expect(await stockOf(test, world.catheter)).toEqual(before);

    const partial = await director('POST', '/api/orders', { ...request, acceptPartial: true });
    expect(partial.statusCode, partial.body).toBe(201);
    const order = partial.json();
    expect(order.status).toBe('backordered');
    expect(
      order.lines.map((l: { allocatedQuantity: number; backorderedQuantity: number }) => [
        l.allocatedQuantity,
        l.backorderedQuantity,
      ]),
    ).toEqual([
      [2, 0],
      [1, 4],
    ]);
    expect((await stockOf(test, world.catheter)).reserved).toBe(before.reserved + 3);

    await receiveLot(test, {
      productId: world.catheter,
      warehouseId: world.warehouseId,
      lotNumber: 'C-2',
      expiryDate: '2028-06-30',
      quantity: 10,
    });
    const allocated = await director('POST', `/api/orders/${order.id}/allocate`, { version: order.version });
    expect(allocated.statusCode, allocated.body).toBe(200);
    expect(allocated.json().status).toBe('allocated');
    expect(allocated.json().lines[1]).toMatchObject({ allocatedQuantity: 5, backorderedQuantity: 0 });

    const cancelled = await director('POST', `/api/orders/${order.id}/cancel`, {
      version: allocated.json().version,
      reason: 'customer changed mind',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await stockOf(test, world.catheter)).reserved).toBe(before.reserved);
  });
});

describe('drafts', () => {
  it('refuses a change based on a stale version with 409', async () => {
    const draft = (
      await director('POST', '/api/orders', {
        customerId: world.eastHospital,
        orderDate: '2026-11-25',
        lines: [line(world.catheter, 1)],
      })
    ).json();
    const changed = await director('PATCH', `/api/orders/${draft.id}`, {
      version: draft.version,
      lines: [line(world.catheter, 4)],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ version: draft.version + 1, netAmount: 4 * 9_999 });
    const stale = await director('PATCH', `/api/orders/${draft.id}`, {
      version: draft.version,
      note: 'late',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
  });
});

describe('scope', () => {
  it('gives an East rep 404 for a West customer’s order and shows none of them in lists or exports', async () => {
    const west = (
      await director('POST', '/api/orders', {
        customerId: world.westDealer,
        orderDate: '2026-11-25',
        lines: [line(world.catheter, 1)],
      })
    ).json();
    const east = apiAs(test, world.cookies.east);
    expect((await east('GET', `/api/orders/${west.id}`)).statusCode).toBe(404);
    expect((await east('GET', `/api/orders/${west.id}/pick-list`)).statusCode).toBe(404);
    expect(
      (await east('POST', `/api/orders/${west.id}/cancel`, { version: west.version, reason: 'not mine' }))
        .statusCode,
    ).toBe(404);
    const list = (await east('GET', '/api/orders?pageSize=500')).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((o: { customerId: number }) => o.customerId !== world.westDealer)).toBe(true);
    expect(list.total).toBe(list.items.length);
    const filtered = (await east('GET', `/api/orders?customerId=${world.westDealer}`)).json();
    expect(filtered).toMatchObject({ items: [], total: 0 });
    const exported = await east('GET', '/api/orders/export?format=csv');
    expect(exported.statusCode).toBe(200);
    expect(exported.body).not.toContain('陕西康达');
    const ordering = await east('POST', '/api/orders', {
      customerId: world.westDealer,
      lines: [line(world.catheter, 1)],
    });
    expect(ordering.statusCode).toBe(422);
  });

  it('lets a distributor user see only its own company’s orders, without our floor prices', async () => {
    const dealer = apiAs(test, world.cookies.dealer);
    const own = await dealer('POST', '/api/orders', {
      customerId: world.westDealer,
      orderDate: '2026-11-25',
      lines: [line(world.stent, 1)],
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().lines[0].floorPriceFen).toBeNull();
    const list = (await dealer('GET', '/api/orders?pageSize=500')).json();
    expect(list.items.every((o: { customerId: number }) => o.customerId === world.westDealer)).toBe(true);
    const manual = await dealer('POST', '/api/orders', {
      customerId: world.westDealer,
      lines: [line(world.stent, 1, { unitPrice: 1 })],
    });
    expect(manual.statusCode).toBe(403);
  });
});

describe('audit trail', () => {
  it('records every created order in the hash-chained audit trail, appended as the order commits', async () => {
    const { rows } = await test.deps.db.query<{ orders: number; audited: number; staged: number }>(
      `SELECT (SELECT count(*)::int FROM sales_orders) AS orders,
              (SELECT count(*)::int FROM audit_log WHERE entity = 'sales_order' AND action = 'create') AS audited,
              (SELECT count(*)::int FROM audit_at_commit) AS staged`,
    );
    expect(rows[0]!.orders).toBeGreaterThan(5);
    expect(rows[0]).toEqual({ orders: rows[0]!.orders, audited: rows[0]!.orders, staged: 0 });
    expect(await verifyAuditChain(test.deps.db)).toMatchObject({ ok: true });
  });
});

describe('API description', () => {
  it('documents the sales endpoints, with the Idempotency-Key header, in a valid OpenAPI document', async () => {
    const document = (await test.app.inject({ url: '/api/openapi.json' })).json();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    for (const path of [
      '/api/orders',
      '/api/orders/{id}/confirm',
      '/api/shipments/{id}/scan',
      '/api/price-lists',
      '/api/quotes',
    ]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    const parameters = document.paths['/api/orders'].post.parameters as { name: string; in: string }[];
    expect(parameters).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header' }));
  });
});
