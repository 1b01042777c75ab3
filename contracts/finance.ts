import { z } from 'zod';
import { calendarDate } from './catalog.ts';
import { isoDate, listQuery, pageOf } from './common.ts';
import { currencyCode } from './pricing.ts';

/**
 * Finance: invoices, credit notes, payments, allocations, write-offs, returns, the receivables
 * ledger, statements and aging. Amounts are integers in the minor unit of the document's
 * currency (fen for CNY); *CnyFen fields are the company-currency amounts, derived exactly.
 */

const id = z.number().int().positive();
const optionalId = z.coerce.number().int().positive().optional();
const version = z.number().int().describe('The version you read; a stale version is refused with 409');
const reason = z.string().trim().min(2).max(500);
const positiveAmount = z.number().int().min(1).max(1_000_000_000_000).describe('Minor units of the currency');
const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const invoiceStatuses = ['open', 'partially_paid', 'paid', 'written_off', 'cancelled'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];
export const paymentMethods = ['bank_transfer', 'acceptance_bill', 'cash'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
export const creditNoteKinds = ['adjustment', 'return'] as const;
export type CreditNoteKind = (typeof creditNoteKinds)[number];
export const writeOffStatuses = ['requested', 'approved', 'rejected'] as const;
export const returnStatuses = ['awaiting_inspection', 'inspected'] as const;
export const ledgerAccounts = [
  'AR',
  'CASH',
  'NOTES_RECEIVABLE',
  'CUSTOMER_CREDIT',
  'VAT_OUTPUT',
  'REVENUE',
  'SALES_RETURNS',
  'BAD_DEBT_EXPENSE',
  'FX_DIFFERENCE',
] as const;
export type LedgerAccount = (typeof ledgerAccounts)[number];
export const journalSourceTypes = [
  'invoice',
  'invoice_cancellation',
  'credit_note',
  'payment',
  'allocation',
  'write_off',
  'reversal',
] as const;
export type JournalSourceType = (typeof journalSourceTypes)[number];
/** DOMAIN §4: days past due (as-of − due date); the same codes as the credit rules use. */
export const agingBuckets = ['not_due', '1_30', '31_60', '61_90', '91_180', 'over_180'] as const;
export type AgingBucket = (typeof agingBuckets)[number];

// ---------------------------------------------------------------------------------------
// Invoices and credit notes

export const createInvoiceRequest = z.strictObject({
  shipmentId: id,
  shipmentLineIds: z
    .array(id)
    .min(1)
    .max(500)
    .optional()
    .describe('Invoice only these lines of the shipment; default: every line not invoiced yet'),
  invoiceDate: calendarDate
    .optional()
    .describe("Default: today's business date; not before the shipping date"),
  note: z.string().trim().max(1000).nullable().default(null),
});
export type CreateInvoiceRequest = z.output<typeof createInvoiceRequest>;

export const updateInvoiceRequest = z.strictObject({
  version,
  vatInvoiceNumber: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{8,32}$/, '8–32 digits or letters')
    .nullable()
    .optional()
    .describe('The Golden Tax (金税) VAT invoice number, once printed'),
  note: z.string().trim().max(1000).nullable().optional(),
});
export type UpdateInvoiceRequest = z.output<typeof updateInvoiceRequest>;

export const cancelInvoiceRequest = z.strictObject({ version, reason });
export type CancelInvoiceRequest = z.output<typeof cancelInvoiceRequest>;

export const invoiceListQuery = listQuery.extend({
  status: z.enum(invoiceStatuses).optional(),
  customerId: optionalId,
  shipmentId: optionalId,
  dateFrom: calendarDate.optional(),
  dateTo: calendarDate.optional(),
  isOpen: booleanQuery.describe('Only invoices with an open amount'),
});
export type InvoiceListQuery = z.output<typeof invoiceListQuery>;

