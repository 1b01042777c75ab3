import { describe, expect, it } from 'vitest';
import type { OpportunityStage } from '../../../contracts/crm.ts';
import { checkStageChange, furthestStageAfter } from './opportunities.rules.ts';

const facts = (
  current: OpportunityStage,
  target: OpportunityStage,
  extra: Partial<Parameters<typeof checkStageChange>[0]> = {},
) =>
  checkStageChange({ current, target, lostReason: null, hasOrder: false, isOrderSettled: false, ...extra });

describe('opportunity stage changes', () => {
  it('moves freely between open stages, forwards (skipping) and back', () => {
    expect(facts('opportunity', 'contract')).toBeNull();
    expect(facts('contract', 'quote')).toBeNull();
  });

  it('wins only with an order, and pays only a won deal whose invoices are settled', () => {
    expect(facts('quote', 'won')).toBe('ORDER_REQUIRED');
    expect(facts('quote', 'won', { hasOrder: true })).toBeNull();
    expect(facts('contract', 'paid', { hasOrder: true, isOrderSettled: true })).toBe('NOT_WON_YET');
    expect(facts('won', 'paid', { hasOrder: true })).toBe('NOT_SETTLED');
    expect(facts('won', 'paid', { hasOrder: true, isOrderSettled: true })).toBeNull();
  });

  it('loses an open deal with a reason only; a won deal cannot be lost; a paid one is closed', () => {
    expect(facts('quote', 'lost')).toBe('LOST_REASON_REQUIRED');
    expect(facts('quote', 'lost', { lostReason: 'price' })).toBeNull();
    expect(facts('won', 'lost', { lostReason: 'price' })).toBe('ALREADY_WON');
    expect(facts('paid', 'quote')).toBe('CLOSED');
    expect(facts('lost', 'opportunity')).toBeNull();
    expect(facts('quote', 'quote')).toBe('SAME_STAGE');
  });

  it('remembers the furthest stage reached through moves back and losses', () => {
    expect(furthestStageAfter('contract', 'quote')).toBe('contract');
    expect(furthestStageAfter('contract', 'lost')).toBe('contract');
    expect(furthestStageAfter('quote', 'won')).toBe('won');
  });
});
