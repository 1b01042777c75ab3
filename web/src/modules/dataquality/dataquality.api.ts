import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  dataQualityIssuePage,
  dataQualitySummary,
  expiringDocuments,
} from '../../../../contracts/dataquality.ts';
import { apiGet, apiPost } from '../../shared/api.ts';

type Summary = z.infer<typeof dataQualitySummary>;
export type EntitySummary = Summary['entities'][number];
type IssuePage = z.infer<typeof dataQualityIssuePage>;
type ExpiringDocuments = z.infer<typeof expiringDocuments>;
export type IssueListParams = Record<string, string | number | undefined>;

export const dataQualityKeys = {
  all: ['data-quality'] as const,
  summary: ['data-quality', 'summary'] as const,
  issues: (params: IssueListParams) => ['data-quality', 'issues', params] as const,
  expiring: (withinDays: number) => ['data-quality', 'expiring', withinDays] as const,
};

export function useDataQualitySummary() {
  return useQuery({
    queryKey: dataQualityKeys.summary,
    queryFn: ({ signal }) => apiGet<Summary>('/api/data-quality/summary', { signal }),
  });
}

export function useDataQualityIssues(params: IssueListParams) {
  return useQuery({
    queryKey: dataQualityKeys.issues(params),
    queryFn: ({ signal }) => apiGet<IssuePage>('/api/data-quality/issues', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useExpiringDocuments(withinDays: number) {
  return useQuery({
    queryKey: dataQualityKeys.expiring(withinDays),
    queryFn: async ({ signal }) =>
      (await apiGet<ExpiringDocuments>('/api/data-quality/expiring', { signal, query: { withinDays } }))
        .items,
    placeholderData: keepPreviousData,
  });
}

/** Re-runs every rule on the server; the scores and lists then show the new findings. */
export function useRunDataQuality() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<{ issues: number }>('/api/data-quality/run'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dataQualityKeys.all }),
  });
}
