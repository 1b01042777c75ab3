import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createProductRequest,
  Product,
  productLinePage,
  productPage,
  supplierPage,
  updateProductRequest,
} from '../../../../contracts/catalog.ts';
import { apiDelete, apiGet, apiPatch, apiPost } from '../../shared/api.ts';

type ProductPage = z.infer<typeof productPage>;
type ProductLinePage = z.infer<typeof productLinePage>;
type SupplierPage = z.infer<typeof supplierPage>;
export type CreateProductInput = z.input<typeof createProductRequest>;
export type UpdateProductInput = z.input<typeof updateProductRequest>;

export type ProductListParams = Record<string, string | number | undefined>;

export const productKeys = {
  all: ['products'] as const,
  lists: ['products', 'list'] as const,
  list: (params: ProductListParams) => ['products', 'list', params] as const,
  detail: (id: number) => ['products', 'detail', id] as const,
};

/** Enough for every product line and manufacturer in a pick list (the server's page limit). */
const PICK_LIST_SIZE = 500;

export function useProductList(params: ProductListParams) {
  return useQuery({
    queryKey: productKeys.list(params),
    queryFn: ({ signal }) => apiGet<ProductPage>('/api/products', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function fetchProduct(id: number, signal?: AbortSignal): Promise<Product> {
  return apiGet<Product>(`/api/products/${id}`, { signal });
}

export function useProductLines() {
  return useQuery({
    queryKey: ['product-lines', 'pick-list'],
    queryFn: async ({ signal }) =>
      (
        await apiGet<ProductLinePage>('/api/product-lines', {
          signal,
          query: { pageSize: PICK_LIST_SIZE, sort: 'code' },
        })
      ).items,
    staleTime: 5 * 60_000,
  });
}

/** Suppliers that make products (kind manufacturer or both); needs masterdata:read. */
export function useManufacturers(enabled: boolean) {
  return useQuery({
    queryKey: ['suppliers', 'manufacturers'],
    queryFn: async ({ signal }) =>
      (
        await apiGet<SupplierPage>('/api/suppliers', {
          signal,
          query: { pageSize: PICK_LIST_SIZE, isActive: 'true', sort: 'name' },
        })
      ).items.filter((supplier) => supplier.kind !== 'supplier'),
    enabled,
    staleTime: 5 * 60_000,
  });
}

function useStoreProduct() {
  const queryClient = useQueryClient();
  return (product: Product) => {
    queryClient.setQueryData(productKeys.detail(product.id), product);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: productKeys.lists }),
      // Product counts per line.
      queryClient.invalidateQueries({ queryKey: ['product-lines'] }),
    ]);
  };
}

export function useCreateProduct() {
  const store = useStoreProduct();
  return useMutation({
    mutationFn: (input: CreateProductInput) => apiPost<Product>('/api/products', input),
    onSuccess: store,
  });
}

export function useUpdateProduct() {
  const store = useStoreProduct();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateProductInput }) =>
      apiPatch<Product>(`/api/products/${id}`, changes),
    onSuccess: store,
  });
}

export function useDeleteProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete<void>(`/api/products/${id}`),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: productKeys.lists }),
        queryClient.invalidateQueries({ queryKey: ['product-lines'] }),
      ]),
  });
}
