/**
 * Yuan typed by a person ↔ integer fen, on strings so no binary floating point is involved:
 * parseYuanToFen('12.34') is exactly 1234, never 1233.9999.
 */

/** Largest amount we accept, in fen: keeps every value an exact JS integer. */
const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * '12.34' → 1234, '12.3' → 1230, '1,234' → 123400, ' 0.05 ' → 5.
 * Returns null for anything else: empty text, letters, more than two decimals, negatives, too large.
 */
export function parseYuanToFen(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '');
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!match) return null;
  const whole = match[1] ?? '0';
  const cents = (match[2] ?? '').padEnd(2, '0');
  const fen = BigInt(`${whole}${cents}`);
  return fen > MAX_FEN ? null : Number(fen);
}

/** 1234 → '12.34', 5 → '0.05', -150 → '-1.50': the text to put back into an input for editing. */
export function formatFenAsYuanInput(fen: number): string {
  if (!Number.isSafeInteger(fen)) return '';
  const sign = fen < 0 ? '-' : '';
  const abs = BigInt(Math.abs(fen));
  return `${sign}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
}
