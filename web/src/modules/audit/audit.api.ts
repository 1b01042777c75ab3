import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { auditEntry, auditPage, auditVerification } from '../../../../contracts/audit.ts';
import { apiGet } from '../../shared/api.ts';

type AuditPage = z.infer<typeof auditPage>;
export type AuditEntry = z.infer<typeof auditEntry>;
export type AuditVerification = z.infer<typeof auditVerification>;
export type AuditListParams = Record<string, string | number | undefined>;

export function useAuditEntries(params: AuditListParams) {
  return useQuery({
    queryKey: ['audit', 'list', params],
    queryFn: ({ signal }) => apiGet<AuditPage>('/api/audit', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

/** Walks the whole hash chain on the server; asked for on demand, never cached. */
export function useVerifyAuditChain() {
  return useMutation({
    mutationFn: () => apiGet<AuditVerification>('/api/audit/verify'),
  });
}

/** A day of the company's calendar (YYYY-MM-DD) as the instant it starts in the company's zone. */
export function startOfBusinessDay(date: string): string {
  return `${date}T00:00:00+08:00`;
}

/** The instant the day after `date` starts: the API's `to` is exclusive. */
export function startOfNextBusinessDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return startOfBusinessDay(next.toISOString().slice(0, 10));
}
