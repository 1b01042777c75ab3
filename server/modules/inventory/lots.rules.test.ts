import { describe, expect, it } from 'vitest';
import { nextLotStatus, recallNotificationDays } from './lots.rules.ts';

describe('lot status changes', () => {
  it('holds released or quarantined lots and releases held or quarantined ones', () => {
    expect(nextLotStatus('hold', 'released')).toBe('on_hold');
    expect(nextLotStatus('hold', 'quarantine')).toBe('on_hold');
    expect(nextLotStatus('hold', 'on_hold')).toBeNull();
    expect(nextLotStatus('release', 'on_hold')).toBe('released');
    expect(nextLotStatus('release', 'released')).toBeNull();
  });

  it('recalls any lot not yet recalled, and never releases a recalled one', () => {
    for (const status of ['released', 'quarantine', 'on_hold'] as const) {
      expect(nextLotStatus('recall', status)).toBe('recalled');
    }
    expect(nextLotStatus('recall', 'recalled')).toBeNull();
    expect(nextLotStatus('release', 'recalled')).toBeNull();
    expect(nextLotStatus('hold', 'recalled')).toBeNull();
  });

  it('gives 1, 3 and 7 days to notify for recall levels 1, 2 and 3 (DOMAIN §2)', () => {
    expect([1, 2, 3].map((level) => recallNotificationDays(level as 1 | 2 | 3))).toEqual([1, 3, 7]);
  });
});
