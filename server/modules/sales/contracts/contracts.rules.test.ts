import { describe, expect, it } from 'vitest';
import { canCancel, checkContractInput } from './contracts.rules.ts';

describe('a sales contract', () => {
  const lines = [{ productId: 1 }, { productId: 2 }];

  it('runs forward over at least one day', () => {
    expect(checkContractInput({ validFrom: '2026-11-01', validUntil: '2026-11-01', lines })).toBeNull();
    expect(checkContractInput({ validFrom: '2026-11-02', validUntil: '2026-11-01', lines })).toMatchObject({
      field: 'validUntil',
      zh: '合同结束日期早于开始日期',
    });
  });

  it('has one price per product', () => {
    expect(
      checkContractInput({
        validFrom: '2026-11-01',
        validUntil: '2027-10-31',
        lines: [...lines, { productId: 1 }],
      }),
    ).toMatchObject({ field: 'lines' });
  });

  it('can be cancelled only while active', () => {
    expect(canCancel('active')).toBe(true);
    expect(canCancel('cancelled')).toBe(false);
  });
});
