/**
 * Product portfolio (growth–share matrix) of DOMAIN §9. Pure functions; sales are net sales in
 * integer fen (bigint) for the period and for the same period a year earlier.
 *
 * - Relative share = the line's sales ÷ the largest line's sales; for the largest line it is
 *   its sales ÷ the second largest's.
 * - Growth = (sales − prior-year sales) ÷ prior-year sales.
 * - High share: relative share ≥ the share cut-off (default 1.0, i.e. the leader, or a line
 *   tied with the leader). High growth: growth ≥ the growth cut-off (default 10%). Both
 *   cut-offs are inclusive and compared exactly in integers.
 * - star = high share and high growth; cash cow = high share, low growth; question mark = low
 *   share, high growth; dog = low share, low growth.
 *
 * Edge cases, decided here:
 * - A line without prior-year sales (none, or not positive) but with sales now has undefined growth
 *   (`growth: null`, `isNewLine: true`) and is treated as high growth: a newly launched line is
 *   by nature in its growth phase, so it is a star or a question mark. A line with no sales in
 *   either year has growth 0.
 * - The largest line has no one to compare with when it is the only line, or when every other
 *   line sold nothing: its relative share is undefined (`relativeShare: null`) and it counts
 *   as high share (it holds the whole portfolio's sales).
 * - When no line sold anything, every relative share is 0 (low share).
 * - Lines tied for the largest compare with each other: relative share 1.0 each.
 */

export interface PortfolioLine {
  lineId: string;
  salesFen: bigint;
  /** Net sales of the same period a year earlier; null when the line did not exist. */
  priorYearSalesFen: bigint | null;
}

/** Cut-offs are configuration (stored as data); basis points, 10,000 = 1.0 = 100%. */
export interface PortfolioCutoffs {
  relativeShareBp: number;
  growthBp: number;
}

export const defaultPortfolioCutoffs: PortfolioCutoffs = { relativeShareBp: 10_000, growthBp: 1_000 };

export type PortfolioQuadrant = 'star' | 'cash_cow' | 'question_mark' | 'dog';

export interface PortfolioPosition {
  lineId: string;
  salesFen: bigint;
  /** For display; null when undefined (see above). */
  relativeShare: number | null;
  /** Year-over-year growth as a fraction (0.1 = 10%), for display; null when undefined. */
  growth: number | null;
  isNewLine: boolean;
  isHighShare: boolean;
  isHighGrowth: boolean;
  quadrant: PortfolioQuadrant;
}

function toBp(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be whole basis points`);
  return BigInt(value);
}

/** Places every line in the growth–share matrix; lines keep their input order. */
export function classifyPortfolio(
  lines: readonly PortfolioLine[],
  cutoffs: PortfolioCutoffs = defaultPortfolioCutoffs,
): PortfolioPosition[] {
  const shareCut = toBp(cutoffs.relativeShareBp, 'relativeShareBp');
  const growthCut = toBp(cutoffs.growthBp, 'growthBp');
  const ranked = lines.map((l) => l.salesFen).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const largest = ranked[0] ?? 0n;
  const second = ranked[1] ?? 0n;

  return lines.map((line) => {
    const sales = line.salesFen;
    // The leader (first of the ranking) compares with the runner-up; a tied line equals the
    // leader and so compares with another line of the same sales.
    const base = sales === largest ? second : largest;
    let relativeShare: number | null;
    let isHighShare: boolean;
    if (sales <= 0n) {
      relativeShare = 0;
      isHighShare = false;
    } else if (base <= 0n) {
      relativeShare = null;
      isHighShare = true;
    } else {
      relativeShare = Number(sales) / Number(base);
      isHighShare = sales * 10_000n >= shareCut * base;
    }

    const prior = line.priorYearSalesFen ?? 0n;
    let growth: number | null;
    let isHighGrowth: boolean;
    const isNewLine = prior <= 0n && sales > 0n;
    if (isNewLine) {
      growth = null;
      isHighGrowth = true;
    } else if (prior <= 0n) {
      growth = 0;
      isHighGrowth = growthCut === 0n;
    } else {
      growth = Number(sales - prior) / Number(prior);
      isHighGrowth = (sales - prior) * 10_000n >= growthCut * prior;
    }

    return {
      lineId: line.lineId,
      salesFen: sales,
      relativeShare,
      growth,
      isNewLine,
      isHighShare,
      isHighGrowth,
      quadrant: quadrantOf(isHighShare, isHighGrowth),
    };
  });
}

export function quadrantOf(isHighShare: boolean, isHighGrowth: boolean): PortfolioQuadrant {
  if (isHighShare) return isHighGrowth ? 'star' : 'cash_cow';
  return isHighGrowth ? 'question_mark' : 'dog';
}
