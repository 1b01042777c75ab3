import { describe, expect, it } from 'vitest';
import { formatDocumentNumber } from '../../platform/numbering.ts';
import {
  assertPurchaseOrderAllows,
  checkInspectionResult,
  checkOverReceipt,
  checkReceivedLot,
  inspectionResultOf,
  resolveReceiptLot,
  statusAfterReceipt,
} from './purchasing.rules.ts';

const GS = '\x1d';
const stent = { sku: 'STENT-30', gtin: '09506000134352', isSerialTracked: false };
const pacer = { sku: 'PACER-1', gtin: '09506000134369', isSerialTracked: true };

describe('purchase order status', () => {
  it('receives only confirmed or partially received orders and cancels only before any receipt', () => {
    expect(() => assertPurchaseOrderAllows('receive', 'confirmed', 'en')).not.toThrow();
    expect(() => assertPurchaseOrderAllows('receive', 'draft', 'en')).toThrow(/draft/);
    expect(() => assertPurchaseOrderAllows('cancel', 'partially_received', 'zh-CN')).toThrow(
      expect.objectContaining({ code: 'INVALID_STATUS' }),
    );
    expect(() => assertPurchaseOrderAllows('confirm', 'confirmed', 'en')).toThrow();
  });

  it('is received when every line has its quantity accepted, partially received when some has', () => {
    expect(statusAfterReceipt([{ quantity: 5, receivedQuantity: 5 }])).toBe('received');
    expect(
      statusAfterReceipt([
        { quantity: 5, receivedQuantity: 5 },
        { quantity: 2, receivedQuantity: 0 },
      ]),
    ).toBe('partially_received');
    expect(statusAfterReceipt([{ quantity: 5, receivedQuantity: 0 }])).toBe('confirmed');
  });

  it('numbers documents as PREFIX-YYYYMMDD-NNNN', () => {
    expect(formatDocumentNumber('PO', '2026-11-23', 1)).toBe('PO-20261123-0001');
    expect(formatDocumentNumber('RC', '2026-01-02', 12345)).toBe('RC-20260102-12345');
  });
});

describe('inspection', () => {
  it('derives the result from the quantities and refuses a contradicting one', () => {
    expect(inspectionResultOf(10, 0)).toBe('accepted');
    expect(inspectionResultOf(0, 3)).toBe('rejected');
    expect(inspectionResultOf(7, 3)).toBe('partially_accepted');
    expect(checkInspectionResult(undefined, 7, 3, 'en')).toBe('partially_accepted');
    expect(() => checkInspectionResult('accepted', 7, 3, 'en')).toThrow(/contradicts/);
  });
});

describe('the lot of a receipt line', () => {
  it('reads lot and expiry from the DOMAIN §1 scan, and ignores its serial for a product not tracked by serial', () => {
    const udi = `]d2${'0109506000134352'}${'17261231'}${'10ABC123'}${GS}${'21SN0001'}`;
    expect(resolveReceiptLot({ udi, serials: [] }, stent, '2026-11-23', 'en')).toEqual({
      lotNumber: 'ABC123',
      expiryDate: '2026-12-31',
      productionDate: null,
      serials: [],
      scannedUdi: udi,
    });
  });

  it('adds the scanned serial of a serial-tracked product to the typed ones', () => {
    const identity = resolveReceiptLot(
      { udi: '(01)09506000134369(17)310430(10)PM-7(21)SN-100', serials: ['SN-101'] },
      pacer,
      '2026-11-23',
      'en',
    );
    expect(identity.serials).toEqual(['SN-101', 'SN-100']);
  });

  it('refuses a scan of another product, a scan without lot or expiry, and an unreadable scan', () => {
    const at = (udi: string) => () => resolveReceiptLot({ udi, serials: [] }, stent, '2026-11-23', 'en');
    expect(at('(01)09506000134369(17)310430(10)X')).toThrow(
      expect.objectContaining({ code: 'GTIN_MISMATCH' }),
    );
    expect(at('(01)09506000134352(17)310430')).toThrow(/no lot/);
    expect(at('(01)09506000134352(10)X')).toThrow(/no expiry/);
    expect(at('(01)09506000134353')).toThrow(expect.objectContaining({ code: 'UDI_INVALID' }));
  });

  it('refuses a lot without shelf life on arrival, impossible dates and wrong serial counts', () => {
    const lot = (expiryDate: string, productionDate: string | null = null, serials: string[] = []) => ({
      lotNumber: 'L',
      expiryDate,
      productionDate,
      serials,
      scannedUdi: null,
    });
    const check =
      (identity: ReturnType<typeof lot>, product = stent, accepted = 1) =>
      () =>
        checkReceivedLot(identity, accepted, product, '2026-11-23', 'en');
    expect(check(lot('2026-11-24'))).not.toThrow();
    expect(check(lot('2026-11-23'))).toThrow(expect.objectContaining({ code: 'LOT_EXPIRED' }));
    expect(check(lot('2028-01-01', '2026-12-01'))).toThrow(/after the arrival date/);
    expect(check(lot('2028-01-01', null, ['S1']))).toThrow(/not tracked by serial/);
    expect(check(lot('2028-01-01', null, ['S1']), pacer, 2)).toThrow(/one serial per accepted unit/);
    expect(check(lot('2028-01-01', null, ['S1', 'S1']), pacer, 2)).toThrow(/twice/);
    expect(check(lot('2028-01-01', null, []), pacer, 0)).not.toThrow();
  });
});

describe('over-receipt', () => {
  const lines = new Map([[7, { id: 7, lineNo: 1, quantity: 10, receivedQuantity: 7 }]]);

  it('lets a replacement for rejected units fit, and refuses more than is open across the lines of one receipt', () => {
    expect(() => checkOverReceipt([{ purchaseOrderLineId: 7, quantityReceived: 3 }], lines)).not.toThrow();
    expect(() =>
      checkOverReceipt(
        [
          { purchaseOrderLineId: 7, quantityReceived: 2 },
          { purchaseOrderLineId: 7, quantityReceived: 2 },
        ],
        lines,
      ),
    ).toThrow(expect.objectContaining({ code: 'OVER_RECEIPT', params: { line: 1, quantity: 4, open: 3 } }));
  });
});
