import type { regionLevels } from '../../../contracts/regions.ts';

export type RegionLevel = (typeof regionLevels)[number];

const parentLevelOf: Record<RegionLevel, RegionLevel | null> = {
  country: null,
  sales_region: 'country',
  province: 'sales_region',
  city: 'province',
};

/** The tree is country → sales region (大区) → province → city; each level sits under the one above. */
export function expectedParentLevel(level: RegionLevel): RegionLevel | null {
  return parentLevelOf[level];
}
