import { describe, expect, it } from 'vitest';
import { type CreditableLine, creditEverythingLeft, creditLine } from './credit-notes.rules.ts';

// 3 units at 33.33 yuan: net 99.99, VAT 13.00, in USD at some rate: 710.16 / 92.33 CNY; cost 3 × 520.
const base: CreditableLine = {
  id: 1,
  lineNo: 1,
  quantity: 3,
  netAmount: 9_999,
  taxAmount: 1_300,
  netCnyFen: 71_016,
  taxCnyFen: 9_233,
  costCnyFen: 156_000,
  vatRate: '0.1300',
  creditedQuantity: 0,
  creditedNetAmount: 0,
  creditedTaxAmount: 0,
};

function creditInSteps(quantities: number[]) {
  let line = { ...base };
  return quantities.map((quantity) => {
    const credit = creditLine(line, { quantity }, 'return', 'USD');
    line = {
      ...line,
      creditedQuantity: line.creditedQuantity + credit.quantity,
      creditedNetAmount: line.creditedNetAmount + credit.net,
      creditedTaxAmount: line.creditedTaxAmount + credit.tax,
    };
    return credit;
  });
}

describe('credit notes against invoice lines', () => {
  it('takes back exactly the whole line when its units come back one by one', () => {
    const credits = creditInSteps([1, 1, 1]);
    const sum = (pick: (c: (typeof credits)[number]) => number) => credits.reduce((s, c) => s + pick(c), 0);
    expect(sum((c) => c.net)).toBe(9_999);
    expect(sum((c) => c.tax)).toBe(1_300);
    expect(sum((c) => c.netCny)).toBe(71_016);
    expect(sum((c) => c.taxCny)).toBe(9_233);
    expect(sum((c) => c.costCny)).toBe(156_000);
    expect(credits.map((c) => c.net)).toEqual([3_333, 3_333, 3_333]);
  });

  it('credits VAT on a price allowance rounded half up, and never more than is left', () => {
    const allowance = creditLine(base, { netAmount: 50 }, 'adjustment', 'CNY');
    expect(allowance).toMatchObject({ quantity: 0, net: 50, tax: 7, costCny: 0 });
    expect(() => creditLine(base, { netAmount: 10_000 }, 'adjustment', 'CNY')).toThrow(
      expect.objectContaining({ code: 'CREDIT_EXCEEDS_INVOICE' }),
    );
    expect(() => creditLine({ ...base, creditedQuantity: 3 }, { quantity: 1 }, 'return', 'CNY')).toThrow(
      expect.objectContaining({ code: 'CREDIT_EXCEEDS_INVOICE' }),
    );
  });

  it('leaves the cost alone unless goods come back', () => {
    expect(creditLine(base, { quantity: 1 }, 'adjustment', 'CNY').costCny).toBe(0);
    expect(creditLine(base, { quantity: 1 }, 'return', 'CNY').costCny).toBe(52_000);
  });

  it('credits everything left: the remaining units of each line not fully credited', () => {
    const lines = [
      base,
      { ...base, id: 2, creditedQuantity: 3, creditedNetAmount: 9_999, creditedTaxAmount: 1_300 },
    ];
    expect(creditEverythingLeft(lines)).toEqual([{ invoiceLineId: 1, quantity: 3 }]);
  });
});
