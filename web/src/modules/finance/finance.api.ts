import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { customerPage } from '../../../../contracts/customers.ts';
import type {
  AllocationResult,
  allocateRequest,
  CreditNote,
  cancelInvoiceRequest,
  createCreditNoteRequest,
  createInvoiceRequest,
  createPaymentRequest,
  createReturnRequest,
  Invoice,
  inspectReturnRequest,
  invoicePage,
  journalPage,
  Payment,
  paymentPage,
  ReceivablesPage,
  requestWriteOffRequest,
  SalesReturn,
  Statement,
  salesReturnPage,
  updateInvoiceRequest,
  WriteOff,
  writeOffPage,
} from '../../../../contracts/finance.ts';
import type { Shipment, shipmentPage } from '../../../../contracts/sales.ts';
import { apiGet, apiPatch, apiPost } from '../../shared/api.ts';

type InvoicePage = z.infer<typeof invoicePage>;
type PaymentPage = z.infer<typeof paymentPage>;
type WriteOffPage = z.infer<typeof writeOffPage>;
type SalesReturnPage = z.infer<typeof salesReturnPage>;
type JournalPage = z.infer<typeof journalPage>;
type CustomerPage = z.infer<typeof customerPage>;
type ShipmentPage = z.infer<typeof shipmentPage>;
export type CreateInvoiceInput = z.input<typeof createInvoiceRequest>;
export type UpdateInvoiceInput = z.input<typeof updateInvoiceRequest>;
export type CancelInvoiceInput = z.input<typeof cancelInvoiceRequest>;
export type CreateCreditNoteInput = z.input<typeof createCreditNoteRequest>;
export type CreatePaymentInput = z.input<typeof createPaymentRequest>;
export type AllocateInput = z.input<typeof allocateRequest>;
export type RequestWriteOffInput = z.input<typeof requestWriteOffRequest>;
export type CreateReturnInput = z.input<typeof createReturnRequest>;
export type InspectReturnInput = z.input<typeof inspectReturnRequest>;
export type ListParams = Record<string, string | number | boolean | undefined>;

/** Every finance query sits under this key: a posting can change invoices, payments, AR and statements at once. */
const FINANCE = 'finance';

export const financeKeys = {
  all: [FINANCE] as const,
  invoices: (params: ListParams) => [FINANCE, 'invoices', params] as const,
  invoice: (id: number) => [FINANCE, 'invoice', id] as const,
  journals: (params: ListParams) => [FINANCE, 'journals', params] as const,
  payments: (params: ListParams) => [FINANCE, 'payments', params] as const,
  payment: (id: number) => [FINANCE, 'payment', id] as const,
  writeOffs: (params: ListParams) => [FINANCE, 'write-offs', params] as const,
  receivables: (params: ListParams) => [FINANCE, 'receivables', params] as const,
  statement: (customerId: number, from: string, to: string) =>
    [FINANCE, 'statement', customerId, from, to] as const,
  returns: (params: ListParams) => [FINANCE, 'returns', params] as const,
  salesReturn: (id: number) => [FINANCE, 'return', id] as const,
};

/** A fresh key for a document-creating POST; the same key makes a retried request harmless. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function idempotent(key: string) {
  return { headers: { 'Idempotency-Key': key } };
}

function useInvalidateFinance() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: financeKeys.all }),
      // Returns and credit notes move stock too.
      queryClient.invalidateQueries({ queryKey: ['stock'] }),
    ]);
}

// ---------------------------------------------------------------------------------------
// Invoices and credit notes

export function useInvoiceList(params: ListParams, enabled = true) {
  return useQuery({
    queryKey: financeKeys.invoices(params),
    queryFn: ({ signal }) => apiGet<InvoicePage>('/api/invoices', { signal, query: params }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useInvoice(id: number) {
  return useQuery({
    queryKey: financeKeys.invoice(id),
    queryFn: ({ signal }) => apiGet<Invoice>(`/api/invoices/${id}`, { signal }),
  });
}

export function useCreateInvoice() {
  const invalidate = useInvalidateFinance();
  return useMutation({
    mutationFn: ({ input, key }: { input: CreateInvoiceInput; key: string }) =>
      apiPost<Invoice>('/api/invoices', input, idempotent(key)),
    onSuccess: invalidate,
  });
}

export function useUpdateInvoice() {
  const invalidate = useInvalidateFinance();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateInvoiceInput }) =>
      apiPatch<Invoice>(`/api/invoices/${id}`, changes),
    onSuccess: invalidate,
  });
}

export function useCancelInvoice() {
  const invalidate = useInvalidateFinance();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: CancelInvoiceInput }) =>
      apiPost<Invoice>(`/api/invoices/${id}/cancel`, body),
    onSuccess: invalidate,
  });
}

export function useCreateCreditNote() {
  const invalidate = useInvalidateFinance();
  return useMutation({
    mutationFn: ({ input, key }: { input: CreateCreditNoteInput; key: string }) =>
      apiPost<CreditNote>('/api/credit-notes', input, idempotent(key)),
    onSuccess: invalidate,
  });
}

export function useRequestWriteOff() {
  const invalidate = useInvalidateFinance();
  return useMutation({
    mutationFn: ({ invoiceId, body, key }: { invoiceId: number; body: RequestWriteOffInput; key: string }) =>
      apiPost<WriteOff>(`/api/invoices/${invoiceId}/write-offs`, body, idempotent(key)),
    onSuccess: invalidate,
  });
}

/** Ledger journals of one document (found by its number) for one customer. */
export function useJournals(params: ListParams, enabled: boolean) {
  return useQuery({
    queryKey: financeKeys.journals(params),
    queryFn: ({ signal }) => apiGet<JournalPage>('/api/ledger/journals', { signal, query: params }),
    enabled,
  });
}

