import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ChangeStageRequest,
  convertLeadRequest,
  createLeadRequest,
  createOpportunityRequest,
  DuplicateCandidates,
  disqualifyLeadRequest,
  Lead,
  leadConversion,
  leadPage,
  Opportunity,
  OpportunityTimeline,
  opportunityPage,
  qualifyLeadRequest,
  touchPage,
  updateLeadRequest,
  updateOpportunityRequest,
} from '../../../../contracts/crm.ts';
import { apiGet, apiPatch, apiPost } from '../../shared/api.ts';

type LeadPage = z.infer<typeof leadPage>;
type OpportunityPage = z.infer<typeof opportunityPage>;
type TouchPage = z.infer<typeof touchPage>;
export type LeadConversion = z.infer<typeof leadConversion>;
export type CreateLeadInput = z.input<typeof createLeadRequest>;
export type UpdateLeadInput = z.input<typeof updateLeadRequest>;
export type QualifyLeadInput = z.input<typeof qualifyLeadRequest>;
export type DisqualifyLeadInput = z.input<typeof disqualifyLeadRequest>;
export type ConvertLeadInput = z.input<typeof convertLeadRequest>;
export type CreateOpportunityInput = z.input<typeof createOpportunityRequest>;
export type UpdateOpportunityInput = z.input<typeof updateOpportunityRequest>;
export type StageChangeInput = Partial<ChangeStageRequest> & Pick<ChangeStageRequest, 'version' | 'stage'>;

export type ListParams = Record<string, string | number | boolean | undefined>;

export const crmKeys = {
  leads: ['crm', 'leads'] as const,
  leadList: (params: ListParams) => ['crm', 'leads', 'list', params] as const,
  lead: (id: number) => ['crm', 'leads', 'detail', id] as const,
  duplicates: (id: number) => ['crm', 'leads', 'detail', id, 'duplicates'] as const,
  opportunities: ['crm', 'opportunities'] as const,
  opportunityList: (params: ListParams) => ['crm', 'opportunities', 'list', params] as const,
  opportunity: (id: number) => ['crm', 'opportunities', 'detail', id] as const,
  timeline: (id: number) => ['crm', 'opportunities', 'detail', id, 'timeline'] as const,
  touches: (params: ListParams) => ['crm', 'touches', params] as const,
};

export function useLeadList(params: ListParams) {
  return useQuery({
    queryKey: crmKeys.leadList(params),
    queryFn: ({ signal }) => apiGet<LeadPage>('/api/leads', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useLeadDuplicates(id: number | null) {
  return useQuery({
    queryKey: crmKeys.duplicates(id ?? 0),
    queryFn: ({ signal }) => apiGet<DuplicateCandidates>(`/api/leads/${id}/duplicates`, { signal }),
    enabled: id !== null,
  });
}

function useInvalidate(...keys: (readonly string[])[]) {
  const queryClient = useQueryClient();
  return () => Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

export function useSaveLead() {
  const invalidate = useInvalidate(crmKeys.leads);
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: CreateLeadInput | UpdateLeadInput }) =>
      id === undefined ? apiPost<Lead>('/api/leads', input) : apiPatch<Lead>(`/api/leads/${id}`, input),
    onSuccess: invalidate,
  });
}

export function useLeadAction() {
  const invalidate = useInvalidate(crmKeys.leads, crmKeys.opportunities);
  return useMutation({
    mutationFn: ({
      id,
      action,
      input,
    }:
      | { id: number; action: 'qualify'; input: QualifyLeadInput }
      | { id: number; action: 'disqualify'; input: DisqualifyLeadInput }
      | { id: number; action: 'convert'; input: ConvertLeadInput }) =>
      apiPost<Lead | LeadConversion>(`/api/leads/${id}/${action}`, input),
    onSuccess: invalidate,
  });
}

export function useOpportunityList(params: ListParams, enabled = true) {
  return useQuery({
    queryKey: crmKeys.opportunityList(params),
    queryFn: ({ signal }) => apiGet<OpportunityPage>('/api/opportunities', { signal, query: params }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useOpportunity(id: number) {
  return useQuery({
    queryKey: crmKeys.opportunity(id),
    queryFn: ({ signal }) => apiGet<Opportunity>(`/api/opportunities/${id}`, { signal }),
  });
}

export function useOpportunityTimeline(id: number) {
  return useQuery({
    queryKey: crmKeys.timeline(id),
    queryFn: ({ signal }) => apiGet<OpportunityTimeline>(`/api/opportunities/${id}/timeline`, { signal }),
  });
}

export function useSaveOpportunity() {
  const invalidate = useInvalidate(crmKeys.opportunities);
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: CreateOpportunityInput | UpdateOpportunityInput }) =>
      id === undefined
        ? apiPost<Opportunity>('/api/opportunities', input)
        : apiPatch<Opportunity>(`/api/opportunities/${id}`, input),
    onSuccess: invalidate,
  });
}

export function useChangeStage() {
  const invalidate = useInvalidate(crmKeys.opportunities);
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: StageChangeInput }) =>
      apiPost<Opportunity>(`/api/opportunities/${id}/stage`, input),
    onSuccess: invalidate,
  });
}

export function useTouches(params: ListParams, enabled = true) {
  return useQuery({
    queryKey: crmKeys.touches(params),
    queryFn: ({ signal }) => apiGet<TouchPage>('/api/touches', { signal, query: params }),
    enabled,
  });
}