export const invoiceLine = z
  .object({
    id: z.number().int(),
    lineNo: z.number().int(),
    shipmentLineId: z.number().int(),
    productId: z.number().int(),
    sku: z.string(),
    productName: z.string(),
    modelSpec: z.string(),
    lotId: z.number().int(),
    lotNumber: z.string(),
    quantity: z.number().int(),
    unitPrice: z.number().int(),
    discountRate: z.string().describe('Fraction, exact decimal (0.0500 = 5 %)'),
    vatRate: z.string().describe('Fraction, exact decimal (0.1300 = 13 %)'),
    netAmount: z.number().int(),
    taxAmount: z.number().int(),
    grossAmount: z.number().int(),
    netCnyFen: z.number().int(),
    taxCnyFen: z.number().int(),
    costCnyFen: z.number().int().describe('Units × the lot cost, for gross profit'),
    creditedQuantity: z.number().int(),
    creditedNetAmount: z.number().int(),
    creditedTaxAmount: z.number().int(),
  })
  .meta({ id: 'InvoiceLine' });
export type InvoiceLine = z.infer<typeof invoiceLine>;

const invoiceHeader = {
  id: z.number().int(),
  number: z.string().describe('INV-YYYYMMDD-NNNN'),
  customerId: z.number().int(),
  customerName: z.string(),
  regionId: z.number().int(),
  shipmentId: z.number().int(),
  shipmentNumber: z.string(),
  orderId: z.number().int(),
  orderNumber: z.string(),
  currency: z.string(),
  exchangeRate: z.string().describe('CNY per unit of the currency on the invoice date, exact decimal'),
  invoiceDate: isoDate,
  dueDate: isoDate,
  vatInvoiceNumber: z.string().nullable(),
  status: z.enum(invoiceStatuses),
  netAmount: z.number().int(),
  taxAmount: z.number().int(),
  grossAmount: z.number().int(),
  netCnyFen: z.number().int(),
  taxCnyFen: z.number().int(),
  grossCnyFen: z.number().int(),
  costCnyFen: z.number().int(),
  paidAmount: z.number().int(),
  creditedAmount: z.number().int(),
  writtenOffAmount: z.number().int(),
  openAmount: z.number().int(),
  openCnyFen: z.number().int(),
  note: z.string().nullable(),
  cancelledOn: isoDate.nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
};
export const invoiceSummary = z.object(invoiceHeader).meta({ id: 'InvoiceSummary' });
export type InvoiceSummary = z.infer<typeof invoiceSummary>;
export const invoicePage = pageOf(invoiceSummary);

