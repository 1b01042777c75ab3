import { describe, expect, it } from 'vitest';
import type { Udi } from '../../catalog/index.ts';
import { matchScan, type ScanLine } from './shipments.rules.ts';

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
