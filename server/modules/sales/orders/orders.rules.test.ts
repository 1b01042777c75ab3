import { describe, expect, it } from 'vitest';
import {
  canTransition,
  isActionAllowed,
  laterDate,
  mergeByStockKey,
  statusFromProgress,
} from './orders.rules.ts';

describe('order lifecycle', () => {
  it('allows only the documented transitions', () => {
    expect(canTransition('draft', 'allocated')).toBe(true);
    expect(canTransition('draft', 'shipped')).toBe(false);
    expect(canTransition('shipped', 'cancelled')).toBe(false);
    expect(canTransition('delivered', 'draft')).toBe(false);
  });

  it('edits, confirms and approves drafts only; cancels until shipped', () => {
    expect(isActionAllowed('draft', 'confirm')).toBe(true);
    expect(isActionAllowed('allocated', 'confirm')).toBe(false);
    expect(isActionAllowed('picking', 'cancel')).toBe(true);
    expect(isActionAllowed('shipped', 'cancel')).toBe(false);
    expect(isActionAllowed('backordered', 'allocate')).toBe(true);
  });

  it('derives the status of a confirmed order from its lines', () => {
    const line = { quantity: 5, allocatedQuantity: 5, backorderedQuantity: 0, shippedQuantity: 0 };
    expect(statusFromProgress([line], false)).toBe('allocated');
    expect(statusFromProgress([line], true)).toBe('picking');
    expect(statusFromProgress([{ ...line, allocatedQuantity: 3, backorderedQuantity: 2 }], false)).toBe(
      'backordered',
    );
    expect(statusFromProgress([{ ...line, shippedQuantity: 5 }], false)).toBe('shipped');
  });

  it('merges stock quantities of the same warehouse, product and lot', () => {
    expect(
      mergeByStockKey([
        { warehouseId: 1, productId: 2, lotId: 3, quantity: 2 },
        { warehouseId: 1, productId: 2, lotId: 3, quantity: 1 },
        { warehouseId: 1, productId: 2, lotId: 4, quantity: 5 },
      ]),
    ).toEqual([
      { warehouseId: 1, productId: 2, lotId: 3, quantity: 3 },
      { warehouseId: 1, productId: 2, lotId: 4, quantity: 5 },
    ]);
    expect(laterDate('2026-12-01', '2026-11-30')).toBe('2026-12-01');
  });
});
