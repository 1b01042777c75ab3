import { describe, expect, it } from 'vitest';
import type { Udi } from '../../catalog/index.ts';
import {
  checkScannedSerial,
  issuesOf,
  matchScan,
  type ScanLine,
  type SerialFacts,
} from './shipments.rules.ts';

const line = (over: Partial<ScanLine> = {}): ScanLine => ({
  id: 1,
  productId: 10,
  sku: 'STENT-30',
  gtin: '09506000134352',
  warehouseId: 1,
  lotId: 100,
  lotNumber: 'L2',
  expiryDate: '2027-03-31',
  isSerialTracked: false,
  quantity: 4,
  scannedQuantity: 0,
  serials: [],
  ...over,
});
const scan = (over: Partial<Udi> = {}): Udi => ({
  format: 'gs1',
  gtin: '09506000134352',
  lot: 'L2',
  ...over,
});

describe('matching a scanned UDI against a shipment', () => {
  it('counts a unit of an allocated lot with units left', () => {
    expect(matchScan(scan({ expiry: '2027-03-31' }), [line()])).toMatchObject({
      kind: 'match',
      quantity: 1,
      serial: null,
    });
  });

  it('takes the count (30) of a case as its quantity, but never more than is left', () => {
    expect(matchScan(scan({ count: 3 }), [line()])).toMatchObject({ kind: 'match', quantity: 3 });
    expect(matchScan(scan({ count: 5 }), [line()])).toMatchObject({
      kind: 'mismatch',
      problem: { code: 'TOO_MANY' },
    });
  });

  it('names what the shipment still expects when the product is not on it', () => {
    const decision = matchScan(scan({ gtin: '09506000134369' }), [
      line(),
      line({ id: 2, lotNumber: 'L3', scannedQuantity: 1 }),
    ]);
    expect(decision).toMatchObject({
      kind: 'mismatch',
      problem: {
        code: 'PRODUCT_NOT_ON_SHIPMENT',
        expected: [
          { sku: 'STENT-30', lotNumber: 'L2', remaining: 4 },
          { sku: 'STENT-30', lotNumber: 'L3', remaining: 3 },
        ],
      },
    });
    if (decision.kind === 'mismatch') expect(decision.problem.en).toContain('expected STENT-30 lot L2 × 4');
  });

  it('refuses a code without GTIN or lot, and a label expiry that disagrees with the lot', () => {
    expect(matchScan(scan({ gtin: undefined }), [line()])).toMatchObject({ problem: { code: 'NO_GTIN' } });
    expect(matchScan(scan({ lot: undefined }), [line()])).toMatchObject({ problem: { code: 'NO_LOT' } });
    expect(matchScan(scan({ expiry: '2027-04-30' }), [line()])).toMatchObject({
      problem: { code: 'EXPIRY_DIFFERS' },
    });
  });

  it('says when every unit of the product is already scanned', () => {
    expect(matchScan(scan(), [line({ scannedQuantity: 4 })])).toMatchObject({
      problem: { code: 'PRODUCT_COMPLETE' },
    });
  });

  it('needs a new serial, one unit at a time, for a serial-tracked product', () => {
    const tracked = line({ isSerialTracked: true, serials: ['SN1'] });
    expect(matchScan(scan(), [tracked])).toMatchObject({ problem: { code: 'NO_SERIAL' } });
    expect(matchScan(scan({ serial: 'SN1' }), [tracked])).toMatchObject({
      problem: { code: 'SERIAL_REPEATED' },
    });
    expect(matchScan(scan({ serial: 'SN2', count: 2 }), [tracked])).toMatchObject({
      problem: { code: 'COUNT_WITH_SERIAL' },
    });
    expect(matchScan(scan({ serial: 'SN2' }), [tracked])).toMatchObject({ kind: 'match', serial: 'SN2' });
  });

  it('hands another lot of the right product to the substitute check', () => {
    expect(matchScan(scan({ lot: 'L9' }), [line()])).toMatchObject({
      kind: 'other_lot',
      lot: 'L9',
      quantity: 1,
    });
  });
});

describe('a scanned serial of a serial-tracked product', () => {
  const facts = (over: Partial<SerialFacts> = {}): SerialFacts => ({
    placements: [],
    unserialised: 0,
    scannedOn: null,
    wasShipped: false,
    ...over,
  });
  const inLot = (lotId: number, lotNumber: string, held = 0) => ({
    warehouseId: 1,
    lotId,
    lotNumber,
    onHand: 1,
    held,
  });
  const lot = { lotId: 100, lotNumber: 'PM-7' };

  it('ships when it is a unit of the allocated lot in the shipment’s warehouse', () => {
    expect(checkScannedSerial('SN-1', lot, [1], facts({ placements: [inLot(100, 'PM-7')] }))).toBeNull();
  });

  it('names the lot the serial really is in when it is not the allocated one', () => {
    expect(checkScannedSerial('SN-1', lot, [1], facts({ placements: [inLot(200, 'PM-8')] }))).toMatchObject({
      code: 'SERIAL_NOT_IN_LOT',
      en: 'serial SN-1 belongs to lot PM-8, not to lot PM-7',
      zh: '序列号 SN-1 属于批次 PM-8，不属于批次 PM-7',
    });
    expect(checkScannedSerial('SN-1', lot, [2], facts({ placements: [inLot(100, 'PM-7')] }))?.code).toBe(
      'SERIAL_NOT_IN_LOT',
    );
  });

  it('refuses a unit held for inspection, one scanned on another shipment, one gone or unknown', () => {
    expect(checkScannedSerial('SN-1', lot, [1], facts({ placements: [inLot(100, 'PM-7', 1)] }))?.code).toBe(
      'SERIAL_HELD',
    );
    expect(
      checkScannedSerial('SN-1', lot, [1], facts({ placements: [inLot(100, 'PM-7')], scannedOn: 'SH-1' })),
    ).toMatchObject({
      code: 'SERIAL_ON_OTHER_SHIPMENT',
      en: 'serial SN-1 is already scanned on shipment SH-1',
    });
    expect(checkScannedSerial('SN-1', lot, [1], facts({ wasShipped: true }))?.code).toBe('SERIAL_SHIPPED');
    expect(checkScannedSerial('SN-1', lot, [1], facts())?.code).toBe('SERIAL_NOT_IN_STOCK');
  });

  it('accepts any serial not on file for units of the lot booked without serials', () => {
    expect(checkScannedSerial('SN-1', lot, [1], facts({ unserialised: 2 }))).toBeNull();
  });

  it('issues per lot with the scanned serials', () => {
    const pacer = line({ productId: 11, isSerialTracked: true });
    expect(
      issuesOf([
        { ...pacer, quantity: 1, serials: ['A'] },
        { ...pacer, id: 2, quantity: 2, serials: ['B', 'C'] },
      ]),
    ).toEqual([{ warehouseId: 1, productId: 11, lotId: 100, quantity: 3, serials: ['A', 'B', 'C'] }]);
  });
});
