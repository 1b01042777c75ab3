import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { productPage } from '../../../../contracts/catalog.ts';
import type {
  cancelTransferRequest,
  createTransferRequest,
  Lot,
  lotPage,
  lotRecallRequest,
  lotStatusChangeRequest,
  receiveTransferRequest,
  StockMove,
  stockAdjustmentRequest,
  stockBalancePage,
  stockMovePage,
  Transfer,
  transferPage,
} from '../../../../contracts/inventory.ts';
import type { warehousePage } from '../../../../contracts/warehouses.ts';
import { apiGet, apiPost } from '../../shared/api.ts';

type StockBalancePage = z.infer<typeof stockBalancePage>;
type StockMovePage = z.infer<typeof stockMovePage>;
type LotPage = z.infer<typeof lotPage>;
type TransferPage = z.infer<typeof transferPage>;
type WarehousePage = z.infer<typeof warehousePage>;
type ProductPage = z.infer<typeof productPage>;
export type StockAdjustmentInput = z.input<typeof stockAdjustmentRequest>;
export type LotStatusChangeInput = z.input<typeof lotStatusChangeRequest>;
export type LotRecallInput = z.input<typeof lotRecallRequest>;
export type CreateTransferInput = z.input<typeof createTransferRequest>;
export type ReceiveTransferInput = z.input<typeof receiveTransferRequest>;
export type CancelTransferInput = z.input<typeof cancelTransferRequest>;
export type LotAction = 'hold' | 'release' | 'recall';

export type ListParams = Record<string, string | number | boolean | undefined>;

/** Enough for every warehouse in a pick list (the server's page limit). */
const PICK_LIST_SIZE = 500;

export const inventoryKeys = {
  stock: ['stock'] as const,
  stockList: (params: ListParams) => ['stock', 'list', params] as const,
  moves: (params: ListParams) => ['stock', 'moves', params] as const,
  lots: ['lots'] as const,
  lotList: (params: ListParams) => ['lots', 'list', params] as const,
  transfers: ['transfers'] as const,
  transferList: (params: ListParams) => ['transfers', 'list', params] as const,
  transfer: (id: number) => ['transfers', 'detail', id] as const,
};

export function useStockList(params: ListParams, enabled = true) {
  return useQuery({
    queryKey: inventoryKeys.stockList(params),
    queryFn: ({ signal }) => apiGet<StockBalancePage>('/api/stock', { signal, query: params }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useStockMoves(params: ListParams, enabled: boolean) {
  return useQuery({
    queryKey: inventoryKeys.moves(params),
    queryFn: ({ signal }) => apiGet<StockMovePage>('/api/stock/moves', { signal, query: params }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Stock, lots, traces and transfers all change with a stock move. */
function useInvalidateStock() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: inventoryKeys.stock }),
      queryClient.invalidateQueries({ queryKey: inventoryKeys.lots }),
      queryClient.invalidateQueries({ queryKey: ['trace'] }),
    ]);
}

export function usePostAdjustment() {
  const invalidate = useInvalidateStock();
  return useMutation({
    mutationFn: (input: StockAdjustmentInput) => apiPost<StockMove>('/api/stock/adjustments', input),
    onSuccess: invalidate,
  });
}

export function useLotList(params: ListParams, enabled = true) {
  return useQuery({
    queryKey: inventoryKeys.lotList(params),
    queryFn: ({ signal }) => apiGet<LotPage>('/api/lots', { signal, query: params }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useChangeLotStatus() {
  const invalidate = useInvalidateStock();
  return useMutation({
    mutationFn: ({
      id,
      action,
      body,
    }: {
      id: number;
      action: LotAction;
      body: LotStatusChangeInput | LotRecallInput;
    }) => apiPost<Lot>(`/api/lots/${id}/${action}`, body),
    onSuccess: invalidate,
  });
}

export function useTransferList(params: ListParams) {
  return useQuery({
    queryKey: inventoryKeys.transferList(params),
    queryFn: ({ signal }) => apiGet<TransferPage>('/api/transfers', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useTransfer(id: number | undefined) {
  return useQuery({
    queryKey: inventoryKeys.transfer(id ?? 0),
    queryFn: ({ signal }) => apiGet<Transfer>(`/api/transfers/${id}`, { signal }),
    enabled: id !== undefined,
  });
}

function useStoreTransfer() {
  const queryClient = useQueryClient();
  const invalidateStock = useInvalidateStock();
  return (transfer: Transfer) => {
    queryClient.setQueryData(inventoryKeys.transfer(transfer.id), transfer);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: [...inventoryKeys.transfers, 'list'] }),
      invalidateStock(),
    ]);
  };
}

export function useCreateTransfer() {
  const store = useStoreTransfer();
  return useMutation({
    mutationFn: (input: CreateTransferInput) => apiPost<Transfer>('/api/transfers', input),
    onSuccess: store,
  });
}

export function useReceiveTransfer() {
  const store = useStoreTransfer();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ReceiveTransferInput }) =>
      apiPost<Transfer>(`/api/transfers/${id}/receive`, body),
    onSuccess: store,
  });
}

export function useCancelTransfer() {
  const store = useStoreTransfer();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: CancelTransferInput }) =>
      apiPost<Transfer>(`/api/transfers/${id}/cancel`, body),
    onSuccess: store,
  });
}

/** Active warehouses for pickers and filters (needs masterdata:read). */
export function useWarehouseOptions(enabled = true) {
  return useQuery({
    queryKey: ['warehouses', 'pick-list'],
    queryFn: async ({ signal }) =>
      (
        await apiGet<WarehousePage>('/api/warehouses', {
          signal,
          query: { pageSize: PICK_LIST_SIZE, sort: 'code', isActive: 'true' },
        })
      ).items,
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** Products matching what the user typed, for a searchable picker (needs products:read). */
export function useProductSearch(q: string, enabled = true) {
  return useQuery({
    queryKey: ['products', 'search', q],
    queryFn: async ({ signal }) =>
      (
        await apiGet<ProductPage>('/api/products', {
          signal,
          query: { q: q || undefined, pageSize: 30, isActive: 'true', sort: 'sku' },
        })
      ).items,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    enabled,
  });
}
