/** Price lists and sales contracts on screen, pure: line drafts, validity, server errors → fields. */
import type { CurrentUser } from '../../../../contracts/auth.ts';
import { parseYuanToFen } from '../../shared/money.ts';

/** Floor prices are ours: company staff who read products see them, distributor users never. */
export function canSeeFloorPrice(user: Pick<CurrentUser, 'distributorId' | 'permissions'>): boolean {
  return user.distributorId === null && user.permissions.includes('products:read');
}

/** Price lists and contracts are created and changed by those who set prices (as the server enforces). */
export function canSetPrices(user: Pick<CurrentUser, 'permissions'>): boolean {
  return user.permissions.includes('pricing:write');
}

/** One price line as typed: a product and a unit price in yuan (major units). */
export interface PriceLineDraft {
  key: string;
  productId: number | undefined;
  /** As typed, e.g. '12.50'; parsed to minor units on save. */
  price: string;
}

export type PriceLineProblem = 'product' | 'price' | 'duplicate';

/** What is wrong with each line, by key: no product, no valid price, or a product listed twice. */
export function priceLineProblems(lines: readonly PriceLineDraft[]): Map<string, PriceLineProblem[]> {
  const counts = new Map<number, number>();
  for (const line of lines) {
    if (line.productId !== undefined) counts.set(line.productId, (counts.get(line.productId) ?? 0) + 1);
  }
  const problems = new Map<string, PriceLineProblem[]>();
  for (const line of lines) {
    const found: PriceLineProblem[] = [];
    if (line.productId === undefined) found.push('product');
    else if ((counts.get(line.productId) ?? 0) > 1) found.push('duplicate');
    if (parseYuanToFen(line.price) === null) found.push('price');
    if (found.length > 0) problems.set(line.key, found);
  }
  return problems;
}

/** The lines as the API takes them; null while any line has a problem. */
export function toPriceInputs(
  lines: readonly PriceLineDraft[],
): { productId: number; unitPrice: number }[] | null {
  if (priceLineProblems(lines).size > 0) return null;
  return lines.map((line) => ({
    productId: line.productId ?? 0,
    unitPrice: parseYuanToFen(line.price) ?? 0,
  }));
}

/** Same products at the same prices, in any order: nothing to save. */
export function isSamePriceSet(
  a: readonly { productId: number; unitPrice: number }[],
  b: readonly { productId: number; unitPrice: number }[],
): boolean {
  if (a.length !== b.length) return false;
  const prices = new Map(a.map((item) => [item.productId, item.unitPrice]));
  return b.every((item) => prices.get(item.productId) === item.unitPrice);
}

export type ValidityState = 'upcoming' | 'current' | 'expired';

/** Where today falls in a validity period (ISO dates; an open end never expires). */
export function validityState(validFrom: string, validUntil: string | null, today: string): ValidityState {
  if (today < validFrom) return 'upcoming';
  if (validUntil !== null && today > validUntil) return 'expired';
  return 'current';
}

/**
 * The form field a server error is about: details.field when the service names it, the first
 * schema issue's path (/validUntil, /items/0/unitPrice → items) otherwise, and `code` for a
 * duplicate code (the one unique field of a price list).
 */
export function fieldOfServerError(
  error: { code?: string; details?: Record<string, unknown> } | undefined,
  fieldNames: readonly string[],
  aliases: Record<string, string> = {},
): string | undefined {
  if (!error) return undefined;
  const candidates: string[] = [];
  const named = error.details?.field;
  if (typeof named === 'string') candidates.push(named);
  const issues = error.details?.issues;
  if (Array.isArray(issues)) {
    for (const issue of issues) {
      const path = (issue as { path?: unknown }).path;
      if (typeof path === 'string') {
        const first = path.split('/').find((part) => part !== '');
        if (first) candidates.push(first);
      }
    }
  }
  if (error.code === 'DUPLICATE') candidates.push('code');
  for (const candidate of candidates) {
    const field = aliases[candidate] ?? candidate;
    if (fieldNames.includes(field)) return field;
  }
  return undefined;
}
