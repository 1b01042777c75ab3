import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateSegmentTasksRequest,
  SegmentMovement,
  SegmentTasksResult,
} from '../../../../contracts/customer-segments.ts';
import type {
  CreateKpiAlertInput,
  KpiAlert,
  KpiAlertEvaluation,
  KpiAlertList,
  UpdateKpiAlertRequest,
} from '../../../../contracts/kpi-alerts.ts';
import { apiDelete, apiGet, apiPatch, apiPost } from '../../shared/api.ts';

export const alertKeys = {
  all: ['analytics', 'alerts'] as const,
  list: (lang: string) => ['analytics', 'alerts', lang] as const,
  movement: (params: Record<string, string>, lang: string) =>
    ['analytics', 'segment-movement', params, lang] as const,
};

export function useKpiAlerts(lang: string) {
  return useQuery({
    queryKey: alertKeys.list(lang),
    queryFn: ({ signal }) => apiGet<KpiAlertList>('/api/analytics/alerts', { signal }),
  });
}

function useInvalidateAlerts() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: alertKeys.all });
}

export function useCreateKpiAlert() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: (body: CreateKpiAlertInput) => apiPost<KpiAlert>('/api/analytics/alerts', body),
    onSuccess: invalidate,
  });
}

export function useUpdateKpiAlert() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateKpiAlertRequest }) =>
      apiPatch<KpiAlert>(`/api/analytics/alerts/${id}`, changes),
    onSuccess: invalidate,
  });
}

export function useDeleteKpiAlert() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: (id: number) => apiDelete<void>(`/api/analytics/alerts/${id}`),
    onSuccess: invalidate,
  });
}

/** The value now, as the alert's owner sees it; the stored state is left alone. */
export function useEvaluateKpiAlert() {
  return useMutation({
    mutationFn: (id: number) => apiPost<KpiAlertEvaluation>(`/api/analytics/alerts/${id}/evaluate`),
  });
}

export function useSegmentMovement(
  params: { from?: string; to?: string; mode: 'fixed' | 'quintile' },
  lang: string,
) {
  const query: Record<string, string> = { mode: params.mode };
  if (params.from) query.from = params.from;
  if (params.to) query.to = params.to;
  return useQuery({
    queryKey: alertKeys.movement(query, lang),
    queryFn: ({ signal }) =>
      apiGet<SegmentMovement>('/api/analytics/customer-value/movement', { signal, query }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useCreateSegmentTasks() {
  return useMutation({
    mutationFn: ({ segment, body }: { segment: string; body: Partial<CreateSegmentTasksRequest> }) =>
      apiPost<SegmentTasksResult>(
        `/api/analytics/customer-value/segments/${encodeURIComponent(segment)}/tasks`,
        body,
      ),
  });
}
