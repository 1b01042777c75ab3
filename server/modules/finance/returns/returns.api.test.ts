import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../../platform/db.ts';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { findLedgerMismatches, postStockMoves } from '../../inventory/index.ts';
import {
  apiAs,
  createShippedShipment,
  type FinanceWorld,
  seedFinanceWorld,
  unbalancedJournals,
} from '../finance.fixtures.ts';

let test: TestApp;
let world: FinanceWorld;
let finance: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  finance = apiAs(test, world.cookies.finance);
  // Ten stents of the lot are still in the warehouse.
  await withTransaction(test.deps.db, (tx) =>
    postStockMoves(tx, [
      {
        warehouseId: world.warehouseId,
        productId: world.stent,
        lotId: world.lotStent,
        kind: 'receipt',
        quantity: 10,
        businessDate: '2026-01-05',
      },
    ]),
  );
});
afterAll(() => test.close());

async function balance(productId: number, lotId: number, serial = '') {
  const { rows } = await test.deps.db.query<{ onHand: number; reserved: number }>(
    `SELECT on_hand AS "onHand", reserved FROM stock_balances
      WHERE warehouse_id = $1 AND product_id = $2 AND lot_id = $3 AND serial = $4`,
    [world.warehouseId, productId, lotId, serial],
  );
  return rows[0] ?? { onHand: 0, reserved: 0 };
}

