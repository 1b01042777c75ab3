import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/db.ts';
import {
  callerFor,
  createConfirmedOrder,
  DOMAIN_UDI,
  type StockWorld,
  seedStockWorld,
} from '../../testing/stock-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { asSuperuser } from '../../testing/test-db.ts';
import { allocateAndReserve, issueReservedStock } from './stock.service.ts';

let test: TestApp;
let world: StockWorld;
let lotId: number;
let receiptNumber: string;
let shipmentId: number;
let issueMoveId: number;
let transferNumber: string;

/**
 * A shipped sales shipment to the customer, written as the sales module stores it (0007), or —
 * where that module is not installed — into a minimal shipments table with the columns the
 * trace joins on (id, number, customer_id).
 */
async function createShipment(customerId: number): Promise<number> {
  const db = test.deps.db;
  const exists = (await db.query(`SELECT to_regclass('shipments') IS NOT NULL AS t`)).rows[0].t as boolean;
  if (exists) {
    const orderId = (
      await db.query<{ id: number }>(
        `INSERT INTO sales_orders (number, customer_id, region_id, exchange_rate, order_date, promised_date, status,
                                   net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
         VALUES ('SO-20261123-0001', $1, 2, 1, '2026-11-23', '2026-11-23', 'shipped', 0, 0, 0, 0, 0, 0) RETURNING id`,
        [customerId],
      )
    ).rows[0]!.id;
    return (
      await db.query<{ id: number }>(
        `INSERT INTO shipments (number, order_id, customer_id, region_id, status, promised_date, shipped_on)
         VALUES ('SH-20261123-0001', $1, $2, 2, 'shipped', '2026-11-23', '2026-11-23') RETURNING id`,
        [orderId, customerId],
      )
    ).rows[0]!.id;
  }
  await asSuperuser(
    test.database,
    `CREATE TABLE shipments (id bigserial PRIMARY KEY, number text NOT NULL, customer_id bigint NOT NULL);
     DO $$ BEGIN
       IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pulse_app') THEN
         GRANT SELECT, INSERT ON shipments TO pulse_app; GRANT USAGE ON SEQUENCE shipments_id_seq TO pulse_app;
       END IF;
     END $$;`,
  );
  return (
    await db.query<{ id: number }>(
      `INSERT INTO shipments (number, customer_id) VALUES ('SH-20261123-0001', $1) RETURNING id`,
      [customerId],
    )
  ).rows[0]!.id;
}

beforeAll(async () => {
  test = await createTestApp();
  world = await seedStockWorld(test);
  const asWarehouse = callerFor(test, world.cookies.warehouse);
  const db = test.deps.db;

  const order = await createConfirmedOrder(asWarehouse, world, [
    { productId: world.productUdi, quantity: 12, unitPrice: 50_000 },
  ]);
  const receipt = await asWarehouse('POST', '/api/receipts', {
    purchaseOrderId: order.id,
    arrivalDate: '2026-11-23',
    lines: [
      {
        purchaseOrderLineId: order.lines[0]!.id,
        udi: DOMAIN_UDI,
        quantityAccepted: 10,
        quantityRejected: 2,
        inspector: '王质检',
        reportRef: 'QC-77',
      },
    ],
  });
  expect(receipt.statusCode, receipt.body).toBe(201);
  lotId = receipt.json().lines[0].lotId;
  receiptNumber = receipt.json().number;

  const customerId = (
    await db.query<{ id: number }>(
      `INSERT INTO customers (code, name, name_normalized, type, hospital_grade, channel, region_id)
       VALUES ('H-1', '复旦大学附属中山医院', '复旦大学附属中山医院', 'hospital', '3A', 'direct', 2) RETURNING id`,
    )
  ).rows[0]!.id;
  shipmentId = await createShipment(customerId);
  await withTransaction(db, async (tx) => {
    const allocation = await allocateAndReserve(tx, {
      productId: world.productUdi,
      quantity: 4,
      plannedShipDate: '2026-11-23',
      customerMinimumDays: 0,
      acceptPartial: false,
    });
    await issueReservedStock(
      tx,
      allocation.picks.map((p) => ({
        warehouseId: p.warehouseId,
        productId: world.productUdi,
        lotId: p.lotId,
        quantity: p.quantity,
      })),
      { businessDate: '2026-11-23', referenceType: 'shipment', referenceId: shipmentId, createdBy: null },
    );
  });
  issueMoveId = (await db.query<{ id: number }>(`SELECT id FROM stock_moves WHERE kind = 'issue'`)).rows[0]!
    .id;

  const transfer = await asWarehouse('POST', '/api/transfers', {
    fromWarehouseId: world.warehouseA,
    toWarehouseId: world.warehouseB,
    lines: [{ lotId, quantity: 2 }],
  });
  transferNumber = transfer.json().number;
  const received = await asWarehouse('POST', `/api/transfers/${transfer.json().id}/receive`, { version: 1 });
  expect(received.statusCode, received.body).toBe(200);
});
afterAll(() => test.close());

