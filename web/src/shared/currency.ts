import type { Language } from '../../../contracts/auth.ts';
import { EMPTY_VALUE, formatMoney } from './format.ts';

/** The currencies documents are kept in (SPEC §2.2): the company's, and what imports are bought in. */
export const documentCurrencies = ['CNY', 'USD', 'EUR'] as const;
export const COMPANY_CURRENCY = 'CNY';

/**
 * An amount in minor units of a document's currency: ¥1,234.56 for CNY, USD 1,234.56 otherwise.
 * Every currency Pulse handles has two decimals, so the digits come from the exact fen formatter.
 */
export function formatAmount(minor: number, currency: string, lang: Language): string {
  if (!Number.isFinite(minor)) return EMPTY_VALUE;
  if (currency === COMPANY_CURRENCY) return formatMoney(minor, lang);
  return `${currency} ${formatMoney(minor, lang, { symbol: false })}`;
}

/** quantity × unit price in minor units, exact (BigInt); null when the product leaves the safe-integer range. */
export function multiplyMinor(quantity: number, unitPrice: number): number | null {
  if (!Number.isSafeInteger(quantity) || !Number.isSafeInteger(unitPrice)) return null;
  const product = BigInt(quantity) * BigInt(unitPrice);
  return product > BigInt(Number.MAX_SAFE_INTEGER) || product < -BigInt(Number.MAX_SAFE_INTEGER)
    ? null
    : Number(product);
}

/** The exact sum of integer minor units; null when it leaves the safe-integer range. */
export function sumMinor(amounts: readonly number[]): number | null {
  let total = 0n;
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount)) return null;
    total += BigInt(amount);
  }
  return total > BigInt(Number.MAX_SAFE_INTEGER) || total < -BigInt(Number.MAX_SAFE_INTEGER)
    ? null
    : Number(total);
}
