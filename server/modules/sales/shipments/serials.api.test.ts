/**
 * Serial-tracked stock end to end: received with serials through the receipt API (UDI with
 * AI 21), allocated by FEFO at lot level, shipped by scanning the serials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { findLedgerMismatches } from '../../inventory/index.ts';
import { apiAs, type SalesWorld, seedSalesWorld } from '../sales.fixtures.ts';

let test: TestApp;
let world: SalesWorld;
let director: ReturnType<typeof apiAs>;
let warehouse: ReturnType<typeof apiAs>;
let finance: ReturnType<typeof apiAs>;

const PACER_GTIN = '09506000134369';
const label = (lot: string, expiry: string, serial: string) =>
  `(01)${PACER_GTIN}(11)260501(17)${expiry}(10)${lot}(21)${serial}`;
const inspection = { inspector: '王质检', reportRef: 'QC-2026-301' };
/** A small price, so the orders stay far below any credit limit: this file is about stock. */
const PRICE = 10_000;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedSalesWorld(test);
  director = apiAs(test, world.cookies.director);
  warehouse = apiAs(test, world.cookies.warehouse);
  finance = apiAs(test, world.cookies.finance);
});
afterAll(() => test.close());

/** Per serial of the pacer: on hand, reserved, held. */
async function serialRows() {
  const { rows } = await test.deps.db.query<{ lot: string; serial: string; b: string }>(
    `SELECT l.lot_number AS lot, b.serial, concat_ws('/', b.on_hand, b.reserved, b.held) AS b
       FROM stock_balances b JOIN lots l ON l.id = b.lot_id WHERE b.product_id = $1 ORDER BY b.serial`,
    [world.pacer],
  );
  return Object.fromEntries(rows.map((r) => [`${r.lot}:${r.serial}`, r.b]));
}

/** Reserved units per lot, and what open allocations say they should be. */
async function reservedPerLot() {
  const { rows } = await test.deps.db.query<{ lot: string; reserved: number; allocated: number }>(
    `SELECT l.lot_number AS lot,
            (SELECT coalesce(sum(reserved - held), 0)::int FROM stock_balances b WHERE b.lot_id = l.id) AS reserved,
            (SELECT coalesce(sum(quantity), 0)::int FROM sales_order_allocations a
              WHERE a.lot_id = l.id AND a.status = 'reserved') AS allocated
       FROM lots l WHERE l.product_id = $1 ORDER BY l.lot_number`,
    [world.pacer],
  );
  return rows;
}

