import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createProductLineRequest,
  ProductLine,
  productLinePage,
  updateProductLineRequest,
} from '../../../../contracts/catalog.ts';
import { apiDelete, apiGet, apiPatch, apiPost } from '../../shared/api.ts';

type ProductLinePage = z.infer<typeof productLinePage>;
export type CreateProductLineInput = z.input<typeof createProductLineRequest>;
export type UpdateProductLineInput = z.input<typeof updateProductLineRequest>;
export type ProductLineListParams = Record<string, string | number | undefined>;

// Under ['product-lines'] like the products module's pick list, so a save refreshes it too.
export const productLineKeys = {
  all: ['product-lines'] as const,
  lists: ['product-lines', 'list'] as const,
  list: (params: ProductLineListParams) => ['product-lines', 'list', params] as const,
  detail: (id: number) => ['product-lines', 'detail', id] as const,
};

export function useProductLineList(params: ProductLineListParams) {
  return useQuery({
    queryKey: productLineKeys.list(params),
    queryFn: ({ signal }) => apiGet<ProductLinePage>('/api/product-lines', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function fetchProductLine(id: number, signal?: AbortSignal): Promise<ProductLine> {
  return apiGet<ProductLine>(`/api/product-lines/${id}`, { signal });
}

/** A renamed line shows in every product row, so product lists are refreshed as well. */
function useStoreProductLine() {
  const queryClient = useQueryClient();
  return (line: ProductLine) => {
    queryClient.setQueryData(productLineKeys.detail(line.id), line);
    return Promise.all([
      queryClient.invalidateQueries({
        queryKey: productLineKeys.all,
        predicate: (query) => query.queryKey[1] !== 'detail',
      }),
      queryClient.invalidateQueries({ queryKey: ['products', 'list'] }),
    ]);
  };
}

export function useCreateProductLine() {
  const store = useStoreProductLine();
  return useMutation({
    mutationFn: (input: CreateProductLineInput) => apiPost<ProductLine>('/api/product-lines', input),
    onSuccess: store,
  });
}

export function useUpdateProductLine() {
  const store = useStoreProductLine();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateProductLineInput }) =>
      apiPatch<ProductLine>(`/api/product-lines/${id}`, changes),
    onSuccess: store,
  });
}

export function useDeleteProductLine() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete<void>(`/api/product-lines/${id}`),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: productLineKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: productLineKeys.all });
    },
  });
}
