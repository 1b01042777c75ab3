// What other modules may use from regions.

export { RegionTreeMultiSelect, RegionTreeSelect } from './RegionTreeSelect.tsx';
export { regionName, useRegions } from './regions.api.ts';
