/**
 * Pure workflow logic: which rule of a policy routes a document, when a step is decided, the
 * default policies (DOMAIN §5 for contracts), reminder and escalation times, delegation dates.
 * No I/O.
 */
import type {
  ApproverSpec,
  DocumentAttributes,
  DocumentType,
  PolicyCondition,
  PolicyDefinition,
  PolicyRule,
  PolicyStep,
  StepMode,
} from '../../../contracts/workflow.ts';

/** What a policy looks at. `regionPath` is the document's region and every region above it. */
export interface RoutingDocument {
  amountFen: number | null;
  regionPath: readonly number[];
  attributes: DocumentAttributes;
}

interface Bound {
  value: number;
  inclusive: boolean;
}

/** Whether `value` lies within the bounds; a missing value never does (fail closed). */
export function isWithin(value: number | null | undefined, min: Bound | null, max: Bound | null): boolean {
  if (value === null || value === undefined) return false;
  if (min && (min.inclusive ? value < min.value : value <= min.value)) return false;
  if (max && (max.inclusive ? value > max.value : value >= max.value)) return false;
  return true;
}

export function conditionHolds(condition: PolicyCondition, doc: RoutingDocument): boolean {
  const a = doc.attributes;
  switch (condition.field) {
    case 'amount':
      return isWithin(doc.amountFen, condition.min, condition.max);
    case 'discount':
      return isWithin(a.discount, condition.min, condition.max);
    case 'creditGrade':
      return !!a.creditGrade && condition.in.includes(a.creditGrade);
    case 'productClass':
      return (a.productClasses ?? []).some((c) => condition.in.includes(c));
    case 'customerType':
      return !!a.customerType && condition.in.includes(a.customerType);
    case 'region':
      return doc.regionPath.some((id) => condition.in.includes(id));
    case 'tag':
      return (a.tags ?? []).some((tag) => condition.in.includes(tag));
  }
}

/** The first rule whose conditions all hold, or null when none does. */
export function selectRule(
  definition: PolicyDefinition,
  doc: RoutingDocument,
): { index: number; rule: PolicyRule } | null {
  for (const [index, rule] of definition.rules.entries()) {
    if (rule.conditions.every((condition) => conditionHolds(condition, doc))) return { index, rule };
  }
  return null;
}

/** How many of a step's approvers must approve. */
export function requiredApprovals(step: Pick<PolicyStep, 'mode' | 'required' | 'approvers'>): number {
  switch (step.mode) {
    case 'single':
    case 'any_of':
      return 1;
    case 'all_of':
      return step.approvers.length;
    case 'n_of_m':
      return Math.min(step.required ?? 1, step.approvers.length);
  }
}

export type SlotStatus = 'open' | 'approved' | 'rejected' | 'returned' | 'cancelled';
export type StepOutcome = 'approved' | 'rejected' | 'returned' | 'open';

/**
 * A step is rejected by any rejection (DOMAIN §5: a rejection at any step rejects the
 * document), returned by any return, approved once enough approvers have approved.
 */
export function stepOutcome(required: number, slots: readonly SlotStatus[]): StepOutcome {
  if (slots.includes('rejected')) return 'rejected';
  if (slots.includes('returned')) return 'returned';
  const approved = slots.filter((s) => s === 'approved').length;
  return approved >= required ? 'approved' : 'open';
}

/** When an open step (or task) reminds and escalates, counted from when it became active. */
export function reminderTimes(
  activatedAt: Date,
  timing: { reminderHours: number; escalationHours: number },
): { remindAt: Date; escalateAt: Date } {
  return {
    remindAt: new Date(activatedAt.getTime() + timing.reminderHours * 3_600_000),
    escalateAt: new Date(activatedAt.getTime() + timing.escalationHours * 3_600_000),
  };
}

/** A delegation applies on the business dates from its start to its end, both included. */
export function isDelegationActive(
  delegation: { startsOn: string; endsOn: string; revokedAt?: string | null },
  businessDay: string,
): boolean {
  return !delegation.revokedAt && delegation.startsOn <= businessDay && businessDay <= delegation.endsOn;
}

