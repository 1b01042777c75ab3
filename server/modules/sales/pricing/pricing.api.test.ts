import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { apiAs, type SalesWorld, seedSalesWorld } from '../sales.fixtures.ts';

let test: TestApp;
let world: SalesWorld;
let director: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedSalesWorld(test);
  director = apiAs(test, world.cookies.director);
});
afterAll(() => test.close());

const resolve = (customerId: number, who = director, date = '2026-11-25') =>
  who('GET', `/api/pricing/resolve?customerId=${customerId}&productId=${world.stent}&date=${date}`);

describe('price lists and resolution through the API', () => {
  it('resolves list price, then the channel list (level beats channel), then the customer’s list, then a contract', async () => {
    expect((await resolve(world.westDealer)).json()).toMatchObject({
      source: 'list_price',
      unitPrice: 200_000,
      floorPriceFen: 150_000,
    });

    const channel = await director(
      'POST',
      '/api/price-lists',
      {
        code: 'DIST-ALL',
        name: '经销商价',
        kind: 'channel',
        channel: 'distributor',
        validFrom: '2026-01-01',
        items: [{ productId: world.stent, unitPrice: 180_000 }],
      },
      { idempotencyKey: 'pl-1' },
    );
    expect(channel.statusCode, channel.body).toBe(201);
    expect((await resolve(world.westDealer)).json()).toMatchObject({
      source: 'channel_price_list',
      unitPrice: 180_000,
    });

    const level = await director('POST', '/api/price-lists', {
      code: 'DIST-L2',
      name: '二级经销商价',
      kind: 'channel',
      channel: 'distributor',
      distributorLevel: 2,
      validFrom: '2026-01-01',
      items: [{ productId: world.stent, unitPrice: 175_000 }],
    });
    expect((await resolve(world.westDealer)).json()).toMatchObject({
      source: 'channel_price_list',
      referenceId: level.json().id,
      unitPrice: 175_000,
    });
    expect((await resolve(world.eastDealerUnqualified)).json()).toMatchObject({ unitPrice: 180_000 });

    const own = await director('POST', '/api/price-lists', {
      code: 'KANGDA-2026',
      name: '康达专属价',
      kind: 'customer',
      customerId: world.westDealer,
      validFrom: '2026-11-01',
      validUntil: '2026-12-31',
      items: [{ productId: world.stent, unitPrice: 170_000 }],
    });
    expect(own.statusCode, own.body).toBe(201);
    expect((await resolve(world.westDealer)).json()).toMatchObject({
      source: 'customer_price_list',
      unitPrice: 170_000,
    });
    expect((await resolve(world.westDealer, director, '2027-01-05')).json()).toMatchObject({
      source: 'channel_price_list',
    });

    await test.deps.db.query(
      `WITH k AS (INSERT INTO sales_contracts (number, customer_id, region_id, valid_from, valid_until)
                  VALUES ('CT-1', $1, 5, '2026-06-01', '2027-05-31') RETURNING id)
       INSERT INTO sales_contract_lines (contract_id, product_id, unit_price) SELECT id, $2, 165000 FROM k`,
      [world.westDealer, world.stent],
    );
    expect((await resolve(world.westDealer)).json()).toMatchObject({
      source: 'contract',
      unitPrice: 165_000,
    });

    const order = await director('POST', '/api/orders', {
      customerId: world.westDealer,
      orderDate: '2026-11-25',
      lines: [{ productId: world.stent, quantity: 2 }],
    });
    expect(order.json().lines[0]).toMatchObject({
      priceSource: 'contract',
      unitPrice: 165_000,
      netAmount: 330_000,
    });
  });

  it('hides our floor from a distributor asking for its price', async () => {
    const dealer = apiAs(test, world.cookies.dealer);
    const response = await resolve(world.westDealer, dealer);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().floorPriceFen).toBeNull();
    expect((await resolve(world.eastHospital, dealer)).statusCode).toBe(404);
  });

  it('replaces the prices of a list by version and records the price change in the audit trail', async () => {
    const list = (await director('GET', '/api/price-lists?q=DIST-ALL')).json().items[0];
    const changed = await director('PUT', `/api/price-lists/${list.id}/items`, {
      version: list.version,
      items: [
        { productId: world.stent, unitPrice: 185_000 },
        { productId: world.catheter, unitPrice: 9_000 },
      ],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ itemCount: 2, version: list.version + 1 });
    const stale = await director('PUT', `/api/price-lists/${list.id}/items`, {
      version: list.version,
      items: [],
    });
    expect(stale.statusCode).toBe(409);
    const { rows } = await test.deps.db.query(
      `SELECT before, after FROM audit_log WHERE entity = 'price_list' AND action = 'price_change' AND entity_id = $1`,
      [String(list.id)],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].before).toEqual([expect.objectContaining({ sku: 'STENT-30', unitPrice: 180_000 })]);
  });

  it('refuses inconsistent lists and lets only pricing managers write', async () => {
    const bad = await director('POST', '/api/price-lists', {
      code: 'BAD',
      name: 'x',
      kind: 'customer',
      validFrom: '2026-01-01',
    });
    expect(bad.statusCode).toBe(422);
    const rep = apiAs(test, world.cookies.east);
    expect((await rep('GET', '/api/price-lists')).statusCode).toBe(200);
    const denied = await rep('POST', '/api/price-lists', {
      code: 'REP',
      name: 'x',
      kind: 'channel',
      channel: 'direct',
      validFrom: '2026-01-01',
    });
    expect(denied.statusCode).toBe(403);
    const eastLists = (await rep('GET', '/api/price-lists?kind=customer')).json();
    expect(eastLists.items.every((l: { customerId: number }) => l.customerId !== world.westDealer)).toBe(
      true,
    );
  });
});
