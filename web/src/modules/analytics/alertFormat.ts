import type { Language } from '../../../../contracts/auth.ts';
import { EMPTY_VALUE, formatMoney, formatNumber, formatPercent } from '../../shared/format.ts';

/** A value of the semantic layer by its measure type: money in fen, rates as fractions. */
export function formatMeasureValue(type: string, value: number | null, lang: Language): string {
  if (value === null) return EMPTY_VALUE;
  if (type === 'money') return formatMoney(value, lang);
  if (type === 'rate') return formatPercent(value, lang);
  return formatNumber(value, lang);
}
