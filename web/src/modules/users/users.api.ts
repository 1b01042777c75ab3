import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Customer, customerPage } from '../../../../contracts/customers.ts';
import type { createUserRequest, User, updateUserRequest, userList } from '../../../../contracts/users.ts';
import { apiGet, apiPatch, apiPost } from '../../shared/api.ts';

type UserList = z.infer<typeof userList>;
type CustomerPage = z.infer<typeof customerPage>;
export type CreateUserInput = z.input<typeof createUserRequest>;
export type UpdateUserInput = z.input<typeof updateUserRequest>;

// Under ['users'] like the customers module's owner picker, so a change here refreshes it too.
export const userKeys = {
  all: ['users'] as const,
  list: ['users', 'list'] as const,
  detail: (id: number) => ['users', 'detail', id] as const,
};

/** Every user; a company has tens or hundreds, so the list is filtered and paged in the browser. */
export function useUsers() {
  return useQuery({
    queryKey: userKeys.list,
    queryFn: async ({ signal }) => (await apiGet<UserList>('/api/users', { signal })).items,
  });
}

function useRefreshUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: userKeys.all });
}

export function useCreateUser() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: (input: CreateUserInput) => apiPost<User>('/api/users', input),
    onSuccess: refresh,
  });
}

export function useUpdateUser() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateUserInput }) =>
      apiPatch<User>(`/api/users/${id}`, changes),
    onSuccess: refresh,
  });
}

export function fetchUser(id: number, signal?: AbortSignal): Promise<User> {
  return apiGet<User>(`/api/users/${id}`, { signal });
}

const DISTRIBUTOR_OPTIONS = 20;

/** Distributors matching what the administrator typed, for binding a distributor user to its company. */
export function useDistributorSearch(q: string) {
  return useQuery({
    queryKey: ['customers', 'distributor-options', q],
    queryFn: async ({ signal }) =>
      (
        await apiGet<CustomerPage>('/api/customers', {
          signal,
          query: { type: 'distributor', q: q || undefined, pageSize: DISTRIBUTOR_OPTIONS, sort: 'name' },
        })
      ).items,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** One customer (a user's distributor), shared with the customers module's cache. */
export function useCustomerRecord(id: number | null) {
  return useQuery({
    queryKey: ['customers', 'detail', id ?? 0],
    queryFn: ({ signal }) => apiGet<Customer>(`/api/customers/${id}`, { signal }),
    enabled: id !== null,
    staleTime: 5 * 60_000,
  });
}
