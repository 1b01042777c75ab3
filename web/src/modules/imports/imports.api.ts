import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ErrorResponse } from '../../../../contracts/common.ts';
import type {
  commitResponse,
  dryRunResponse,
  ImportEntity,
  ImportJob,
  ImportMapping,
  ImportProblemCode,
  importJobPage,
  importProblemPage,
  importTemplateList,
} from '../../../../contracts/imports.ts';
import { ApiError, apiGet, apiPost } from '../../shared/api.ts';

export type ImportJobPage = z.infer<typeof importJobPage>;
export type ImportProblemPage = z.infer<typeof importProblemPage>;
export type ImportTemplateList = z.infer<typeof importTemplateList>;
export type DryRunResponse = z.infer<typeof dryRunResponse>;
export type CommitResponse = z.infer<typeof commitResponse>;

export const importKeys = {
  all: ['imports'] as const,
  list: (page: number) => ['imports', 'list', page] as const,
  job: (id: number) => ['imports', 'job', id] as const,
  problems: (id: number, page: number, code: ImportProblemCode | undefined) =>
    ['imports', 'job', id, 'problems', page, code ?? null] as const,
  templates: (entity: ImportEntity) => ['imports', 'templates', entity] as const,
};

async function toApiError(response: Response): Promise<ApiError> {
  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    payload = undefined;
  }
  const error = (payload as Partial<ErrorResponse> | undefined)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(response.status, error.code, error.message ?? '', error.details);
  }
  return new ApiError(response.status, 'HTTP_ERROR', '');
}

async function rawFetch<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '');
  }
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

/** Sends the file itself as the raw request body. */
export function uploadImportFile(file: File, entity: ImportEntity, language: string): Promise<ImportJob> {
  const params = new URLSearchParams({ entity, fileName: file.name });
  return rawFetch<ImportJob>(`/api/imports?${params.toString()}`, {
    method: 'POST',
    body: file,
    headers: {
      accept: 'application/json',
      'content-type': file.type || 'application/octet-stream',
      'accept-language': language,
    },
  });
}

export function updateImportMapping(
  id: number,
  mapping: ImportMapping,
  saveAsTemplate: string | undefined,
  language: string,
): Promise<ImportJob> {
  return rawFetch<ImportJob>(`/api/imports/${id}/mapping`, {
    method: 'PUT',
    body: JSON.stringify(saveAsTemplate ? { mapping, saveAsTemplate } : { mapping }),
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      'accept-language': language,
    },
  });
}

export function runDryRun(id: number): Promise<DryRunResponse> {
  return apiPost<DryRunResponse>(`/api/imports/${id}/dry-run`);
}

export function runCommit(id: number): Promise<CommitResponse> {
  return apiPost<CommitResponse>(`/api/imports/${id}/commit`);
}

export function useImportJobs(page: number) {
  return useQuery({
    queryKey: importKeys.list(page),
    queryFn: ({ signal }) => apiGet<ImportJobPage>('/api/imports', { signal, query: { page, pageSize: 10 } }),
    placeholderData: keepPreviousData,
  });
}

/** One job; polled every second while `poll` is true (a dry run or commit is running). */
export function useImportJob(id: number | null, poll: boolean) {
  return useQuery({
    queryKey: importKeys.job(id ?? 0),
    queryFn: ({ signal }) => apiGet<ImportJob>(`/api/imports/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return poll || status === 'validating' || status === 'committing' ? 1000 : false;
    },
  });
}

export function useImportProblems(
  id: number,
  page: number,
  code: ImportProblemCode | undefined,
  enabled: boolean,
) {
  return useQuery({
    queryKey: importKeys.problems(id, page, code),
    queryFn: ({ signal }) =>
      apiGet<ImportProblemPage>(`/api/imports/${id}/problems`, {
        signal,
        query: { page, pageSize: 20, code },
      }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useImportTemplates(entity: ImportEntity) {
  return useQuery({
    queryKey: importKeys.templates(entity),
    queryFn: ({ signal }) =>
      apiGet<ImportTemplateList>('/api/imports/templates', { signal, query: { entity } }),
  });
}
