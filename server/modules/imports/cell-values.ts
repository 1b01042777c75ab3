/**
 * Parsers for the text of one spreadsheet cell. Each returns the value or a problem in both
 * languages; none throws. Cells arrive trimmed and non-empty (blank cells never get here).
 */
import type { ImportProblemCode } from '../../../contracts/imports.ts';

export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; code: ImportProblemCode; en: string; zh: string };

export type CellParser<T> = (text: string) => Parsed<T>;

export function valid<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function invalid(code: ImportProblemCode, en: string, zh: string): Parsed<never> {
  return { ok: false, code, en, zh };
}

export function parseText(maxLength: number, minLength = 1): CellParser<string> {
  return (text) => {
    // UTF-16 length bounds the character count from above and at most doubles it: count
    // characters only when the quick bounds cannot decide (a million rows × 15 cells adds up).
    if (text.length <= maxLength && text.length >= minLength * 2) return valid(text);
    const length = [...text].length;
    if (length > maxLength)
      return invalid('BAD_FORMAT', `longer than ${maxLength} characters`, `超过 ${maxLength} 个字符`);
    if (length < minLength)
      return invalid('BAD_FORMAT', `shorter than ${minLength} characters`, `少于 ${minLength} 个字符`);
    return valid(text);
  };
}

/** Whole numbers; Excel often stores them as 30.0 or with thousands separators. */
export function parseInteger(min: number, max: number): CellParser<number> {
  return (text) => {
    const cleaned = text.replace(/[,，\s]/g, '').replace(/\.0+$/, '');
    if (!/^-?\d+$/.test(cleaned) || !Number.isSafeInteger(Number(cleaned))) {
      return invalid('BAD_FORMAT', 'expected a whole number', '应为整数');
    }
    const value = Number(cleaned);
    if (value < min || value > max) {
      return invalid(
        'BAD_FORMAT',
        `expected a number from ${min} to ${max}`,
        `应为 ${min} 至 ${max} 之间的数`,
      );
    }
    return valid(value);
  };
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', '对', '√', '✓', 'x']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', '不是', '×', '✗']);

export const parseBoolean: CellParser<boolean> = (text) => {
  const word = text.normalize('NFKC').toLowerCase();
  if (TRUE_WORDS.has(word)) return valid(true);
  if (FALSE_WORDS.has(word)) return valid(false);
  return invalid('BAD_ENUM', 'expected yes or no (是/否)', '应为“是”或“否”');
};

/**
 * An enumerated value, accepted by its code or by any alias (Chinese or English), ignoring
 * case, width and spaces. Aliases live in a Map, so odd cell text such as "__proto__" is just
 * an unknown word.
 */
export function parseEnum<T extends string | number>(
  aliases: Record<string, readonly string[]>,
  toValue: (key: string) => T,
) {
  const lookup = new Map<string, T>();
  for (const [key, words] of Object.entries(aliases)) {
    for (const word of [key, ...words]) lookup.set(enumWord(word), toValue(key));
  }
  for (const [key, words] of Object.entries(aliases)) {
    for (const word of [key, ...words]) lookup.set(word, toValue(key));
  }
  const allowed = Object.keys(aliases).join(', ');
  return (text: string): Parsed<T> => {
    // Exactly as written is the common case; normalising width and case is the fallback.
    const value = lookup.get(text) ?? lookup.get(enumWord(text));
    if (value === undefined)
      return invalid('BAD_ENUM', `expected one of ${allowed}`, `应为以下之一：${allowed}`);
    return valid(value);
  };
}

function enumWord(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar date as YYYY-MM-DD, from the forms Chinese spreadsheets use (2026-01-31, 2026/1/31, 2026年1月31日, 20260131). */
export const parseDate: CellParser<string> = (text) => {
  const match =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return invalid('BAD_FORMAT', 'expected a date such as 2026-12-31', '应为日期，如 2026-12-31');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isRealDate(year, month, day)) return invalid('BAD_FORMAT', 'no such date', '日期不存在');
  return valid(`${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
};

/**
 * An amount in yuan to integer fen, by string arithmetic so that no binary fraction ever
 * touches money: "1,234.5" → 123450. More than two decimals is refused rather than rounded.
 */
export const parseYuanToFen: CellParser<number> = (text) => {
  const cleaned = text.replace(/[,，\s¥￥]|元$/g, '');
  const match = /^(\d+)(?:\.(\d{0,2})0*)?$/.exec(cleaned);
  if (!match) {
    return invalid(
      'BAD_FORMAT',
      'expected an amount in yuan with at most 2 decimals',
      '应为金额（元），最多两位小数',
    );
  }
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return invalid('BAD_FORMAT', 'the amount is too large', '金额过大');
  return valid(fen);
};

/**
 * A rate as an exact decimal fraction string: "13%" and "0.13" both give "0.13". Kept as text
 * so that PostgreSQL's numeric receives exactly what the user wrote.
 */
export const parseRateFraction: CellParser<string> = (text) => {
  const cleaned = text.replace(/\s/g, '');
  const percent = /^(\d{1,2})(?:\.(\d{1,2}))?%$/.exec(cleaned);
  if (percent) {
    const digits = `${percent[1]!.padStart(2, '0')}${percent[2] ?? ''}`;
    return valid(trimFraction(`0.${digits}`));
  }
  const fraction = /^0?\.(\d{1,4})$|^0$/.exec(cleaned);
  if (fraction) return valid(trimFraction(cleaned === '0' ? '0' : `0.${fraction[1]}`));
  return invalid('BAD_FORMAT', 'expected a rate such as 13% or 0.13', '应为税率，如 13% 或 0.13');
};

function trimFraction(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') || '0' : value;
}
