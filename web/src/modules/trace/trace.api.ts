import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { BackwardTrace, ForwardTrace } from '../../../../contracts/inventory.ts';
import { apiGet } from '../../shared/api.ts';

/** What to trace: a lot by id, a lot by product and number, or a scanned UDI; optionally one serial. */
export type TraceTarget =
  | { kind: 'lot'; lotId: number; serial?: string }
  | { kind: 'number'; productId: number; lotNumber: string; serial?: string }
  | { kind: 'udi'; udi: string; serial?: string };

function fetchForwardTrace(target: TraceTarget, signal: AbortSignal): Promise<ForwardTrace> {
  switch (target.kind) {
    case 'lot':
      return apiGet<ForwardTrace>(`/api/trace/lots/${target.lotId}`, {
        signal,
        query: { serial: target.serial },
      });
    case 'number':
      return apiGet<ForwardTrace>('/api/trace/lots', {
        signal,
        query: { productId: target.productId, lotNumber: target.lotNumber, serial: target.serial },
      });
    case 'udi':
      return apiGet<ForwardTrace>('/api/trace/lots', {
        signal,
        query: { udi: target.udi, serial: target.serial },
      });
  }
}

export function useForwardTrace(target: TraceTarget | null) {
  return useQuery({
    queryKey: ['trace', 'forward', target],
    queryFn: ({ signal }) => fetchForwardTrace(target as TraceTarget, signal),
    enabled: target !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useBackwardTrace(moveId: number) {
  return useQuery({
    queryKey: ['trace', 'backward', moveId],
    queryFn: ({ signal }) => apiGet<BackwardTrace>(`/api/trace/moves/${moveId}/backward`, { signal }),
    retry: false,
  });
}
