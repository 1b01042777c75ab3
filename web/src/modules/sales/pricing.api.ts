import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createPriceListRequest,
  PriceListDetail,
  priceListPage,
  replacePriceListItemsRequest,
  updatePriceListRequest,
} from '../../../../contracts/pricing.ts';
import type {
  cancelSalesContractRequest,
  createSalesContractRequest,
  SalesContract,
  salesContractPage,
} from '../../../../contracts/sales-contracts.ts';
import { apiGet, apiPatch, apiPost, apiPut } from '../../shared/api.ts';
import type { ListParams } from './sales.api.ts';

type PriceListPage = z.infer<typeof priceListPage>;
type SalesContractPage = z.infer<typeof salesContractPage>;
export type CreatePriceListInput = z.input<typeof createPriceListRequest>;
export type UpdatePriceListInput = z.input<typeof updatePriceListRequest>;
export type ReplacePriceListItemsInput = z.input<typeof replacePriceListItemsRequest>;
export type CreateSalesContractInput = z.input<typeof createSalesContractRequest>;
export type CancelSalesContractInput = z.input<typeof cancelSalesContractRequest>;

// A new price or contract changes what orders resolve to, so the resolved prices go too.
export const pricingKeys = {
  all: ['pricing'] as const,
  priceLists: (params: ListParams) => ['pricing', 'price-lists', params] as const,
  priceList: (id: number) => ['pricing', 'price-list', id] as const,
  contracts: (params: ListParams) => ['pricing', 'contracts', params] as const,
  contract: (id: number) => ['pricing', 'contract', id] as const,
};

function idempotent(key: string) {
  return { headers: { 'Idempotency-Key': key } };
}

function useStore<T extends { id: number }>(keyOf: (id: number) => readonly unknown[]) {
  const queryClient = useQueryClient();
  return async (saved: T) => {
    await queryClient.invalidateQueries({ queryKey: pricingKeys.all });
    queryClient.setQueryData(keyOf(saved.id), saved);
  };
}

// ---------------------------------------------------------------------------------------
// Price lists

export function usePriceListList(params: ListParams) {
  return useQuery({
    queryKey: pricingKeys.priceLists(params),
    queryFn: ({ signal }) => apiGet<PriceListPage>('/api/price-lists', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function fetchPriceList(id: number, signal?: AbortSignal): Promise<PriceListDetail> {
  return apiGet<PriceListDetail>(`/api/price-lists/${id}`, { signal });
}

export function usePriceList(id: number) {
  return useQuery({
    queryKey: pricingKeys.priceList(id),
    queryFn: ({ signal }) => fetchPriceList(id, signal),
  });
}

export function useCreatePriceList() {
  const store = useStore<PriceListDetail>(pricingKeys.priceList);
  return useMutation({
    mutationFn: ({ input, key }: { input: CreatePriceListInput; key: string }) =>
      apiPost<PriceListDetail>('/api/price-lists', input, idempotent(key)),
    onSuccess: store,
  });
}

export function useUpdatePriceList() {
  const store = useStore<PriceListDetail>(pricingKeys.priceList);
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdatePriceListInput }) =>
      apiPatch<PriceListDetail>(`/api/price-lists/${id}`, changes),
    onSuccess: store,
  });
}

export function useReplacePriceListItems() {
  const store = useStore<PriceListDetail>(pricingKeys.priceList);
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ReplacePriceListItemsInput }) =>
      apiPut<PriceListDetail>(`/api/price-lists/${id}/items`, body),
    onSuccess: store,
  });
}

// ---------------------------------------------------------------------------------------
// Sales contracts

export function useContractList(params: ListParams) {
  return useQuery({
    queryKey: pricingKeys.contracts(params),
    queryFn: ({ signal }) => apiGet<SalesContractPage>('/api/sales-contracts', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useContract(id: number) {
  return useQuery({
    queryKey: pricingKeys.contract(id),
    queryFn: ({ signal }) => apiGet<SalesContract>(`/api/sales-contracts/${id}`, { signal }),
  });
}

export function useCreateContract() {
  const store = useStore<SalesContract>(pricingKeys.contract);
  return useMutation({
    mutationFn: ({ input, key }: { input: CreateSalesContractInput; key: string }) =>
      apiPost<SalesContract>('/api/sales-contracts', input, idempotent(key)),
    onSuccess: store,
  });
}

export function useCancelContract() {
  const store = useStore<SalesContract>(pricingKeys.contract);
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: CancelSalesContractInput }) =>
      apiPost<SalesContract>(`/api/sales-contracts/${id}/cancel`, body),
    onSuccess: store,
  });
}
