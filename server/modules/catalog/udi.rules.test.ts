import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeGs1CheckDigit } from './gtin.rules.ts';
import { computeHibcCheckCharacter, parseUdi, type Udi, type UdiErrorCode } from './udi.rules.ts';

const GS = '\x1d';
const TODAY = '2026-03-15';

function parsed(input: string, today = TODAY): Udi {
  const result = parseUdi(input, today);
  if (!result.ok)
    throw new Error(`expected ${JSON.stringify(input)} to parse: ${JSON.stringify(result.error)}`);
  return result.value;
}

function withCheck(hibcData: string): string {
  return `${hibcData}${computeHibcCheckCharacter(hibcData)}`;
}

function failure(input: string, today = TODAY): { code: UdiErrorCode; position: number } {
  const result = parseUdi(input, today);
  if (result.ok)
    throw new Error(`expected ${JSON.stringify(input)} to fail, got ${JSON.stringify(result.value)}`);
  expect(result.error.message.length).toBeGreaterThan(0);
  return { code: result.error.code, position: result.error.position };
}

const DOMAIN_EXAMPLE = {
  format: 'gs1',
  gtin: '09506000134352',
  expiry: '2026-12-31',
  lot: 'ABC123',
  serial: 'SN0001',
};

describe('parseUdi — GS1 element strings', () => {
  it('reads the DOMAIN example scanned from a GS1 DataMatrix', () => {
    expect(parsed(`]d2${'0109506000134352'}${'17261231'}${'10ABC123'}${GS}${'21SN0001'}`)).toEqual(
      DOMAIN_EXAMPLE,
    );
  });

  it('reads the same data from GS1-128 and GS1 QR prefixes, or with no prefix at all', () => {
    const data = `01095060001343521726123110ABC123${GS}21SN0001`;
    for (const prefix of [']C1', ']Q3', '', GS]) expect(parsed(`${prefix}${data}`)).toEqual(DOMAIN_EXAMPLE);
  });

  it('ignores the Enter a keyboard-wedge scanner sends after the code', () => {
    expect(parsed(`]d2010950600013435217261231${GS}10ABC123${GS}21SN0001\r\n`)).toEqual(DOMAIN_EXAMPLE);
  });

  it('accepts a group separator printed after a fixed-length field', () => {
    expect(parsed(`]d20109506000134352${GS}17261231${GS}10ABC123${GS}21SN0001`)).toEqual(DOMAIN_EXAMPLE);
  });

  it('reads production date, additional id, count and expiry date-time', () => {
    expect(parsed(`01095060001343521124010124012345${GS}3012${GS}70032612312359`)).toEqual({
      format: 'gs1',
      gtin: '09506000134352',
      productionDate: '2024-01-01',
      additionalId: '12345',
      count: 12,
      expiryDateTime: '2026-12-31T23:59',
    });
  });

  it('accepts a repeated AI when both occurrences carry the same value', () => {
    expect(parsed(`10ABC${GS}10ABC`)).toEqual({ format: 'gs1', lot: 'ABC' });
  });

  it('reads a lot or serial of exactly 20 characters', () => {
    const lot = 'A'.repeat(20);
    expect(parsed(`10${lot}`).lot).toBe(lot);
  });
});

describe('parseUdi — human-readable and Digital Link forms', () => {
  it('reads the parenthesised form of the DOMAIN example', () => {
    expect(parsed('(01)09506000134352(17)261231(10)ABC123(21)SN0001')).toEqual(DOMAIN_EXAMPLE);
  });

  it('tolerates spaces between the parenthesised elements', () => {
    expect(parsed('(01) 09506000134352 (17) 261231 (10) ABC123 (21) SN0001')).toEqual(DOMAIN_EXAMPLE);
  });

  it('keeps a parenthesis inside a lot that is not followed by an AI', () => {
    expect(parsed('(10)A(B)C(21)1').lot).toBe('A(B)C');
  });

  it('reads a GS1 Digital Link URI with the expiry in the query string', () => {
    expect(parsed('https://id.gs1.org/01/09506000134352/10/ABC123/21/SN0001?17=261231')).toEqual({
      ...DOMAIN_EXAMPLE,
      format: 'gs1-digital-link',
    });
  });

  it('reads an upper-case Digital Link URI from a QR code with a resolver path prefix', () => {
    expect(
      parsed(']Q1HTTPS://EXAMPLE.COM/QR/01/09506000134352/10/ABC123/21/SN0001?17=261231&linkType=all'),
    ).toEqual({
      ...DOMAIN_EXAMPLE,
      format: 'gs1-digital-link',
    });
  });

  it('normalises a GTIN-13 in a Digital Link URI to 14 digits', () => {
    expect(parsed('https://example.com/01/5391234567892').gtin).toBe('05391234567892');
  });

  it('decodes percent-encoded path segments and reads the production date from the query', () => {
    expect(parsed('https://example.com/01/09506000134352/10/AB%2F1%25?11=250100#top')).toEqual({
      format: 'gs1-digital-link',
      gtin: '09506000134352',
      lot: 'AB/1%',
      productionDate: '2025-01-31',
    });
  });
});

