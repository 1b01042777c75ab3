import type { TFunction } from 'i18next';
import type { Customer } from '../../../../contracts/customers.ts';

/** 医院 · 三级甲等 / 经销商 · 一级经销商 / 诊所. */
export function describeCustomerType(
  customer: Pick<Customer, 'type' | 'hospitalGrade' | 'distributorLevel'>,
  t: TFunction,
) {
  const type = t(`customers.types.${customer.type}`);
  if (customer.type === 'hospital' && customer.hospitalGrade) {
    return { type, detail: t(`customers.grades.${customer.hospitalGrade}`) };
  }
  if (customer.type === 'distributor' && customer.distributorLevel) {
    return { type, detail: t(`customers.levels.${levelKey(customer.distributorLevel)}`) };
  }
  return { type, detail: null };
}

export function levelKey(level: number): '1' | '2' | '3' {
  return level === 1 ? '1' : level === 2 ? '2' : '3';
}

export const customerTypeColours = {
  hospital: 'blue',
  clinic: 'cyan',
  distributor: 'gold',
  agent: 'purple',
} as const;

/** The server masks contacts for roles that do not need them (张** / 138****5678). */
export function isMasked(value: string | null): boolean {
  return value?.includes('*') ?? false;
}