export const allocation = z
  .object({
    id: z.number().int(),
    paymentId: z.number().int().nullable(),
    creditNoteId: z.number().int().nullable(),
    sourceNumber: z.string().describe('The payment or credit note number'),
    invoiceId: z.number().int(),
    invoiceNumber: z.string(),
    currency: z.string(),
    amount: z.number().int(),
    sourceCnyFen: z.number().int().describe('CNY taken from the payment or credit note'),
    invoiceCnyFen: z.number().int().describe('CNY of receivable cleared on the invoice'),
    allocatedOn: isoDate,
    isAutomatic: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Allocation' });
export type Allocation = z.infer<typeof allocation>;

export const writeOff = z
  .object({
    id: z.number().int(),
    number: z.string().describe('WO-YYYYMMDD-NNNN'),
    invoiceId: z.number().int(),
    invoiceNumber: z.string(),
    customerId: z.number().int(),
    customerName: z.string(),
    currency: z.string(),
    amount: z.number().int(),
    amountCnyFen: z.number().int().nullable().describe('Set when approved'),
    reason: z.string(),
    status: z.enum(writeOffStatuses),
    requestedBy: z.number().int(),
    requestedByName: z.string(),
    requestedAt: z.string(),
    decidedBy: z.number().int().nullable(),
    decidedByName: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    writtenOffOn: isoDate.nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'WriteOff' });
export type WriteOff = z.infer<typeof writeOff>;
export const writeOffPage = pageOf(writeOff);

export const creditNoteLineInput = z
  .strictObject({
    invoiceLineId: id,
    quantity: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe('Units taken back or credited in full'),
    netAmount: positiveAmount.optional().describe('A price allowance on the line, net of VAT'),
  })
  .refine((l) => (l.quantity === undefined) !== (l.netAmount === undefined), {
    message: 'give either quantity or netAmount',
  });

export const createCreditNoteRequest = z.strictObject({
  invoiceId: id,
  creditDate: calendarDate.optional().describe("Default: today's business date"),
  reason,
  lines: z
    .array(creditNoteLineInput)
    .min(1)
    .max(500)
    .optional()
    .describe('Default: everything on the invoice not credited yet'),
});
export type CreateCreditNoteRequest = z.output<typeof createCreditNoteRequest>;

export const creditNoteListQuery = listQuery.extend({
  customerId: optionalId,
  invoiceId: optionalId,
  dateFrom: calendarDate.optional(),
  dateTo: calendarDate.optional(),
});
export type CreditNoteListQuery = z.output<typeof creditNoteListQuery>;

export const creditNoteLine = z
  .object({
    id: z.number().int(),
    lineNo: z.number().int(),
    invoiceLineId: z.number().int(),
    productId: z.number().int(),
    sku: z.string(),
    productName: z.string(),
    quantity: z.number().int(),
    netAmount: z.number().int(),
    taxAmount: z.number().int(),
    netCnyFen: z.number().int(),
    taxCnyFen: z.number().int(),
    costCnyFen: z.number().int(),
  })
  .meta({ id: 'CreditNoteLine' });

const creditNoteHeader = {
  id: z.number().int(),
  number: z.string().describe('CN-YYYYMMDD-NNNN'),
  invoiceId: z.number().int(),
  invoiceNumber: z.string(),
  customerId: z.number().int(),
  customerName: z.string(),
  regionId: z.number().int(),
  kind: z.enum(creditNoteKinds),
  returnId: z.number().int().nullable(),
  currency: z.string(),
  exchangeRate: z.string(),
  creditDate: isoDate,
  reason: z.string(),
  netAmount: z.number().int(),
  taxAmount: z.number().int(),
  grossAmount: z.number().int(),
  netCnyFen: z.number().int(),
  taxCnyFen: z.number().int(),
  grossCnyFen: z.number().int(),
  costCnyFen: z.number().int(),
  appliedAmount: z.number().int(),
  openAmount: z.number().int().describe('Not applied to an invoice yet: the customer can use it'),
  openCnyFen: z.number().int(),
  createdAt: z.string(),
};
export const creditNoteSummary = z.object(creditNoteHeader).meta({ id: 'CreditNoteSummary' });
export type CreditNoteSummary = z.infer<typeof creditNoteSummary>;
export const creditNotePage = pageOf(creditNoteSummary);
export const creditNote = z
  .object({ ...creditNoteHeader, lines: z.array(creditNoteLine), allocations: z.array(allocation) })
  .meta({ id: 'CreditNote' });
export type CreditNote = z.infer<typeof creditNote>;

export const invoice = z
  .object({
    ...invoiceHeader,
    lines: z.array(invoiceLine),
    allocations: z.array(allocation),
    creditNotes: z.array(creditNoteSummary),
    writeOffs: z.array(writeOff),
  })
  .meta({ id: 'Invoice' });
export type Invoice = z.infer<typeof invoice>;

// ---------------------------------------------------------------------------------------
// Payments, allocations and write-offs

export const createPaymentRequest = z
  .strictObject({
    customerId: id,
    method: z.enum(paymentMethods),
    currency: currencyCode.default('CNY'),
    amount: positiveAmount,
    receivedDate: calendarDate.optional().describe("Default: today's business date"),
    reference: z.string().trim().min(1).max(100).describe('Bank reference, or the acceptance bill number'),
    maturityDate: calendarDate.optional().describe('Acceptance bills only (required for them)'),
    note: z.string().trim().max(1000).nullable().default(null),
    autoAllocate: z
      .boolean()
      .default(false)
      .describe('Allocate at once to the open invoices, oldest due first; the rest stays as customer credit'),
  })
  .refine((p) => (p.method === 'acceptance_bill') === (p.maturityDate !== undefined), {
    message: 'an acceptance bill needs a maturityDate, and only an acceptance bill has one',
    path: ['maturityDate'],
  });
export type CreatePaymentRequest = z.output<typeof createPaymentRequest>;

export const allocationInput = z.strictObject({ invoiceId: id, amount: positiveAmount });

export const allocateRequest = z.strictObject({
  allocations: z
    .array(allocationInput)
    .min(1)
    .max(200)
    .optional()
    .describe('Omit to allocate automatically to open invoices, oldest due date first'),
  allocatedOn: calendarDate.optional().describe("Default: today's business date"),
});
export type AllocateRequest = z.output<typeof allocateRequest>;

export const paymentListQuery = listQuery.extend({
  customerId: optionalId,
  method: z.enum(paymentMethods).optional(),
  hasUnallocated: booleanQuery,
  dateFrom: calendarDate.optional(),
  dateTo: calendarDate.optional(),
});
export type PaymentListQuery = z.output<typeof paymentListQuery>;

const paymentHeader = {
  id: z.number().int(),
  number: z.string().describe('PMT-YYYYMMDD-NNNN'),
  customerId: z.number().int(),
  customerName: z.string(),
  regionId: z.number().int(),
  method: z.enum(paymentMethods),
  currency: z.string(),
  exchangeRate: z.string(),
  receivedDate: isoDate,
  reference: z.string(),
  maturityDate: isoDate.nullable(),
  amount: z.number().int(),
  amountCnyFen: z.number().int(),
  allocatedAmount: z.number().int(),
  unallocatedAmount: z.number().int().describe('Customer credit not yet used'),
  unallocatedCnyFen: z.number().int(),
  note: z.string().nullable(),
  createdAt: z.string(),
};
export const paymentSummary = z.object(paymentHeader).meta({ id: 'PaymentSummary' });
export type PaymentSummary = z.infer<typeof paymentSummary>;
export const paymentPage = pageOf(paymentSummary);
export const payment = z
  .object({ ...paymentHeader, allocations: z.array(allocation) })
  .meta({ id: 'Payment' });
export type Payment = z.infer<typeof payment>;

export const allocationResult = z
  .object({
    sourceNumber: z.string(),
    currency: z.string(),
    unallocatedAmount: z.number().int().describe('What is left on the payment or credit note'),
    allocations: z.array(allocation).describe('The allocations made by this request'),
  })
  .meta({ id: 'AllocationResult' });
export type AllocationResult = z.infer<typeof allocationResult>;

export const requestWriteOffRequest = z.strictObject({
  amount: positiveAmount.optional().describe("Default: the invoice's whole open amount"),
  reason,
});
export type RequestWriteOffRequest = z.output<typeof requestWriteOffRequest>;
export const approveWriteOffRequest = z.strictObject({ note: z.string().trim().max(500).optional() });
export const rejectWriteOffRequest = z.strictObject({ note: reason });
export const writeOffListQuery = listQuery.extend({
  status: z.enum(writeOffStatuses).optional(),
  customerId: optionalId,
});
export type WriteOffListQuery = z.output<typeof writeOffListQuery>;

// ---------------------------------------------------------------------------------------
// Ledger

export const ledgerEntry = z
  .object({
    account: z.enum(ledgerAccounts),
    customerId: z.number().int().nullable(),
    debitFen: z.number().int(),
    creditFen: z.number().int(),
  })
  .meta({ id: 'LedgerEntry' });
export const journal = z
  .object({
    id: z.number().int(),
    businessDate: isoDate,
    sourceType: z.enum(journalSourceTypes),
    sourceId: z.number().int(),
    documentNumber: z.string().nullable(),
    description: z.string(),
    reversalOf: z.number().int().nullable(),
    createdAt: z.string(),
    entries: z.array(ledgerEntry),
  })
  .meta({ id: 'Journal' });
export type Journal = z.infer<typeof journal>;
export const journalPage = pageOf(journal);
export const journalListQuery = listQuery.extend({
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  sourceType: z.enum(journalSourceTypes).optional(),
  customerId: optionalId,
});
export type JournalListQuery = z.output<typeof journalListQuery>;

export const trialBalanceQuery = z.strictObject({ asOf: calendarDate.optional() });
export const trialBalance = z
  .object({
    asOf: isoDate,
    accounts: z.array(
      z.object({
        account: z.enum(ledgerAccounts),
        nameZh: z.string(),
        nameEn: z.string(),
        debitFen: z.number().int(),
        creditFen: z.number().int(),
        balanceFen: z.number().int().describe('Debits − credits'),
      }),
    ),
    totalDebitFen: z.number().int(),
    totalCreditFen: z.number().int(),
  })
  .meta({ id: 'TrialBalance' });
export type TrialBalance = z.infer<typeof trialBalance>;

// ---------------------------------------------------------------------------------------
// Statement and receivables

export const statementQuery = z
  .strictObject({ from: calendarDate, to: calendarDate })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });

