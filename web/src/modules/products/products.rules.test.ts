import { describe, expect, it } from 'vitest';
import { checkGtin, deviceClassOfCertificate, gs1CheckDigit } from './products.rules.ts';

describe('checkGtin', () => {
  it('computes the GS1 check digits of the DOMAIN examples', () => {
    expect(gs1CheckDigit('539123456789')).toBe(2);
    expect(gs1CheckDigit('0950600013435')).toBe(2);
  });

  it('accepts GTIN-8/12/13/14 with a correct check digit', () => {
    expect(checkGtin('5391234567892')).toEqual({ ok: true });
    expect(checkGtin('09506000134352')).toEqual({ ok: true });
    expect(checkGtin(' 09506000134352 ')).toEqual({ ok: true });
  });

  it('says which check digit a mistyped GTIN should have', () => {
    expect(checkGtin('09506000134353')).toEqual({ ok: false, reason: 'checkDigit', expected: 2 });
  });

  it('refuses other lengths and non-digits', () => {
    expect(checkGtin('123')).toEqual({ ok: false, reason: 'digits' });
    expect(checkGtin('0950600013435A')).toEqual({ ok: false, reason: 'digits' });
  });
});

describe('deviceClassOfCertificate', () => {
  it('reads the class from registration numbers', () => {
    expect(deviceClassOfCertificate('国械注准20193140123')).toBe(3);
    expect(deviceClassOfCertificate('苏械注准20202140001')).toBe(2);
    expect(deviceClassOfCertificate('国械注进20183460001号')).toBe(3);
  });

  it('knows filings are Class I', () => {
    expect(deviceClassOfCertificate('苏苏械备20200001')).toBe(1);
    expect(deviceClassOfCertificate('国械备20200012')).toBe(1);
  });

  it('does not guess at other text', () => {
    expect(deviceClassOfCertificate('ABC123')).toBeNull();
    expect(deviceClassOfCertificate('国械注准2019314012')).toBeNull();
  });
});
