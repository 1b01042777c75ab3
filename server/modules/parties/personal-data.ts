import type { RequestContext } from '../../platform/auth-context.ts';

/** Roles whose work needs contacts' names and phone numbers (sales follow-up, collection calls). */
const rolesSeeingPersonalData = new Set([
  'admin',
  'sales_rep',
  'regional_manager',
  'sales_director',
  'general_manager',
  'finance',
]);

export function seesPersonalData(ctx: RequestContext): boolean {
  return ctx.roles.some((role) => rolesSeeingPersonalData.has(role));
}

/** 张三丰 → 张**; keeps the family name, which alone identifies nobody. */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\s/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const keepStart = Math.min(3, digits.length - 4);
  return digits.slice(0, keepStart) + '*'.repeat(digits.length - keepStart - 4) + digits.slice(-4);
}
