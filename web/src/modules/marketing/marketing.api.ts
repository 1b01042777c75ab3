import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AttributionReport,
  Campaign,
  CampaignCost,
  campaignCostList,
  campaignPage,
  createCampaignCostRequest,
  createCampaignRequest,
  FunnelBreakdown,
  FunnelReport,
  updateCampaignRequest,
} from '../../../../contracts/marketing.ts';
import { apiDelete, apiGet, apiPatch, apiPost } from '../../shared/api.ts';

type CampaignPage = z.infer<typeof campaignPage>;
type CampaignCostList = z.infer<typeof campaignCostList>;
export type CreateCampaignInput = z.input<typeof createCampaignRequest>;
export type UpdateCampaignInput = z.input<typeof updateCampaignRequest>;
export type CreateCostInput = z.input<typeof createCampaignCostRequest>;
export type QueryParams = Record<string, string | number | undefined>;

export const marketingKeys = {
  campaigns: ['marketing', 'campaigns'] as const,
  campaignList: (params: QueryParams) => ['marketing', 'campaigns', 'list', params] as const,
  campaign: (id: number) => ['marketing', 'campaigns', 'detail', id] as const,
  costs: (id: number) => ['marketing', 'campaigns', 'detail', id, 'costs'] as const,
  funnel: (params: QueryParams) => ['marketing', 'funnel', params] as const,
  breakdown: (params: QueryParams) => ['marketing', 'funnel', 'breakdown', params] as const,
  attribution: (params: QueryParams) => ['marketing', 'attribution', params] as const,
};

export function useCampaignList(params: QueryParams) {
  return useQuery({
    queryKey: marketingKeys.campaignList(params),
    queryFn: ({ signal }) => apiGet<CampaignPage>('/api/campaigns', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

/** Every campaign the user sees (for pickers); the list is small. */
export function useCampaignOptions() {
  return useQuery({
    queryKey: marketingKeys.campaignList({ pageSize: 500, sort: '-startsOn' }),
    queryFn: ({ signal }) =>
      apiGet<CampaignPage>('/api/campaigns', { signal, query: { pageSize: 500, sort: '-startsOn' } }),
    staleTime: 60_000,
  });
}

export function useCampaign(id: number) {
  return useQuery({
    queryKey: marketingKeys.campaign(id),
    queryFn: ({ signal }) => apiGet<Campaign>(`/api/campaigns/${id}`, { signal }),
  });
}

export function useCampaignCosts(id: number) {
  return useQuery({
    queryKey: marketingKeys.costs(id),
    queryFn: ({ signal }) => apiGet<CampaignCostList>(`/api/campaigns/${id}/costs`, { signal }),
  });
}

export function useSaveCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: CreateCampaignInput | UpdateCampaignInput }) =>
      id === undefined
        ? apiPost<Campaign>('/api/campaigns', input)
        : apiPatch<Campaign>(`/api/campaigns/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: marketingKeys.campaigns }),
  });
}

export function useCostMutations(campaignId: number) {
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: marketingKeys.campaigns });
  const add = useMutation({
    mutationFn: (input: CreateCostInput) =>
      apiPost<CampaignCost>(`/api/campaigns/${campaignId}/costs`, input),
    onSuccess: invalidate,
  });
  const remove = useMutation({
    mutationFn: (costId: number) => apiDelete<void>(`/api/campaigns/${campaignId}/costs/${costId}`),
    onSuccess: invalidate,
  });
  return { add, remove };
}

export function useFunnel(params: QueryParams) {
  return useQuery({
    queryKey: marketingKeys.funnel(params),
    queryFn: ({ signal }) => apiGet<FunnelReport>('/api/funnel', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useFunnelBreakdown(params: QueryParams) {
  return useQuery({
    queryKey: marketingKeys.breakdown(params),
    queryFn: ({ signal }) => apiGet<FunnelBreakdown>('/api/funnel/breakdown', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useAttribution(params: QueryParams, enabled = true) {
  return useQuery({
    queryKey: marketingKeys.attribution(params),
    queryFn: ({ signal }) => apiGet<AttributionReport>('/api/attribution', { signal, query: params }),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 60_000,
  });
}
