import type { Language } from '../../../contracts/auth.ts';

/** Business dates and times are shown in the company's zone, whatever the browser's zone. */
export const COMPANY_TIME_ZONE = 'Asia/Shanghai';
/** Shown for values that cannot be formatted (NaN, Infinity, unparsable dates). */
export const EMPTY_VALUE = '—';

interface Tier {
  value: number;
  suffix: string;
}

// Largest first. Chinese groups by 10^4 (万, 亿); English by 10^3.
const compactTiers: Record<Language, Tier[]> = {
  'zh-CN': [
    { value: 100_000_000, suffix: '亿' },
    { value: 10_000, suffix: '万' },
  ],
  en: [
    { value: 1_000_000_000, suffix: 'B' },
    { value: 1_000_000, suffix: 'M' },
    { value: 1_000, suffix: 'K' },
  ],
};

const intlLocale: Record<Language, string> = { 'zh-CN': 'zh-CN', en: 'en-US' };
const monthAbbreviations = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Non-negative integer division rounded half up. */
function divideRounded(dividend: bigint, divisor: bigint): bigint {
  return (dividend * 2n + divisor) / (divisor * 2n);
}

/** 123456n hundredths → '1,234.56'. */
function hundredthsToString(hundredths: bigint): string {
  const whole = groupThousands((hundredths / 100n).toString());
  return `${whole}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}

export interface MoneyFormatOptions {
  /** 123.46万 / 1.23M instead of every digit. */
  compact?: boolean;
  /** Prefix ¥; by default on for full amounts and off for compact ones. */
  symbol?: boolean;
}

/**
 * Formats an amount of integer fen as yuan. The arithmetic is done on integers so the
 * digits shown are exact: 10 fen → ¥0.10, 123456789 fen → ¥1,234,567.89 (compact: 123.46万 / 1.23M).
 */
export function formatMoney(fen: number, lang: Language, options: MoneyFormatOptions = {}): string {
  if (!Number.isFinite(fen)) return EMPTY_VALUE;
  const { compact = false, symbol = !compact } = options;
  const value = BigInt(Math.round(fen));
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  let body = hundredthsToString(abs);
  if (compact) {
    for (const tier of compactTiers[lang]) {
      // A hundredth of a tier unit (e.g. 0.01万 yuan) is exactly tier.value fen.
      const hundredths = divideRounded(abs, BigInt(tier.value));
      if (hundredths >= 100n) {
        body = `${hundredthsToString(hundredths)}${tier.suffix}`;
        break;
      }
    }
  }
  return `${sign}${symbol ? '¥' : ''}${body}`;
}

export interface NumberFormatOptions {
  compact?: boolean;
  /** Fixed number of decimals; by default up to 2 (and exactly 2 on a compact tier). */
  decimals?: number;
}

function numberFormat(lang: Language, decimals: number | undefined): Intl.NumberFormat {
  const digits =
    decimals === undefined
      ? { maximumFractionDigits: 2 }
      : { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  return new Intl.NumberFormat(intlLocale[lang], digits);
}

export function formatNumber(n: number, lang: Language, options: NumberFormatOptions = {}): string {
  if (!Number.isFinite(n)) return EMPTY_VALUE;
  const { compact = false, decimals } = options;
  if (compact) {
    const tierDecimals = decimals ?? 2;
    const factor = 10 ** tierDecimals;
    for (const tier of compactTiers[lang]) {
      const scaled = n / tier.value;
      if (Math.round(Math.abs(scaled) * factor) >= factor) {
        return `${numberFormat(lang, tierDecimals).format(scaled)}${tier.suffix}`;
      }
    }
  }
  return numberFormat(lang, decimals).format(n);
}

/**
 * A chart axis's tick: in 万/亿 (K/M in English) with one decimal once it reaches one such unit
 * ("8,000.0万" reads at a glance where "80,000,000" does not), plain below it, with at most
 * `decimalsBelowUnit` decimals there (default: up to 2).
 */
export function formatAxisValue(value: number, lang: Language, decimalsBelowUnit?: number): string {
  const compactFrom = lang === 'en' ? 1_000 : 10_000;
  if (Math.abs(value) < compactFrom) return formatNumber(value, lang, { decimals: decimalsBelowUnit });
  return formatNumber(value, lang, { compact: true, decimals: 1 });
}

/** A fraction (0.123) as a percentage (12.3%). */
export function formatPercent(fraction: number, lang: Language, decimals = 1): string {
  if (!Number.isFinite(fraction)) return EMPTY_VALUE;
  return new Intl.NumberFormat(intlLocale[lang], {
    style: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(fraction);
}

interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function partsInZone(instant: Date, timeZone: string): DateTimeParts {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

function parseDateOrInstant(value: string, timeZone: string): DateTimeParts | null {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (dateOnly) {
    // A business date has no zone: show its digits as they are.
    return {
      year: Number(dateOnly[1]),
      month: Number(dateOnly[2]),
      day: Number(dateOnly[3]),
      hour: 0,
      minute: 0,
    };
  }
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : partsInZone(instant, timeZone);
}

const pad2 = (n: number) => n.toString().padStart(2, '0');

function dateText({ year, month, day }: DateTimeParts, lang: Language): string {
  if (lang === 'en') return `${day} ${monthAbbreviations[month - 1]} ${year}`;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

export interface DateFormatOptions {
  timeZone?: string;
}

/** 'YYYY-MM-DD' or an ISO instant → zh: 2026-11-23, en: 23 Nov 2026. Unparsable input is returned as is. */
export function formatDate(value: string, lang: Language, options: DateFormatOptions = {}): string {
  const parts = parseDateOrInstant(value, options.timeZone ?? COMPANY_TIME_ZONE);
  return parts ? dateText(parts, lang) : value;
}

/** An ISO instant → zh: 2026-11-23 14:05, en: 23 Nov 2026, 14:05 (24-hour clock). */
export function formatDateTime(value: string, lang: Language, options: DateFormatOptions = {}): string {
  const parts = parseDateOrInstant(value, options.timeZone ?? COMPANY_TIME_ZONE);
  if (!parts) return value;
  const time = `${pad2(parts.hour)}:${pad2(parts.minute)}`;
  return lang === 'en' ? `${dateText(parts, lang)}, ${time}` : `${dateText(parts, lang)} ${time}`;
}

/** Today's business date (YYYY-MM-DD) in the company's zone, e.g. to tell whether a certificate has expired. */
export function businessToday(now: Date = new Date(), timeZone: string = COMPANY_TIME_ZONE): string {
  const { year, month, day } = partsInZone(now, timeZone);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}
