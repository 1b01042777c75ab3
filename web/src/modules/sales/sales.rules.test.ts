import { describe, expect, it } from 'vitest';
import type { ShipmentLine } from '../../../../contracts/sales.ts';
import { ApiError } from '../../shared/api.ts';
import {
  addDays,
  addProductToLines,
  assessShelfLife,
  buildManualUdi,
  buildOrderTimeline,
  computeLineAmounts,
  daysBetween,
  expectedScans,
  formatDiscountPercent,
  isBelowFloor,
  isOrderActionAllowed,
  lineDraftProblems,
  type OrderLineDraft,
  parseDiscountPercent,
  problemLineNumbers,
  rateToTenThousandths,
  readConfirmationProblems,
  readScanRefusal,
  scanProgressByProduct,
  stockVerdict,
  sumLineAmounts,
  toOrderLineInputs,
  unitsLeftToScan,
  unitsWaitingForShipment,
} from './sales.rules.ts';

describe('order line amounts', () => {
  it('rounds net and VAT half up per line, like the server', () => {
    // 3 × ¥3.50 = ¥10.50; VAT 13 % = 136.5 fen → 137.
    expect(computeLineAmounts({ quantity: 3, unitPrice: 350, discountRate: 0, vatRate: 0.13 })).toEqual({
      net: 1050,
      tax: 137,
      gross: 1187,
    });
    // 7 × ¥0.99 less 5 % = 658.35 fen → 658; VAT 13 % = 85.54 → 86.
    expect(computeLineAmounts({ quantity: 7, unitPrice: 99, discountRate: 0.05, vatRate: 0.13 })).toEqual({
      net: 658,
      tax: 86,
      gross: 744,
    });
  });

  it('reads rates without binary floating-point noise', () => {
    expect(rateToTenThousandths(0.13)).toBe(1300n);
    expect(rateToTenThousandths(0.0725)).toBe(725n);
    expect(rateToTenThousandths(0.1 + 0.2)).toBe(3000n);
    expect(() => rateToTenThousandths(-0.1)).toThrow(RangeError);
  });

  it('adds the lines up as the document total, so VAT is the sum of the lines’ VAT', () => {
    const a = computeLineAmounts({ quantity: 1, unitPrice: 5, discountRate: 0, vatRate: 0.13 });
    const b = computeLineAmounts({ quantity: 1, unitPrice: 5, discountRate: 0, vatRate: 0.13 });
    // Each line: 0.65 fen → 1; the total 10 fen would give 1.3 → 1, but the lines give 2.
    expect(sumLineAmounts([a, b])).toEqual({ net: 10, tax: 2, gross: 12 });
    expect(sumLineAmounts([a, null])).toBeNull();
  });

  it('gives up instead of losing precision on absurd amounts', () => {
    expect(
      computeLineAmounts({ quantity: 1_000_000, unitPrice: 1e12, discountRate: 0, vatRate: 0.13 }),
    ).toBeNull();
  });

  it('tells a price below our floor only for CNY lines of products that have one', () => {
    expect(isBelowFloor({ currency: 'CNY', quantity: 2, net: 499, floorPriceFen: 250 })).toBe(true);
    expect(isBelowFloor({ currency: 'CNY', quantity: 2, net: 500, floorPriceFen: 250 })).toBe(false);
    expect(isBelowFloor({ currency: 'USD', quantity: 2, net: 1, floorPriceFen: 250 })).toBeNull();
    expect(isBelowFloor({ currency: 'CNY', quantity: 2, net: 1, floorPriceFen: null })).toBeNull();
  });
});

describe('discount typed as a percentage', () => {
  it('turns percent text into the fraction the API takes', () => {
    expect(parseDiscountPercent('')).toBe(0);
    expect(parseDiscountPercent('5')).toBe(0.05);
    expect(parseDiscountPercent(' 12.5 % ')).toBe(0.125);
    expect(parseDiscountPercent('7.25')).toBe(0.0725);
    expect(parseDiscountPercent('99.99')).toBe(0.9999);
  });

  it('refuses 100 % and more, negatives, letters and a third decimal', () => {
    for (const bad of ['100', '-5', 'abc', '1.234', '5,5']) expect(parseDiscountPercent(bad)).toBeNull();
  });

  it('shows a saved fraction as the percent typed', () => {
    expect(formatDiscountPercent(0)).toBe('');
    expect(formatDiscountPercent(0.05)).toBe('5');
    expect(formatDiscountPercent(0.125)).toBe('12.5');
    expect(formatDiscountPercent(0.0725)).toBe('7.25');
  });
});

