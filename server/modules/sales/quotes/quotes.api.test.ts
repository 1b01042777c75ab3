import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { apiAs, receiveLot, type SalesWorld, seedSalesWorld } from '../sales.fixtures.ts';

let test: TestApp;
let world: SalesWorld;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedSalesWorld(test);
});
afterAll(() => test.close());

describe('quotes', () => {
  it('quotes a customer, then converts the quote into a confirmed order at the quoted prices, once', async () => {
    const rep = apiAs(test, world.cookies.east);
    await receiveLot(test, {
      productId: world.catheter,
      warehouseId: world.warehouseId,
      lotNumber: 'Q-1',
      expiryDate: '2029-01-31',
      quantity: 10,
    });
    const created = await rep(
      'POST',
      '/api/quotes',
      {
        customerId: world.eastHospital,
        lines: [{ productId: world.catheter, quantity: 4, discountRate: 0.1 }],
      },
      { idempotencyKey: 'quote-1' },
    );
    expect(created.statusCode, created.body).toBe(201);
    const quote = created.json();
    expect(quote).toMatchObject({
      status: 'open',
      netAmount: 35_996,
      lines: [{ priceSource: 'list_price', unitPrice: 9_999 }],
    });
    expect(quote.number).toMatch(/^QT-\d{8}-\d{4}$/);

    const converted = await rep('POST', `/api/quotes/${quote.id}/convert`, {
      version: quote.version,
      confirm: true,
    });
    expect(converted.statusCode, converted.body).toBe(201);
    expect(converted.json()).toMatchObject({ status: 'allocated', quoteId: quote.id, netAmount: 35_996 });
    expect((await rep('GET', `/api/quotes/${quote.id}`)).json()).toMatchObject({
      status: 'converted',
      orderId: converted.json().id,
    });
    const twice = await rep('POST', `/api/quotes/${quote.id}/convert`, {
      version: quote.version + 1,
      confirm: true,
    });
    expect(twice.statusCode).toBe(409);
  });

  it('keeps West quotes away from an East rep', async () => {
    const director = apiAs(test, world.cookies.director);
    const west = (
      await director('POST', '/api/quotes', {
        customerId: world.westDealer,
        lines: [{ productId: world.stent, quantity: 1 }],
      })
    ).json();
    const rep = apiAs(test, world.cookies.east);
    expect((await rep('GET', `/api/quotes/${west.id}`)).statusCode).toBe(404);
    expect((await rep('GET', '/api/quotes')).json().items.some((q: { id: number }) => q.id === west.id)).toBe(
      false,
    );
  });
});
