import { describe, expect, it } from 'vitest';
import {
  canSeeFloorPrice,
  canSetPrices,
  fieldOfServerError,
  isSamePriceSet,
  type PriceLineDraft,
  priceLineProblems,
  toPriceInputs,
  validityState,
} from './pricing.rules.ts';

const line = (key: string, productId: number | undefined, price: string): PriceLineDraft => ({
  key,
  productId,
  price,
});

describe('price line drafts', () => {
  it('accepts lines with a product and a price in yuan, and sends the price in fen', () => {
    const lines = [line('a', 1, '12.50'), line('b', 2, '0')];
    expect(priceLineProblems(lines).size).toBe(0);
    expect(toPriceInputs(lines)).toEqual([
      { productId: 1, unitPrice: 1250 },
      { productId: 2, unitPrice: 0 },
    ]);
  });

  it('flags a line without a product and a price that is not an amount', () => {
    const problems = priceLineProblems([line('a', undefined, '12'), line('b', 2, '1.234'), line('c', 3, '')]);
    expect(problems.get('a')).toEqual(['product']);
    expect(problems.get('b')).toEqual(['price']);
    expect(problems.get('c')).toEqual(['price']);
  });

  it('flags every line of a product listed twice, since a list has one price per product', () => {
    const lines = [line('a', 7, '1'), line('b', 7, '2'), line('c', 8, '3')];
    const problems = priceLineProblems(lines);
    expect(problems.get('a')).toEqual(['duplicate']);
    expect(problems.get('b')).toEqual(['duplicate']);
    expect(problems.has('c')).toBe(false);
    expect(toPriceInputs(lines)).toBeNull();
  });
});

describe('comparing price sets', () => {
  it('sees the same products at the same prices in another order as unchanged', () => {
    const before = [
      { productId: 1, unitPrice: 100 },
      { productId: 2, unitPrice: 200 },
    ];
    expect(isSamePriceSet(before, [...before].reverse())).toBe(true);
  });

  it('sees a changed price, an added or a swapped product as a change', () => {
    const before = [{ productId: 1, unitPrice: 100 }];
    expect(isSamePriceSet(before, [{ productId: 1, unitPrice: 101 }])).toBe(false);
    expect(isSamePriceSet(before, [...before, { productId: 2, unitPrice: 1 }])).toBe(false);
    expect(isSamePriceSet(before, [{ productId: 3, unitPrice: 100 }])).toBe(false);
  });
});

describe('validity of a price list or contract', () => {
  it('is upcoming before it starts, current on its first and last day, expired after', () => {
    expect(validityState('2026-02-01', '2026-02-28', '2026-01-31')).toBe('upcoming');
    expect(validityState('2026-02-01', '2026-02-28', '2026-02-01')).toBe('current');
    expect(validityState('2026-02-01', '2026-02-28', '2026-02-28')).toBe('current');
    expect(validityState('2026-02-01', '2026-02-28', '2026-03-01')).toBe('expired');
  });

  it('never expires without an end date', () => {
    expect(validityState('2020-01-01', null, '2030-12-31')).toBe('current');
  });
});

describe('the form field a server error is about', () => {
  const fields = ['code', 'name', 'validFrom', 'validUntil', 'kind', 'items'] as const;

  it('is the field the service names', () => {
    expect(fieldOfServerError({ code: 'BUSINESS_RULE', details: { field: 'validUntil' } }, fields)).toBe(
      'validUntil',
    );
  });

  it('is the first field of a schema issue, lines included', () => {
    const error = {
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: '/items/0/unitPrice', code: 'too_big', message: 'too big' }] },
    };
    expect(fieldOfServerError(error, fields)).toBe('items');
  });

  it('is the code for a duplicate price list', () => {
    expect(fieldOfServerError({ code: 'DUPLICATE', details: {} }, fields)).toBe('code');
  });

  it('follows aliases and ignores fields the form does not have', () => {
    expect(fieldOfServerError({ details: { field: 'lines' } }, ['items'], { lines: 'items' })).toBe('items');
    expect(fieldOfServerError({ details: { field: 'quoteId' } }, fields)).toBeUndefined();
    expect(fieldOfServerError(undefined, fields)).toBeUndefined();
  });
});

describe('who may see floor prices and set prices', () => {
  it('shows floor prices to company staff who read products, never to distributor users', () => {
    expect(canSeeFloorPrice({ distributorId: null, permissions: ['products:read'] })).toBe(true);
    expect(canSeeFloorPrice({ distributorId: 12, permissions: ['products:read'] })).toBe(false);
    expect(canSeeFloorPrice({ distributorId: null, permissions: ['orders:read'] })).toBe(false);
  });

  it('lets only pricing:write create price lists and contracts, like the server', () => {
    expect(canSetPrices({ permissions: ['orders:read', 'orders:write', 'pricing:read'] })).toBe(false);
    expect(canSetPrices({ permissions: ['pricing:read', 'pricing:write'] })).toBe(true);
  });
});
