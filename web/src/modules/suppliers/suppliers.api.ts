import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createSupplierRequest,
  Supplier,
  supplierPage,
  updateSupplierRequest,
} from '../../../../contracts/catalog.ts';
import { apiDelete, apiGet, apiPatch, apiPost } from '../../shared/api.ts';

type SupplierPage = z.infer<typeof supplierPage>;
export type CreateSupplierInput = z.input<typeof createSupplierRequest>;
export type UpdateSupplierInput = z.input<typeof updateSupplierRequest>;
export type SupplierListParams = Record<string, string | number | undefined>;

// Under ['suppliers'] like the products module's manufacturer pick list, so a save refreshes it too.
export const supplierKeys = {
  all: ['suppliers'] as const,
  lists: ['suppliers', 'list'] as const,
  list: (params: SupplierListParams) => ['suppliers', 'list', params] as const,
  detail: (id: number) => ['suppliers', 'detail', id] as const,
};

export function useSupplierList(params: SupplierListParams) {
  return useQuery({
    queryKey: supplierKeys.list(params),
    queryFn: ({ signal }) => apiGet<SupplierPage>('/api/suppliers', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function fetchSupplier(id: number, signal?: AbortSignal): Promise<Supplier> {
  return apiGet<Supplier>(`/api/suppliers/${id}`, { signal });
}

/** A saved supplier replaces the cached one; lists and pick lists may have changed. */
function useStoreSupplier() {
  const queryClient = useQueryClient();
  return (supplier: Supplier) => {
    queryClient.setQueryData(supplierKeys.detail(supplier.id), supplier);
    return Promise.all([
      queryClient.invalidateQueries({
        queryKey: supplierKeys.all,
        predicate: (query) => query.queryKey[1] !== 'detail',
      }),
      // Licence findings in data quality follow the supplier.
      queryClient.invalidateQueries({ queryKey: ['data-quality'] }),
    ]);
  };
}

export function useCreateSupplier() {
  const store = useStoreSupplier();
  return useMutation({
    mutationFn: (input: CreateSupplierInput) => apiPost<Supplier>('/api/suppliers', input),
    onSuccess: store,
  });
}

export function useUpdateSupplier() {
  const store = useStoreSupplier();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateSupplierInput }) =>
      apiPatch<Supplier>(`/api/suppliers/${id}`, changes),
    onSuccess: store,
  });
}

export function useDeleteSupplier() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete<void>(`/api/suppliers/${id}`),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: supplierKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: supplierKeys.all });
    },
  });
}