export const statementLine = z
  .object({
    journalId: z.number().int(),
    date: isoDate,
    type: z.enum(journalSourceTypes),
    documentNumber: z.string().nullable(),
    description: z.string(),
    receivableChangeCnyFen: z.number().int().describe('Change of the receivable (AR)'),
    creditChangeCnyFen: z.number().int().describe('Change of the customer credit (unapplied receipts)'),
    balanceChangeCnyFen: z.number().int().describe('receivable change − credit change'),
    balanceCnyFen: z.number().int().describe('Running balance after this line'),
  })
  .meta({ id: 'StatementLine' });

export const statement = z
  .object({
    customerId: z.number().int(),
    customerCode: z.string(),
    customerName: z.string(),
    from: isoDate,
    to: isoDate,
    currency: z.literal('CNY'),
    openingBalanceCnyFen: z.number().int().describe('What the customer owed net of its credit before `from`'),
    lines: z.array(statementLine),
    totals: z.object({
      invoicedCnyFen: z.number().int(),
      creditedCnyFen: z.number().int(),
      receivedCnyFen: z.number().int(),
      allocatedCnyFen: z.number().int().describe('Receivable cleared by payments and credit notes'),
      writtenOffCnyFen: z.number().int(),
      otherCnyFen: z.number().int().describe('Cancellations, reversals, exchange and rounding differences'),
    }),
    closingBalanceCnyFen: z.number().int().describe('Opening balance + the balance changes of the lines'),
    closingReceivableCnyFen: z.number().int(),
    closingCreditCnyFen: z.number().int(),
  })
  .meta({ id: 'Statement' });
