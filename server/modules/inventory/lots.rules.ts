/**
 * Lot status changes by quality (SPEC §2.3): hold and release, and recall, which is final
 * here — a recalled lot leaves that state only through the recall process, never by release.
 * FEFO allocation takes released lots only, so any other status stops selling at once.
 */
import type { LotStatus } from './fefo.rules.ts';

export type LotAction = 'hold' | 'release' | 'recall';

const transitions: Record<LotAction, { from: readonly LotStatus[]; to: LotStatus }> = {
  hold: { from: ['released', 'quarantine'], to: 'on_hold' },
  release: { from: ['on_hold', 'quarantine'], to: 'released' },
  recall: { from: ['released', 'quarantine', 'on_hold'], to: 'recalled' },
};

/** The status after the action, or null when the lot's current status does not allow it. */
export function nextLotStatus(action: LotAction, current: LotStatus): LotStatus | null {
  const rule = transitions[action];
  return rule.from.includes(current) ? rule.to : null;
}

export const lotStatusNames: Record<LotStatus, { en: string; zh: string }> = {
  released: { en: 'released', zh: '已放行' },
  quarantine: { en: 'in quarantine', zh: '待验' },
  on_hold: { en: 'on hold', zh: '冻结' },
  recalled: { en: 'recalled', zh: '已召回' },
};

/** Days a recall of this level allows to notify distributors and users (DOMAIN §2). */
export function recallNotificationDays(level: 1 | 2 | 3): number {
  return { 1: 1, 2: 3, 3: 7 }[level];
}
