import { describe, expect, it } from 'vitest';
import { checkProduct, type ProductDraft } from './products.rules.ts';

const valid: ProductDraft = {
  gtin: '5391234567892',
  certificateNumber: ' 国械注准20193140123号 ',
  deviceClass: 3,
  coldChainMinC: 2,
  coldChainMaxC: 8,
  listPriceFen: 10_000,
  floorPriceFen: 8_000,
};

const rules = (draft: Partial<ProductDraft>) =>
  checkProduct({ ...valid, ...draft }).problems.map((p) => p.rule);

describe('product rules', () => {
  it('normalises a valid GTIN-13 to GTIN-14 and the certificate number without spaces and 号', () => {
    expect(checkProduct(valid)).toEqual({
      problems: [],
      gtin: '05391234567892',
      certificateNumber: '国械注准20193140123',
    });
  });

  it('treats a blank GTIN as none', () => {
    expect(checkProduct({ ...valid, gtin: '' })).toMatchObject({ problems: [], gtin: null });
  });

  it('names the expected check digit of a GTIN with a wrong one', () => {
    const [problem] = checkProduct({ ...valid, gtin: '5391234567893' }).problems;
    expect(problem).toMatchObject({ field: 'gtin', rule: 'INVALID_GTIN' });
    expect(problem!.en).toContain('should be 2');
    expect(rules({ gtin: '12345' })).toEqual(['INVALID_GTIN']);
  });

  it('refuses a malformed certificate number and a Class III registration on a Class II product', () => {
    expect(rules({ certificateNumber: '国械注准2019' })).toEqual(['BAD_CERTIFICATE_FORMAT']);
    expect(rules({ deviceClass: 2 })).toEqual(['CERTIFICATE_CLASS_MISMATCH']);
    expect(rules({ certificateNumber: '沪械注准20192140001', deviceClass: 2 })).toEqual([]);
    expect(rules({ certificateNumber: '苏苏械备20150012', deviceClass: 1 })).toEqual([]);
  });

  it('accepts an equal cold-chain minimum and maximum but not a minimum above the maximum', () => {
    expect(rules({ coldChainMinC: 4, coldChainMaxC: 4 })).toEqual([]);
    expect(rules({ coldChainMinC: 8, coldChainMaxC: 2 })).toEqual(['COLD_CHAIN_RANGE']);
    expect(rules({ coldChainMinC: null, coldChainMaxC: -20 })).toEqual([]);
  });

  it('accepts a floor price equal to the list price but not above it', () => {
    expect(rules({ floorPriceFen: 10_000 })).toEqual([]);
    expect(rules({ floorPriceFen: 10_001 })).toEqual(['FLOOR_ABOVE_LIST_PRICE']);
    expect(rules({ floorPriceFen: null })).toEqual([]);
  });

  it('reports every problem at once, for imports', () => {
    expect(rules({ gtin: '1', deviceClass: 1, coldChainMinC: 9, floorPriceFen: 20_000 })).toEqual([
      'INVALID_GTIN',
      'CERTIFICATE_CLASS_MISMATCH',
      'COLD_CHAIN_RANGE',
      'FLOOR_ABOVE_LIST_PRICE',
    ]);
  });
});