describe('parseUdi — dates', () => {
  it('reads day 00 as the last day of the month', () => {
    expect(parsed('17260200').expiry).toBe('2026-02-28');
    expect(parsed('17261200').expiry).toBe('2026-12-31');
    expect(parsed('17260400').expiry).toBe('2026-04-30');
  });

  it('reads day 00 of February in a leap year as the 29th', () => {
    expect(parsed('17280200').expiry).toBe('2028-02-29');
  });

  it('accepts 29 February only in a leap year', () => {
    expect(parsed('17280229').expiry).toBe('2028-02-29');
    expect(failure('17270229')).toEqual({ code: 'BAD_DATE', position: 6 });
  });

  it('places two-digit years within 49 years back and 50 years forward of today', () => {
    expect(parsed('17760101').expiry).toBe('2076-01-01');
    expect(parsed('17770101').expiry).toBe('1977-01-01');
    expect(parsed('11991231').productionDate).toBe('1999-12-31');
  });

  it('moves the century window with today', () => {
    expect(parsed('17100101', '2060-07-01').expiry).toBe('2110-01-01');
    expect(parsed('17110101', '2060-07-01').expiry).toBe('2011-01-01');
    expect(parsed('17000101', '2099-01-01').expiry).toBe('2100-01-01');
    expect(parsed('17990101', '2000-01-01').expiry).toBe('1999-01-01');
  });

  it('does not allow day 00 in an expiry date-time', () => {
    expect(failure('70032612001200')).toEqual({ code: 'BAD_DATE', position: 8 });
  });

  it('rejects an hour or minute that does not exist', () => {
    expect(failure('70032612312400')).toEqual({ code: 'BAD_DATE', position: 10 });
    expect(failure('70032612312360')).toEqual({ code: 'BAD_DATE', position: 12 });
  });

  it('refuses a malformed today, which is a programming error', () => {
    expect(() => parseUdi('17261231', '2026/03/15')).toThrow(RangeError);
  });
});

