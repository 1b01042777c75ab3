import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ErrorResponse } from '../../../../contracts/common.ts';
import type {
  RevenueTarget,
  TargetImportResult,
  TargetYear,
  UpsertTargetRequest,
} from '../../../../contracts/targets.ts';
import { ApiError, apiDelete, apiGet, apiPut } from '../../shared/api.ts';

export const targetKeys = {
  all: ['analytics', 'targets'] as const,
  year: (year: number, lang: string) => ['analytics', 'targets', year, lang] as const,
};

export function useTargetYear(year: number, lang: string) {
  return useQuery({
    queryKey: targetKeys.year(year, lang),
    queryFn: ({ signal }) => apiGet<TargetYear>('/api/analytics/targets', { signal, query: { year } }),
  });
}

/** After any change the grid and every attainment query reload (targets feed the semantic layer). */
function useInvalidateTargets() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['analytics'] });
}

export function useSaveTarget() {
  const invalidate = useInvalidateTargets();
  return useMutation({
    mutationFn: (body: UpsertTargetRequest) => apiPut<RevenueTarget>('/api/analytics/targets', body),
    onSuccess: invalidate,
  });
}

export function useDeleteTarget() {
  const invalidate = useInvalidateTargets();
  return useMutation({
    mutationFn: (target: { id: number; version: number }) =>
      apiDelete<void>(`/api/analytics/targets/${target.id}`, { query: { version: target.version } }),
    onSuccess: invalidate,
  });
}

/** Sends the file itself as the raw request body; all or nothing on the server. */
async function uploadTargetFile(file: File, language: string): Promise<TargetImportResult> {
  let response: Response;
  try {
    response = await fetch(`/api/analytics/targets/import?${new URLSearchParams({ fileName: file.name })}`, {
      method: 'POST',
      body: file,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'content-type': file.type || 'application/octet-stream',
        'accept-language': language,
      },
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '');
  }
  const payload = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const error = (payload as Partial<ErrorResponse> | undefined)?.error;
    if (error && typeof error.code === 'string') {
      throw new ApiError(response.status, error.code, error.message ?? '', error.details);
    }
    throw new ApiError(response.status, 'HTTP_ERROR', '');
  }
  return payload as TargetImportResult;
}

export function useImportTargets(language: string) {
  const invalidate = useInvalidateTargets();
  return useMutation({
    mutationFn: (file: File) => uploadTargetFile(file, language),
    onSuccess: (result) => (result.isCommitted ? invalidate() : undefined),
  });
}
