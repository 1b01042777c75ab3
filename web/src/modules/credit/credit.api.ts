import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CollectionContact,
  CollectionWorklist,
  CreateCollectionContact,
} from '../../../../contracts/collections.ts';
import type {
  AgingReport,
  ChangeStatusRequest,
  CreateLimitRequest,
  CreditCustomerDetail,
  CreditDecisionView,
  CreditPolicy,
  CreditRatingExplanation,
  creditDecisionPage,
  creditProfilePage,
  DsoReport,
  EclHistoryReport,
  EclReport,
  LimitRequest,
  limitRequestPage,
  UpdateCreditPolicyRequest,
} from '../../../../contracts/credit.ts';
import type {
  CreateExternalRating,
  CreateFinancialRatios,
  ExternalRating,
  FinancialRatios,
} from '../../../../contracts/credit-inputs.ts';
import { apiGet, apiPost, apiPut } from '../../shared/api.ts';

export type CreditProfilePage = z.infer<typeof creditProfilePage>;
export type CreditDecisionPage = z.infer<typeof creditDecisionPage>;
export type LimitRequestPage = z.infer<typeof limitRequestPage>;
export type ListParams = Record<string, string | number | boolean | undefined>;

/** Everything credit sits under one key: a decision, a rating or a limit change moves several views. */
const CREDIT = 'credit';
export const creditKeys = {
  all: [CREDIT] as const,
  profiles: (params: ListParams) => [CREDIT, 'profiles', params] as const,
  customer: (id: number) => [CREDIT, 'customer', id] as const,
  rating: (id: number) => [CREDIT, 'rating', id] as const,
  decisions: (params: ListParams) => [CREDIT, 'decisions', params] as const,
  limitRequests: (params: ListParams) => [CREDIT, 'limit-requests', params] as const,
  policy: [CREDIT, 'policy'] as const,
  aging: (params: ListParams) => [CREDIT, 'aging', params] as const,
  dso: (params: ListParams) => [CREDIT, 'dso', params] as const,
  ecl: (params: ListParams) => [CREDIT, 'ecl', params] as const,
  eclHistory: (params: ListParams) => [CREDIT, 'ecl-history', params] as const,
  collections: (params: ListParams) => [CREDIT, 'collections', params] as const,
  contacts: (customerId: number) => [CREDIT, 'contacts', customerId] as const,
};

function useInvalidateCredit() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: creditKeys.all });
}

export function useCreditProfiles(params: ListParams) {
  return useQuery({
    queryKey: creditKeys.profiles(params),
    queryFn: ({ signal }) => apiGet<CreditProfilePage>('/api/credit/profiles', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useCustomerCredit(id: number) {
  return useQuery({
    queryKey: creditKeys.customer(id),
    queryFn: ({ signal }) => apiGet<CreditCustomerDetail>(`/api/credit/customers/${id}`, { signal }),
  });
}

export function useRatingExplanation(id: number | null) {
  return useQuery({
    queryKey: creditKeys.rating(id ?? 0),
    queryFn: ({ signal }) => apiGet<CreditRatingExplanation>(`/api/credit/ratings/${id}`, { signal }),
    enabled: id !== null,
  });
}

export function useRateNow() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: (customerId: number) =>
      apiPost<CreditCustomerDetail>(`/api/credit/customers/${customerId}/rate`),
    onSuccess: invalidate,
  });
}

export function useRequestLimit() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ customerId, body }: { customerId: number; body: CreateLimitRequest }) =>
      apiPost<LimitRequest>(`/api/credit/customers/${customerId}/limit-requests`, body),
    onSuccess: invalidate,
  });
}

export function useDecideLimitRequest() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ id, approve, note }: { id: number; approve: boolean; note: string | null }) =>
      apiPost<LimitRequest>(`/api/credit/limit-requests/${id}/${approve ? 'approve' : 'reject'}`, { note }),
    onSuccess: invalidate,
  });
}

export function useChangeStatus() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ customerId, body }: { customerId: number; body: ChangeStatusRequest }) =>
      apiPut<CreditCustomerDetail>(`/api/credit/customers/${customerId}/status`, body),
    onSuccess: invalidate,
  });
}

export function useCreditDecisions(params: ListParams) {
  return useQuery({
    queryKey: creditKeys.decisions(params),
    queryFn: ({ signal }) => apiGet<CreditDecisionPage>('/api/credit/decisions', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useDecideCredit() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ id, approve, note }: { id: number; approve: boolean; note: string | null }) =>
      apiPost<CreditDecisionView>(`/api/credit/decisions/${id}/${approve ? 'approve' : 'reject'}`, { note }),
    onSuccess: invalidate,
  });
}

export function useCreditPolicy() {
  return useQuery({
    queryKey: creditKeys.policy,
    queryFn: ({ signal }) => apiGet<CreditPolicy>('/api/credit/policy', { signal }),
  });
}

export function useSaveCreditPolicy() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: (body: UpdateCreditPolicyRequest) => apiPut<CreditPolicy>('/api/credit/policy', body),
    onSuccess: invalidate,
  });
}

export function useAgingReport(params: ListParams) {
  return useQuery({
    queryKey: creditKeys.aging(params),
    queryFn: ({ signal }) => apiGet<AgingReport>('/api/credit/aging', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useDsoReport(params: ListParams) {
  return useQuery({
    queryKey: creditKeys.dso(params),
    queryFn: ({ signal }) => apiGet<DsoReport>('/api/credit/dso', { signal, query: params }),
  });
}

export function useEclReport(params: ListParams) {
  return useQuery({
    queryKey: creditKeys.ecl(params),
    queryFn: ({ signal }) => apiGet<EclReport>('/api/credit/ecl', { signal, query: params }),
  });
}

/** Loss rates the company's own write-off history suggests, beside the configured matrix. */
export function useEclHistory(params: ListParams) {
  return useQuery({
    queryKey: creditKeys.eclHistory(params),
    queryFn: ({ signal }) => apiGet<EclHistoryReport>('/api/credit/ecl/history', { signal, query: params }),
  });
}

export function useCollectionWorklist(params: ListParams) {
  return useQuery({
    queryKey: creditKeys.collections(params),
    queryFn: ({ signal }) => apiGet<CollectionWorklist>('/api/credit/collections', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useCollectionContacts(customerId: number) {
  return useQuery({
    queryKey: creditKeys.contacts(customerId),
    queryFn: ({ signal }) =>
      apiGet<{ items: CollectionContact[] }>(`/api/credit/customers/${customerId}/collections`, { signal }),
  });
}

export function useLogCollectionContact() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ customerId, body }: { customerId: number; body: CreateCollectionContact }) =>
      apiPost<CollectionContact>(`/api/credit/customers/${customerId}/collections`, body),
    onSuccess: invalidate,
  });
}

export function useAddExternalRating() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ customerId, body }: { customerId: number; body: CreateExternalRating }) =>
      apiPost<ExternalRating>(`/api/credit/customers/${customerId}/external-ratings`, body),
    onSuccess: invalidate,
  });
}

export function useAddFinancialRatios() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ customerId, body }: { customerId: number; body: CreateFinancialRatios }) =>
      apiPost<FinancialRatios>(`/api/credit/customers/${customerId}/financial-ratios`, body),
    onSuccess: invalidate,
  });
}