describe('parseUdi — errors name the offending position', () => {
  it('reports EMPTY for nothing scanned or a bare symbology prefix', () => {
    expect(failure('')).toEqual({ code: 'EMPTY', position: 0 });
    expect(failure(' \r\n')).toEqual({ code: 'EMPTY', position: 0 });
    expect(failure(']d2')).toEqual({ code: 'EMPTY', position: 3 });
    expect(failure(`]d2${GS}`)).toEqual({ code: 'EMPTY', position: 3 });
  });

  it('reports UNKNOWN_FORMAT for text that is no supported code', () => {
    expect(failure('hello')).toEqual({ code: 'UNKNOWN_FORMAT', position: 0 });
    expect(failure(']X90109506000134352')).toEqual({ code: 'UNKNOWN_FORMAT', position: 0 });
    expect(failure('https://example.com/products/123')).toEqual({ code: 'UNKNOWN_FORMAT', position: 19 });
  });

  it('reports UNKNOWN_AI at the start of an AI we do not support', () => {
    expect(failure(']d2010950600013435299ABC')).toEqual({ code: 'UNKNOWN_AI', position: 19 });
    expect(failure('(01)09506000134352(99)ABC')).toEqual({ code: 'UNKNOWN_AI', position: 19 });
    expect(failure('https://example.com/01/09506000134352?99=1')).toEqual({
      code: 'UNKNOWN_AI',
      position: 38,
    });
  });

  it('reports BAD_LENGTH at the value of a field that is too short or empty', () => {
    expect(failure(']d2010950600013435')).toEqual({ code: 'BAD_LENGTH', position: 5 });
    expect(failure(`]d2010950600013435${GS}17261231`)).toEqual({ code: 'BAD_LENGTH', position: 5 });
    expect(failure('(17)26123')).toEqual({ code: 'BAD_LENGTH', position: 4 });
    expect(failure(`10${GS}21SN1`)).toEqual({ code: 'BAD_LENGTH', position: 2 });
    expect(failure('https://example.com/01/09506000134352/10')).toEqual({ code: 'BAD_LENGTH', position: 40 });
  });

  it('reports BAD_CHECK_DIGIT at the GTIN check digit', () => {
    expect(failure(']d20109506000134353')).toEqual({ code: 'BAD_CHECK_DIGIT', position: 18 });
    expect(failure('(01)09506000134353')).toEqual({ code: 'BAD_CHECK_DIGIT', position: 17 });
    expect(failure('https://example.com/01/5391234567893')).toEqual({
      code: 'BAD_CHECK_DIGIT',
      position: 35,
    });
  });

  it('reports BAD_DATE at the month or day that does not exist', () => {
    expect(failure(']d217261331')).toEqual({ code: 'BAD_DATE', position: 7 });
    expect(failure(']d217260230')).toEqual({ code: 'BAD_DATE', position: 9 });
    expect(failure('(11)260000')).toEqual({ code: 'BAD_DATE', position: 6 });
  });

  it('reports VALUE_TOO_LONG at the first character beyond the limit', () => {
    expect(failure(`]d210${'A'.repeat(21)}`)).toEqual({ code: 'VALUE_TOO_LONG', position: 25 });
    expect(failure(`240${'A'.repeat(31)}`)).toEqual({ code: 'VALUE_TOO_LONG', position: 33 });
    expect(failure('30123456789')).toEqual({ code: 'VALUE_TOO_LONG', position: 10 });
  });

  it('reports DUPLICATE_AI at an AI repeated with a different value', () => {
    expect(failure(`]d210ABC${GS}10DEF`)).toEqual({ code: 'DUPLICATE_AI', position: 9 });
    expect(failure('(17)261231(17)271231')).toEqual({ code: 'DUPLICATE_AI', position: 11 });
  });

  it('reports BAD_CHARACTER at a character the field does not allow', () => {
    expect(failure(']d210AB C')).toEqual({ code: 'BAD_CHARACTER', position: 7 });
    expect(failure('01095060001343X2')).toEqual({ code: 'BAD_CHARACTER', position: 14 });
    expect(failure('(10)ABC#1')).toEqual({ code: 'BAD_CHARACTER', position: 7 });
    expect(failure('30１2')).toEqual({ code: 'BAD_CHARACTER', position: 2 });
    expect(failure('https://example.com/01/09506000134352/10/A%ZZ')).toEqual({
      code: 'BAD_CHARACTER',
      position: 42,
    });
    expect(failure('https://example.com/01/09506000134352/10/A%C3%A9')).toEqual({
      code: 'BAD_CHARACTER',
      position: 42,
    });
  });
});