export type Statement = z.infer<typeof statement>;

export const receivablesQuery = listQuery.extend({
  asOf: calendarDate.optional().describe("Default: today's business date"),
  customerId: optionalId,
  bucket: z.enum(agingBuckets).optional(),
});
export type ReceivablesQuery = z.output<typeof receivablesQuery>;

export const receivableItem = z
  .object({
    invoiceId: z.number().int(),
    invoiceNumber: z.string(),
    customerId: z.number().int(),
    customerName: z.string(),
    regionId: z.number().int(),
    invoiceDate: isoDate,
    dueDate: isoDate,
    currency: z.string(),
    grossAmount: z.number().int(),
    openAmount: z.number().int().describe('Open on the as-of date'),
    openCnyFen: z.number().int(),
    daysPastDue: z.number().int().describe('as-of − due date, 0 when not due'),
    bucket: z.enum(agingBuckets),
  })
  .meta({ id: 'ReceivableItem' });
export type ReceivableItem = z.infer<typeof receivableItem>;

export const receivablesPage = pageOf(receivableItem).extend({
  asOf: isoDate,
  buckets: z.array(
    z.object({ bucket: z.enum(agingBuckets), openCnyFen: z.number().int(), count: z.number().int() }),
  ),
  totalOpenCnyFen: z.number().int(),
  unappliedCreditCnyFen: z
    .number()
    .int()
    .describe('Unallocated payments and unapplied credit notes on the as-of date'),
});
export type ReceivablesPage = z.infer<typeof receivablesPage>;

