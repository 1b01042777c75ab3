/** Finds a region by what people write in a spreadsheet: its code, Chinese or English name. Pure. */
import type { RegionRef } from './customers.import-store.ts';

export type RegionMatch = { kind: 'found'; id: number } | { kind: 'unknown' } | { kind: 'ambiguous' };

export interface RegionIndex {
  resolve(text: string): RegionMatch;
}

/** 上海市 = 上海, 广西壮族自治区 = 广西: the administrative suffix is written or dropped at will. */
export function normalizeRegionName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$/, '');
}

function addTo(index: Map<string, Set<number>>, key: string, id: number) {
  if (key === '') return;
  const ids = index.get(key) ?? new Set<number>();
  ids.add(id);
  index.set(key, ids);
}

export function buildRegionIndex(regions: readonly RegionRef[]): RegionIndex {
  const byCode = new Map<string, Set<number>>();
  const byName = new Map<string, Set<number>>();
  for (const region of regions) {
    addTo(byCode, region.code.toLowerCase(), region.id);
    addTo(byName, normalizeRegionName(region.nameZh), region.id);
    addTo(byName, normalizeRegionName(region.nameEn), region.id);
  }
  return {
    resolve(text) {
      const code = byCode.get(text.trim().toLowerCase());
      if (code && code.size === 1) return { kind: 'found', id: [...code][0]! };
      const named = byName.get(normalizeRegionName(text));
      if (!named) return { kind: 'unknown' };
      if (named.size > 1) return { kind: 'ambiguous' };
      return { kind: 'found', id: [...named][0]! };
    },
  };
}