describe('parseUdi — HIBC', () => {
  it('computes the Mod 43 check character of the HIBC specimen primary', () => {
    expect(computeHibcCheckCharacter('+A123BJC5D6E71')).toBe('G');
  });

  it('reads HIBC primary data', () => {
    expect(parsed('+A123BJC5D6E71G')).toEqual({
      format: 'hibc',
      hibc: {
        structure: 'primary',
        labelerId: 'A123',
        productCode: 'BJC5D6E7',
        unitOfMeasure: 1,
        deviceIdentifier: '+A123BJC5D6E71G',
        checkCharacter: 'G',
      },
    });
  });

  it('reads the Code 39 human-readable form between asterisks', () => {
    expect(parsed('*+A123BJC5D6E71G*').hibc).toMatchObject({ labelerId: 'A123', productCode: 'BJC5D6E7' });
  });

  it('reads concatenated primary and secondary data with Julian expiry, production date and serial', () => {
    expect(parsed('+A99912345/$$52001510X3/16D20111212/S77DE1G45-')).toEqual({
      format: 'hibc',
      expiry: '2020-01-15',
      lot: '10X3',
      productionDate: '2011-12-12',
      serial: '77DE1G45',
      hibc: {
        structure: 'concatenated',
        labelerId: 'A999',
        productCode: '1234',
        unitOfMeasure: 5,
        deviceIdentifier: '+A999123457',
        checkCharacter: '-',
      },
    });
  });

  it('reads each $$ expiry format', () => {
    expect(parsed('+A99912345/$$3261231LOT13')).toMatchObject({ expiry: '2026-12-31', lot: 'LOT1' });
    expect(parsed(withCheck('+A99912345/$$2123126LOT1'))).toMatchObject({
      expiry: '2026-12-31',
      lot: 'LOT1',
    });
    expect(parsed(withCheck('+A99912345/$$426123123LOT1'))).toMatchObject({
      expiry: '2026-12-31',
      expiryDateTime: '2026-12-31T23:00',
      lot: 'LOT1',
    });
    expect(parsed(withCheck('+A99912345/$$526001LOT1'))).toMatchObject({ expiry: '2026-01-01', lot: 'LOT1' });
    expect(parsed(withCheck('+A99912345/$$62406001LOT1'))).toMatchObject({
      expiry: '2024-02-29',
      expiryDateTime: '2024-02-29T01:00',
      lot: 'LOT1',
    });
    expect(parsed('+A99912345/$$7LOT1Z')).toMatchObject({ lot: 'LOT1' });
    expect(parsed(withCheck('+A99912345/$$3261231'))).toEqual(
      expect.objectContaining({ expiry: '2026-12-31' }),
    );
  });

  it('reads an MMYY expiry as the last day of the month, even with a space as check character', () => {
    expect(parsed('+A99912345/$$0226LOT1 ')).toMatchObject({ expiry: '2026-02-28', lot: 'LOT1' });
  });

  it('reads lot-only, serial and legacy Julian-date secondaries', () => {
    expect(parsed('+A99912345/$LOT1W')).toMatchObject({ lot: 'LOT1' });
    expect(parsed('+A99912345/$$+3261231SN1L')).toMatchObject({ expiry: '2026-12-31', serial: 'SN1' });
    expect(parsed('+A99912345/26001LOT12')).toMatchObject({ expiry: '2026-01-01', lot: 'LOT1' });
  });

  it('reads a separate secondary symbol and its link character', () => {
    expect(parsed('+$$3261231LOT174')).toEqual({
      format: 'hibc',
      expiry: '2026-12-31',
      lot: 'LOT1',
      hibc: { structure: 'secondary', linkCharacter: '7', checkCharacter: '4' },
    });
  });

  it('reports BAD_CHECK_DIGIT at a wrong Mod 43 check character', () => {
    expect(failure('+A123BJC5D6E71H')).toEqual({ code: 'BAD_CHECK_DIGIT', position: 14 });
    expect(failure(']d1+A123BJC5D6E71H')).toEqual({ code: 'BAD_CHECK_DIGIT', position: 17 });
  });

  it('reports BAD_CHARACTER for lower-case letters', () => {
    expect(failure('+a123BJC5D6E71G')).toEqual({ code: 'BAD_CHARACTER', position: 1 });
  });

  it('reports an unsupported quantity format at its format digit', () => {
    expect(failure('+A99912345/$$84')).toEqual({ code: 'UNKNOWN_FORMAT', position: 13 });
  });

  it('reports BAD_DATE inside HIBC secondary data', () => {
    expect(failure(withCheck('+A99912345/$$3261331LOT1'))).toEqual({ code: 'BAD_DATE', position: 16 });
    expect(failure(withCheck('+A99912345/$$526366LOT1'))).toEqual({ code: 'BAD_DATE', position: 16 });
  });

  it('reports an HIBC lot longer than 18 characters', () => {
    expect(failure(withCheck(`+A99912345/$${'L'.repeat(19)}`))).toEqual({
      code: 'VALUE_TOO_LONG',
      position: 30,
    });
  });
});

// --- Round trip of random valid element strings -----------------------------------------

const CSET82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz'.split(
  '',
);
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('');
const digits = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength, maxLength });

interface GeneratedElement {
  ai: string;
  value: string;
  isVariable: boolean;
  expected: Partial<Udi>;
}

// Independent oracle for today = 2026-03-15: 00–76 → 20YY, 77–99 → 19YY.
function expectedDate(yy: number, mm: number, dd: number): string {
  const year = yy <= 76 ? 2000 + yy : 1900 + yy;
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return `${year}-${String(mm).padStart(2, '0')}-${String(dd === 0 ? last : dd).padStart(2, '0')}`;
}

const dateValue = fc
  .record({
    yy: fc.integer({ min: 0, max: 99 }),
    mm: fc.integer({ min: 1, max: 12 }),
    dd: fc.integer({ min: 0, max: 31 }),
  })
  .map(({ yy, mm, dd }) => {
    const year = yy <= 76 ? 2000 + yy : 1900 + yy;
    const day = Math.min(dd, new Date(Date.UTC(year, mm, 0)).getUTCDate());
    const text = [yy, mm, day].map((n) => String(n).padStart(2, '0')).join('');
    return { text, iso: expectedDate(yy, mm, day) };
  });

