import { describe, expect, it } from 'vitest';
import { roles } from '../../../../contracts/auth.ts';
import { isMeasureAllowed, measures } from '../semantic/semantic.definitions.ts';
import { canSeeCost, withCost } from './sales-overview.semantic.ts';

describe('who sees the overview’s cost figures', () => {
  it('shows gross profit to internal roles and not to a distributor', () => {
    expect(canSeeCost(['sales_rep'])).toBe(true);
    expect(canSeeCost(['sales_director'])).toBe(true);
    expect(canSeeCost(['distributor'])).toBe(false);
    expect(canSeeCost([])).toBe(false);
  });

  it('gives a user with an internal role next to the distributor role what the internal role sees', () => {
    expect(canSeeCost(['distributor', 'finance'])).toBe(true);
  });

  it('agrees, role by role, with what the semantic layer allows of gross profit, cost and margin', () => {
    // The page derives its margin from gross profit, so it must hide exactly what the layer hides.
    for (const role of roles) {
      for (const name of ['gross_profit', 'cost', 'margin'] as const) {
        expect(canSeeCost([role]), `${role}: ${name}`).toBe(isMeasureAllowed(measures.get(name)!, [role]));
      }
    }
  });
});

describe('the measures an overview question asks for', () => {
  it('adds gross profit only for a caller who may see cost', () => {
    expect(withCost({ canSeeCost: true }, ['revenue', 'orders'])).toEqual([
      'revenue',
      'orders',
      'gross_profit',
    ]);
    expect(withCost({ canSeeCost: false }, ['revenue', 'orders'])).toEqual(['revenue', 'orders']);
  });
});
