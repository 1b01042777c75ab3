import { z } from 'zod';
import { calendarDate } from './catalog.ts';
import { isoDate, listQuery, pageOf } from './common.ts';
import { currencyCode, minorAmount, priceSources } from './pricing.ts';

const id = z.number().int().positive();

/** A fraction with at most four decimals (0.05 = 5 %). */
const fraction = z
  .number()
  .min(0)
  .max(0.9999)
  .refine((v) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, { message: 'at most 4 decimals' });

const version = z.number().int().describe('The version you read; a stale version is refused with 409');

export const orderStatuses = [
  'draft',
  'allocated',
  'backordered',
  'picking',
  'shipped',
  'delivered',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const approvalKinds = ['price_below_floor', 'credit'] as const;

// ---------------------------------------------------------------------------------------
// Requests

export const orderLineInput = z.strictObject({
  productId: id,
  quantity: z.number().int().min(1).max(1_000_000),
  unitPrice: minorAmount
    .optional()
    .describe('Manual unit price (before discount) in the order currency; omit to use the resolved price'),
  discountRate: fraction.default(0).describe('Manual discount as a fraction of the unit price (0.05 = 5 %)'),
});
export type OrderLineInput = z.output<typeof orderLineInput>;

const orderLines = z.array(orderLineInput).min(1).max(200);

export const createOrderRequest = z.strictObject({
  customerId: id,
  orderDate: calendarDate.optional().describe("Default: today's business date"),
  promisedDate: calendarDate
    .optional()
    .describe('Promised (planned) ship date; FEFO checks shelf life against it. Default: the order date'),
  currency: currencyCode.default('CNY'),
  contractId: id.nullable().default(null),
  acceptPartial: z
    .boolean()
    .default(false)
    .describe('Allocate what is available and backorder the rest, instead of all-or-nothing'),
  confirm: z.boolean().default(false).describe('Confirm (check, allocate) at once instead of saving a draft'),
  note: z.string().trim().max(1000).nullable().default(null),
  lines: orderLines,
});
export type CreateOrderRequest = z.output<typeof createOrderRequest>;

export const updateOrderRequest = z.strictObject({
  version,
  promisedDate: calendarDate.optional(),
  acceptPartial: z.boolean().optional(),
  note: z.string().trim().max(1000).nullable().optional(),
  lines: orderLines.optional().describe('Replaces every line (drafts only)'),
});
export type UpdateOrderRequest = z.output<typeof updateOrderRequest>;

export const confirmOrderRequest = z.strictObject({
  version,
  acceptPartial: z.boolean().optional(),
});
export type ConfirmOrderRequest = z.output<typeof confirmOrderRequest>;

export const cancelOrderRequest = z.strictObject({ version, reason: z.string().trim().min(2).max(500) });
export type CancelOrderRequest = z.output<typeof cancelOrderRequest>;

export const allocateBackorderRequest = z.strictObject({ version });
export type AllocateBackorderRequest = z.output<typeof allocateBackorderRequest>;

export const approveOrderRequest = z.strictObject({
  kind: z.enum(approvalKinds),
  reason: z.string().trim().min(2).max(500),
});
export type ApproveOrderRequest = z.output<typeof approveOrderRequest>;

export const orderListQuery = listQuery.extend({
  status: z.enum(orderStatuses).optional(),
  customerId: z.coerce.number().int().positive().optional(),
  dateFrom: calendarDate.optional(),
  dateTo: calendarDate.optional(),
});
export type OrderListQuery = z.output<typeof orderListQuery>;

// ---------------------------------------------------------------------------------------
// Responses

export const orderLine = z
  .object({
    id: z.number().int(),
    lineNo: z.number().int(),
    productId: z.number().int(),
    sku: z.string(),
    productNameZh: z.string(),
    productNameEn: z.string(),
    quantity: z.number().int(),
    priceSource: z.enum(priceSources),
    priceReferenceId: z.number().int().nullable(),
    unitPrice: z.number().int(),
    discountRate: z.number(),
    vatRate: z.number(),
    netAmount: z.number().int(),
    taxAmount: z.number().int(),
    grossAmount: z.number().int(),
    netCnyFen: z.number().int(),
    taxCnyFen: z.number().int(),
    floorPriceFen: z.number().int().nullable().describe('Hidden (null) from distributor users'),
    allocatedQuantity: z.number().int(),
    backorderedQuantity: z.number().int(),
    shippedQuantity: z.number().int(),
  })
  .meta({ id: 'OrderLine' });
export type OrderLine = z.infer<typeof orderLine>;

export const orderAllocation = z
  .object({
    id: z.number().int(),
    orderLineId: z.number().int(),
    productId: z.number().int(),
    warehouseId: z.number().int(),
    warehouseCode: z.string(),
    lotId: z.number().int(),
    lotNumber: z.string(),
    expiryDate: isoDate,
    quantity: z.number().int(),
    status: z.enum(['reserved', 'shipped', 'released']),
    shipmentId: z.number().int().nullable(),
  })
  .meta({ id: 'OrderAllocation' });
export type OrderAllocation = z.infer<typeof orderAllocation>;

export const orderApproval = z.object({
  kind: z.enum(approvalKinds),
  approvedBy: z.number().int(),
  approvedByName: z.string(),
  reason: z.string(),
  createdAt: z.string(),
});

const orderHeader = {
  id: z.number().int(),
  number: z.string().describe('SO-YYYYMMDD-NNNN'),
  customerId: z.number().int(),
  customerName: z.string(),
  regionId: z.number().int(),
  ownerRepId: z.number().int().nullable(),
  contractId: z.number().int().nullable(),
  quoteId: z.number().int().nullable(),
  currency: z.string(),
  exchangeRate: z.string().describe('CNY per unit of the currency on the order date, exact decimal'),
  orderDate: isoDate,
  promisedDate: isoDate,
  status: z.enum(orderStatuses),
  acceptPartial: z.boolean(),
  netAmount: z.number().int(),
  taxAmount: z.number().int(),
  grossAmount: z.number().int(),
  netCnyFen: z.number().int(),
  taxCnyFen: z.number().int(),
  grossCnyFen: z.number().int(),
  note: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdBy: z.number().int().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const orderSummary = z
  .object({ ...orderHeader, lineCount: z.number().int() })
  .meta({ id: 'OrderSummary' });
export type OrderSummary = z.infer<typeof orderSummary>;
export const orderPage = pageOf(orderSummary);

export const order = z
  .object({
    ...orderHeader,
    lines: z.array(orderLine),
    allocations: z.array(orderAllocation),
    approvals: z.array(orderApproval),
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof order>;

export const pickListItem = z.object({
  warehouseId: z.number().int(),
  warehouseCode: z.string(),
  warehouseName: z.string(),
  productId: z.number().int(),
  sku: z.string(),
  productNameZh: z.string(),
  productNameEn: z.string(),
  lotId: z.number().int(),
  lotNumber: z.string(),
  expiryDate: isoDate,
  quantity: z.number().int(),
});
export const pickList = z
  .object({
    orderId: z.number().int(),
    orderNumber: z.string(),
    customerName: z.string(),
    promisedDate: isoDate,
    items: z.array(pickListItem).describe('By warehouse, then product, then expiry'),
  })
  .meta({ id: 'PickList' });
export type PickList = z.infer<typeof pickList>;

// ---------------------------------------------------------------------------------------
// Shipments

export const shipmentStatuses = ['picking', 'shipped', 'delivered', 'cancelled'] as const;

export const createShipmentRequest = z.strictObject({ orderId: id });
export type CreateShipmentRequest = z.output<typeof createShipmentRequest>;

export const scanRequest = z.strictObject({
  code: z
    .string()
    .min(1)
    .max(500)
    .describe('What the scanner sent: GS1 element string, Digital Link or HIBC'),
});
export const shipRequest = z.strictObject({
  version,
  shipDate: calendarDate.optional().describe("Default: today's business date"),
});
export type ShipRequest = z.output<typeof shipRequest>;
export const deliverRequest = z.strictObject({ version, deliveredOn: calendarDate });
export type DeliverRequest = z.output<typeof deliverRequest>;

export const shipmentListQuery = listQuery.extend({
  status: z.enum(shipmentStatuses).optional(),
  orderId: z.coerce.number().int().positive().optional(),
});
export type ShipmentListQuery = z.output<typeof shipmentListQuery>;

export const shipmentLine = z
  .object({
    id: z.number().int(),
    orderLineId: z.number().int(),
    allocationId: z.number().int(),
    warehouseId: z.number().int(),
    warehouseCode: z.string(),
    productId: z.number().int(),
    sku: z.string(),
    productNameZh: z.string(),
    productNameEn: z.string(),
    gtin: z.string().nullable(),
    isSerialTracked: z.boolean(),
    lotId: z.number().int(),
    lotNumber: z.string(),
    expiryDate: isoDate,
    quantity: z.number().int(),
    scannedQuantity: z.number().int(),
    serials: z.array(z.string()),
    unitPrice: z.number().int(),
    discountRate: z.number(),
    vatRate: z.number(),
    unitCostFen: z.number().int().nullable().describe('Hidden (null) from distributor users'),
  })
  .meta({ id: 'ShipmentLine' });
export type ShipmentLine = z.infer<typeof shipmentLine>;

const shipmentHeader = {
  id: z.number().int(),
  number: z.string().describe('SH-YYYYMMDD-NNNN'),
  orderId: z.number().int(),
  orderNumber: z.string(),
  customerId: z.number().int(),
  customerName: z.string(),
  regionId: z.number().int(),
  currency: z.string(),
  status: z.enum(shipmentStatuses),
  promisedDate: isoDate,
  shippedOn: isoDate.nullable(),
  deliveredOn: isoDate.nullable(),
  isOnTime: z.boolean().nullable().describe('Shipped on or before the promised date; null until shipped'),
  daysLate: z.number().int().nullable().describe('Ship date − promised date when late, else 0'),
  version: z.number().int(),
  createdAt: z.string(),
};

export const shipmentSummary = z
  .object({ ...shipmentHeader, quantity: z.number().int(), scannedQuantity: z.number().int() })
  .meta({ id: 'ShipmentSummary' });
export const shipmentPage = pageOf(shipmentSummary);

export const shipment = z
  .object({ ...shipmentHeader, lines: z.array(shipmentLine) })
  .meta({ id: 'Shipment' });
export type Shipment = z.infer<typeof shipment>;

export const scanResult = z
  .object({
    scanned: z.object({
      productId: z.number().int(),
      sku: z.string(),
      lotNumber: z.string(),
      serial: z.string().nullable(),
      quantity: z.number().int(),
      substitutedFor: z
        .string()
        .nullable()
        .describe('The allocated lot this scan replaced, when a permitted substitute lot was scanned'),
    }),
    remaining: z.number().int().describe('Units on the shipment still to scan'),
    shipment,
  })
  .meta({ id: 'ScanResult' });
export type ScanResult = z.infer<typeof scanResult>;

// ---------------------------------------------------------------------------------------
// Quotes and contracts (optional steps before an order)

export const quoteStatuses = ['open', 'converted', 'cancelled'] as const;

export const createQuoteRequest = z.strictObject({
  customerId: id,
  quoteDate: calendarDate.optional(),
  validUntil: calendarDate.optional().describe('Default: 30 days after the quote date'),
  currency: currencyCode.default('CNY'),
  note: z.string().trim().max(1000).nullable().default(null),
  lines: orderLines,
});
export type CreateQuoteRequest = z.output<typeof createQuoteRequest>;

export const convertQuoteRequest = z.strictObject({
  version,
  promisedDate: calendarDate.optional(),
  acceptPartial: z.boolean().default(false),
  confirm: z.boolean().default(false),
});
export type ConvertQuoteRequest = z.output<typeof convertQuoteRequest>;

export const quoteLine = z.object({
  lineNo: z.number().int(),
  productId: z.number().int(),
  sku: z.string(),
  productNameZh: z.string(),
  quantity: z.number().int(),
  priceSource: z.enum(priceSources),
  unitPrice: z.number().int(),
  discountRate: z.number(),
  vatRate: z.number(),
  netAmount: z.number().int(),
  taxAmount: z.number().int(),
});

export const quote = z
  .object({
    id: z.number().int(),
    number: z.string().describe('QT-YYYYMMDD-NNNN'),
    customerId: z.number().int(),
    customerName: z.string(),
    regionId: z.number().int(),
    currency: z.string(),
    exchangeRate: z.string(),
    quoteDate: isoDate,
    validUntil: isoDate,
    status: z.enum(quoteStatuses),
    orderId: z.number().int().nullable(),
    netAmount: z.number().int(),
    taxAmount: z.number().int(),
    grossAmount: z.number().int(),
    note: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    lines: z.array(quoteLine),
  })
  .meta({ id: 'Quote' });
export type Quote = z.infer<typeof quote>;
export const quoteListQuery = listQuery.extend({
  status: z.enum(quoteStatuses).optional(),
  customerId: z.coerce.number().int().positive().optional(),
});
export type QuoteListQuery = z.output<typeof quoteListQuery>;
export const quotePage = pageOf(quote.omit({ lines: true }));
