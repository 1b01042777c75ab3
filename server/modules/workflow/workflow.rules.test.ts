import { describe, expect, it } from 'vitest';
import { policyDefinition } from '../../../contracts/workflow.ts';
import {
  defaultContractPolicy,
  defaultPolicies,
  isDelegationActive,
  isWithin,
  type RoutingDocument,
  reminderTimes,
  requiredApprovals,
  selectRule,
  stepOutcome,
  yuanToFen,
} from './workflow.rules.ts';

const contract = (yuan: string): RoutingDocument => ({
  amountFen: yuanToFen(yuan),
  regionPath: [],
  attributes: {},
});

/** The route as roles per step, e.g. [['sales_director'], ['legal']]. */
function routeOf(yuan: string) {
  const selected = selectRule(defaultContractPolicy, contract(yuan));
  return selected?.rule.steps.map((step) => ({
    mode: step.mode,
    roles: step.approvers.map((a) => (a.kind === 'role' ? a.role : `user:${a.userId}`)),
  }));
}

describe('DOMAIN §5 default contract policy', () => {
  it('sends a contract of 49,999.99 to the sales director alone', () => {
    expect(routeOf('49999.99')).toEqual([{ mode: 'single', roles: ['sales_director'] }]);
  });

  it('sends a contract of exactly 50,000 to the sales director and finance manager in parallel, both must approve', () => {
    const route = routeOf('50000');
    expect(route).toEqual([{ mode: 'all_of', roles: ['sales_director', 'finance'] }]);
    const step = defaultContractPolicy.rules[1]!.steps[0]!;
    expect(requiredApprovals(step)).toBe(2);
  });

  it('keeps a contract of exactly 200,000 in the countersign tier (inclusive)', () => {
    expect(routeOf('200000')).toEqual([{ mode: 'all_of', roles: ['sales_director', 'finance'] }]);
  });

  it('sends a contract of 200,000.01 through director, legal, finance director and general manager in sequence', () => {
    expect(routeOf('200000.01')).toEqual([
      { mode: 'single', roles: ['sales_director'] },
      { mode: 'single', roles: ['legal'] },
      { mode: 'single', roles: ['finance_director'] },
      { mode: 'single', roles: ['general_manager'] },
    ]);
  });

  it('routes a document without an amount nowhere (fails closed)', () => {
    expect(selectRule(defaultContractPolicy, { amountFen: null, regionPath: [], attributes: {} })).toBeNull();
  });

  it('reminds after 24 h and escalates after 48 h by default', () => {
    const start = new Date('2026-03-02T01:00:00Z');
    expect(reminderTimes(start, defaultContractPolicy)).toEqual({
      remindAt: new Date('2026-03-03T01:00:00Z'),
      escalateAt: new Date('2026-03-04T01:00:00Z'),
    });
  });

  it('is a valid policy definition, as is every shipped default', () => {
    for (const definition of Object.values(defaultPolicies)) {
      expect(policyDefinition.safeParse(definition).success).toBe(true);
    }
  });
});