// ---------------------------------------------------------------------------------------
// Returns

export const createReturnRequest = z.strictObject({
  shipmentId: id,
  returnDate: calendarDate.optional().describe("Default: today's business date"),
  reason,
  lines: z
    .array(
      z.strictObject({
        shipmentLineId: id,
        quantity: z.number().int().min(1).max(1_000_000),
        serials: z
          .array(z.string().trim().min(1).max(40))
          .max(10_000)
          .optional()
          .describe('Serial-tracked products'),
      }),
    )
    .min(1)
    .max(200),
  creditNote: z
    .boolean()
    .default(true)
    .describe('Issue a credit note for the returned units (lines must be invoiced)'),
});
export type CreateReturnRequest = z.output<typeof createReturnRequest>;

export const inspectReturnRequest = z.strictObject({
  version,
  note: z.string().trim().max(1000).optional(),
  lines: z
    .array(
      z.strictObject({
        lineId: id,
        acceptedQuantity: z.number().int().min(0),
        rejectedQuantity: z.number().int().min(0),
        rejectedSerials: z.array(z.string().trim().min(1).max(40)).optional(),
      }),
    )
    .min(1)
    .max(200),
});
export type InspectReturnRequest = z.output<typeof inspectReturnRequest>;

export const returnListQuery = listQuery.extend({
  status: z.enum(returnStatuses).optional(),
  customerId: optionalId,
  shipmentId: optionalId,
});
export type ReturnListQuery = z.output<typeof returnListQuery>;

export const salesReturnLine = z
  .object({
    id: z.number().int(),
    lineNo: z.number().int(),
    shipmentLineId: z.number().int(),
    warehouseId: z.number().int(),
    productId: z.number().int(),
    sku: z.string(),
    productName: z.string(),
    lotId: z.number().int(),
    lotNumber: z.string(),
    quantity: z.number().int(),
    serials: z.array(z.string()),
    acceptedQuantity: z.number().int().nullable(),
    rejectedQuantity: z.number().int().nullable(),
  })
  .meta({ id: 'SalesReturnLine' });

const returnHeader = {
  id: z.number().int(),
  number: z.string().describe('RT-YYYYMMDD-NNNN'),
  shipmentId: z.number().int(),
  shipmentNumber: z.string(),
  customerId: z.number().int(),
  customerName: z.string(),
  regionId: z.number().int(),
  returnDate: isoDate,
  reason: z.string(),
  status: z.enum(returnStatuses),
  inspectedBy: z.number().int().nullable(),
  inspectedAt: z.string().nullable(),
  inspectionNote: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
};
export const salesReturnSummary = z.object(returnHeader).meta({ id: 'SalesReturnSummary' });
export const salesReturnPage = pageOf(salesReturnSummary);
export const salesReturn = z
  .object({
    ...returnHeader,
    lines: z.array(salesReturnLine),
    creditNotes: z.array(creditNoteSummary),
  })
  .meta({ id: 'SalesReturn' });
export type SalesReturn = z.infer<typeof salesReturn>;
