import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { apiKey, apiKeyCreated, apiKeyList, changePasswordRequest } from '../../../../contracts/auth.ts';
import { apiDelete, apiGet, apiPost } from '../../shared/api.ts';

export type ApiKey = z.infer<typeof apiKey>;
export type CreatedApiKey = z.infer<typeof apiKeyCreated>;
type ApiKeyList = z.infer<typeof apiKeyList>;
export type ChangePasswordInput = z.input<typeof changePasswordRequest>;

const apiKeysKey = ['auth', 'api-keys'] as const;

/** A wrong current password answers 401: that is a form error here, not a lost session. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (input: ChangePasswordInput) =>
      apiPost<void>('/api/auth/password', input, { ignoreUnauthorized: true }),
  });
}

export function useApiKeys(enabled: boolean) {
  return useQuery({
    queryKey: apiKeysKey,
    queryFn: async ({ signal }) => (await apiGet<ApiKeyList>('/api/auth/api-keys', { signal })).items,
    enabled,
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiPost<CreatedApiKey>('/api/auth/api-keys', { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysKey }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete<ApiKey>(`/api/auth/api-keys/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysKey }),
  });
}
