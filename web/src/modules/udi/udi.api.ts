import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { UdiParseResult, udiParseRequest } from '../../../../contracts/catalog.ts';
import { apiPost, isApiError } from '../../shared/api.ts';

type UdiParseRequest = z.input<typeof udiParseRequest>;

export function useParseUdi() {
  return useMutation({
    mutationFn: (code: string) =>
      apiPost<UdiParseResult>('/api/udi/parse', { code } satisfies UdiParseRequest),
  });
}

/** Where a 422 UDI_INVALID says the scanned text went wrong (0-based), if it says so. */
export function udiErrorPosition(error: unknown): number | null {
  if (!isApiError(error) || error.code !== 'UDI_INVALID') return null;
  const position = error.details?.position;
  return typeof position === 'number' && Number.isInteger(position) && position >= 0 ? position : null;
}