// ---------------------------------------------------------------------------------------
// Payments and allocations

export function usePaymentList(params: ListParams) {
  return useQuery({
    queryKey: financeKeys.payments(params),
    queryFn: ({ signal }) => apiGet<PaymentPage>('/api/payments', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function usePayment(id: number) {
  return useQuery({
    queryKey: financeKeys.payment(id),
    queryFn: ({ signal }) => apiGet<Payment>(`/api/payments/${id}`, { signal }),
  });
}

export function useCreatePayment() {
  const invalidate = useInvalidateFinance();
  return useMutation({
    mutationFn: ({ input, key }: { input: CreatePaymentInput; key: string }) =>
      apiPost<Payment>('/api/payments', input, idempotent(key)),
    onSuccess: invalidate,
  });
}

export function useAllocatePayment() {
  const invalidate = useInvalidateFinance();
  return useMutation({
    mutationFn: ({ paymentId, body, key }: { paymentId: number; body: AllocateInput; key: string }) =>
      apiPost<AllocationResult>(`/api/payments/${paymentId}/allocations`, body, idempotent(key)),
    onSuccess: invalidate,
  });
}

// ---------------------------------------------------------------------------------------
// Write-offs

export function useWriteOffList(params: ListParams) {
  return useQuery({
    queryKey: financeKeys.writeOffs(params),
    queryFn: ({ signal }) => apiGet<WriteOffPage>('/api/write-offs', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useDecideWriteOff() {
  const invalidate = useInvalidateFinance();
  return useMutation({
    mutationFn: ({ id, decision, note }: { id: number; decision: 'approve' | 'reject'; note?: string }) =>
      apiPost<WriteOff>(`/api/write-offs/${id}/${decision}`, note === undefined ? {} : { note }),
    onSuccess: invalidate,
  });
}

// ---------------------------------------------------------------------------------------
// Receivables and statements

export function useReceivables(params: ListParams) {
  return useQuery({
    queryKey: financeKeys.receivables(params),
    queryFn: ({ signal }) => apiGet<ReceivablesPage>('/api/receivables', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useStatement(customerId: number, from: string, to: string, enabled: boolean) {
  return useQuery({
    queryKey: financeKeys.statement(customerId, from, to),
    queryFn: ({ signal }) =>
      apiGet<Statement>(`/api/customers/${customerId}/statement`, { signal, query: { from, to } }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

// ---------------------------------------------------------------------------------------
// Returns

export function useReturnList(params: ListParams) {
  return useQuery({
    queryKey: financeKeys.returns(params),
    queryFn: ({ signal }) => apiGet<SalesReturnPage>('/api/returns', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function useSalesReturn(id: number | undefined) {
  return useQuery({
    queryKey: financeKeys.salesReturn(id ?? 0),
    queryFn: ({ signal }) => apiGet<SalesReturn>(`/api/returns/${id}`, { signal }),
    enabled: id !== undefined,
  });
}

export function useCreateReturn() {
  const invalidate = useInvalidateFinance();
  return useMutation({
    mutationFn: ({ input, key }: { input: CreateReturnInput; key: string }) =>
      apiPost<SalesReturn>('/api/returns', input, idempotent(key)),
    onSuccess: invalidate,
  });
}

export function useInspectReturn() {
  const invalidate = useInvalidateFinance();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: InspectReturnInput }) =>
      apiPost<SalesReturn>(`/api/returns/${id}/inspection`, body),
    onSuccess: invalidate,
  });
}

// ---------------------------------------------------------------------------------------
// Lookups: customers and shipments

export function useCustomerSearch(q: string, enabled = true) {
  return useQuery({
    queryKey: ['customers', 'search', q],
    queryFn: async ({ signal }) =>
      (
        await apiGet<CustomerPage>('/api/customers', {
          signal,
          query: { q: q || undefined, pageSize: 30, sort: 'name' },
        })
      ).items,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    enabled,
  });
}

/**
 * A shipment named by its number (SH-…) or id. The shipments list needs orders:read;
 * without it a number can still be given as the shipment id.
 */
export async function findShipment(text: string, signal?: AbortSignal): Promise<Shipment | null> {
  const value = text.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return apiGet<Shipment>(`/api/shipments/${value}`, { signal });
  const page = await apiGet<ShipmentPage>('/api/shipments', { signal, query: { q: value, pageSize: 10 } });
  const match =
    page.items.find((shipment) => shipment.number.toUpperCase() === value.toUpperCase()) ??
    (page.items.length === 1 ? page.items[0] : undefined);
  return match ? apiGet<Shipment>(`/api/shipments/${match.id}`, { signal }) : null;
}
