import { describe, expect, it } from 'vitest';
import { parseRatio } from './credit-inputs.import-fields.ts';

describe('reading a ratio cell', () => {
  const ratio = parseRatio(0, 1000);
  const share = parseRatio(-100, 1, { percent: true });

  it('keeps the decimal exactly as written, without trailing zeros', () => {
    expect(ratio('1.8500')).toEqual({ ok: true, value: '1.85' });
    expect(ratio('1,000')).toEqual({ ok: true, value: '1000' });
    expect(ratio('0.0')).toEqual({ ok: true, value: '0' });
  });

  it('reads a percentage as a fraction where percentages are allowed', () => {
    expect(share('12.5%')).toEqual({ ok: true, value: '0.125' });
    expect(share('-3.5%')).toEqual({ ok: true, value: '-0.035' });
    expect(share('100%')).toEqual({ ok: true, value: '1' });
    expect(ratio('12%')).toMatchObject({ ok: false, code: 'BAD_FORMAT' });
  });

  it('refuses more than four decimals and values outside the range', () => {
    expect(ratio('1.23456')).toMatchObject({ ok: false, code: 'BAD_FORMAT' });
    expect(share('0.12345%')).toMatchObject({ ok: false, code: 'BAD_FORMAT' });
    expect(share('101%')).toMatchObject({ ok: false, code: 'BAD_FORMAT' });
    expect(ratio('-0.1')).toMatchObject({ ok: false, code: 'BAD_FORMAT' });
    expect(ratio('abc')).toMatchObject({ ok: false, code: 'BAD_FORMAT' });
  });
});
