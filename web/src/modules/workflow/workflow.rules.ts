/**
 * Pure helpers of the workflow screens: exact yuan ↔ fen for the policy form, and converting a
 * policy definition to the form's values and back (amounts in yuan, discounts in percent).
 */
import type { PolicyCondition, PolicyDefinition, PolicyStep } from '../../../../contracts/workflow.ts';

/** '49999.99' → 4999999; null when it is not an amount with at most two decimals. */
export function yuanToFen(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(String(text).trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 4999999 → '49999.99'; 5000000 → '50000'. */
export function fenToYuan(fen: number): string {
  const whole = Math.trunc(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0')}`;
}

/** 15 (%) → 0.15, exact to four decimals of the fraction. */
export function percentToFraction(percent: number | string): number {
  return Math.round(Number(percent) * 100) / 10_000;
}

export function fractionToPercent(fraction: number): number {
  return Math.round(fraction * 10_000) / 100;
}

interface FormBound {
  value: string | number | null;
  inclusive: boolean;
}

export interface FormCondition {
  field: PolicyCondition['field'];
  min?: FormBound;
  max?: FormBound;
  in?: (string | number)[];
}

export interface FormRule {
  name: string;
  conditions: FormCondition[];
  steps: PolicyStep[];
}

export interface PolicyForm {
  rules: FormRule[];
  reminderHours: number;
  escalationHours: number;
  allowAddSigner: boolean;
}

function boundToForm(
  bound: { value: number; inclusive: boolean } | null,
  toText: (v: number) => string | number,
) {
  return bound
    ? { value: toText(bound.value), inclusive: bound.inclusive }
    : { value: null, inclusive: true };
}

export function definitionToForm(definition: PolicyDefinition): PolicyForm {
  return {
    ...definition,
    rules: definition.rules.map((rule) => ({
      name: rule.name,
      steps: rule.steps,
      conditions: rule.conditions.map((c): FormCondition => {
        if (c.field === 'amount')
          return { field: c.field, min: boundToForm(c.min, fenToYuan), max: boundToForm(c.max, fenToYuan) };
        if (c.field === 'discount') {
          return {
            field: c.field,
            min: boundToForm(c.min, fractionToPercent),
            max: boundToForm(c.max, fractionToPercent),
          };
        }
        return { field: c.field, in: [...c.in] };
      }),
    })),
  };
}

function boundFromForm(bound: FormBound | undefined, convert: (v: string | number) => number | null) {
  if (!bound || bound.value === null || bound.value === '' || bound.value === undefined) return null;
  const value = convert(bound.value);
  return value === null ? null : { value, inclusive: bound.inclusive };
}

/** The definition the API takes; conditions with nothing chosen are left out. */
export function formToDefinition(form: PolicyForm): PolicyDefinition {
  return {
    reminderHours: Number(form.reminderHours),
    escalationHours: Number(form.escalationHours),
    allowAddSigner: !!form.allowAddSigner,
    rules: (form.rules ?? []).map((rule) => ({
      name: rule.name,
      steps: (rule.steps ?? []).map((step) => ({
        name: step.name ?? '',
        mode: step.mode,
        required: step.mode === 'n_of_m' ? Number(step.required ?? 1) : null,
        approvers: (step.approvers ?? []).map((a) =>
          a.kind === 'role'
            ? { kind: 'role', role: a.role, scope: a.scope ?? 'company' }
            : { kind: 'user', userId: a.userId },
        ),
      })),
      conditions: (rule.conditions ?? []).flatMap((c): PolicyCondition[] => {
        if (c.field === 'amount' || c.field === 'discount') {
          const convert = c.field === 'amount' ? yuanToFen : (v: string | number) => percentToFraction(v);
          const min = boundFromForm(c.min, convert);
          const max = boundFromForm(c.max, convert);
          if (!min && !max) return [];
          return [{ field: c.field, min, max }];
        }
        if (!c.in || c.in.length === 0) return [];
        return [{ field: c.field, in: c.in } as PolicyCondition];
      }),
    })),
  };
}
