import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.ts';
import {
  canCancel,
  deriveInspectionResult,
  draftLineAmount,
  draftOrderTotal,
  draftProblems,
  orderLineOfError,
  type ReceiptLineDraft,
  toReceiptLineRequest,
} from './purchasing.rules.ts';

const draft: ReceiptLineDraft = {
  purchaseOrderLineId: 7,
  mode: 'manual',
  scanned: null,
  lotNumber: ' 24A001 ',
  expiryDate: '2028-12-31',
  productionDate: null,
  serials: [],
  quantityAccepted: 10,
  quantityRejected: 0,
  inspectionResult: null,
  inspector: '王质检',
  reportRef: '',
};

describe('purchase order amounts', () => {
  it('multiplies typed yuan prices exactly in fen', () => {
    expect(draftLineAmount(3, '0.29')).toBe(87);
    expect(draftLineAmount(100, '1,234.56')).toBe(12_345_600);
    expect(
      draftOrderTotal([
        { quantity: 3, unitPrice: '0.29' },
        { quantity: 1, unitPrice: '1.15' },
      ]),
    ).toBe(202);
  });

  it('has no amount while a line is incomplete or its price is not an amount', () => {
    expect(draftLineAmount(null, '1')).toBeNull();
    expect(draftLineAmount(2, '1.234')).toBeNull();
    expect(draftOrderTotal([{ quantity: 1, unitPrice: '' }])).toBeNull();
  });
});

describe('canCancel', () => {
  it('cancels a confirmed order only while nothing was received on it', () => {
    const line = { receivedQuantity: 0 } as never;
    expect(canCancel({ status: 'confirmed', lines: [line] })).toBe(true);
    expect(canCancel({ status: 'confirmed', lines: [{ receivedQuantity: 2 } as never] })).toBe(false);
    expect(canCancel({ status: 'received', lines: [] })).toBe(false);
  });
});

describe('receipt lines', () => {
  it('derives the inspection result from the quantities like the server', () => {
    expect(deriveInspectionResult(5, 0)).toBe('accepted');
    expect(deriveInspectionResult(0, 5)).toBe('rejected');
    expect(deriveInspectionResult(4, 1)).toBe('partially_accepted');
    expect(deriveInspectionResult(0, 0)).toBeNull();
  });

  it('sends a typed lot with its expiry, and a scanned code as it was scanned (group separator kept)', () => {
    expect(toReceiptLineRequest(draft)).toEqual({
      purchaseOrderLineId: 7,
      serials: [],
      quantityAccepted: 10,
      quantityRejected: 0,
      inspector: '王质检',
      reportRef: null,
      lotNumber: '24A001',
      expiryDate: '2028-12-31',
      productionDate: null,
    });
    const code = '0100690123000010172812311024A001\x1d21SN1';
    const scanned = toReceiptLineRequest({
      ...draft,
      mode: 'scan',
      scanned: {
        code,
        gtin: '00690123000010',
        lot: '24A001',
        serial: 'SN1',
        expiry: '2028-12-31',
        productionDate: null,
        isExpired: false,
      },
    });
    expect(scanned.udi).toBe(code);
    expect(scanned).not.toHaveProperty('lotNumber');
  });

  it('names what is missing before sending', () => {
    expect(draftProblems({ ...draft, mode: 'scan' })).toEqual(['scanRequired']);
    expect(draftProblems({ ...draft, lotNumber: '', expiryDate: null, inspector: ' ' })).toEqual([
      'lotRequired',
      'expiryRequired',
      'inspectorRequired',
    ]);
    expect(draftProblems({ ...draft, quantityRejected: 2, inspectionResult: 'accepted' })).toEqual([
      'resultContradicts',
    ]);
  });

  it('maps the line index of a server error back to the order line it is about', () => {
    const overReceipt = new ApiError(422, 'OVER_RECEIPT', 'too many', { line: 1 });
    expect(orderLineOfError(overReceipt, [11, 12])).toBe(12);
    const invalid = new ApiError(400, 'VALIDATION_FAILED', 'bad', {
      issues: [{ path: '/lines/0/expiryDate', code: 'format', message: 'x' }],
    });
    expect(orderLineOfError(invalid, [11, 12])).toBe(11);
    expect(orderLineOfError(new Error('x'), [11])).toBeNull();
  });
});
