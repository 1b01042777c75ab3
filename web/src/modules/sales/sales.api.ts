import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ComplianceCheck } from '../../../../contracts/catalog.ts';
import type { stockBalancePage } from '../../../../contracts/inventory.ts';
import type { ResolvedPrice } from '../../../../contracts/pricing.ts';
import type {
  approveOrderRequest,
  cancelOrderRequest,
  convertQuoteRequest,
  createOrderRequest,
  createQuoteRequest,
  deliverRequest,
  Order,
  orderPage,
  PickList,
  Quote,
  quotePage,
  ScanResult,
  Shipment,
  shipmentPage,
  shipRequest,
  updateOrderRequest,
} from '../../../../contracts/sales.ts';
import { apiGet, apiPatch, apiPost } from '../../shared/api.ts';

type OrderPage = z.infer<typeof orderPage>;
type ShipmentPage = z.infer<typeof shipmentPage>;
type QuotePage = z.infer<typeof quotePage>;
type StockBalancePage = z.infer<typeof stockBalancePage>;
export type CreateOrderInput = z.input<typeof createOrderRequest>;
export type UpdateOrderInput = z.input<typeof updateOrderRequest>;
export type CancelOrderInput = z.input<typeof cancelOrderRequest>;
export type ApproveOrderInput = z.input<typeof approveOrderRequest>;
export type CreateQuoteInput = z.input<typeof createQuoteRequest>;
export type ConvertQuoteInput = z.input<typeof convertQuoteRequest>;
export type ShipInput = z.input<typeof shipRequest>;
export type DeliverInput = z.input<typeof deliverRequest>;
export type ListParams = Record<string, string | number | boolean | undefined>;

/** Orders, shipments and quotes change together (a shipment moves its order), so one root key. */
const SALES = 'sales';

export const salesKeys = {
  all: [SALES] as const,
  orders: (params: ListParams) => [SALES, 'orders', params] as const,
  order: (id: number) => [SALES, 'order', id] as const,
  pickList: (id: number) => [SALES, 'pick-list', id] as const,
  shipments: (params: ListParams) => [SALES, 'shipments', params] as const,
  shipment: (id: number) => [SALES, 'shipment', id] as const,
  quotes: (params: ListParams) => [SALES, 'quotes', params] as const,
  quote: (id: number) => [SALES, 'quote', id] as const,
  price: (params: ListParams) => ['pricing', 'resolve', params] as const,
  compliance: (customerId: number, productId: number, date: string) =>
    ['compliance', customerId, productId, date] as const,
};

function idempotent(key: string) {
  return { headers: { 'Idempotency-Key': key } };
}

/** A saved document invalidates every sales list and the stock it reserved or issued. */
function useInvalidateSales() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: salesKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['stock'] }),
      queryClient.invalidateQueries({ queryKey: ['lots'] }),
    ]);
}

function useStoreOrder() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateSales();
  return async (order: Order) => {
    await invalidate();
    queryClient.setQueryData(salesKeys.order(order.id), order);
  };
}

function useStoreShipment() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateSales();
  return async (shipment: Shipment) => {
    await invalidate();
    queryClient.setQueryData(salesKeys.shipment(shipment.id), shipment);
  };
}

// ---------------------------------------------------------------------------------------
// Orders

export function useOrderList(params: ListParams) {
  return useQuery({
    queryKey: salesKeys.orders(params),
    queryFn: ({ signal }) => apiGet<OrderPage>('/api/orders', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useOrder(id: number | undefined) {
  return useQuery({
    queryKey: salesKeys.order(id ?? 0),
    queryFn: ({ signal }) => apiGet<Order>(`/api/orders/${id}`, { signal }),
    enabled: id !== undefined,
  });
}

export function usePickList(id: number) {
  return useQuery({
    queryKey: salesKeys.pickList(id),
    queryFn: ({ signal }) => apiGet<PickList>(`/api/orders/${id}/pick-list`, { signal }),
  });
}

export function useCreateOrder() {
  const store = useStoreOrder();
  return useMutation({
    mutationFn: ({ input, key }: { input: CreateOrderInput; key: string }) =>
      apiPost<Order>('/api/orders', input, idempotent(key)),
    onSuccess: store,
  });
}

export function useUpdateOrder() {
  const store = useStoreOrder();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateOrderInput }) =>
      apiPatch<Order>(`/api/orders/${id}`, changes),
    onSuccess: store,
  });
}

export function useConfirmOrder() {
  const store = useStoreOrder();
  return useMutation({
    mutationFn: ({
      id,
      body,
      key,
    }: {
      id: number;
      body: { version: number; acceptPartial?: boolean };
      key: string;
    }) => apiPost<Order>(`/api/orders/${id}/confirm`, body, idempotent(key)),
    onSuccess: store,
  });
}

