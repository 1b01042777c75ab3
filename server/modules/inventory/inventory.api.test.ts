import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, businessDate } from '../../platform/dates.ts';
import { withTransaction } from '../../platform/db.ts';
import {
  type Caller,
  callerFor,
  countRows,
  type StockWorld,
  seedStockWorld,
  stockUp,
} from '../../testing/stock-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { allocateAndReserve, findLedgerMismatches, releaseReservations } from './stock.service.ts';

let test: TestApp;
let world: StockWorld;
let asWarehouse: Caller;
let asQuality: Caller;
let asRep: Caller;
let asMarketing: Caller;
const today = businessDate();
let nearLot: number;
let farLot: number;
let expiredLot: number;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedStockWorld(test);
  asWarehouse = callerFor(test, world.cookies.warehouse);
  asQuality = callerFor(test, world.cookies.quality);
  asRep = callerFor(test, world.cookies.rep);
  asMarketing = callerFor(test, world.cookies.marketing);
  const plain = { productId: world.productPlain, warehouseId: world.warehouseA };
  nearLot = await stockUp(test, { ...plain, lotNumber: 'NEAR', expiryDate: addDays(today, 20), quantity: 5 });
  farLot = await stockUp(test, { ...plain, lotNumber: 'FAR', expiryDate: addDays(today, 400), quantity: 8 });
  expiredLot = await stockUp(test, {
    ...plain,
    lotNumber: 'GONE',
    expiryDate: addDays(today, -1),
    quantity: 2,
  });
});
afterAll(() => test.close());

const allocate = (quantity: number) =>
  withTransaction(test.deps.db, (tx) =>
    allocateAndReserve(tx, {
      productId: world.productPlain,
      quantity,
      plannedShipDate: today,
      customerMinimumDays: 0,
      acceptPartial: true,
      warehouseIds: null,
    }),
  );

const reservationsOf = (picks: { warehouseId: number; lotId: number; quantity: number }[]) =>
  picks.map((p) => ({
    warehouseId: p.warehouseId,
    productId: world.productPlain,
    lotId: p.lotId,
    quantity: p.quantity,
  }));

