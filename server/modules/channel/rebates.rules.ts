/**
 * Distributor rebates of DOMAIN §10. Pure functions; amounts are integer fen (bigint) of net
 * sales (excl. VAT, net of returns) for the period; rates are whole basis points
 * (1 bp = 0.01%, so 3.5% = 350 bp), so every computation is exact.
 *
 * - A tier applies from its lower bound, inclusive, up to the next tier's lower bound.
 * - Retroactive: the rate of the tier that the period's sales reach applies to all the sales.
 * - Incremental: each tier's rate applies to the part of the sales inside that tier.
 * - Growth: a rate on the sales above last year's same period.
 * A rebate is rounded once, half up to the fen; the per-tier lines of a statement are that
 * rounded total split with `splitByWeights`, so the lines always add up to it. Net sales of
 * zero or less earn no rebate.
 */
import { splitByWeights } from '../shared/money-split.ts';

export interface RebateTier {
  /** Inclusive lower bound of the tier, fen of net sales. */
  fromFen: bigint;
  /** Whole basis points. */
  rateBp: number;
}

export interface TierLine {
  fromFen: bigint;
  /** Exclusive upper bound; null for the top tier. */
  toFen: bigint | null;
  rateBp: number;
  /** The sales the rate applies to on this line, fen. */
  baseFen: bigint;
  rebateFen: bigint;
}

export interface RebateResult {
  rebateFen: bigint;
  /** The statement lines the distributor reconciles against; they add up to `rebateFen`. */
  lines: TierLine[];
}

const BP_PER_UNIT = 10_000n;