describe('order entry lines', () => {
  const line = (change: Partial<OrderLineDraft> = {}): OrderLineDraft => ({
    key: 'a',
    productId: 7,
    quantity: 3,
    manualPrice: '',
    discountPercent: '',
    ...change,
  });

  it('sends the resolved price unless a manual one is typed, and the discount as a fraction', () => {
    expect(
      toOrderLineInputs([line(), line({ productId: 8, manualPrice: '1,234.50', discountPercent: '5' })]),
    ).toEqual([
      { productId: 7, quantity: 3, discountRate: 0 },
      { productId: 8, quantity: 3, unitPrice: 123_450, discountRate: 0.05 },
    ]);
  });

  it('names what is wrong with a line before anything is sent', () => {
    expect(lineDraftProblems(line())).toEqual([]);
    expect(lineDraftProblems(line({ quantity: 0, manualPrice: '1.234', discountPercent: '120' }))).toEqual([
      'quantity',
      'manualPrice',
      'discount',
    ]);
  });

  it('adds a scanned product to its line instead of a second line', () => {
    const once = addProductToLines([], 7, 'k1');
    expect(once).toEqual([{ key: 'k1', productId: 7, quantity: 1, manualPrice: '', discountPercent: '' }]);
    const twice = addProductToLines(once, 7, 'k2');
    expect(twice).toHaveLength(1);
    expect(twice[0]?.quantity).toBe(2);
    expect(addProductToLines(twice, 9, 'k3', 5).map((l) => [l.productId, l.quantity])).toEqual([
      [7, 2],
      [9, 5],
    ]);
  });
});

describe('shelf life for the customer (DOMAIN §3)', () => {
  const lot = (expiryDate: string, available: number, change = {}) => ({
    expiryDate,
    available,
    lotStatus: 'released' as const,
    isSellable: true,
    ...change,
  });

  it('counts only lots with the customer’s minimum shelf life left on the promised date', () => {
    // DOMAIN §3 example: minimum 120 days, ship 2026-12-01; L1 on hold, L2 exactly 120 days away, L3 later.
    const rows = [
      lot('2027-01-31', 5, { lotStatus: 'on_hold', isSellable: false }),
      lot('2027-03-31', 4),
      lot('2027-06-30', 10),
    ];
    expect(assessShelfLife(rows, '2026-12-01', 120)).toEqual({
      available: 14,
      fit: 14,
      tooShort: 0,
      requiredDays: 120,
      firstFitExpiry: '2027-03-31',
    });
    expect(assessShelfLife(rows, '2026-12-02', 120)).toMatchObject({ fit: 10, tooShort: 4 });
  });

  it('never counts a lot expiring on the ship date, even for a customer without a minimum', () => {
    const rows = [lot('2026-12-01', 3), lot('2026-12-02', 2)];
    expect(assessShelfLife(rows, '2026-12-01', 0)).toMatchObject({ available: 5, fit: 2, requiredDays: 1 });
  });

  it('says whether the stock covers the line', () => {
    expect(stockVerdict({ fit: 5 }, 5)).toBe('enough');
    expect(stockVerdict({ fit: 2 }, 5)).toBe('partial');
    expect(stockVerdict({ fit: 0 }, 5)).toBe('none');
  });

  it('counts calendar days between business dates across a leap day', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-01', '2026-11-30')).toBe(-1);
    expect(addDays('2028-02-28', 2)).toBe('2028-03-01');
    expect(addDays('2026-12-31', 30)).toBe('2027-01-30');
  });
});

