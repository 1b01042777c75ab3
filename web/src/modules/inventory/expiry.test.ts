import { describe, expect, it } from 'vitest';
import { expiryLevel } from './expiry.ts';

describe('expiryLevel', () => {
  it('counts a lot expiring today as expired, since it can no longer be sold', () => {
    expect(expiryLevel(0)).toBe('expired');
    expect(expiryLevel(-12)).toBe('expired');
  });

  it('marks lots within 30 days as critical and within 90 days as near expiry', () => {
    expect(expiryLevel(1)).toBe('critical');
    expect(expiryLevel(30)).toBe('critical');
    expect(expiryLevel(31)).toBe('near');
    expect(expiryLevel(90)).toBe('near');
    expect(expiryLevel(91)).toBe('ok');
  });
});
