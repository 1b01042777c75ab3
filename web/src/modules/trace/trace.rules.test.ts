import { describe, expect, it } from 'vitest';
import type { ForwardTrace } from '../../../../contracts/inventory.ts';
import { buildTimeline, mergeDocumentMoves, shippedByCustomer } from './trace.rules.ts';

const move = (overrides: Partial<ForwardTrace['shipments'][number]>): ForwardTrace['shipments'][number] => ({
  moveId: 1,
  kind: 'issue',
  businessDate: '2026-03-01',
  warehouseId: 1,
  warehouseName: '上海中心仓',
  serial: '',
  quantity: -5,
  referenceType: 'shipment',
  referenceId: 9,
  documentNumber: 'SH-20260301-0001',
  customerId: 3,
  customerName: '瑞金医院',
  isCustomerHidden: false,
  reason: null,
  ...overrides,
});

const trace = {
  receipts: [{ arrivalDate: '2026-03-01' }],
  shipments: [
    move({ moveId: 2, businessDate: '2026-03-01' }),
    move({ moveId: 3, businessDate: '2026-03-05', kind: 'return', quantity: 2 }),
    move({
      moveId: 4,
      businessDate: '2026-03-06',
      customerId: null,
      customerName: null,
      isCustomerHidden: true,
    }),
  ],
  otherMoves: [move({ moveId: 5, kind: 'adjustment', businessDate: '2026-02-28', quantity: 1 })],
  transfers: [{ dispatchedOn: '2026-03-02', receivedOn: '2026-03-04' }],
} as unknown as ForwardTrace;

describe('buildTimeline', () => {
  it('orders every step by date, arrivals before departures on the same day', () => {
    const steps = buildTimeline(trace).map((event) =>
      event.kind === 'transfer' ? `transfer-${event.leg}` : `${event.kind}-${event.date}`,
    );
    expect(steps).toEqual([
      'other-2026-02-28',
      'receipt-2026-03-01',
      'shipment-2026-03-01',
      'transfer-dispatched',
      'transfer-received',
      'shipment-2026-03-05',
      'shipment-2026-03-06',
    ]);
  });
});

describe('mergeDocumentMoves', () => {
  it('makes the serial units of one shipment one step, and keeps other documents, days and kinds apart', () => {
    const units = [1, 2, 3].map((n) => move({ moveId: 10 + n, serial: `SN${n}`, quantity: -1 }));
    const merged = mergeDocumentMoves([
      ...units,
      move({ moveId: 20, referenceId: 10, documentNumber: 'SH-20260301-0002', quantity: -1 }),
      move({ moveId: 21, businessDate: '2026-03-02', quantity: -1 }),
      move({ moveId: 22, kind: 'return', quantity: 1 }),
      move({ moveId: 23, referenceId: null, quantity: -1 }),
      move({ moveId: 24, referenceId: null, quantity: -1 }),
    ]);
    expect(merged.map((m) => [m.moveId, m.quantity, m.serial])).toEqual([
      [11, -3, ''],
      [20, -1, ''],
      [21, -1, ''],
      [22, 1, ''],
      [23, -1, ''],
      [24, -1, ''],
    ]);
    expect(buildTimeline({ ...trace, shipments: units }).filter((e) => e.kind === 'shipment')).toHaveLength(
      1,
    );
  });
});

describe('shippedByCustomer', () => {
  it('nets returns against issues per customer and keeps customers outside the scope anonymous', () => {
    expect(shippedByCustomer(trace)).toEqual([
      { customer: '瑞金医院', hidden: false, quantity: 3 },
      { customer: null, hidden: true, quantity: 5 },
    ]);
  });
});