/** Fen of a yuan amount given as a decimal string ('49999.99' → 4999999), exactly. */
export function yuanToFen(yuan: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!match) throw new Error(`not a yuan amount: ${yuan}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

// ---------------------------------------------------------------------------------------
// Default policies

const companyRole = (role: Extract<ApproverSpec, { kind: 'role' }>['role']): ApproverSpec => ({
  kind: 'role',
  role,
  scope: 'company',
});
const regionRole = (role: Extract<ApproverSpec, { kind: 'role' }>['role']): ApproverSpec => ({
  kind: 'role',
  role,
  scope: 'region',
});
const single = (approver: ApproverSpec): PolicyStep => ({
  name: '',
  mode: 'single',
  required: null,
  approvers: [approver],
});
const step = (mode: StepMode, approvers: ApproverSpec[]): PolicyStep => ({
  name: '',
  mode,
  required: null,
  approvers,
});
const fen = (yuan: number) => yuan * 100;
const timing = { reminderHours: 24, escalationHours: 48, allowAddSigner: true };

/**
 * DOMAIN §5, amounts incl. VAT: below 50,000 → sales director; 50,000–200,000 inclusive →
 * sales director and finance manager (the finance role) in parallel, both must approve; above
 * 200,000 → sales director → legal → finance director → general manager in sequence.
 */
export const defaultContractPolicy: PolicyDefinition = {
  rules: [
    {
      name: '< 50,000',
      conditions: [{ field: 'amount', min: null, max: { value: fen(50_000), inclusive: false } }],
      steps: [single(companyRole('sales_director'))],
    },
    {
      name: '50,000 – 200,000',
      conditions: [
        {
          field: 'amount',
          min: { value: fen(50_000), inclusive: true },
          max: { value: fen(200_000), inclusive: true },
        },
      ],
      steps: [step('all_of', [companyRole('sales_director'), companyRole('finance')])],
    },
    {
      name: '> 200,000',
      conditions: [{ field: 'amount', min: { value: fen(200_000), inclusive: false }, max: null }],
      steps: [
        single(companyRole('sales_director')),
        single(companyRole('legal')),
        single(companyRole('finance_director')),
        single(companyRole('general_manager')),
      ],
    },
  ],
  ...timing,
};

const above = (yuan: number) => ({
  field: 'amount' as const,
  min: { value: fen(yuan), inclusive: false },
  max: null,
});
const catchAll = (name: string, steps: PolicyStep[]): PolicyRule => ({ name, conditions: [], steps });

/** The policy each document type starts with; an admin edits them (a new version each time). */
export const defaultPolicies: Record<DocumentType, PolicyDefinition> = {
  contract: defaultContractPolicy,
  sales_order: {
    rules: [
      { name: '> 200,000', conditions: [above(200_000)], steps: [single(companyRole('sales_director'))] },
      catchAll('other', [single(regionRole('regional_manager'))]),
    ],
    ...timing,
  },
  discount: {
    rules: [
      {
        name: '> 15 %',
        conditions: [{ field: 'discount', min: { value: 0.15, inclusive: false }, max: null }],
        steps: [single(regionRole('regional_manager')), single(companyRole('sales_director'))],
      },
      catchAll('≤ 15 %', [single(regionRole('regional_manager'))]),
    ],
    ...timing,
  },
  credit_limit_change: {
    rules: [
      {
        name: '> 1,000,000',
        conditions: [above(1_000_000)],
        steps: [single(companyRole('finance_director')), single(companyRole('general_manager'))],
      },
      catchAll('other', [single(companyRole('finance_director'))]),
    ],
    ...timing,
  },
  // DOMAIN §4: the credit module tags which level an over-limit order needs.
  credit_decision: {
    rules: [
      {
        name: 'regional manager',
        conditions: [{ field: 'tag', in: ['approver:regional_manager'] }],
        steps: [single(regionRole('regional_manager'))],
      },
      catchAll('finance director', [single(companyRole('finance_director'))]),
    ],
    ...timing,
  },
  write_off: { rules: [catchAll('all', [single(companyRole('finance_director'))])], ...timing },
  price_below_floor: {
    rules: [
      {
        name: '> 200,000',
        conditions: [above(200_000)],
        steps: [single(regionRole('regional_manager')), single(companyRole('sales_director'))],
      },
      catchAll('other', [single(regionRole('regional_manager'))]),
    ],
    ...timing,
  },
  purchase_order: {
    rules: [
      {
        name: '> 200,000',
        conditions: [above(200_000)],
        steps: [single(companyRole('finance_director')), single(companyRole('general_manager'))],
      },
      catchAll('other', [single(companyRole('finance_director'))]),
    ],
    ...timing,
  },
  replenishment: {
    rules: [
      {
        name: '> 200,000',
        conditions: [above(200_000)],
        steps: [single(companyRole('finance_director')), single(companyRole('general_manager'))],
      },
      catchAll('other', [single(companyRole('finance_director'))]),
    ],
    ...timing,
  },
  rebate_settlement: {
    rules: [catchAll('all', [single(companyRole('finance')), single(companyRole('finance_director'))])],
    ...timing,
  },
};
