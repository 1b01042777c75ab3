import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  callerFor,
  createConfirmedOrder,
  type StockWorld,
  seedStockWorld,
} from '../../testing/stock-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let test: TestApp;
let world: StockWorld;
let asWarehouse: Caller;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedStockWorld(test);
  asWarehouse = callerFor(test, world.cookies.warehouse);
  await test.deps.db.query(
    `INSERT INTO exchange_rates (currency, rate_date, rate) VALUES ('USD', '2026-11-20', 7.12345678)`,
  );
});
afterAll(() => test.close());

const confirmedOrder = (lines: { productId: number; quantity: number; unitPrice: number }[]) =>
  createConfirmedOrder(asWarehouse, world, lines);

describe('purchase orders', () => {
  it('numbers orders per day and converts a USD order to CNY fen exactly at the rate of its date', async () => {
    const response = await asWarehouse('POST', '/api/purchase-orders', {
      supplierId: world.supplierId,
      warehouseId: world.warehouseA,
      currency: 'usd',
      orderDate: '2026-11-20',
      lines: [
        { productId: world.productUdi, quantity: 3, unitPrice: 123_457 },
        { productId: world.productPlain, quantity: 7, unitPrice: 99 },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    const order = response.json();
    expect(order).toMatchObject({
      number: 'PO-20261120-0001',
      status: 'draft',
      currency: 'USD',
      exchangeRate: '7.12345678',
      totalAmount: 371_064,
    });
    // 371,064 cents × 7.12345678 = 2,643,258.3666… fen, rounded to 2,643,258; 123,457 × rate = 879,440.60… → 879,441.
    expect(order.totalCnyFen).toBe(2_643_258);
    expect(order.lines[0]).toMatchObject({ lineNo: 1, amount: 370_371, unitCostCnyFen: 879_441 });
    const second = await asWarehouse('POST', '/api/purchase-orders', {
      supplierId: world.supplierId,
      warehouseId: world.warehouseA,
      orderDate: '2026-11-20',
      lines: [{ productId: world.productPlain, quantity: 1, unitPrice: 100 }],
    });
    expect(second.json().number).toBe('PO-20261120-0002');
  });

  it('refuses a foreign-currency order without an exchange rate for its date with 422 and writes nothing', async () => {
    const response = await asWarehouse('POST', '/api/purchase-orders', {
      supplierId: world.supplierId,
      warehouseId: world.warehouseA,
      currency: 'EUR',
      orderDate: '2026-11-20',
      lines: [{ productId: world.productUdi, quantity: 1, unitPrice: 100 }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('EXCHANGE_RATE_MISSING');
    const list = await asWarehouse('GET', '/api/purchase-orders?q=PO-20261120');
    expect(list.json().total).toBe(2);
  });

  it('cancels a confirmed order with a reason, and then refuses to receive against it (409)', async () => {
    const order = await confirmedOrder([{ productId: world.productPlain, quantity: 5, unitPrice: 100 }]);
    const cancelled = await asWarehouse('POST', `/api/purchase-orders/${order.id}/cancel`, {
      version: order.version,
      reason: 'supplier cannot deliver',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    const receipt = await asWarehouse('POST', '/api/receipts', {
      purchaseOrderId: order.id,
      arrivalDate: '2026-11-23',
      lines: [
        {
          purchaseOrderLineId: order.lines[0]!.id,
          lotNumber: 'G1',
          expiryDate: '2029-01-01',
          quantityAccepted: 5,
          inspector: 'QC',
          reportRef: null,
        },
      ],
    });
    expect(receipt.statusCode).toBe(409);
    expect(receipt.json().error.code).toBe('INVALID_STATUS');
    const filtered = await asWarehouse('GET', '/api/purchase-orders?status=cancelled');
    expect(filtered.json().items.map((o: { id: number }) => o.id)).toEqual([order.id]);
  });
});

describe('purchase order access', () => {
  it('lets warehouse, quality and finance read orders, only warehouse write them, and sales nothing (403)', async () => {
    const asRep = callerFor(test, world.cookies.rep);
    const asQuality = callerFor(test, world.cookies.quality);
    expect((await asQuality('GET', '/api/purchase-orders')).statusCode).toBe(200);
    expect((await asRep('GET', '/api/purchase-orders')).statusCode).toBe(403);
    const draft = await asQuality('POST', '/api/purchase-orders', {
      supplierId: world.supplierId,
      warehouseId: world.warehouseA,
      lines: [{ productId: world.productPlain, quantity: 1, unitPrice: 1 }],
    });
    expect(draft.statusCode).toBe(403);
  });

  it('refuses an inactive product or an unknown supplier with 422 naming the field', async () => {
    await test.deps.db.query('UPDATE products SET is_active = false WHERE id = $1', [world.productSerial]);
    const inactive = await asWarehouse('POST', '/api/purchase-orders', {
      supplierId: world.supplierId,
      warehouseId: world.warehouseA,
      lines: [
        { productId: world.productPlain, quantity: 1, unitPrice: 1 },
        { productId: world.productSerial, quantity: 1, unitPrice: 1 },
      ],
    });
    expect(inactive.statusCode).toBe(422);
    expect(inactive.json().error).toMatchObject({
      code: 'INVALID_REFERENCE',
      details: { field: 'lines.1.productId' },
    });
    const unknown = await asWarehouse('POST', '/api/purchase-orders', {
      supplierId: 9999,
      warehouseId: world.warehouseA,
      lines: [{ productId: world.productPlain, quantity: 1, unitPrice: 1 }],
    });
    expect(unknown.json().error).toMatchObject({
      code: 'INVALID_REFERENCE',
      details: { field: 'supplierId' },
    });
  });
});
