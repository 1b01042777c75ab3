import type { RevenueTarget, TargetYear } from '../../../../../contracts/targets.ts';

/** One row of the year grid: a region's own targets, or a rep's quotas (children of their region). */
export interface TargetGridRow {
  key: string;
  name: string;
  regionId: number;
  repId: number | null;
  /** By month 'YYYY-MM'. */
  targets: Map<string, RevenueTarget>;
  yearTotalFen: number;
  isEditable: boolean;
  children?: TargetGridRow[];
}

export const monthsOf = (year: number): string[] =>
  Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

/**
 * The grid's rows: each sales region (its own targets) with its reps below it (their quotas).
 * A rep's quota sits under the region it counts in, or under the rep's home region when the
 * rep has no quota that year.
 */
export function buildTargetGrid(data: TargetYear, regionLabel: (name: string) => string): TargetGridRow[] {
  const editable = new Set(data.editableRegionIds);
  const row = (key: string, name: string, regionId: number, repId: number | null, list: RevenueTarget[]) => ({
    key,
    name,
    regionId,
    repId,
    targets: new Map(list.map((t) => [t.month, t])),
    yearTotalFen: list.reduce((sum, t) => sum + t.amountFen, 0),
    isEditable: editable.has(regionId),
  });
  return data.regions.map((region) => {
    const own = data.targets.filter((t) => t.regionId === region.id && t.repId === null);
    const reps = data.reps
      .map((rep) => {
        const quotas = data.targets.filter((t) => t.repId === rep.id && t.regionId === region.id);
        const hasQuotaElsewhere = data.targets.some((t) => t.repId === rep.id && t.regionId !== region.id);
        const belongsHere = quotas.length > 0 || (rep.regionId === region.id && !hasQuotaElsewhere);
        return belongsHere ? row(`rep:${region.id}:${rep.id}`, rep.name, region.id, rep.id, quotas) : null;
      })
      .filter((r): r is TargetGridRow => r !== null);
    return {
      ...row(`region:${region.id}`, regionLabel(region.name), region.id, null, own),
      ...(reps.length > 0 ? { children: reps } : {}),
    };
  });
}