export function useCancelOrder() {
  const store = useStoreOrder();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: CancelOrderInput }) =>
      apiPost<Order>(`/api/orders/${id}/cancel`, body),
    onSuccess: store,
  });
}

export function useApproveOrder() {
  const store = useStoreOrder();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ApproveOrderInput }) =>
      apiPost<Order>(`/api/orders/${id}/approvals`, body),
    onSuccess: store,
  });
}

export function useAllocateBackorder() {
  const store = useStoreOrder();
  return useMutation({
    mutationFn: ({ id, version }: { id: number; version: number }) =>
      apiPost<Order>(`/api/orders/${id}/allocate`, { version }),
    onSuccess: store,
  });
}

// ---------------------------------------------------------------------------------------
// Checks shown while an order is entered

/** The price this customer pays for the product today, and where it comes from. */
export function fetchResolvedPrice(
  params: { customerId: number; productId: number; quantity: number; currency: string },
  signal?: AbortSignal,
): Promise<ResolvedPrice> {
  return apiGet<ResolvedPrice>('/api/pricing/resolve', { signal, query: params });
}

/** May the customer buy the product (qualifications, certificate, class)? Needs customers:read. */
export function useComplianceCheck(
  customerId: number | undefined,
  productId: number,
  date: string,
  enabled: boolean,
) {
  return useQuery({
    queryKey: salesKeys.compliance(customerId ?? 0, productId, date),
    queryFn: ({ signal }) =>
      apiGet<ComplianceCheck>('/api/compliance/check', {
        signal,
        query: { customerId, productId, date },
      }),
    enabled: enabled && customerId !== undefined,
    staleTime: 60_000,
  });
}

/** Enough rows for every lot of one product in every warehouse. */
const STOCK_ROWS = 200;

/** Sellable stock of one product by lot (needs inventory:read). */
export function useProductStock(productId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['stock', 'list', { productId, onlyAvailable: 'true', pageSize: STOCK_ROWS }],
    queryFn: ({ signal }) =>
      apiGet<StockBalancePage>('/api/stock', {
        signal,
        query: { productId, onlyAvailable: 'true', pageSize: STOCK_ROWS, sort: 'expiryDate' },
      }),
    enabled,
    staleTime: 30_000,
  });
}

// ---------------------------------------------------------------------------------------
// Shipments

export function useShipmentList(params: ListParams, enabled = true) {
  return useQuery({
    queryKey: salesKeys.shipments(params),
    queryFn: ({ signal }) => apiGet<ShipmentPage>('/api/shipments', { signal, query: params }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useShipment(id: number) {
  return useQuery({
    queryKey: salesKeys.shipment(id),
    queryFn: ({ signal }) => apiGet<Shipment>(`/api/shipments/${id}`, { signal }),
  });
}

export function useCreateShipment() {
  const store = useStoreShipment();
  return useMutation({
    mutationFn: ({ orderId, key }: { orderId: number; key: string }) =>
      apiPost<Shipment>('/api/shipments', { orderId }, idempotent(key)),
    onSuccess: store,
  });
}

export function useScanShipment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, code }: { id: number; code: string }) =>
      apiPost<ScanResult>(`/api/shipments/${id}/scan`, { code }),
    // The scan screen lives on this one shipment; lists catch up when it ships.
    onSuccess: (result) => queryClient.setQueryData(salesKeys.shipment(result.shipment.id), result.shipment),
  });
}

export function useShipShipment() {
  const store = useStoreShipment();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ShipInput }) =>
      apiPost<Shipment>(`/api/shipments/${id}/ship`, body),
    onSuccess: store,
  });
}

export function useDeliverShipment() {
  const store = useStoreShipment();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: DeliverInput }) =>
      apiPost<Shipment>(`/api/shipments/${id}/deliver`, body),
    onSuccess: store,
  });
}

// ---------------------------------------------------------------------------------------
// Quotes

export function useQuoteList(params: ListParams) {
  return useQuery({
    queryKey: salesKeys.quotes(params),
    queryFn: ({ signal }) => apiGet<QuotePage>('/api/quotes', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useQuote(id: number) {
  return useQuery({
    queryKey: salesKeys.quote(id),
    queryFn: ({ signal }) => apiGet<Quote>(`/api/quotes/${id}`, { signal }),
  });
}

export function useCreateQuote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, key }: { input: CreateQuoteInput; key: string }) =>
      apiPost<Quote>('/api/quotes', input, idempotent(key)),
    onSuccess: async (quote) => {
      await queryClient.invalidateQueries({ queryKey: salesKeys.all });
      queryClient.setQueryData(salesKeys.quote(quote.id), quote);
    },
  });
}

export function useConvertQuote() {
  const store = useStoreOrder();
  return useMutation({
    mutationFn: ({ id, body, key }: { id: number; body: ConvertQuoteInput; key: string }) =>
      apiPost<Order>(`/api/quotes/${id}/convert`, body, idempotent(key)),
    onSuccess: store,
  });
}
