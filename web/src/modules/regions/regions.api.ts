import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Language } from '../../../../contracts/auth.ts';
import type {
  createRegionRequest,
  Region,
  regionLevels,
  regionList,
  updateRegionRequest,
} from '../../../../contracts/regions.ts';
import { apiDelete, apiGet, apiPatch, apiPost } from '../../shared/api.ts';

export type RegionLevel = (typeof regionLevels)[number];
type RegionList = z.infer<typeof regionList>;
export type CreateRegionInput = z.input<typeof createRegionRequest>;
export type RenameRegionInput = z.input<typeof updateRegionRequest>;

export const regionsQueryKey = ['regions'] as const;

/** The whole tree in one list; it is small (a few hundred cities at most) and changes rarely. */
export function useRegions() {
  return useQuery({
    queryKey: regionsQueryKey,
    queryFn: async ({ signal }) => (await apiGet<RegionList>('/api/regions', { signal })).items,
    staleTime: 5 * 60_000,
  });
}

export function regionName(region: Pick<Region, 'nameZh' | 'nameEn'>, lang: Language): string {
  return lang === 'en' ? region.nameEn || region.nameZh : region.nameZh || region.nameEn;
}

/** country → sales region (大区) → province → city; a city has no children. */
export const childLevelOf: Record<RegionLevel, RegionLevel | null> = {
  country: 'sales_region',
  sales_region: 'province',
  province: 'city',
  city: null,
};

export interface RegionNode {
  region: Region;
  children: RegionNode[];
}

/** Nests the flat list by parentId; children in code order. A region whose parent is missing becomes a root. */
export function buildRegionForest(regions: readonly Region[]): RegionNode[] {
  const nodes = new Map<number, RegionNode>();
  for (const region of regions) nodes.set(region.id, { region, children: [] });
  const roots: RegionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.region.parentId === null ? undefined : nodes.get(node.region.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const byCode = (a: RegionNode, b: RegionNode) => a.region.code.localeCompare(b.region.code);
  const sortDeep = (list: RegionNode[]) => {
    list.sort(byCode);
    for (const node of list) sortDeep(node.children);
  };
  sortDeep(roots);
  return roots;
}

function useInvalidateRegions() {
  const queryClient = useQueryClient();
  // Customers show region names too.
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: regionsQueryKey }),
      queryClient.invalidateQueries({ queryKey: ['customers'] }),
    ]);
}

export function useCreateRegion() {
  const invalidate = useInvalidateRegions();
  return useMutation({
    mutationFn: (input: CreateRegionInput) => apiPost<Region>('/api/regions', input),
    onSuccess: invalidate,
  });
}

export function useRenameRegion() {
  const invalidate = useInvalidateRegions();
  return useMutation({
    mutationFn: ({ id, ...input }: RenameRegionInput & { id: number }) =>
      apiPatch<Region>(`/api/regions/${id}`, input),
    onSuccess: invalidate,
  });
}

export function useDeleteRegion() {
  const invalidate = useInvalidateRegions();
  return useMutation({
    mutationFn: (id: number) => apiDelete<void>(`/api/regions/${id}`),
    onSuccess: invalidate,
  });
}