describe('sales returns', () => {
  let shipmentId: number;
  let lineId: number;
  let invoice: { id: number; grossAmount: number; lines: { id: number }[] };

  beforeAll(async () => {
    const shipped = await createShippedShipment(test, world, {
      customerId: world.eastHospital,
      shippedOn: '2026-03-02',
      lines: [{ productId: world.stent, lotId: world.lotStent, quantity: 3, unitPrice: 33_333 }],
    });
    shipmentId = shipped.shipmentId;
    lineId = shipped.lineIds[0]!;
    invoice = (await finance.post('/api/invoices', { shipmentId, invoiceDate: '2026-03-02' })).json();
  });

  it('puts returned units back on hand but holds them for inspection, and credits them', async () => {
    const response = await finance.post('/api/returns', {
      shipmentId,
      returnDate: '2026-03-09',
      reason: 'packaging damaged in transit',
      lines: [{ shipmentLineId: lineId, quantity: 2 }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const salesReturn = response.json();
    expect(salesReturn).toMatchObject({
      status: 'awaiting_inspection',
      lines: [{ quantity: 2, acceptedQuantity: null }],
    });
    // On hand 10 + 2, of which the 2 are held: nothing more can be allocated than before.
    expect(await balance(world.stent, world.lotStent)).toEqual({ onHand: 12, reserved: 2 });
    const { rows: moves } = await test.deps.db.query(
      "SELECT kind, quantity FROM stock_moves WHERE reference_type = 'sales_return' AND reference_id = $1",
      [salesReturn.id],
    );
    expect(moves).toEqual([{ kind: 'return', quantity: 2 }]);

    // 3 × 333.33 = 999.99 (VAT 130.00): two of three units credit 666.66 + 86.67.
    expect(salesReturn.creditNotes).toMatchObject([
      { kind: 'return', netAmount: 66_666, taxAmount: 8_667, costCnyFen: 104_000 },
    ]);
    const { rows: entries } = await test.deps.db.query(
      `SELECT e.account, e.debit_fen AS debit, e.credit_fen AS credit FROM journals j JOIN ledger_entries e ON e.journal_id = j.id
        WHERE j.source_type = 'credit_note' AND j.source_id = $1 ORDER BY e.id`,
      [salesReturn.creditNotes[0].id],
    );
    expect(entries).toEqual([
      { account: 'SALES_RETURNS', debit: 66_666, credit: 0 },
      { account: 'VAT_OUTPUT', debit: 8_667, credit: 0 },
      { account: 'AR', debit: 0, credit: 75_333 },
    ]);
    expect((await finance.get(`/api/invoices/${invoice.id}`)).json().openAmount).toBe(
      invoice.grossAmount - 75_333,
    );
  });

  it('never takes back more than was shipped minus what came back, even when two returns race', async () => {
    const tooMany = await finance.post('/api/returns', {
      shipmentId,
      reason: 'again',
      returnDate: '2026-03-10',
      lines: [{ shipmentLineId: lineId, quantity: 2 }],
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().error).toMatchObject({
      code: 'RETURN_EXCEEDS_SHIPPED',
      details: { returnable: 1 },
    });
    const warehouse = apiAs(test, world.cookies.warehouse);
    const payload = {
      shipmentId,
      reason: 'last unit',
      returnDate: '2026-03-10',
      lines: [{ shipmentLineId: lineId, quantity: 1 }],
      creditNote: false,
    };
    const racing = await Promise.all([
      warehouse.post('/api/returns', payload),
      warehouse.post('/api/returns', payload),
    ]);
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 422]);
    expect((await warehouse.post('/api/returns', { ...payload, creditNote: true })).statusCode).toBe(403);
    expect(await balance(world.stent, world.lotStent)).toEqual({ onHand: 13, reserved: 3 });
  });

  it('releases accepted units to stock and scraps rejected ones at inspection', async () => {
    const list = (await finance.get(`/api/returns?shipmentId=${shipmentId}`)).json();
    const first = list.items.find((r: { reason: string }) => r.reason === 'packaging damaged in transit');
    const detail = (await finance.get(`/api/returns/${first.id}`)).json();
    const decision = {
      version: detail.version,
      note: 'one unit with a torn sterile barrier',
      lines: [{ lineId: detail.lines[0].id, acceptedQuantity: 1, rejectedQuantity: 1 }],
    };
    expect((await finance.post(`/api/returns/${first.id}/inspection`, decision)).statusCode).toBe(403);
    const wrongSum = await apiAs(test, world.cookies.quality).post(`/api/returns/${first.id}/inspection`, {
      ...decision,
      lines: [{ lineId: detail.lines[0].id, acceptedQuantity: 1, rejectedQuantity: 0 }],
    });
    expect(wrongSum.statusCode).toBe(400);
    const inspected = await apiAs(test, world.cookies.quality).post(
      `/api/returns/${first.id}/inspection`,
      decision,
    );
    expect(inspected.statusCode, inspected.body).toBe(200);
    expect(inspected.json()).toMatchObject({
      status: 'inspected',
      lines: [{ acceptedQuantity: 1, rejectedQuantity: 1 }],
    });
    // The other return's unit is still held; one accepted unit is free, one rejected unit is scrapped.
    expect(await balance(world.stent, world.lotStent)).toEqual({ onHand: 12, reserved: 1 });
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
    const again = await apiAs(test, world.cookies.quality).post(`/api/returns/${first.id}/inspection`, {
      ...decision,
      version: inspected.json().version,
    });
    expect(again.json().error.code).toBe('INVALID_STATUS');
  });

  it('takes serial-tracked units back by the serial numbers that were shipped', async () => {
    const shipped = await createShippedShipment(test, world, {
      customerId: world.eastHospital,
      shippedOn: '2026-03-02',
      lines: [
        {
          productId: world.pacer,
          lotId: world.lotPacer,
          quantity: 2,
          unitPrice: 3_000_000,
          serials: ['PM-001', 'PM-002'],
        },
      ],
    });
    const base = {
      shipmentId: shipped.shipmentId,
      reason: 'wrong model',
      returnDate: '2026-03-05',
      creditNote: false,
    };
    const stray = await finance.post('/api/returns', {
      ...base,
      lines: [{ shipmentLineId: shipped.lineIds[0], quantity: 1, serials: ['PM-009'] }],
    });
    expect(stray.statusCode).toBe(400);
    const ok = await finance.post('/api/returns', {
      ...base,
      lines: [{ shipmentLineId: shipped.lineIds[0], quantity: 1, serials: ['PM-002'] }],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await balance(world.pacer, world.lotPacer, 'PM-002')).toEqual({ onHand: 1, reserved: 1 });
    const twice = await finance.post('/api/returns', {
      ...base,
      lines: [{ shipmentLineId: shipped.lineIds[0], quantity: 1, serials: ['PM-002'] }],
    });
    expect(twice.statusCode).toBe(400);
    const returned = ok.json();
    const rejected = await apiAs(test, world.cookies.quality).post(`/api/returns/${returned.id}/inspection`, {
      version: returned.version,
      lines: [
        {
          lineId: returned.lines[0].id,
          acceptedQuantity: 0,
          rejectedQuantity: 1,
          rejectedSerials: ['PM-002'],
        },
      ],
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(await balance(world.pacer, world.lotPacer, 'PM-002')).toEqual({ onHand: 0, reserved: 0 });
    expect(await unbalancedJournals(test)).toEqual([]);
  });
});
