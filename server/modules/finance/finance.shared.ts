/** Small helpers every finance service uses. */
import type { RequestContext } from '../../platform/auth-context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Permission } from '../../platform/permissions.ts';

/** The acting user for created_by columns (null for the system). */
export function actorId(ctx: RequestContext): number | null {
  return ctx.userId > 0 ? ctx.userId : null;
}

/** Picks the message in the caller's language. */
export function say(ctx: RequestContext, en: string, zh: string): string {
  return ctx.lang === 'en' ? en : zh;
}

/** The document's exchange rate to CNY on its date (the one rule for every document). */
export { exchangeRateOn } from './exchange-rates/exchange-rates.service.ts';

/** A unique-index or check violation named `constraint` (to map races to clear errors). */
export function violates(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return (e.code === '23505' || e.code === '23514') && e.constraint === constraint;
}

/** For routes open to several roles: the caller needs at least one of these permissions. */
export function requireAnyPermission(ctx: RequestContext, ...needed: Permission[]): void {
  if (!needed.some((p) => ctx.permissions.includes(p))) throw new AppError('FORBIDDEN');
}

/** The later of two business dates (YYYY-MM-DD compares as text). */
export function laterDate(a: string, b: string): string {
  return a < b ? b : a;
}
