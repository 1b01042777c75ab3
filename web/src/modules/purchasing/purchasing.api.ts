import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { supplierPage } from '../../../../contracts/catalog.ts';
import type {
  cancelPurchaseOrderRequest,
  createPurchaseOrderRequest,
  createReceiptRequest,
  PurchaseOrder,
  purchaseOrderPage,
  Receipt,
  receiptPage,
} from '../../../../contracts/purchasing.ts';
import { apiGet, apiPost } from '../../shared/api.ts';

type PurchaseOrderPage = z.infer<typeof purchaseOrderPage>;
type ReceiptPage = z.infer<typeof receiptPage>;
type SupplierPage = z.infer<typeof supplierPage>;
export type CreatePurchaseOrderInput = z.input<typeof createPurchaseOrderRequest>;
export type CancelPurchaseOrderInput = z.input<typeof cancelPurchaseOrderRequest>;
export type CreateReceiptInput = z.input<typeof createReceiptRequest>;
export type ListParams = Record<string, string | number | boolean | undefined>;

export const purchasingKeys = {
  orders: ['purchase-orders'] as const,
  orderList: (params: ListParams) => ['purchase-orders', 'list', params] as const,
  order: (id: number) => ['purchase-orders', 'detail', id] as const,
  receipts: ['receipts'] as const,
  receiptList: (params: ListParams) => ['receipts', 'list', params] as const,
  receipt: (id: number) => ['receipts', 'detail', id] as const,
};

export function usePurchaseOrderList(params: ListParams, enabled = true) {
  return useQuery({
    queryKey: purchasingKeys.orderList(params),
    queryFn: ({ signal }) => apiGet<PurchaseOrderPage>('/api/purchase-orders', { signal, query: params }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePurchaseOrder(id: number | undefined) {
  return useQuery({
    queryKey: purchasingKeys.order(id ?? 0),
    queryFn: ({ signal }) => apiGet<PurchaseOrder>(`/api/purchase-orders/${id}`, { signal }),
    enabled: id !== undefined,
  });
}

function useStoreOrder() {
  const queryClient = useQueryClient();
  return (order: PurchaseOrder) => {
    queryClient.setQueryData(purchasingKeys.order(order.id), order);
    return queryClient.invalidateQueries({ queryKey: [...purchasingKeys.orders, 'list'] });
  };
}

export function useCreatePurchaseOrder() {
  const store = useStoreOrder();
  return useMutation({
    mutationFn: (input: CreatePurchaseOrderInput) => apiPost<PurchaseOrder>('/api/purchase-orders', input),
    onSuccess: store,
  });
}

export function useConfirmPurchaseOrder() {
  const store = useStoreOrder();
  return useMutation({
    mutationFn: ({ id, version }: { id: number; version: number }) =>
      apiPost<PurchaseOrder>(`/api/purchase-orders/${id}/confirm`, { version }),
    onSuccess: store,
  });
}

export function useCancelPurchaseOrder() {
  const store = useStoreOrder();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: CancelPurchaseOrderInput }) =>
      apiPost<PurchaseOrder>(`/api/purchase-orders/${id}/cancel`, body),
    onSuccess: store,
  });
}

export function useReceiptList(params: ListParams, enabled = true) {
  return useQuery({
    queryKey: purchasingKeys.receiptList(params),
    queryFn: ({ signal }) => apiGet<ReceiptPage>('/api/receipts', { signal, query: params }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useReceipt(id: number) {
  return useQuery({
    queryKey: purchasingKeys.receipt(id),
    queryFn: ({ signal }) => apiGet<Receipt>(`/api/receipts/${id}`, { signal }),
  });
}

export function useCreateReceipt() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateReceiptInput) => apiPost<Receipt>('/api/receipts', input),
    onSuccess: (receipt) => {
      queryClient.setQueryData(purchasingKeys.receipt(receipt.id), receipt);
      // The order's received quantities and status, and the stock, changed with it.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: purchasingKeys.orders }),
        queryClient.invalidateQueries({ queryKey: [...purchasingKeys.receipts, 'list'] }),
        queryClient.invalidateQueries({ queryKey: ['stock'] }),
        queryClient.invalidateQueries({ queryKey: ['lots'] }),
      ]);
    },
  });
}

/** Active suppliers for pickers and filters (needs masterdata:read). */
export function useSupplierOptions() {
  return useQuery({
    queryKey: ['suppliers', 'pick-list', 'active'],
    queryFn: async ({ signal }) =>
      (
        await apiGet<SupplierPage>('/api/suppliers', {
          signal,
          query: { pageSize: 500, isActive: 'true', sort: 'name' },
        })
      ).items,
    staleTime: 5 * 60_000,
  });
}
