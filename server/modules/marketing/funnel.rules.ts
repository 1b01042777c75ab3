/** Pure rules of the funnel analysis beyond DOMAIN §7's formulas (which live in attribution.rules.ts). */
import { type FunnelStage, funnelStages, type StageConversion } from './attribution.rules.ts';

export interface ConversionWithTrailing extends StageConversion {
  /** Mean of the rates of the trailing periods that had deals at `from`; null when none had. */
  trailingRate: number | null;
}

/** Adds each transition's trailing average (the periods before the one analysed). */
export function withTrailingAverages(
  current: readonly StageConversion[],
  trailing: readonly (readonly StageConversion[])[],
): ConversionWithTrailing[] {
  return current.map((conversion, k) => {
    const rates = trailing
      .map((period) => period[k]?.rate)
      .filter((r): r is number => r !== null && r !== undefined);
    return {
      ...conversion,
      trailingRate: rates.length === 0 ? null : rates.reduce((a, b) => a + b, 0) / rates.length,
    };
  });
}

export interface Bottleneck {
  from: FunnelStage;
  to: FunnelStage;
  /** Rate − trailing rate (fraction points; negative = worse than usual). */
  gap: number;
}

/**
 * The bottleneck: the transition whose conversion is furthest below its trailing average (the
 * most negative gap; ties: the earlier stage). Null when no transition can be compared, or when
 * none is below its average.
 */
export function findBottleneck(conversions: readonly ConversionWithTrailing[]): Bottleneck | null {
  let worst: Bottleneck | null = null;
  for (const c of conversions) {
    if (c.rate === null || c.trailingRate === null) continue;
    const gap = c.rate - c.trailingRate;
    if (gap < 0 && (worst === null || gap < worst.gap)) worst = { from: c.from, to: c.to, gap };
  }
  return worst;
}

/** Equal-length periods immediately before [from, to], most recent first. */
export function trailingPeriods(from: string, to: string, count: number): { from: string; to: string }[] {
  const day = 86_400_000;
  const start = Date.parse(`${from}T00:00:00Z`);
  const length = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / day) + 1;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return Array.from({ length: count }, (_, i) => ({
    from: iso(start - (i + 1) * length * day),
    to: iso(start - i * length * day - day),
  }));
}

export function emptyReached(): Record<FunnelStage, number> {
  return Object.fromEntries(funnelStages.map((s) => [s, 0])) as Record<FunnelStage, number>;
}