/** Parses a percentage written as an exact decimal ('3.5' → 350 bp); more than two decimals are refused. */
export function percentToBasisPoints(percent: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(percent.trim());
  if (!match) throw new RangeError(`not a percentage with at most two decimals: "${percent}"`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function assertRate(rateBp: number): bigint {
  if (!Number.isSafeInteger(rateBp) || rateBp < 0)
    throw new RangeError('a rate must be whole basis points ≥ 0');
  return BigInt(rateBp);
}

/** Tiers sorted by lower bound; bounds must be distinct and non-negative. */
export function validateTiers(tiers: readonly RebateTier[]): RebateTier[] {
  if (tiers.length === 0) throw new RangeError('a rebate needs at least one tier');
  const sorted = [...tiers].sort((a, b) => (a.fromFen < b.fromFen ? -1 : a.fromFen > b.fromFen ? 1 : 0));
  sorted.forEach((tier, i) => {
    assertRate(tier.rateBp);
    if (tier.fromFen < 0n) throw new RangeError('a tier cannot start below 0');
    if (i > 0 && tier.fromFen === sorted[i - 1]!.fromFen)
      throw new RangeError('two tiers start at the same amount');
  });
  return sorted;
}

/** amount × rate ÷ 10,000, rounded half up to the fen (amount ≥ 0). */
function applyRate(amountFen: bigint, rateBp: bigint): bigint {
  return (amountFen * rateBp * 2n + BP_PER_UNIT) / (BP_PER_UNIT * 2n);
}

/** Index of the tier the sales reach in sorted tiers: the last whose lower bound is ≤ the sales; -1 below the first. */
function reachedIndex(sorted: readonly RebateTier[], salesFen: bigint): number {
  let reached = -1;
  sorted.forEach((tier, i) => {
    if (tier.fromFen <= salesFen) reached = i;
  });
  return reached;
}

/** The tier the sales reach; null below the first tier. */
export function tierReached(tiers: readonly RebateTier[], salesFen: bigint): RebateTier | null {
  const sorted = validateTiers(tiers);
  return sorted[reachedIndex(sorted, salesFen)] ?? null;
}

/** Retroactive rebate: the reached tier's rate on all the sales. */
export function retroactiveRebate(tiers: readonly RebateTier[], salesFen: bigint): RebateResult {
  const sorted = validateTiers(tiers);
  const index = reachedIndex(sorted, salesFen);
  const tier = sorted[index];
  if (!tier || salesFen <= 0n) return { rebateFen: 0n, lines: [] };
  const rebateFen = applyRate(salesFen, assertRate(tier.rateBp));
  const toFen = sorted[index + 1]?.fromFen ?? null;
  return {
    rebateFen,
    lines: [{ fromFen: tier.fromFen, toFen, rateBp: tier.rateBp, baseFen: salesFen, rebateFen }],
  };
}

/** Incremental rebate: each tier's rate on the part of the sales within the tier. */
export function incrementalRebate(tiers: readonly RebateTier[], salesFen: bigint): RebateResult {
  const sorted = validateTiers(tiers);
  const lines = sorted.map((tier, i) => {
    const toFen = sorted[i + 1]?.fromFen ?? null;
    const top = toFen === null || salesFen < toFen ? salesFen : toFen;
    const baseFen = top > tier.fromFen ? top - tier.fromFen : 0n;
    return { fromFen: tier.fromFen, toFen, rateBp: tier.rateBp, baseFen, rebateFen: 0n };
  });
  // Exact total in fen × 10,000, rounded once; the lines share it by their exact amounts.
  const weights = lines.map((l) => l.baseFen * assertRate(l.rateBp));
  const exact = weights.reduce((a, b) => a + b, 0n);
  if (exact === 0n) return { rebateFen: 0n, lines };
  const rebateFen = (exact * 2n + BP_PER_UNIT) / (BP_PER_UNIT * 2n);
  const shares = splitByWeights(rebateFen, weights);
  return { rebateFen, lines: lines.map((l, i) => ({ ...l, rebateFen: shares[i]! })) };
}

/** Growth rebate: the rate on the sales above last year's same period (nothing when not above). */
export function growthRebate(rateBp: number, salesFen: bigint, lastYearSamePeriodFen: bigint): RebateResult {
  const rate = assertRate(rateBp);
  const baseFen = salesFen > lastYearSamePeriodFen ? salesFen - lastYearSamePeriodFen : 0n;
  if (baseFen === 0n || salesFen <= 0n) return { rebateFen: 0n, lines: [] };
  const rebateFen = applyRate(baseFen, rate);
  return {
    rebateFen,
    lines: [{ fromFen: lastYearSamePeriodFen, toFen: null, rateBp, baseFen, rebateFen }],
  };
}

export type RebateScheme =
  | { kind: 'retroactive'; tiers: RebateTier[] }
  | { kind: 'incremental'; tiers: RebateTier[] }
  | { kind: 'growth'; rateBp: number; lastYearSamePeriodFen: bigint };

export function computeRebate(scheme: RebateScheme, salesFen: bigint): RebateResult {
  switch (scheme.kind) {
    case 'retroactive':
      return retroactiveRebate(scheme.tiers, salesFen);
    case 'incremental':
      return incrementalRebate(scheme.tiers, salesFen);
    case 'growth':
      return growthRebate(scheme.rateBp, salesFen, scheme.lastYearSamePeriodFen);
  }
}

/** A month's accrual at the expected rate (bp), half up to the fen; nothing on net returns. */
export function accrueMonth(monthNetSalesFen: bigint, expectedRateBp: number): bigint {
  return monthNetSalesFen > 0n ? applyRate(monthNetSalesFen, assertRate(expectedRateBp)) : 0n;
}

export interface QuarterSettlement extends RebateResult {
  salesFen: bigint;
  accruedFen: bigint;
  /** Rebate − accrued: positive tops the accrual up, negative releases the excess. */
  adjustmentFen: bigint;
}

/**
 * Settles a quarter: the rebate earned on the quarter's net sales under the scheme, against
 * what was accrued month by month, with the statement lines the distributor reconciles.
 */
export function settleQuarter(
  scheme: RebateScheme,
  monthlyNetSalesFen: readonly bigint[],
  accruedFen: bigint,
): QuarterSettlement {
  const salesFen = monthlyNetSalesFen.reduce((a, b) => a + b, 0n);
  const result = computeRebate(scheme, salesFen);
  return { ...result, salesFen, accruedFen, adjustmentFen: result.rebateFen - accruedFen };
}
