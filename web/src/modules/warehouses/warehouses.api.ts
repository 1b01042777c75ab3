import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createWarehouseRequest,
  updateWarehouseRequest,
  Warehouse,
  warehousePage,
} from '../../../../contracts/warehouses.ts';
import { apiDelete, apiGet, apiPatch, apiPost } from '../../shared/api.ts';

type WarehousePage = z.infer<typeof warehousePage>;
export type CreateWarehouseInput = z.input<typeof createWarehouseRequest>;
export type UpdateWarehouseInput = z.input<typeof updateWarehouseRequest>;
export type WarehouseListParams = Record<string, string | number | undefined>;

export const warehouseKeys = {
  all: ['warehouses'] as const,
  lists: ['warehouses', 'list'] as const,
  list: (params: WarehouseListParams) => ['warehouses', 'list', params] as const,
  detail: (id: number) => ['warehouses', 'detail', id] as const,
};

export function useWarehouseList(params: WarehouseListParams) {
  return useQuery({
    queryKey: warehouseKeys.list(params),
    queryFn: ({ signal }) => apiGet<WarehousePage>('/api/warehouses', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function fetchWarehouse(id: number, signal?: AbortSignal): Promise<Warehouse> {
  return apiGet<Warehouse>(`/api/warehouses/${id}`, { signal });
}

function useStoreWarehouse() {
  const queryClient = useQueryClient();
  return (warehouse: Warehouse) => {
    queryClient.setQueryData(warehouseKeys.detail(warehouse.id), warehouse);
    return queryClient.invalidateQueries({
      queryKey: warehouseKeys.all,
      predicate: (query) => query.queryKey[1] !== 'detail',
    });
  };
}

export function useCreateWarehouse() {
  const store = useStoreWarehouse();
  return useMutation({
    mutationFn: (input: CreateWarehouseInput) => apiPost<Warehouse>('/api/warehouses', input),
    onSuccess: store,
  });
}

export function useUpdateWarehouse() {
  const store = useStoreWarehouse();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateWarehouseInput }) =>
      apiPatch<Warehouse>(`/api/warehouses/${id}`, changes),
    onSuccess: store,
  });
}

export function useDeleteWarehouse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete<void>(`/api/warehouses/${id}`),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: warehouseKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: warehouseKeys.all });
    },
  });
}