describe('stock', () => {
  it('lists on hand, reserved, available, expiry and days to expiry, with filters', async () => {
    const all = (await asRep('GET', `/api/stock?productId=${world.productPlain}`)).json();
    expect(all.items.map((s: { lotNumber: string }) => s.lotNumber)).toEqual(['GONE', 'NEAR', 'FAR']);
    expect(all.items[1]).toMatchObject({
      warehouseCode: 'WH-A',
      onHand: 5,
      reserved: 0,
      available: 5,
      daysToExpiry: 20,
      lotStatus: 'released',
      isSellable: true,
    });
    expect(all.items[0]).toMatchObject({ daysToExpiry: -1, isSellable: false });
    const near = (await asRep('GET', `/api/stock?productId=${world.productPlain}&nearExpiryDays=30`)).json();
    expect(near.items.map((s: { lotNumber: string }) => s.lotNumber)).toEqual(['GONE', 'NEAR']);
    const sellable = (
      await asRep('GET', `/api/stock?productId=${world.productPlain}&onlyAvailable=true`)
    ).json();
    expect(sellable.items.map((s: { lotNumber: string }) => s.lotNumber)).toEqual(['NEAR', 'FAR']);
    const byLot = (await asRep('GET', `/api/stock?lotId=${farLot}&warehouseId=${world.warehouseB}`)).json();
    expect(byLot.total).toBe(0);
    const sorted = (await asRep('GET', `/api/stock?productId=${world.productPlain}&sort=-available`)).json();
    expect(sorted.items[0].lotNumber).toBe('FAR');
    expect((await asRep('GET', '/api/stock?sort=password')).statusCode).toBe(400);
  });

  it('refuses an adjustment below zero with 409 INSUFFICIENT_STOCK and writes nothing', async () => {
    const before = { moves: await countRows(test, 'stock_moves'), audit: await countRows(test, 'audit_log') };
    const response = await asWarehouse('POST', '/api/stock/adjustments', {
      warehouseId: world.warehouseA,
      lotId: nearLot,
      quantity: -6,
      reason: 'cycle count',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('INSUFFICIENT_STOCK');
    const nowhere = await asWarehouse('POST', '/api/stock/adjustments', {
      warehouseId: world.warehouseB,
      lotId: nearLot,
      quantity: -1,
      reason: 'cycle count',
    });
    expect(nowhere.statusCode).toBe(409);
    expect({
      moves: await countRows(test, 'stock_moves'),
      audit: await countRows(test, 'audit_log'),
    }).toEqual(before);
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
  });

  it('requires a reason, and records an adjustment and a scrap as audited ledger moves', async () => {
    const noReason = await asWarehouse('POST', '/api/stock/adjustments', {
      warehouseId: world.warehouseA,
      lotId: nearLot,
      quantity: 1,
    });
    expect(noReason.statusCode).toBe(400);
    const found = await asWarehouse('POST', '/api/stock/adjustments', {
      warehouseId: world.warehouseA,
      lotId: nearLot,
      quantity: 2,
      reason: 'found behind shelf 4',
    });
    expect(found.statusCode, found.body).toBe(201);
    expect(found.json()).toMatchObject({
      kind: 'adjustment',
      quantity: 2,
      lotNumber: 'NEAR',
      createdBy: 'warehouse',
    });
    const scrapped = await asWarehouse('POST', '/api/stock/scrap', {
      warehouseId: world.warehouseA,
      lotId: expiredLot,
      quantity: 2,
      reason: 'expired',
    });
    expect(scrapped.statusCode, scrapped.body).toBe(201);
    expect(scrapped.json()).toMatchObject({ kind: 'scrap', quantity: -2 });
    const moves = (await asRep('GET', `/api/stock/moves?productId=${world.productPlain}&kind=scrap`)).json();
    expect(moves.items).toEqual([expect.objectContaining({ id: scrapped.json().id, reason: 'expired' })]);
    const audit = await test.deps.db.query(
      `SELECT action, reason FROM audit_log WHERE entity = 'stock_move' ORDER BY seq`,
    );
    expect(audit.rows).toEqual([
      { action: 'adjust', reason: 'found behind shelf 4' },
      { action: 'scrap', reason: 'expired' },
    ]);
    const near = (await asRep('GET', `/api/stock?lotId=${nearLot}`)).json();
    expect(near.items[0].onHand).toBe(7);
  });

  it('refuses a serial-tracked adjustment without its serial', async () => {
    const lot = await stockUp(test, {
      productId: world.productSerial,
      warehouseId: world.warehouseA,
      lotNumber: 'PM-1',
      expiryDate: '2031-01-01',
      quantity: 1,
    });
    const response = await asWarehouse('POST', '/api/stock/adjustments', {
      warehouseId: world.warehouseA,
      lotId: lot,
      quantity: 1,
      reason: 'count',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toMatchObject({ field: 'serial' });
  });
});

describe('lot holds and recalls', () => {
  it('stops allocation from a held lot and resumes it after release', async () => {
    const held = await asQuality('POST', `/api/lots/${nearLot}/hold`, {
      reason: 'complaint under investigation',
    });
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json()).toMatchObject({
      status: 'on_hold',
      statusReason: 'complaint under investigation',
      onHand: 7,
    });
    const whileHeld = await allocate(3);
    expect(whileHeld.picks.map((p) => p.lotId)).toEqual([farLot]);
    await withTransaction(test.deps.db, (tx) => releaseReservations(tx, reservationsOf(whileHeld.picks)));
    const again = await asQuality('POST', `/api/lots/${nearLot}/hold`, { reason: 'twice' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INVALID_STATUS');
    const released = await asQuality('POST', `/api/lots/${nearLot}/release`, { reason: 'complaint closed' });
    expect(released.json().status).toBe('released');
    const afterRelease = await allocate(3);
    expect(afterRelease.picks.map((p) => p.lotId)).toEqual([nearLot]);
    await withTransaction(test.deps.db, (tx) => releaseReservations(tx, reservationsOf(afterRelease.picks)));
  });

  it('recalls a lot with a level and reason: it is never allocated again and cannot simply be released', async () => {
    const recalled = await asQuality('POST', `/api/lots/${farLot}/recall`, {
      reason: 'sterility breach',
      level: 1,
    });
    expect(recalled.statusCode, recalled.body).toBe(200);
    expect(recalled.json()).toMatchObject({ status: 'recalled', recallLevel: 1 });
    const result = await allocate(20);
    expect(result.picks.every((p) => p.lotId !== farLot)).toBe(true);
    const release = await asQuality('POST', `/api/lots/${farLot}/release`, { reason: 'oops' });
    expect(release.statusCode).toBe(409);
    const event = await test.deps.db.query(`SELECT payload FROM outbox_events WHERE type = 'lot.recalled'`);
    expect(event.rows[0].payload).toMatchObject({
      lotId: farLot,
      recallLevel: 1,
      notifyWithinDays: 1,
      stock: [{ warehouseId: world.warehouseA, onHand: 8 }],
    });
    const audit = await test.deps.db.query(
      `SELECT action, reason FROM audit_log WHERE entity = 'lot' AND entity_id = $1`,
      [String(farLot)],
    );
    expect(audit.rows).toEqual([{ action: 'recall', reason: 'sterility breach' }]);
    const list = (await asRep('GET', '/api/lots?status=recalled')).json();
    expect(list.items.map((l: { id: number }) => l.id)).toEqual([farLot]);
    await withTransaction(test.deps.db, (tx) => releaseReservations(tx, reservationsOf(result.picks)));
  });

  it('lets only quality hold lots, and nobody without inventory permission read stock (403)', async () => {
    expect((await asRep('POST', `/api/lots/${nearLot}/hold`, { reason: 'x?' })).statusCode).toBe(403);
    expect(
      (await asWarehouse('POST', `/api/lots/${nearLot}/recall`, { reason: 'xx', level: 2 })).statusCode,
    ).toBe(403);
    expect((await asMarketing('GET', '/api/stock')).statusCode).toBe(403);
    expect((await asMarketing('GET', '/api/lots')).statusCode).toBe(403);
    expect((await asMarketing('GET', `/api/trace/lots/${nearLot}`)).statusCode).toBe(403);
    expect((await asRep('POST', '/api/stock/adjustments', {})).statusCode).toBe(403);
  });
});

describe('transfers', () => {
  let transferId: number;

  it('dispatches stock out of the source warehouse into transit, and receives it at the destination', async () => {
    const dispatched = await asWarehouse('POST', '/api/transfers', {
      fromWarehouseId: world.warehouseA,
      toWarehouseId: world.warehouseB,
      lines: [{ lotId: nearLot, quantity: 4 }],
    });
    expect(dispatched.statusCode, dispatched.body).toBe(201);
    const transfer = dispatched.json();
    transferId = transfer.id;
    expect(transfer).toMatchObject({
      status: 'in_transit',
      number: expect.stringMatching(/^TR-\d{8}-0001$/),
    });
    const stockOf = async (warehouseId: number) =>
      (
        await asWarehouse('GET', `/api/stock?lotId=${nearLot}&warehouseId=${warehouseId}&includeEmpty=true`)
      ).json().items[0]?.onHand ?? 0;
    expect([await stockOf(world.warehouseA), await stockOf(world.warehouseB)]).toEqual([3, 0]);
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);

    const received = await asWarehouse('POST', `/api/transfers/${transferId}/receive`, {
      version: transfer.version,
    });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json()).toMatchObject({ status: 'received', receivedOn: today });
    expect([await stockOf(world.warehouseA), await stockOf(world.warehouseB)]).toEqual([3, 4]);
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
    const moves = (
      await asWarehouse('GET', `/api/stock/moves?referenceType=transfer&referenceId=${transferId}`)
    ).json();
    expect(moves.items.map((m: { kind: string; quantity: number }) => [m.kind, m.quantity]).sort()).toEqual([
      ['transfer_in', 4],
      ['transfer_out', -4],
    ]);
    const twice = await asWarehouse('POST', `/api/transfers/${transferId}/receive`, {
      version: received.json().version,
    });
    expect(twice.statusCode).toBe(409);
  });

  it('returns the stock to the source when an in-transit transfer is cancelled', async () => {
    const dispatched = await asWarehouse('POST', '/api/transfers', {
      fromWarehouseId: world.warehouseB,
      toWarehouseId: world.warehouseA,
      lines: [{ lotId: nearLot, quantity: 4 }],
    });
    expect(dispatched.statusCode, dispatched.body).toBe(201);
    const cancelled = await asWarehouse('POST', `/api/transfers/${dispatched.json().id}/cancel`, {
      version: dispatched.json().version,
      reason: 'truck broke down',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    const atB = (
      await asWarehouse('GET', `/api/stock?lotId=${nearLot}&warehouseId=${world.warehouseB}`)
    ).json();
    expect(atB.items[0].onHand).toBe(4);
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
    const list = (
      await asWarehouse('GET', `/api/transfers?warehouseId=${world.warehouseB}&status=cancelled`)
    ).json();
    expect(list.total).toBe(1);
  });

  it('refuses to dispatch more than is available (reserved units stay) with 409, and the same warehouse twice', async () => {
    const reserved = await allocate(3);
    expect(reserved.picks).toEqual([
      expect.objectContaining({ lotId: nearLot, warehouseId: world.warehouseA, quantity: 3 }),
    ]);
    const tooMuch = await asWarehouse('POST', '/api/transfers', {
      fromWarehouseId: world.warehouseA,
      toWarehouseId: world.warehouseB,
      lines: [{ lotId: nearLot, quantity: 1 }],
    });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().error.code).toBe('INSUFFICIENT_STOCK');
    const same = await asWarehouse('POST', '/api/transfers', {
      fromWarehouseId: world.warehouseA,
      toWarehouseId: world.warehouseA,
      lines: [{ lotId: nearLot, quantity: 1 }],
    });
    expect(same.statusCode).toBe(422);
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
  });
});