describe('what an order allows', () => {
  it('edits and confirms drafts only, and ships what is allocated or being picked', () => {
    expect(isOrderActionAllowed('draft', 'confirm')).toBe(true);
    expect(isOrderActionAllowed('allocated', 'confirm')).toBe(false);
    expect(isOrderActionAllowed('picking', 'cancel')).toBe(true);
    expect(isOrderActionAllowed('shipped', 'cancel')).toBe(false);
    expect(isOrderActionAllowed('backordered', 'allocate')).toBe(true);
    expect(isOrderActionAllowed('allocated', 'ship')).toBe(true);
    expect(isOrderActionAllowed('delivered', 'ship')).toBe(false);
  });

  it('counts reserved units no shipment holds yet', () => {
    const allocation = { status: 'reserved' as const, shipmentId: null, quantity: 2 };
    expect(
      unitsWaitingForShipment({
        allocations: [
          {
            ...allocation,
            id: 1,
            orderLineId: 1,
            productId: 1,
            warehouseId: 1,
            warehouseCode: 'W',
            lotId: 1,
            lotNumber: 'A',
            expiryDate: '2027-01-01',
          },
          {
            ...allocation,
            id: 2,
            orderLineId: 1,
            productId: 1,
            warehouseId: 1,
            warehouseCode: 'W',
            lotId: 2,
            lotNumber: 'B',
            expiryDate: '2027-01-01',
            shipmentId: 4,
          },
          {
            ...allocation,
            id: 3,
            orderLineId: 1,
            productId: 1,
            warehouseId: 1,
            warehouseCode: 'W',
            lotId: 3,
            lotNumber: 'C',
            expiryDate: '2027-01-01',
            status: 'released',
          },
        ],
      }),
    ).toBe(2);
  });
});

describe('why a confirmation was refused', () => {
  it('lists every compliance reason with its product', () => {
    const error = new ApiError(422, 'COMPLIANCE_BLOCKED', '不允许销售：…', {
      date: '2026-11-25',
      reasons: [
        { code: 'QUALIFICATION_EXPIRED', message: '医疗机构执业许可证已过期', productId: 3, sku: 'STT-1' },
        { code: 'CERTIFICATE_EXPIRED', message: '注册证已过期', productId: 4, sku: 'INF-2' },
      ],
    });
    expect(readConfirmationProblems(error)).toEqual([
      {
        kind: 'compliance',
        sku: 'STT-1',
        code: 'QUALIFICATION_EXPIRED',
        message: '医疗机构执业许可证已过期',
      },
      { kind: 'compliance', sku: 'INF-2', code: 'CERTIFICATE_EXPIRED', message: '注册证已过期' },
    ]);
  });

  it('names the lines below our floor and the line short of stock', () => {
    const floor = new ApiError(422, 'PRICE_BELOW_FLOOR', 'below', {
      lines: [{ lineNo: 2, sku: 'STT-1', quantity: 1, netCnyFen: 100, floorPriceFen: 450_000 }],
    });
    const stock = new ApiError(409, 'INSUFFICIENT_STOCK', 'short', {
      lineNo: 1,
      productId: 9,
      sku: 'INF-2',
      requested: 50,
    });
    const problems = [...readConfirmationProblems(floor), ...readConfirmationProblems(stock)];
    expect(problems).toEqual([
      {
        kind: 'price_below_floor',
        lineNo: 2,
        sku: 'STT-1',
        quantity: 1,
        netCnyFen: 100,
        floorPriceFen: 450_000,
      },
      { kind: 'insufficient_stock', lineNo: 1, sku: 'INF-2', requested: 50 },
    ]);
    expect(problemLineNumbers(problems)).toEqual([1, 2]);
  });

  it('hides no floor from a distributor when the server left it out, and keeps unknown errors', () => {
    const floor = new ApiError(422, 'PRICE_BELOW_FLOOR', 'below', {
      lines: [{ lineNo: 1, sku: 'X', quantity: 2, netCnyFen: 5 }],
    });
    expect(readConfirmationProblems(floor)[0]).toMatchObject({ floorPriceFen: null });
    expect(readConfirmationProblems(new ApiError(409, 'VERSION_CONFLICT', 'changed'))).toEqual([
      { kind: 'other', code: 'VERSION_CONFLICT', message: 'changed' },
    ]);
    expect(readConfirmationProblems(new Error('boom'))).toEqual([]);
  });

  it('reads credit refusals and approvals the credit module asks for', () => {
    expect(
      readConfirmationProblems(new ApiError(422, 'APPROVAL_REQUIRED', 'needs approval', { kind: 'credit' })),
    ).toEqual([{ kind: 'approval_required', approval: 'credit', message: 'needs approval' }]);
    expect(readConfirmationProblems(new ApiError(422, 'CREDIT_REJECTED', 'over limit'))).toEqual([
      { kind: 'credit_rejected', message: 'over limit' },
    ]);
  });
});

