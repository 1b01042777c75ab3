import { describe, expect, it } from 'vitest';
import { licenceStatus } from './suppliers.rules.ts';

describe('supplier licence status', () => {
  const today = '2026-03-01';

  it('reports a supplier without a licence number as missing', () => {
    expect(licenceStatus({ licenceNumber: null, licenceValidUntil: null }, today)).toBe('missing');
  });

  it('treats a licence without an expiry date as valid', () => {
    expect(
      licenceStatus({ licenceNumber: '沪食药监械生产许20150001号', licenceValidUntil: null }, today),
    ).toBe('valid');
  });

  it('flags a licence expiring within 30 days and keeps it usable on its last day', () => {
    const number = '沪食药监械生产许20150001号';
    expect(licenceStatus({ licenceNumber: number, licenceValidUntil: '2026-03-31' }, today)).toBe('expiring');
    expect(licenceStatus({ licenceNumber: number, licenceValidUntil: '2026-04-01' }, today)).toBe('valid');
    expect(licenceStatus({ licenceNumber: number, licenceValidUntil: today }, today)).toBe('expiring');
    expect(licenceStatus({ licenceNumber: number, licenceValidUntil: '2026-02-28' }, today)).toBe('expired');
  });
});