describe('conditions', () => {
  it('honours inclusive and exclusive bounds', () => {
    expect(isWithin(100, { value: 100, inclusive: true }, null)).toBe(true);
    expect(isWithin(100, { value: 100, inclusive: false }, null)).toBe(false);
    expect(isWithin(100, null, { value: 100, inclusive: true })).toBe(true);
    expect(isWithin(100, null, { value: 100, inclusive: false })).toBe(false);
    expect(isWithin(null, null, null)).toBe(false);
  });

  it('matches discount, grade, product class, customer type, region and tags', () => {
    const definition = policyDefinition.parse({
      reminderHours: 24,
      escalationHours: 48,
      allowAddSigner: false,
      rules: [
        {
          name: 'risky',
          conditions: [
            { field: 'discount', min: { value: 0.1, inclusive: false }, max: null },
            { field: 'creditGrade', in: ['D', 'E'] },
            { field: 'productClass', in: [3] },
            { field: 'customerType', in: ['hospital'] },
            { field: 'region', in: [2] },
            { field: 'tag', in: ['urgent'] },
          ],
          steps: [
            { mode: 'single', approvers: [{ kind: 'role', role: 'general_manager', scope: 'company' }] },
          ],
        },
        { name: 'other', conditions: [], steps: [] },
      ],
    });
    const doc: RoutingDocument = {
      amountFen: 1,
      regionPath: [7, 2, 1],
      attributes: {
        discount: 0.12,
        creditGrade: 'D',
        productClasses: [2, 3],
        customerType: 'hospital',
        tags: ['urgent'],
      },
    };
    expect(selectRule(definition, doc)?.rule.name).toBe('risky');
    expect(
      selectRule(definition, { ...doc, attributes: { ...doc.attributes, discount: 0.1 } })?.rule.name,
    ).toBe('other');
    expect(selectRule(definition, { ...doc, regionPath: [9, 1] })?.rule.name).toBe('other');
    expect(
      selectRule(definition, { ...doc, attributes: { ...doc.attributes, productClasses: [1] } })?.rule.name,
    ).toBe('other');
  });

  it('refuses an N-of-M step asking for more approvals than approvers', () => {
    const step = {
      name: 'board',
      mode: 'n_of_m',
      required: 3,
      approvers: [
        { kind: 'user', userId: 1 },
        { kind: 'user', userId: 2 },
      ],
    };
    const result = policyDefinition.safeParse({
      reminderHours: 24,
      escalationHours: 48,
      allowAddSigner: false,
      rules: [{ name: 'x', conditions: [], steps: [step] }],
    });
    expect(result.success).toBe(false);
  });
});

describe('step outcome', () => {
  it('needs both countersigners: one approval leaves the step open', () => {
    expect(stepOutcome(2, ['approved', 'open'])).toBe('open');
    expect(stepOutcome(2, ['approved', 'approved'])).toBe('approved');
  });

  it('rejects the step on any rejection, even after other approvals', () => {
    expect(stepOutcome(2, ['approved', 'rejected'])).toBe('rejected');
    expect(stepOutcome(1, ['open', 'rejected', 'approved'])).toBe('rejected');
  });

  it('approves an any-of step on the first approval and an N-of-M step on the Nth', () => {
    expect(stepOutcome(1, ['open', 'approved', 'open'])).toBe('approved');
    const twoOfThree = {
      mode: 'n_of_m' as const,
      required: 2,
      approvers: [1, 2, 3].map((userId) => ({ kind: 'user' as const, userId })),
    };
    expect(requiredApprovals(twoOfThree)).toBe(2);
    expect(stepOutcome(2, ['approved', 'open', 'open'])).toBe('open');
    expect(stepOutcome(2, ['approved', 'open', 'approved'])).toBe('approved');
  });

  it('returns the document when an approver sends it back', () => {
    expect(stepOutcome(1, ['returned'])).toBe('returned');
  });
});

describe('delegation dates', () => {
  const delegation = { startsOn: '2026-03-01', endsOn: '2026-03-05' };
  it('applies on its first and last day and the days between', () => {
    expect(isDelegationActive(delegation, '2026-03-01')).toBe(true);
    expect(isDelegationActive(delegation, '2026-03-03')).toBe(true);
    expect(isDelegationActive(delegation, '2026-03-05')).toBe(true);
  });
  it('does not apply the day before or after, nor once revoked', () => {
    expect(isDelegationActive(delegation, '2026-02-28')).toBe(false);
    expect(isDelegationActive(delegation, '2026-03-06')).toBe(false);
    expect(isDelegationActive({ ...delegation, revokedAt: '2026-03-02T00:00:00Z' }, '2026-03-03')).toBe(
      false,
    );
  });
});

describe('yuanToFen', () => {
  it('converts exactly', () => {
    expect(yuanToFen('49999.99')).toBe(4_999_999);
    expect(yuanToFen('200000.01')).toBe(20_000_001);
    expect(yuanToFen('0.1')).toBe(10);
  });
});
