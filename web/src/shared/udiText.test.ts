import { describe, expect, it } from 'vitest';
import { GROUP_SEPARATOR, looksLikeUdi, showSeparators } from './udiText.ts';

describe('looksLikeUdi', () => {
  it('recognises scanned GS1 codes, with or without a group separator', () => {
    expect(looksLikeUdi(`0100690123000010172812311024A001${GROUP_SEPARATOR}21SN1`)).toBe(true);
    expect(looksLikeUdi('010069012300001017281231')).toBe(true);
    expect(looksLikeUdi(']C1010069012300001017281231')).toBe(true);
    expect(looksLikeUdi('(01)00690123000010(17)281231(10)24A001')).toBe(true);
  });

  it('recognises GS1 Digital Link addresses and HIBC codes', () => {
    expect(looksLikeUdi('https://id.example.com/01/00690123000010/10/24A001')).toBe(true);
    expect(looksLikeUdi('+H123PROD1/$$3281231LOT1X')).toBe(true);
  });

  it('treats ordinary lot numbers as lot numbers', () => {
    for (const lot of ['24A001', 'LOT-2026-01', '20261101', 'A1']) expect(looksLikeUdi(lot)).toBe(false);
  });
});

describe('showSeparators', () => {
  it('makes the group separator visible', () => {
    expect(showSeparators(`10AB${GROUP_SEPARATOR}21C`)).toBe('10AB<GS>21C');
  });
});
