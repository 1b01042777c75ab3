import { z } from 'zod';
import { calendarDate } from './catalog.ts';
import { isoDate, listQuery, pageOf } from './common.ts';

const id = z.number().int().positive();
const versionField = z.number().int().describe('The version you read; a stale version is refused with 409');
const minorUnits = z
  .number()
  .int()
  .min(0)
  .max(1e13)
  .describe('Amount in minor units of the document currency (fen, cents)');

// ---------------------------------------------------------------------------------------
// Purchase orders

export const purchaseOrderStatuses = [
  'draft',
  'confirmed',
  'partially_received',
  'received',
  'cancelled',
] as const;

export const purchaseOrderLine = z.object({
  id: z.number().int(),
  lineNo: z.number().int(),
  productId: z.number().int(),
  sku: z.string(),
  productName: z.string(),
  modelSpec: z.string(),
  gtin: z.string().nullable(),
  quantity: z.number().int(),
  unitPrice: z.number().int().describe('Minor units of the order currency'),
  amount: z.number().int().describe('quantity × unitPrice, minor units of the order currency'),
  unitCostCnyFen: z.number().int().describe('unitPrice converted to CNY fen at the order rate'),
  receivedQuantity: z.number().int().describe('Accepted so far; rejected units stay open'),
});

const purchaseOrderFields = {
  id: z.number().int(),
  number: z.string(),
  supplierId: z.number().int(),
  supplierName: z.string(),
  warehouseId: z.number().int(),
  warehouseName: z.string(),
  currency: z.string(),
  exchangeRate: z.string().describe('CNY per unit of the currency on the order date, as a decimal string'),
  orderDate: isoDate,
  expectedDate: isoDate.nullable(),
  status: z.enum(purchaseOrderStatuses),
  totalAmount: z.number().int().describe('Minor units of the order currency'),
  totalCnyFen: z.number().int(),
  note: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
};

export const purchaseOrderSummary = z.object(purchaseOrderFields).meta({ id: 'PurchaseOrderSummary' });
export type PurchaseOrderSummary = z.infer<typeof purchaseOrderSummary>;
export const purchaseOrderPage = pageOf(purchaseOrderSummary);

export const purchaseOrder = z
  .object({ ...purchaseOrderFields, lines: z.array(purchaseOrderLine) })
  .meta({ id: 'PurchaseOrder' });
export type PurchaseOrder = z.infer<typeof purchaseOrder>;

export const purchaseOrderListQuery = listQuery.extend({
  status: z.enum(purchaseOrderStatuses).optional(),
  supplierId: z.coerce.number().int().positive().optional(),
  warehouseId: z.coerce.number().int().positive().optional(),
  orderedFrom: calendarDate.optional().describe('Order date on or after'),
  orderedTo: calendarDate.optional().describe('Order date on or before'),
});
export type PurchaseOrderListQuery = z.output<typeof purchaseOrderListQuery>;

export const createPurchaseOrderRequest = z.strictObject({
  supplierId: id,
  warehouseId: id.describe('Where the goods will be received'),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY, USD, EUR')
    .default('CNY'),
  orderDate: calendarDate.optional().describe("Defaults to today's business date"),
  expectedDate: calendarDate.nullable().default(null),
  note: z.string().trim().max(1000).nullable().default(null),
  lines: z
    .array(
      z.strictObject({
        productId: id,
        quantity: z.number().int().min(1).max(10_000_000),
        unitPrice: minorUnits,
      }),
    )
    .min(1)
    .max(500),
});
export type CreatePurchaseOrderRequest = z.output<typeof createPurchaseOrderRequest>;

export const confirmPurchaseOrderRequest = z.strictObject({ version: versionField });
export const cancelPurchaseOrderRequest = z.strictObject({
  version: versionField,
  reason: z.string().trim().min(2).max(500),
});
export type CancelPurchaseOrderRequest = z.output<typeof cancelPurchaseOrderRequest>;

// ---------------------------------------------------------------------------------------
// Receipts with inspection

export const inspectionResults = ['accepted', 'rejected', 'partially_accepted'] as const;

const serial = z.string().trim().min(1).max(20);