describe('forward traceability', () => {
  it('follows a lot to its supplier receipt, every shipment with its customer, transfers and what remains where', async () => {
    const response = await callerFor(test, world.cookies.quality)('GET', `/api/trace/lots/${lotId}`);
    expect(response.statusCode, response.body).toBe(200);
    const trace = response.json();
    expect(trace.lot).toMatchObject({
      lotNumber: 'ABC123',
      gtin: '09506000134352',
      expiryDate: '2026-12-31',
    });
    expect(trace.receipts).toEqual([
      expect.objectContaining({
        receiptNumber,
        arrivalDate: '2026-11-23',
        supplier: expect.objectContaining({
          name: '上海医械供应链有限公司',
          licenceNumber: '沪食药监械经营许20190001号',
        }),
        inspection: {
          quantityReceived: 12,
          quantityAccepted: 10,
          quantityRejected: 2,
          result: 'partially_accepted',
          inspector: '王质检',
          reportRef: 'QC-77',
        },
      }),
    ]);
    expect(trace.shipments).toEqual([
      expect.objectContaining({
        moveId: issueMoveId,
        kind: 'issue',
        quantity: -4,
        referenceType: 'shipment',
        referenceId: shipmentId,
        isCustomerHidden: false,
        documentNumber: 'SH-20261123-0001',
        customerName: '复旦大学附属中山医院',
      }),
    ]);
    expect(trace.transfers).toEqual([
      expect.objectContaining({ number: transferNumber, status: 'received', quantity: 2 }),
    ]);
    expect(
      trace.remaining.map((r: { warehouseName: string; onHand: number }) => [r.warehouseName, r.onHand]),
    ).toEqual([
      ['上海中心仓', 4],
      ['西安分仓', 2],
    ]);
    expect(trace.totals).toEqual({ accepted: 10, shipped: 4, inTransit: 0, onHand: 6 });
    expect(trace.otherMoves).toEqual([]);
  });

  it('finds the same lot from a scanned UDI and from product and lot number', async () => {
    const asWarehouse = callerFor(test, world.cookies.warehouse);
    const byUdi = await asWarehouse('GET', `/api/trace/lots?udi=${encodeURIComponent(DOMAIN_UDI)}`);
    expect(byUdi.statusCode, byUdi.body).toBe(200);
    expect(byUdi.json()).toMatchObject({ lot: { id: lotId }, serial: null, totals: { onHand: 6 } });
    const byNumber = await asWarehouse(
      'GET',
      `/api/trace/lots?productId=${world.productUdi}&lotNumber=ABC123`,
    );
    expect(byNumber.json().lot.id).toBe(lotId);
    const unknown = await asWarehouse('GET', `/api/trace/lots?productId=${world.productUdi}&lotNumber=NOPE`);
    expect(unknown.statusCode).toBe(404);
    expect((await asWarehouse('GET', '/api/trace/lots?lotNumber=ABC123')).statusCode).toBe(400);
  });

  it('does not name customers outside a sales rep’s regions, but keeps the quantities', async () => {
    const trace = (await callerFor(test, world.cookies.rep)('GET', `/api/trace/lots/${lotId}`)).json();
    expect(trace.shipments[0]).toMatchObject({
      quantity: -4,
      documentNumber: 'SH-20261123-0001',
      customerName: null,
      customerId: null,
      isCustomerHidden: true,
    });
  });
});

describe('backward traceability', () => {
  it('goes from a shipment move back to the lot, the supplier receipt and its inspection', async () => {
    const response = await callerFor(test, world.cookies.quality)(
      'GET',
      `/api/trace/moves/${issueMoveId}/backward`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const trace = response.json();
    expect(trace.move).toMatchObject({ moveId: issueMoveId, kind: 'issue', referenceId: shipmentId });
    expect(trace.move.customerName).toBe('复旦大学附属中山医院');
    expect(trace.lot).toMatchObject({ id: lotId, lotNumber: 'ABC123' });
    expect(trace.receipts).toHaveLength(1);
    expect(trace.receipts[0]).toMatchObject({
      receiptNumber,
      purchaseOrderNumber: 'PO-20261120-0001',
      supplier: { name: '上海医械供应链有限公司' },
      inspection: { result: 'partially_accepted', reportRef: 'QC-77' },
      scannedUdi: DOMAIN_UDI,
    });
    expect(
      (await callerFor(test, world.cookies.quality)('GET', '/api/trace/moves/987654/backward')).statusCode,
    ).toBe(404);
  });

  it('answers from index lookups on the lot, not by reading the ledger', async () => {
    await test.deps.db.query('ANALYZE stock_moves, stock_balances, stock_transfer_lines, receipt_lines');
    const plan = await withTransaction(test.deps.db, async (tx) => {
      // A tiny table is cheaper to scan; forbid that to see which index the planner would use at scale.
      await tx.query('SET LOCAL enable_seqscan = off');
      const { rows } = await tx.query<{ 'QUERY PLAN': string }>(
        'EXPLAIN SELECT id FROM stock_moves WHERE lot_id = $1 ORDER BY moved_at, id',
        [lotId],
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('stock_moves_lot_idx');
  });
});
