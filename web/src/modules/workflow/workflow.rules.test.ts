import { describe, expect, it } from 'vitest';
import { policyDefinition } from '../../../../contracts/workflow.ts';
import {
  definitionToForm,
  fenToYuan,
  formToDefinition,
  percentToFraction,
  yuanToFen,
} from './workflow.rules.ts';

describe('policy form amounts', () => {
  it('converts yuan and fen exactly', () => {
    expect(yuanToFen('49999.99')).toBe(4_999_999);
    expect(yuanToFen('200000.01')).toBe(20_000_001);
    expect(yuanToFen(50000)).toBe(5_000_000);
    expect(yuanToFen('1.234')).toBeNull();
    expect(fenToYuan(4_999_999)).toBe('49999.99');
    expect(fenToYuan(5_000_000)).toBe('50000');
    expect(percentToFraction(15)).toBe(0.15);
    expect(percentToFraction('12.5')).toBe(0.125);
  });

  it('round-trips the DOMAIN §5 contract policy through the form', () => {
    const definition = policyDefinition.parse({
      reminderHours: 24,
      escalationHours: 48,
      allowAddSigner: true,
      rules: [
        {
          name: '< 50,000',
          conditions: [{ field: 'amount', min: null, max: { value: 5_000_000, inclusive: false } }],
          steps: [
            {
              name: '',
              mode: 'single',
              required: null,
              approvers: [{ kind: 'role', role: 'sales_director', scope: 'company' }],
            },
          ],
        },
        {
          name: 'discount',
          conditions: [
            { field: 'discount', min: { value: 0.15, inclusive: false }, max: null },
            { field: 'creditGrade', in: ['D', 'E'] },
          ],
          steps: [],
        },
      ],
    });
    const form = definitionToForm(definition);
    expect(form.rules[0]!.conditions[0]).toEqual({
      field: 'amount',
      min: { value: null, inclusive: true },
      max: { value: '50000', inclusive: false },
    });
    expect(form.rules[1]!.conditions[0]!.min).toEqual({ value: 15, inclusive: false });
    expect(formToDefinition(form)).toEqual(definition);
  });

  it('leaves out conditions with nothing chosen', () => {
    const definition = formToDefinition({
      reminderHours: 24,
      escalationHours: 48,
      allowAddSigner: false,
      rules: [
        {
          name: 'all',
          conditions: [
            { field: 'amount', min: { value: null, inclusive: true }, max: { value: '', inclusive: true } },
            { field: 'tag', in: [] },
          ],
          steps: [],
        },
      ],
    });
    expect(definition.rules[0]!.conditions).toEqual([]);
  });
});
