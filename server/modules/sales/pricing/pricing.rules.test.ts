import { describe, expect, it } from 'vitest';
import {
  type ContractPrice,
  isBelowFloor,
  type PriceCandidates,
  type PriceListPrice,
  type PriceRequest,
  type PromotionPrice,
  pickPromotion,
  resolvePrice,
} from './pricing.rules.ts';

const dealer: PriceRequest = {
  customer: { id: 7, channel: 'distributor', distributorLevel: 2 },
  product: { id: 1, listPrice: 10_000 },
  date: '2026-11-25',
  currency: 'CNY',
  quantity: 10,
};

const contract = (over: Partial<ContractPrice> = {}): ContractPrice => ({
  contractId: 100,
  customerId: 7,
  productId: 1,
  unitPrice: 7_000,
  currency: 'CNY',
  isActive: true,
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  ...over,
});
const promotion = (over: Partial<PromotionPrice> = {}): PromotionPrice => ({
  promotionId: 200,
  productId: 1,
  unitPrice: 7_500,
  currency: 'CNY',
  isExclusive: false,
  customerId: null,
  channel: null,
  distributorLevel: null,
  minQuantity: 1,
  validFrom: '2026-11-01',
  validUntil: '2026-11-30',
  ...over,
});
const list = (over: Partial<PriceListPrice> = {}): PriceListPrice => ({
  priceListId: 300,
  kind: 'channel',
  channel: 'distributor',
  distributorLevel: null,
  customerId: null,
  productId: 1,
  unitPrice: 9_000,
  currency: 'CNY',
  isActive: true,
  validFrom: '2026-01-01',
  validUntil: null,
  ...over,
});

const everything: PriceCandidates = {
  contracts: [contract()],
  promotions: [promotion()],
  priceLists: [
    list({ priceListId: 301, kind: 'customer', channel: null, customerId: 7, unitPrice: 8_000 }),
    list({ priceListId: 302, distributorLevel: 2, unitPrice: 8_500 }),
    list({ priceListId: 303, unitPrice: 9_000 }),
  ],
};

const without = (source: 'contracts' | 'promotions', candidates = everything): PriceCandidates => ({
  ...candidates,
  [source]: [],
});

describe('price resolution (DOMAIN §10): contract → promotion → customer list → channel list → list price', () => {
  it('takes the contract price first', () => {
    expect(resolvePrice(dealer, everything)).toEqual({
      unitPrice: 7_000,
      source: 'contract',
      referenceId: 100,
    });
  });

  it('takes a promotion when there is no contract', () => {
    expect(resolvePrice(dealer, without('contracts'))).toEqual({
      unitPrice: 7_500,
      source: 'promotion',
      referenceId: 200,
    });
  });

  it('takes the customer’s own price list when there is no contract or promotion', () => {
    const candidates = without('promotions', without('contracts'));
    expect(resolvePrice(dealer, candidates)).toEqual({
      unitPrice: 8_000,
      source: 'customer_price_list',
      referenceId: 301,
    });
  });

  it('prefers the channel list for the customer’s distributor level over the whole channel’s list', () => {
    const candidates: PriceCandidates = {
      contracts: [],
      promotions: [],
      priceLists: everything.priceLists.slice(1),
    };
    expect(resolvePrice(dealer, candidates)).toEqual({
      unitPrice: 8_500,
      source: 'channel_price_list',
      referenceId: 302,
    });
    const otherLevel = { ...dealer, customer: { ...dealer.customer, distributorLevel: 1 } };
    expect(resolvePrice(otherLevel, candidates)).toMatchObject({ unitPrice: 9_000, referenceId: 303 });
  });

  it('falls back to the list price', () => {
    expect(resolvePrice(dealer, { contracts: [], promotions: [], priceLists: [] })).toEqual({
      unitPrice: 10_000,
      source: 'list_price',
      referenceId: null,
    });
  });

  it('ignores what does not apply: expired or future, inactive, other currency, customer, channel or product', () => {
    const candidates: PriceCandidates = {
      contracts: [
        contract({ validUntil: '2026-11-24' }),
        contract({ isActive: false }),
        contract({ customerId: 8 }),
        contract({ currency: 'USD' }),
      ],
      promotions: [
        promotion({ validFrom: '2026-11-26' }),
        promotion({ minQuantity: 11 }),
        promotion({ channel: 'direct' }),
        promotion({ distributorLevel: 1 }),
        promotion({ customerId: 8 }),
      ],
      priceLists: [
        list({ isActive: false }),
        list({ kind: 'customer', channel: null, customerId: 8 }),
        list({ channel: 'tender' }),
        list({ productId: 2 }),
        list({ validFrom: '2026-12-01' }),
      ],
    };
    expect(resolvePrice(dealer, candidates).source).toBe('list_price');
  });

  it('uses only the contract the order names, when it names one', () => {
    const candidates = {
      ...everything,
      contracts: [contract(), contract({ contractId: 101, unitPrice: 6_500 })],
    };
    expect(resolvePrice(dealer, candidates)).toMatchObject({ referenceId: 101, unitPrice: 6_500 });
    expect(resolvePrice({ ...dealer, contractId: 100 }, candidates)).toMatchObject({
      referenceId: 100,
      unitPrice: 7_000,
    });
  });

  it('lets the newest of two valid lists win (latest valid-from, then the higher id)', () => {
    const candidates: PriceCandidates = {
      contracts: [],
      promotions: [],
      priceLists: [
        list({ priceListId: 310, unitPrice: 9_100 }),
        list({ priceListId: 311, validFrom: '2026-06-01', unitPrice: 8_900 }),
      ],
    };
    expect(resolvePrice(dealer, candidates)).toMatchObject({ referenceId: 311, unitPrice: 8_900 });
  });
});

describe('promotions', () => {
  it('gives the lowest applicable promotion, unless one is exclusive', () => {
    const cheap = promotion({ promotionId: 1, unitPrice: 6_000 });
    const exclusive = promotion({ promotionId: 2, unitPrice: 7_200, isExclusive: true });
    expect(pickPromotion([promotion(), cheap])?.promotionId).toBe(1);
    expect(pickPromotion([promotion(), cheap, exclusive])?.promotionId).toBe(2);
    expect(pickPromotion([])).toBeUndefined();
  });
});

describe('price floor', () => {
  it('compares the line’s net CNY amount with floor × quantity', () => {
    expect(isBelowFloor({ quantity: 3, netCnyFen: 449_999, floorPriceFen: 150_000 })).toBe(true);
    expect(isBelowFloor({ quantity: 3, netCnyFen: 450_000, floorPriceFen: 150_000 })).toBe(false);
    expect(isBelowFloor({ quantity: 3, netCnyFen: 1, floorPriceFen: null })).toBe(false);
  });
});
