/**
 * Exchange rates, pure. A rate is CNY per one unit of a currency on a date; a document takes
 * the rate of its date — the latest rate on file on or before that date — so rates entered on
 * business days (or once a month) cover the days after them. A rate older than
 * RATE_MAX_AGE_DAYS is stale and is not used: the document needs a newer rate first.
 */
import { daysBetween } from '../../../platform/dates.ts';

export const COMPANY_CURRENCY = 'CNY';

/** A monthly rate covers its month; anything older is stale. */
export const RATE_MAX_AGE_DAYS = 31;

const RATE_DECIMALS = 8;

/** Exact decimal text with 8 decimals ('7.1234' → '7.12340000'), as the documents store it. */
export function normalizeRate(text: string): string {
  const match = /^(\d+)(?:\.(\d{0,8}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not a rate with at most ${RATE_DECIMALS} decimals: "${text}"`);
  const whole = BigInt(match[1]!).toString();
  const fraction = (match[2] ?? '').padEnd(RATE_DECIMALS, '0');
  return `${whole}.${fraction}`;
}

export type RateChoice =
  | { kind: 'company_currency'; rate: string }
  | { kind: 'found'; rate: string; rateDate: string }
  | { kind: 'missing'; latestRateDate: string | null };

/**
 * The rate of a document's date given the latest rate on or before it (or none): the company
 * currency is always 1; a rate older than RATE_MAX_AGE_DAYS counts as missing.
 */
export function chooseRate(
  currency: string,
  documentDate: string,
  latest: { rate: string; rateDate: string } | null,
): RateChoice {
  if (currency === COMPANY_CURRENCY) return { kind: 'company_currency', rate: normalizeRate('1') };
  if (!latest) return { kind: 'missing', latestRateDate: null };
  if (latest.rateDate > documentDate || daysBetween(latest.rateDate, documentDate) > RATE_MAX_AGE_DAYS) {
    return { kind: 'missing', latestRateDate: latest.rateDate };
  }
  return { kind: 'found', rate: normalizeRate(latest.rate), rateDate: latest.rateDate };
}
