import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { findLedgerMismatches } from '../../inventory/index.ts';
import { apiAs, receiveLot, type SalesWorld, seedSalesWorld, stockOf } from '../sales.fixtures.ts';

let test: TestApp;
let world: SalesWorld;
let director: ReturnType<typeof apiAs>;
let warehouse: ReturnType<typeof apiAs>;

const STENT_GTIN = '09506000134352';
const PACER_GTIN = '09506000134369';
/** GS1 human-readable form, as a person would type it from the label. */
const udi = (gtin: string, expiry: string, lot: string, serial?: string) =>
  `(01)${gtin}(17)${expiry}(10)${lot}${serial ? `(21)${serial}` : ''}`;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedSalesWorld(test);
  director = apiAs(test, world.cookies.director);
  warehouse = apiAs(test, world.cookies.warehouse);
});
afterAll(() => test.close());

async function confirmedOrder(customerId: number, productId: number, quantity: number, promisedDate: string) {
  const response = await director('POST', '/api/orders', {
    customerId,
    orderDate: '2026-11-25',
    promisedDate,
    confirm: true,
    lines: [{ productId, quantity }],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('shipment confirmed by scanning', () => {
  let shipment: { id: number; version: number };
  let orderId: number;
  let stockBefore: { onHand: number; reserved: number };

  it('starts a shipment from the order’s allocations and moves the order to picking', async () => {
    await receiveLot(test, {
      productId: world.stent,
      warehouseId: world.warehouseId,
      lotNumber: 'S-A',
      expiryDate: '2029-01-31',
      quantity: 3,
      unitCostFen: 90_000,
    });
    await receiveLot(test, {
      productId: world.stent,
      warehouseId: world.warehouseId,
      lotNumber: 'S-B',
      expiryDate: '2029-06-30',
      quantity: 5,
    });
    stockBefore = await stockOf(test, world.stent);
    const order = await confirmedOrder(world.eastHospital, world.stent, 4, '2026-11-30');
    orderId = order.id;
    expect(
      order.allocations.map((a: { lotNumber: string; quantity: number }) => `${a.lotNumber}×${a.quantity}`),
    ).toEqual(['S-A×3', 'S-B×1']);

    expect((await apiAs(test, world.cookies.east)('POST', '/api/shipments', { orderId })).statusCode).toBe(
      403,
    );
    const created = await warehouse('POST', '/api/shipments', { orderId }, { idempotencyKey: 'ship-1' });
    expect(created.statusCode, created.body).toBe(201);
    shipment = created.json();
    expect(created.json()).toMatchObject({ status: 'picking', promisedDate: '2026-11-30', currency: 'CNY' });
    expect(created.json().lines).toMatchObject([
      {
        lotNumber: 'S-A',
        quantity: 3,
        scannedQuantity: 0,
        unitPrice: 200_000,
        vatRate: 0.13,
        unitCostFen: 90_000,
      },
      { lotNumber: 'S-B', quantity: 1, scannedQuantity: 0 },
    ]);
    expect((await director('GET', `/api/orders/${orderId}`)).json().status).toBe('picking');
    const nothingLeft = await warehouse('POST', '/api/shipments', { orderId });
    expect(nothingLeft.statusCode).toBe(422);
  });

  it('refuses a code of another product with 422 UDI_MISMATCH naming what was expected', async () => {
    const response = await warehouse('POST', `/api/shipments/${shipment.id}/scan`, {
      code: udi(PACER_GTIN, '300131', 'P-1', 'X1'),
    });
    expect(response.statusCode).toBe(422);
    const error = response.json().error;
    expect(error.code).toBe('UDI_MISMATCH');
    expect(error.message).toContain('STENT-30 lot S-A × 3');
    expect(error.details.expected).toEqual([
      { sku: 'STENT-30', lotNumber: 'S-A', remaining: 3 },
      { sku: 'STENT-30', lotNumber: 'S-B', remaining: 1 },
    ]);
  });

  it('refuses an unknown lot, and a label whose expiry disagrees with the lot on file', async () => {
    const unknown = await warehouse('POST', `/api/shipments/${shipment.id}/scan`, {
      code: udi(STENT_GTIN, '290131', 'S-X'),
    });
    expect(unknown.json().error).toMatchObject({
      code: 'UDI_MISMATCH',
      details: { reason: 'LOT_NOT_ALLOCATED' },
    });
    const wrongExpiry = await warehouse('POST', `/api/shipments/${shipment.id}/scan`, {
      code: udi(STENT_GTIN, '290228', 'S-A'),
    });
    expect(wrongExpiry.json().error).toMatchObject({
      code: 'UDI_MISMATCH',
      details: { reason: 'EXPIRY_DIFFERS' },
    });
    const unreadable = await warehouse('POST', `/api/shipments/${shipment.id}/scan`, {
      code: '(01)0950600013435X',
    });
    expect(unreadable.json().error.code).toBe('UDI_INVALID');
  });

  it('counts matching scans and will not ship until every unit is scanned', async () => {
    for (let i = 0; i < 3; i++) {
      const scan = await warehouse('POST', `/api/shipments/${shipment.id}/scan`, {
        code: `]d201${STENT_GTIN}17290131\u001d10S-A`,
      });
      expect(scan.statusCode, scan.body).toBe(200);
      expect(scan.json().remaining).toBe(3 - i);
    }
    const tooMany = await warehouse('POST', `/api/shipments/${shipment.id}/scan`, {
      code: udi(STENT_GTIN, '290131', 'S-A'),
    });
    expect(tooMany.statusCode).toBe(422);
    const current = (await warehouse('GET', `/api/shipments/${shipment.id}`)).json();
    const early = await warehouse('POST', `/api/shipments/${shipment.id}/ship`, { version: current.version });
    expect(early.statusCode).toBe(422);
    expect(early.json().error).toMatchObject({ code: 'SHIPMENT_NOT_SCANNED' });
    expect(early.json().error.message).toContain('S-B × 1');
  });

  it('accepts a released lot with enough shelf life as a substitute and moves the reservation to it', async () => {
    await receiveLot(test, {
      productId: world.stent,
      warehouseId: world.warehouseId,
      lotNumber: 'S-C',
      expiryDate: '2029-12-31',
      quantity: 2,
    });
    const scan = await warehouse('POST', `/api/shipments/${shipment.id}/scan`, {
      code: udi(STENT_GTIN, '291231', 'S-C'),
    });
    expect(scan.statusCode, scan.body).toBe(200);
    expect(scan.json().scanned).toMatchObject({ lotNumber: 'S-C', substitutedFor: 'S-B', quantity: 1 });
    expect(scan.json().remaining).toBe(0);
    const { rows } = await test.deps.db.query<{ lot: string; reserved: number }>(
      `SELECT l.lot_number AS lot, b.reserved FROM stock_balances b JOIN lots l ON l.id = b.lot_id
        WHERE b.product_id = $1 ORDER BY l.lot_number`,
      [world.stent],
    );
    expect(rows.filter((r) => ['S-A', 'S-B', 'S-C'].includes(r.lot))).toEqual([
      { lot: 'S-A', reserved: 3 },
      { lot: 'S-B', reserved: 0 },
      { lot: 'S-C', reserved: 1 },
    ]);
    stockBefore = { onHand: stockBefore.onHand + 2, reserved: stockBefore.reserved };
  });

  it('ships: the reserved stock leaves the ledger as issue moves, late against the promise', async () => {
    const current = (await warehouse('GET', `/api/shipments/${shipment.id}`)).json();
    const shipped = await warehouse('POST', `/api/shipments/${shipment.id}/ship`, {
      version: current.version,
      shipDate: '2026-12-02',
    });
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json()).toMatchObject({
      status: 'shipped',
      shippedOn: '2026-12-02',
      isOnTime: false,
      daysLate: 2,
    });
    const { rows } = await test.deps.db.query<{ lot: string; quantity: number }>(
      `SELECT l.lot_number AS lot, m.quantity FROM stock_moves m JOIN lots l ON l.id = m.lot_id
        WHERE m.reference_type = 'shipment' AND m.reference_id = $1 AND m.kind = 'issue' ORDER BY l.lot_number`,
      [shipment.id],
    );
    expect(rows).toEqual([
      { lot: 'S-A', quantity: -3 },
      { lot: 'S-C', quantity: -1 },
    ]);
    expect(await stockOf(test, world.stent)).toEqual({
      onHand: stockBefore.onHand - 4,
      reserved: stockBefore.reserved,
    });
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
    const order = (await director('GET', `/api/orders/${orderId}`)).json();
    expect(order.status).toBe('shipped');
    expect(order.lines[0]).toMatchObject({ allocatedQuantity: 4, shippedQuantity: 4 });
    const again = await warehouse('POST', `/api/shipments/${shipment.id}/ship`, {
      version: shipped.json().version,
    });
    expect(again.statusCode).toBe(409);
  });

  it('records the delivery date and completes the order', async () => {
    const current = (await warehouse('GET', `/api/shipments/${shipment.id}`)).json();
    const tooEarly = await warehouse('POST', `/api/shipments/${shipment.id}/deliver`, {
      version: current.version,
      deliveredOn: '2026-12-01',
    });
    expect(tooEarly.statusCode).toBe(422);
    const delivered = await warehouse('POST', `/api/shipments/${shipment.id}/deliver`, {
      version: current.version,
      deliveredOn: '2026-12-04',
    });
    expect(delivered.statusCode, delivered.body).toBe(200);
    expect(delivered.json()).toMatchObject({
      status: 'delivered',
      deliveredOn: '2026-12-04',
      promisedDate: '2026-11-30',
    });
    expect((await director('GET', `/api/orders/${orderId}`)).json().status).toBe('delivered');
    const { rows } = await test.deps.db.query(
      `SELECT type FROM outbox_events WHERE payload->>'shipmentId' = $1 ORDER BY id`,
      [String(shipment.id)],
    );
    expect(rows.map((r) => r.type)).toEqual(['shipment.created', 'shipment.shipped', 'shipment.delivered']);
  });
});

describe('serial-tracked products', () => {
  it('needs a new serial for every unit and keeps the serials on the shipment line', async () => {
    await receiveLot(test, {
      productId: world.pacer,
      warehouseId: world.warehouseId,
      lotNumber: 'P-1',
      expiryDate: '2030-01-31',
      quantity: 2,
    });
    const order = await confirmedOrder(world.westDealer, world.pacer, 2, '2026-11-30');
    const created = (await warehouse('POST', '/api/shipments', { orderId: order.id })).json();
    const scan = (code: string) => warehouse('POST', `/api/shipments/${created.id}/scan`, { code });
    expect((await scan(udi(PACER_GTIN, '300131', 'P-1'))).json().error.details.reason).toBe('NO_SERIAL');
    expect((await scan(udi(PACER_GTIN, '300131', 'P-1', 'SN0001'))).statusCode).toBe(200);
    expect((await scan(udi(PACER_GTIN, '300131', 'P-1', 'SN0001'))).json().error.details.reason).toBe(
      'SERIAL_REPEATED',
    );
    const last = await scan(udi(PACER_GTIN, '300131', 'P-1', 'SN0002'));
    expect(last.json().shipment.lines[0]).toMatchObject({
      scannedQuantity: 2,
      serials: ['SN0001', 'SN0002'],
    });
    const shipped = await warehouse('POST', `/api/shipments/${created.id}/ship`, {
      version: last.json().shipment.version,
    });
    expect(shipped.statusCode, shipped.body).toBe(200);
  });

  it('hides West shipments from an East rep and our lot costs from the distributor', async () => {
    const { rows } = await test.deps.db.query<{ id: number }>(
      `SELECT id FROM shipments WHERE customer_id = $1 LIMIT 1`,
      [world.westDealer],
    );
    const id = rows[0]!.id;
    expect((await apiAs(test, world.cookies.east)('GET', `/api/shipments/${id}`)).statusCode).toBe(404);
    const eastList = (await apiAs(test, world.cookies.east)('GET', '/api/shipments')).json();
    expect(eastList.items.every((s: { customerId: number }) => s.customerId !== world.westDealer)).toBe(true);
    const dealer = (await apiAs(test, world.cookies.dealer)('GET', `/api/shipments/${id}`)).json();
    expect(dealer.lines[0].unitCostFen).toBeNull();
  });
});