export const receiptLineRequest = z
  .strictObject({
    purchaseOrderLineId: id,
    udi: z
      .string()
      .max(1000)
      .optional()
      .describe('The scanned UDI as the scanner sent it; lot, expiry and production date come from it'),
    lotNumber: z.string().trim().min(1).max(20).optional().describe('When not scanned'),
    expiryDate: calendarDate.optional().describe('When not scanned'),
    productionDate: calendarDate.nullable().optional().describe('When not scanned'),
    serials: z
      .array(serial)
      .max(10_000)
      .default([])
      .describe('Serial-tracked products: one per accepted unit (a scanned serial counts)'),
    quantityAccepted: z.number().int().min(0).max(10_000_000),
    quantityRejected: z.number().int().min(0).max(10_000_000).default(0),
    inspectionResult: z
      .enum(inspectionResults)
      .optional()
      .describe('Derived from the quantities when omitted; refused when it contradicts them'),
    inspector: z.string().trim().min(1).max(100),
    reportRef: z.string().trim().max(100).nullable().default(null).describe('Inspection report reference'),
  })
  .refine((line) => line.quantityAccepted + line.quantityRejected > 0, {
    message: 'at least one unit must have been received',
    path: ['quantityAccepted'],
  })
  .refine((line) => (line.udi === undefined) !== (line.lotNumber === undefined), {
    message: 'give either a scanned udi or a lotNumber (with expiryDate), not both',
    path: ['udi'],
  })
  .refine((line) => line.udi !== undefined || line.expiryDate !== undefined, {
    message: 'expiryDate is required when the lot is entered by hand',
    path: ['expiryDate'],
  });
export type ReceiptLineRequest = z.output<typeof receiptLineRequest>;

export const createReceiptRequest = z.strictObject({
  purchaseOrderId: id,
  arrivalDate: calendarDate.optional().describe("Defaults to today's business date; never in the future"),
  lines: z.array(receiptLineRequest).min(1).max(200),
});
export type CreateReceiptRequest = z.output<typeof createReceiptRequest>;

export const receiptLine = z.object({
  id: z.number().int(),
  purchaseOrderLineId: z.number().int().nullable(),
  productId: z.number().int(),
  sku: z.string(),
  productName: z.string(),
  lotId: z.number().int(),
  lotNumber: z.string(),
  productionDate: isoDate.nullable(),
  expiryDate: isoDate,
  serials: z.array(z.string()),
  quantityReceived: z.number().int(),
  quantityAccepted: z.number().int(),
  quantityRejected: z.number().int(),
  inspectionResult: z.enum(inspectionResults),
  inspector: z.string(),
  reportRef: z.string().nullable(),
  scannedUdi: z.string().nullable(),
});

const receiptFields = {
  id: z.number().int(),
  number: z.string(),
  purchaseOrderId: z.number().int().nullable(),
  purchaseOrderNumber: z.string().nullable(),
  supplierId: z.number().int(),
  supplierName: z.string(),
  warehouseId: z.number().int(),
  warehouseName: z.string(),
  arrivalDate: isoDate,
  status: z.enum(['inspected', 'cancelled']),
  createdAt: z.string(),
};
export const receiptSummary = z.object(receiptFields).meta({ id: 'ReceiptSummary' });
export type ReceiptSummary = z.infer<typeof receiptSummary>;
export const receiptPage = pageOf(receiptSummary);
export const receipt = z.object({ ...receiptFields, lines: z.array(receiptLine) }).meta({ id: 'Receipt' });
export type Receipt = z.infer<typeof receipt>;

export const receiptListQuery = listQuery.extend({
  purchaseOrderId: z.coerce.number().int().positive().optional(),
  supplierId: z.coerce.number().int().positive().optional(),
  warehouseId: z.coerce.number().int().positive().optional(),
  arrivedFrom: calendarDate.optional(),
  arrivedTo: calendarDate.optional(),
});
export type ReceiptListQuery = z.output<typeof receiptListQuery>;

export const gspReceiptRecordQuery = z.strictObject({
  from: calendarDate.describe('Arrival date on or after'),
  to: calendarDate.describe('Arrival date on or before'),
  format: z.enum(['csv', 'xlsx']).default('csv'),
});
export type GspReceiptRecordQuery = z.output<typeof gspReceiptRecordQuery>;