describe('shipping by scan', () => {
  const shipmentLine = (change: Partial<ShipmentLine>): ShipmentLine => ({
    id: 1,
    orderLineId: 1,
    allocationId: 1,
    warehouseId: 1,
    warehouseCode: 'WH-SH',
    productId: 7,
    sku: 'INF-STD-20',
    productNameZh: '输液器',
    productNameEn: 'Infusion set',
    gtin: '06901234000113',
    isSerialTracked: false,
    lotId: 1,
    lotNumber: 'A',
    expiryDate: '2028-01-31',
    quantity: 2,
    scannedQuantity: 0,
    serials: [],
    unitPrice: 350,
    discountRate: 0,
    vatRate: 0.13,
    unitCostFen: null,
    ...change,
  });

  it('adds up scanned against required per product over its lots', () => {
    const lines = [
      shipmentLine({ id: 1, lotNumber: 'A', quantity: 2, scannedQuantity: 2 }),
      shipmentLine({ id: 2, lotNumber: 'B', quantity: 1, scannedQuantity: 0 }),
      shipmentLine({ id: 3, productId: 8, sku: 'STT-1', quantity: 1, scannedQuantity: 1 }),
    ];
    expect(scanProgressByProduct(lines).map((p) => [p.sku, p.scanned, p.required])).toEqual([
      ['INF-STD-20', 2, 3],
      ['STT-1', 1, 1],
    ]);
    expect(unitsLeftToScan({ lines })).toBe(1);
    expect(expectedScans(lines)).toEqual([{ sku: 'INF-STD-20', lotNumber: 'B', remaining: 1 }]);
  });

  it('reads why a scan was refused and what the shipment still expects', () => {
    const error = new ApiError(422, 'UDI_MISMATCH', 'The scanned code does not match this shipment: …', {
      reason: 'PRODUCT_NOT_ON_SHIPMENT',
      expected: [{ sku: 'INF-STD-20', lotNumber: 'B', remaining: 1 }],
    });
    expect(readScanRefusal(error)).toEqual({
      code: 'UDI_MISMATCH',
      reason: 'PRODUCT_NOT_ON_SHIPMENT',
      message: 'The scanned code does not match this shipment: …',
      expected: [{ sku: 'INF-STD-20', lotNumber: 'B', remaining: 1 }],
    });
    expect(readScanRefusal(new ApiError(422, 'UDI_INVALID', 'cannot read', { position: 3 }))).toMatchObject({
      code: 'UDI_INVALID',
      reason: null,
      expected: [],
    });
  });

  it('builds the GS1 text of a label typed by hand', () => {
    expect(buildManualUdi({ gtin: '06901234000113', lotNumber: ' E2E-A ' })).toBe(
      '(01)06901234000113(10)E2E-A',
    );
    expect(buildManualUdi({ gtin: '06901234000113', lotNumber: 'A', count: 5 })).toBe(
      '(01)06901234000113(10)A(30)5',
    );
    expect(buildManualUdi({ gtin: '06901234000014', lotNumber: 'S1', serial: 'SN01', count: 3 })).toBe(
      '(01)06901234000014(10)S1(21)SN01',
    );
  });
});

describe('order timeline', () => {
  it('orders what happened by business day, keeping picking before shipping on the same day', () => {
    const events = buildOrderTimeline(
      {
        createdAt: '2026-11-25T01:00:00Z',
        confirmedAt: '2026-11-25T01:05:00Z',
        cancelledAt: null,
        cancelReason: null,
        promisedDate: '2026-11-30',
      },
      [
        {
          id: 4,
          number: 'SH-1',
          createdAt: '2026-12-02T01:00:00Z',
          shippedOn: '2026-12-02',
          deliveredOn: '2026-12-04',
          status: 'delivered',
        },
      ],
    );
    expect(events.map((e) => e.kind)).toEqual([
      'created',
      'confirmed',
      'shipment_created',
      'shipped',
      'delivered',
    ]);
    expect(events[3]).toMatchObject({ daysLate: 2 });
    expect(events[4]).toMatchObject({ daysLate: 4 });
  });

  it('ends with the cancellation and its reason', () => {
    const events = buildOrderTimeline(
      {
        createdAt: '2026-11-25T01:00:00Z',
        confirmedAt: null,
        cancelledAt: '2026-11-26T03:00:00Z',
        cancelReason: '客户取消',
        promisedDate: '2026-11-30',
      },
      [],
    );
    expect(events).toEqual([
      { kind: 'created', at: '2026-11-25T01:00:00Z', detail: null },
      { kind: 'cancelled', at: '2026-11-26T03:00:00Z', detail: '客户取消' },
    ]);
  });
});
