/**
 * Expected credit loss from the company's own history (a suggestion for the configurable loss
 * matrix of DOMAIN §4): of the balance that sat in an aging bucket at past month-ends, the share
 * later written off. Pure: no I/O.
 */
import { type AgingBucket, agingBuckets } from '../../../contracts/finance.ts';

/** What was open in one aging bucket at one month-end, and how much of it was written off after. */
export interface BucketObservation {
  monthEnd: string;
  bucket: AgingBucket;
  balanceFen: number;
  /** Approved write-offs dated after the month-end (up to the as-of date), at most the balance. */
  laterWrittenOffFen: number;
}

export interface HistoricalLossRate {
  buckets: AgingBucket[];
  balanceFen: number;
  writtenOffFen: number;
  /** writtenOff ÷ balance, four decimals (half up) like the matrix; null without any balance. */
  lossRate: number | null;
}

/**
 * Loss rate per group of buckets (each bucket alone by default; pass the matrix's rows to merge
 * them as it does), pooled over all month-ends: Σ written off later ÷ Σ balance. Pooling weighs
 * each month-end by its balance, so a small month cannot swing the rate; a receivable open at
 * several month-ends counts at each, in the bucket it was in then.
 */
export function historicalLossRates(
  observations: readonly BucketObservation[],
  groups: readonly (readonly AgingBucket[])[] = agingBuckets.map((b) => [b]),
): HistoricalLossRate[] {
  const covered = groups.flat();
  if (new Set(covered).size !== covered.length) throw new RangeError('a bucket may belong to one group only');
  return groups.map((group) => {
    let balanceFen = 0;
    let writtenOffFen = 0;
    for (const o of observations) {
      if (!group.includes(o.bucket)) continue;
      balanceFen += o.balanceFen;
      writtenOffFen += Math.min(o.laterWrittenOffFen, o.balanceFen);
    }
    return { buckets: [...group], balanceFen, writtenOffFen, lossRate: ratioOf(writtenOffFen, balanceFen) };
  });
}

/** a ÷ b rounded half up to four decimals, in exact integers (fen sums may pass 2^53 ÷ 10,000). */
function ratioOf(a: number, b: number): number | null {
  if (b <= 0) return null;
  const tenThousandths = (BigInt(a) * 20_000n + BigInt(b)) / (2n * BigInt(b));
  return Number(tenThousandths) / 10_000;
}

/**
 * The month-ends to observe, oldest first: `months` of them, the newest at the end of the month
 * `maturityMonths` + 1 months before the as-of month. Skipping recent month-ends leaves their
 * receivables time to be either paid or written off; a month-end too recent to have run its
 * course would understate the rates.
 */
export function observedMonthEnds(asOf: string, months: number, maturityMonths: number): string[] {
  const asOfIndex = Number(asOf.slice(0, 4)) * 12 + Number(asOf.slice(5, 7)) - 1;
  const ends: string[] = [];
  for (let back = maturityMonths + months; back > maturityMonths; back--) {
    const index = asOfIndex - back; // the month whose last day we want
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    ends.push(`${year}-${String(month).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`);
  }
  return ends;
}