async function confirmedOrder(quantity: number) {
  const response = await director('POST', '/api/orders', {
    customerId: world.eastHospital,
    orderDate: '2026-11-23',
    promisedDate: '2026-11-30',
    confirm: true,
    lines: [{ productId: world.pacer, quantity, unitPrice: PRICE }],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const allocationsOf = (order: { allocations: { lotNumber: string; quantity: number }[] }) =>
  order.allocations.map((a) => `${a.lotNumber}×${a.quantity}`);

describe('serial-tracked stock received with serials', () => {
  type Order = { id: number; status: string; allocations: { lotNumber: string; quantity: number }[] };
  let order1: Order;
  let order2: Order;
  let shipment1: { id: number; lines: { id: number }[] };

  it('receives pacers with their serials through the receipt API, one balance row per serial', async () => {
    const supplierId = (
      await test.deps.db.query<{ id: number }>(
        `INSERT INTO suppliers (code, name, kind, licence_number, licence_valid_until)
         VALUES ('SUP-P', '上海医械供应链有限公司', 'supplier', '沪食药监械经营许20190001号', '2030-12-31') RETURNING id`,
      )
    ).rows[0]!.id;
    const created = await warehouse('POST', '/api/purchase-orders', {
      supplierId,
      warehouseId: world.warehouseId,
      orderDate: '2026-11-20',
      lines: [{ productId: world.pacer, quantity: 5, unitPrice: 2_000_000 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const po = (
      await warehouse('POST', `/api/purchase-orders/${created.json().id}/confirm`, {
        version: created.json().version,
      })
    ).json();
    const lineId = po.lines[0].id;
    const receipt = await warehouse('POST', '/api/receipts', {
      purchaseOrderId: po.id,
      arrivalDate: '2026-11-23',
      lines: [
        {
          purchaseOrderLineId: lineId,
          udi: label('PM-7', '310430', 'SN-100'),
          serials: ['SN-101', 'SN-102'],
          quantityAccepted: 3,
          ...inspection,
        },
        {
          purchaseOrderLineId: lineId,
          udi: label('PM-8', '320430', 'SN-200'),
          serials: ['SN-201'],
          quantityAccepted: 2,
          ...inspection,
        },
      ],
    });
    expect(receipt.statusCode, receipt.body).toBe(201);
    expect(await serialRows()).toEqual({
      'PM-7:SN-100': '1/0/0',
      'PM-7:SN-101': '1/0/0',
      'PM-7:SN-102': '1/0/0',
      'PM-8:SN-200': '1/0/0',
      'PM-8:SN-201': '1/0/0',
    });
  });

  it('allocates serial-tracked stock FEFO at lot level, summing the serials of each lot', async () => {
    order1 = await confirmedOrder(2);
    expect(order1.status).toBe('allocated');
    expect(allocationsOf(order1)).toEqual(['PM-7×2']);
    order2 = await confirmedOrder(2);
    // PM-7 has one unit left: the line splits across lots, earliest expiry first.
    expect(allocationsOf(order2)).toEqual(['PM-7×1', 'PM-8×1']);
    expect(await reservedPerLot()).toEqual([
      { lot: 'PM-7', reserved: 3, allocated: 3 },
      { lot: 'PM-8', reserved: 1, allocated: 1 },
    ]);
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
    // Nothing is left for a third order of two (all-or-nothing).
    const none = await director('POST', '/api/orders', {
      customerId: world.eastHospital,
      orderDate: '2026-11-23',
      promisedDate: '2026-11-30',
      confirm: true,
      lines: [{ productId: world.pacer, quantity: 2, unitPrice: PRICE }],
    });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('INSUFFICIENT_STOCK');
  });

  it('refuses a scanned serial that is not in the allocated lot, naming the lot it is in', async () => {
    const created = await warehouse('POST', '/api/shipments', { orderId: order1.id });
    expect(created.statusCode, created.body).toBe(201);
    shipment1 = created.json();
    const scan = (code: string, lang: 'en' | 'zh-CN' = 'en') =>
      warehouse('POST', `/api/shipments/${shipment1.id}/scan`, { code }, { lang });

    // SN-200 is a unit of PM-8, labelled here as PM-7.
    const wrongLot = await scan(label('PM-7', '310430', 'SN-200'));
    expect(wrongLot.statusCode).toBe(422);
    expect(wrongLot.json().error).toMatchObject({
      code: 'UDI_MISMATCH',
      details: { reason: 'SERIAL_NOT_IN_LOT', serial: 'SN-200', lotNumber: 'PM-7' },
    });
    expect(wrongLot.json().error.message).toContain('serial SN-200 belongs to lot PM-8, not to lot PM-7');
    const inChinese = await scan(label('PM-7', '310430', 'SN-200'), 'zh-CN');
    expect(inChinese.json().error.message).toContain('序列号 SN-200 属于批次 PM-8，不属于批次 PM-7');

    const unknown = await scan(label('PM-7', '310430', 'SN-999'));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.details.reason).toBe('SERIAL_NOT_IN_STOCK');
    expect((await test.deps.db.query('SELECT 1 FROM shipment_line_serials')).rowCount).toBe(0);
  });

  it('ships the scanned serials — even one that carried another order’s reservation — and keeps balances equal to the ledger', async () => {
    const scan = (code: string) => warehouse('POST', `/api/shipments/${shipment1.id}/scan`, { code });
    // Allocation reserved PM-7 on SN-100 and SN-101 for this order and SN-102 for order 2; the
    // picker took SN-101 and SN-102 off the shelf.
    expect((await scan(label('PM-7', '310430', 'SN-102'))).statusCode).toBe(200);
    const last = await scan(label('PM-7', '310430', 'SN-101'));
    expect(last.statusCode, last.body).toBe(200);
    expect(last.json().remaining).toBe(0);
    const shipped = await warehouse('POST', `/api/shipments/${shipment1.id}/ship`, {
      version: last.json().shipment.version,
    });
    expect(shipped.statusCode, shipped.body).toBe(200);

    expect(await serialRows()).toEqual({
      'PM-7:SN-100': '1/1/0',
      'PM-7:SN-101': '0/0/0',
      'PM-7:SN-102': '0/0/0',
      'PM-8:SN-200': '1/1/0',
      'PM-8:SN-201': '1/0/0',
    });
    const { rows: issued } = await test.deps.db.query<{ serial: string; quantity: number }>(
      `SELECT serial, quantity FROM stock_moves WHERE kind = 'issue' AND reference_id = $1 ORDER BY serial`,
      [shipment1.id],
    );
    expect(issued).toEqual([
      { serial: 'SN-101', quantity: -1 },
      { serial: 'SN-102', quantity: -1 },
    ]);
    expect(await reservedPerLot()).toEqual([
      { lot: 'PM-7', reserved: 1, allocated: 1 },
      { lot: 'PM-8', reserved: 1, allocated: 1 },
    ]);
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
  });

  it('refuses a serial that already left, and ships the other order from the remaining serials', async () => {
    const created = (await warehouse('POST', '/api/shipments', { orderId: order2.id })).json();
    const scan = (code: string) => warehouse('POST', `/api/shipments/${created.id}/scan`, { code });
    const gone = await scan(label('PM-7', '310430', 'SN-101'));
    expect(gone.statusCode).toBe(422);
    expect(gone.json().error.details.reason).toBe('SERIAL_SHIPPED');
    expect((await scan(label('PM-7', '310430', 'SN-100'))).statusCode).toBe(200);
    // SN-200 carries the reservation of PM-8 and SN-201 is free: either unit may leave.
    const last = await scan(label('PM-8', '320430', 'SN-201'));
    expect(last.statusCode, last.body).toBe(200);
    const shipped = await warehouse('POST', `/api/shipments/${created.id}/ship`, {
      version: last.json().shipment.version,
    });
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(await serialRows()).toMatchObject({ 'PM-8:SN-200': '1/0/0', 'PM-8:SN-201': '0/0/0' });
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
  });

  it('never allocates nor releases a returned serial held for inspection', async () => {
    const returned = await finance('POST', '/api/returns', {
      shipmentId: shipment1.id,
      reason: 'packaging damaged',
      creditNote: false,
      lines: [{ shipmentLineId: shipment1.lines[0]!.id, quantity: 1, serials: ['SN-102'] }],
    });
    expect(returned.statusCode, returned.body).toBe(201);
    expect((await serialRows())['PM-7:SN-102']).toBe('1/1/1');
    // Only SN-200 is available: an order of two is refused, an order of one takes it.
    const two = await director('POST', '/api/orders', {
      customerId: world.eastHospital,
      orderDate: '2026-11-23',
      promisedDate: '2026-11-30',
      confirm: true,
      lines: [{ productId: world.pacer, quantity: 2, unitPrice: PRICE }],
    });
    expect(two.json().error.code).toBe('INSUFFICIENT_STOCK');
    const order3 = await confirmedOrder(1);
    expect(allocationsOf(order3)).toEqual(['PM-8×1']);
    const cancelled = await director('POST', `/api/orders/${order3.id}/cancel`, {
      version: order3.version,
      reason: 'customer changed its mind',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await serialRows()).toMatchObject({ 'PM-7:SN-102': '1/1/1', 'PM-8:SN-200': '1/0/0' });
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
  });

  it('names the product in both languages in stock, lot and trace answers, and traces a shipped serial', async () => {
    await test.deps.db.query(`UPDATE products SET name_en = 'Pacemaker' WHERE id = $1`, [world.pacer]);
    const both = { productName: '心脏起搏器', productNameEn: 'Pacemaker' };
    const stock = (await warehouse('GET', `/api/stock?productId=${world.pacer}`)).json();
    expect(stock.items[0]).toMatchObject(both);
    const lots = (await warehouse('GET', `/api/lots?productId=${world.pacer}`)).json();
    expect(lots.items[0]).toMatchObject(both);
    const trace = await warehouse(
      'GET',
      `/api/trace/lots?udi=${encodeURIComponent(label('PM-7', '310430', 'SN-101'))}`,
    );
    expect(trace.statusCode, trace.body).toBe(200);
    expect(trace.json()).toMatchObject({ lot: { lotNumber: 'PM-7', ...both }, serial: 'SN-101' });
    const issue = trace.json().shipments.find((m: { kind: string }) => m.kind === 'issue');
    expect(issue).toMatchObject({ serial: 'SN-101', quantity: -1 });
    const backward = (await warehouse('GET', `/api/trace/moves/${issue.moveId}/backward`)).json();
    expect(backward.lot).toMatchObject(both);
    expect(backward.receipts[0].serials).toContain('SN-101');
  });
});
