import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateSavedReportInput,
  SavedReport,
  SavedReportList,
  UpdateSavedReportRequest,
} from '../../../../../contracts/saved-reports.ts';
import { apiDelete, apiGet, apiPatch, apiPost, apiPut } from '../../../shared/api.ts';

const savedReportKeys = {
  all: ['analytics', 'saved-reports'] as const,
  pinned: ['analytics', 'saved-reports', 'pinned'] as const,
};

export function useSavedReports() {
  return useQuery({
    queryKey: savedReportKeys.all,
    queryFn: ({ signal }) => apiGet<SavedReportList>('/api/analytics/reports', { signal }),
  });
}

/** A fresh Idempotency-Key; getRandomValues works outside secure contexts too (a LAN http address). */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

export function useCreateSavedReport() {
  const client = useQueryClient();
  return useMutation({
    // One key per save: a request resent by the network layer cannot save the report twice.
    mutationFn: (input: CreateSavedReportInput) =>
      apiPost<SavedReport>('/api/analytics/reports', input, { headers: { 'Idempotency-Key': newKey() } }),
    onSuccess: () => client.invalidateQueries({ queryKey: savedReportKeys.all }),
  });
}

export function useUpdateSavedReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateSavedReportRequest }) =>
      apiPatch<SavedReport>(`/api/analytics/reports/${id}`, changes),
    onSuccess: () => client.invalidateQueries({ queryKey: savedReportKeys.all }),
  });
}

export function useDeleteSavedReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete<void>(`/api/analytics/reports/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: savedReportKeys.all }),
  });
}

/** The reports on the caller's own dashboard, in the order pinned. */
export function usePinnedSavedReports() {
  return useQuery({
    queryKey: savedReportKeys.pinned,
    queryFn: ({ signal }) => apiGet<SavedReportList>('/api/analytics/reports/pinned', { signal }),
  });
}

/** Puts a report on the caller's dashboard, or takes it off. */
export function usePinSavedReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, pinned }: { id: number; pinned: boolean }) =>
      pinned
        ? apiPut<SavedReport>(`/api/analytics/reports/${id}/pin`, {})
        : apiDelete<SavedReport>(`/api/analytics/reports/${id}/pin`),
    onSuccess: () => client.invalidateQueries({ queryKey: savedReportKeys.all }),
  });
}
