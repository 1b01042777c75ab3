import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CustomerValue,
  Portfolio,
  RfmThresholdsInput,
} from '../../../../contracts/analytics-insights.ts';
import type {
  AnalyticsCatalogue,
  AnalyticsQueryInput,
  AnalyticsResult,
} from '../../../../contracts/analytics-query.ts';
import { apiDownloadPost, apiGet, apiPost, apiPut } from '../../shared/api.ts';
import { saveFile } from '../../shared/download.ts';

export const analyticsKeys = {
  all: ['analytics'] as const,
  catalogue: (lang: string) => ['analytics', 'catalogue', lang] as const,
  query: (query: AnalyticsQueryInput, lang: string) => ['analytics', 'query', query, lang] as const,
  customerValue: (body: Record<string, unknown>, lang: string) =>
    ['analytics', 'customer-value', body, lang] as const,
  portfolio: (params: Record<string, unknown>, lang: string) =>
    ['analytics', 'portfolio', params, lang] as const,
};

export function useAnalyticsCatalogue(lang: string) {
  return useQuery({
    queryKey: analyticsKeys.catalogue(lang),
    queryFn: ({ signal }) => apiGet<AnalyticsCatalogue>('/api/analytics/catalogue', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useAnalyticsQuery(query: AnalyticsQueryInput | null, lang: string) {
  return useQuery({
    queryKey: analyticsKeys.query(query ?? { measures: [] }, lang),
    queryFn: ({ signal }) => apiPost<AnalyticsResult>('/api/analytics/query', query, { signal }),
    enabled: query !== null && query.measures.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export async function exportAnalyticsQuery(query: AnalyticsQueryInput, format: 'csv' | 'xlsx') {
  const file = await apiDownloadPost('/api/analytics/query/export', query, `analytics.${format}`, {
    query: { format },
  });
  saveFile(file.blob, file.filename);
}

export function useCustomerValue(
  body: { asOf?: string; mode: 'fixed' | 'quintile'; segment?: string },
  lang: string,
) {
  return useQuery({
    queryKey: analyticsKeys.customerValue(body, lang),
    queryFn: ({ signal }) => apiPost<CustomerValue>('/api/analytics/customer-value', body, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function usePortfolio(
  params: { from?: string; to?: string; shareCutoff?: number; growthCutoff?: number },
  lang: string,
) {
  return useQuery({
    queryKey: analyticsKeys.portfolio(params, lang),
    queryFn: ({ signal }) => apiGet<Portfolio>('/api/analytics/portfolio', { signal, query: { ...params } }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useRfmThresholds() {
  return useQuery({
    queryKey: ['analytics', 'rfm-thresholds'] as const,
    queryFn: ({ signal }) =>
      apiGet<RfmThresholdsInput>('/api/analytics/customer-value/thresholds', { signal }),
  });
}

export function useSaveRfmThresholds() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (thresholds: RfmThresholdsInput) =>
      apiPut<RfmThresholdsInput>('/api/analytics/customer-value/thresholds', thresholds),
    onSuccess: () => client.invalidateQueries({ queryKey: analyticsKeys.all }),
  });
}