function elementArbitraries(unit: string[]) {
  const text = (max: number) => fc.string({ unit: fc.constantFrom(...unit), minLength: 1, maxLength: max });
  return {
    '01': digits(13, 13).map((data): GeneratedElement => {
      const gtin = `${data}${computeGs1CheckDigit(data)}`;
      return { ai: '01', value: gtin, isVariable: false, expected: { gtin } };
    }),
    '11': dateValue.map(
      (d): GeneratedElement => ({
        ai: '11',
        value: d.text,
        isVariable: false,
        expected: { productionDate: d.iso },
      }),
    ),
    '17': dateValue.map(
      (d): GeneratedElement => ({ ai: '17', value: d.text, isVariable: false, expected: { expiry: d.iso } }),
    ),
    '10': text(20).map(
      (lot): GeneratedElement => ({ ai: '10', value: lot, isVariable: true, expected: { lot } }),
    ),
    '21': text(20).map(
      (serial): GeneratedElement => ({ ai: '21', value: serial, isVariable: true, expected: { serial } }),
    ),
    '240': text(30).map(
      (additionalId): GeneratedElement => ({
        ai: '240',
        value: additionalId,
        isVariable: true,
        expected: { additionalId },
      }),
    ),
    '30': digits(1, 8).map(
      (count): GeneratedElement => ({
        ai: '30',
        value: count,
        isVariable: true,
        expected: { count: Number(count) },
      }),
    ),
  };
}

function randomElements(unit: string[]) {
  const arbitraries = elementArbitraries(unit);
  return fc
    .shuffledSubarray(Object.keys(arbitraries) as (keyof typeof arbitraries)[], { minLength: 1 })
    .chain((ais) => fc.tuple(...ais.map((ai) => arbitraries[ai])));
}

function expectedUdi(elements: GeneratedElement[], format: Udi['format']): Udi {
  return Object.assign({ format }, ...elements.map((e) => e.expected));
}

describe('parseUdi — round trips', () => {
  it('parses any valid element string back to the fields it was built from', () => {
    fc.assert(
      fc.property(randomElements(CSET82), fc.constantFrom('', ']d2', ']C1', ']Q3'), (elements, prefix) => {
        const body = elements
          .map((e, i) => `${e.ai}${e.value}${e.isVariable && i < elements.length - 1 ? GS : ''}`)
          .join('');
        expect(parseUdi(`${prefix}${body}`, TODAY)).toEqual({
          ok: true,
          value: expectedUdi(elements, 'gs1'),
        });
      }),
      { numRuns: 500 },
    );
  });

  it('parses the parenthesised form of any valid alphanumeric element string the same way', () => {
    fc.assert(
      fc.property(randomElements(ALPHANUMERIC), (elements) => {
        const text = elements.map((e) => `(${e.ai})${e.value}`).join('');
        expect(parseUdi(text, TODAY)).toEqual({ ok: true, value: expectedUdi(elements, 'gs1') });
      }),
      { numRuns: 300 },
    );
  });

  it('parses any Digital Link URI with percent-encoded values back to its fields', () => {
    const arbitraries = elementArbitraries(CSET82);
    const uri = fc.record({
      gtin: arbitraries['01'],
      lot: fc.option(arbitraries['10'], { nil: undefined }),
      serial: fc.option(arbitraries['21'], { nil: undefined }),
      query: fc
        .shuffledSubarray([arbitraries['11'], arbitraries['17'], arbitraries['240'], arbitraries['30']])
        .chain((picked) => fc.tuple(...picked)),
    });
    fc.assert(
      fc.property(uri, ({ gtin, lot, serial, query }) => {
        const path = [gtin, lot, serial].filter((e) => e !== undefined);
        const text =
          'https://id.example.cn/p' +
          path.map((e) => `/${e.ai}/${encodeURIComponent(e.value)}`).join('') +
          (query.length > 0
            ? `?${query.map((e) => `${e.ai}=${encodeURIComponent(e.value)}`).join('&')}`
            : '');
        expect(parseUdi(text, TODAY)).toEqual({
          ok: true,
          value: expectedUdi([...path, ...query], 'gs1-digital-link'),
        });
      }),
      { numRuns: 300 },
    );
  });
});
