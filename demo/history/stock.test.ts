import { describe, expect, it } from 'vitest';
import { planIssue } from '../../server/modules/inventory/reservations.rules.ts';
import { type Lot, StockLedger } from './stock.ts';
import type { WorldProduct } from './world.ts';

const WAREHOUSE = 1;

const monitor: WorldProduct = {
  index: 0,
  id: 7,
  sku: 'MON-01',
  lineCode: 'MONITOR',
  gtin: null,
  deviceClass: 2,
  certificateNumber: '国械注准20232070001',
  certificateExpiry: null,
  isActive: true,
  standardCostFen: 100_000,
  listPriceFen: 200_000,
  floorPriceFen: null,
  vatRate: '0.1300',
  shelfLifeDays: 1_800,
  isSerialTracked: true,
  isColdChain: false,
  manufacturerId: null,
};

function receivedLot(ledger: StockLedger, serials: string[]): Lot {
  const lot = ledger.addLot({
    product: monitor,
    lotNumber: 'L1',
    productionDate: '2026-01-01',
    expiryDate: '2030-01-01',
    supplierId: 1,
    unitCostFen: 100_000,
    receivedOn: '2026-01-05',
    reportRef: 'QC-1',
    serials,
  });
  for (const serial of serials) receive(ledger, lot, serial);
  return lot;
}

function receive(ledger: StockLedger, lot: Lot, serial: string): void {
  ledger.post({
    date: '2026-01-05',
    warehouseId: WAREHOUSE,
    lot,
    serial,
    kind: 'receipt',
    quantity: 1,
    referenceType: 'receipt',
    referenceId: 1,
    reason: null,
    createdBy: null,
  });
}

const shipment = {
  date: '2026-02-01',
  referenceType: 'shipment' as const,
  referenceId: 1,
  reason: null,
  createdBy: null,
};

const rowsOf = (ledger: StockLedger, lot: Lot) =>
  Object.fromEntries(ledger.balance(WAREHOUSE, lot).rows.map((r) => [r.serial, { ...r }]));

describe('demo stock ledger: shipping a serial-tracked lot', () => {
  it('ships the lowest serials, walking past those already shipped, and keeps every row exact', () => {
    const ledger = new StockLedger();
    const lot = receivedLot(ledger, ['S01', 'S02', 'S03', 'S04', 'S05']);
    ledger.reserve(WAREHOUSE, lot, 3);
    expect(ledger.issue(WAREHOUSE, lot, 2, shipment)).toEqual(['S01', 'S02']);
    expect(ledger.issue(WAREHOUSE, lot, 1, shipment)).toEqual(['S03']);
    ledger.reserve(WAREHOUSE, lot, 2);
    expect(ledger.issue(WAREHOUSE, lot, 2, shipment)).toEqual(['S04', 'S05']);
    const rows = rowsOf(ledger, lot);
    for (const serial of ['S01', 'S02', 'S03', 'S04', 'S05'])
      expect(rows[serial]).toEqual({ serial, onHand: 0, reserved: 0, held: 0 });
    expect(ledger.moves.filter((m) => m.kind === 'issue').map((m) => m.serial)).toEqual([
      'S01',
      'S02',
      'S03',
      'S04',
      'S05',
    ]);
  });

  it('ships a serial that came back again, before the higher ones', () => {
    const ledger = new StockLedger();
    const lot = receivedLot(ledger, ['S01', 'S02', 'S03', 'S04']);
    ledger.reserve(WAREHOUSE, lot, 2);
    expect(ledger.issue(WAREHOUSE, lot, 2, shipment)).toEqual(['S01', 'S02']);
    ledger.reserve(WAREHOUSE, lot, 1);
    expect(ledger.issue(WAREHOUSE, lot, 1, shipment)).toEqual(['S03']);
    ledger.post({ ...shipment, warehouseId: WAREHOUSE, lot, serial: 'S01', kind: 'return', quantity: 1 });
    ledger.reserve(WAREHOUSE, lot, 1);
    expect(ledger.issue(WAREHOUSE, lot, 1, shipment)).toEqual(['S01']);
    expect(rowsOf(ledger, lot).S04).toEqual({ serial: 'S04', onHand: 1, reserved: 0, held: 0 });
  });

  it('plans over every row when the reservation sits on rows other than the leaving ones', () => {
    const ledger = new StockLedger();
    const lot = receivedLot(ledger, ['S02', 'S03']);
    ledger.reserve(WAREHOUSE, lot, 1); // on S02, the lowest free row
    // A unit with a lower serial arrives later: it leaves first, but carries no reservation.
    receive(ledger, lot, 'S01');
    const before = ledger.balance(WAREHOUSE, lot).rows.map((r) => ({ ...r }));
    const expected = planIssue(before, 1, ['S01']);
    expect(expected.ok).toBe(true);

    expect(ledger.issue(WAREHOUSE, lot, 1, shipment)).toEqual(['S01']);
    // As the rule plans it over all rows: S01 leaves, the order's reservation is released from S02.
    expect(expected).toMatchObject({
      releases: [{ serial: 'S02', quantity: -1 }],
      moves: [{ serial: 'S01', quantity: -1 }],
    });
    expect(rowsOf(ledger, lot)).toEqual({
      S01: { serial: 'S01', onHand: 0, reserved: 0, held: 0 },
      S02: { serial: 'S02', onHand: 1, reserved: 0, held: 0 },
      S03: { serial: 'S03', onHand: 1, reserved: 0, held: 0 },
    });
  });
});
