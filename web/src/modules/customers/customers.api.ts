import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Customer,
  createCustomerRequest,
  createQualificationRequest,
  customerPage,
  Qualification,
  qualificationList,
  updateCustomerRequest,
  updateQualificationRequest,
} from '../../../../contracts/customers.ts';
import type { userList } from '../../../../contracts/users.ts';
import { apiDelete, apiGet, apiPatch, apiPost } from '../../shared/api.ts';

type CustomerPage = z.infer<typeof customerPage>;
type QualificationList = z.infer<typeof qualificationList>;
type UserList = z.infer<typeof userList>;
export type CreateCustomerInput = z.input<typeof createCustomerRequest>;
export type UpdateCustomerInput = z.input<typeof updateCustomerRequest>;
export type CreateQualificationInput = z.input<typeof createQualificationRequest>;
export type UpdateQualificationInput = z.input<typeof updateQualificationRequest>;

export type CustomerListParams = Record<string, string | number | undefined>;

export const customerKeys = {
  all: ['customers'] as const,
  lists: ['customers', 'list'] as const,
  list: (params: CustomerListParams) => ['customers', 'list', params] as const,
  detail: (id: number) => ['customers', 'detail', id] as const,
  qualifications: (id: number) => ['customers', 'detail', id, 'qualifications'] as const,
};

export function useCustomerList(params: CustomerListParams) {
  return useQuery({
    queryKey: customerKeys.list(params),
    queryFn: ({ signal }) => apiGet<CustomerPage>('/api/customers', { signal, query: params }),
    // Keep the rows on screen while the next page loads, instead of flashing an empty table.
    placeholderData: keepPreviousData,
  });
}

export function fetchCustomer(id: number, signal?: AbortSignal): Promise<Customer> {
  return apiGet<Customer>(`/api/customers/${id}`, { signal });
}

export function useCustomer(id: number) {
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: ({ signal }) => fetchCustomer(id, signal),
  });
}

/** A saved customer replaces the cached one; every list may have changed. */
function useStoreCustomer() {
  const queryClient = useQueryClient();
  return (customer: Customer) => {
    queryClient.setQueryData(customerKeys.detail(customer.id), customer);
    return queryClient.invalidateQueries({ queryKey: customerKeys.lists });
  };
}

export function useCreateCustomer() {
  const store = useStoreCustomer();
  return useMutation({
    mutationFn: (input: CreateCustomerInput) => apiPost<Customer>('/api/customers', input),
    onSuccess: store,
  });
}

export function useUpdateCustomer() {
  const store = useStoreCustomer();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateCustomerInput }) =>
      apiPatch<Customer>(`/api/customers/${id}`, changes),
    onSuccess: store,
  });
}

export function useDeleteCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete<void>(`/api/customers/${id}`),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: customerKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists });
    },
  });
}

export function useQualifications(customerId: number) {
  return useQuery({
    queryKey: customerKeys.qualifications(customerId),
    queryFn: async ({ signal }) =>
      (await apiGet<QualificationList>(`/api/customers/${customerId}/qualifications`, { signal })).items,
  });
}

function useInvalidateQualifications(customerId: number) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: customerKeys.qualifications(customerId) });
}

export function useAddQualification(customerId: number) {
  const invalidate = useInvalidateQualifications(customerId);
  return useMutation({
    mutationFn: (input: CreateQualificationInput) =>
      apiPost<Qualification>(`/api/customers/${customerId}/qualifications`, input),
    onSuccess: invalidate,
  });
}

export function useUpdateQualification(customerId: number) {
  const invalidate = useInvalidateQualifications(customerId);
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateQualificationInput }) =>
      apiPatch<Qualification>(`/api/customers/${customerId}/qualifications/${id}`, changes),
    onSuccess: invalidate,
  });
}

export function useDeleteQualification(customerId: number) {
  const invalidate = useInvalidateQualifications(customerId);
  return useMutation({
    mutationFn: (id: number) => apiDelete<void>(`/api/customers/${customerId}/qualifications/${id}`),
    onSuccess: invalidate,
  });
}

const repRoles = new Set(['sales_rep', 'regional_manager', 'sales_director']);

/**
 * People a customer can be assigned to. Only /api/users lists them, and it needs users:manage,
 * so callers enable this for administrators only.
 */
export function useAssignableReps(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'assignable-reps'],
    queryFn: async ({ signal }) =>
      (await apiGet<UserList>('/api/users', { signal })).items.filter(
        (user) => user.isActive && user.roles.some((role) => repRoles.has(role)),
      ),
    enabled,
    staleTime: 5 * 60_000,
  });
}
