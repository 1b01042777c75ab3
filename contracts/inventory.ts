import { z } from 'zod';
import { calendarDate } from './catalog.ts';
import { isoDate, listQuery, pageOf } from './common.ts';

const id = z.number().int().positive();
const optionalId = z.coerce.number().int().positive().optional();
const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();
const reason = z.string().trim().min(2).max(500);

export const lotStatuses = ['released', 'quarantine', 'on_hold', 'recalled'] as const;
export const moveKinds = [
  'receipt',
  'transfer_out',
  'transfer_in',
  'issue',
  'return',
  'adjustment',
  'scrap',
  'recall_return',
] as const;

// ---------------------------------------------------------------------------------------
// Stock balances and the ledger

export const stockBalance = z
  .object({
    warehouseId: z.number().int(),
    warehouseCode: z.string(),
    warehouseName: z.string(),
    productId: z.number().int(),
    sku: z.string(),
    productName: z.string().describe('Chinese name'),
    productNameEn: z.string().describe('English name'),
    lotId: z.number().int(),
    lotNumber: z.string(),
    serial: z.string().describe('Empty for products not tracked by serial'),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int().describe('onHand − reserved'),
    expiryDate: isoDate,
    daysToExpiry: z.number().int().describe('Expiry − today (negative when expired)'),
    lotStatus: z.enum(lotStatuses),
    isSellable: z.boolean().describe('Released, not expired and something available'),
  })
  .meta({ id: 'StockBalance' });
export type StockBalance = z.infer<typeof stockBalance>;
export const stockBalancePage = pageOf(stockBalance);

export const stockListQuery = listQuery.extend({
  productId: optionalId,
  warehouseId: optionalId,
  lotId: optionalId,
  lotNumber: z.string().trim().min(1).max(40).optional(),
  nearExpiryDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(3650)
    .optional()
    .describe('Only stock expiring within this many days (expired stock included)'),
  onlyAvailable: booleanQuery.describe('Only sellable stock: released, unexpired, available > 0'),
  includeEmpty: booleanQuery.describe('Also rows with nothing on hand'),
});
export type StockListQuery = z.output<typeof stockListQuery>;

export const stockMove = z
  .object({
    id: z.number().int(),
    movedAt: z.string(),
    businessDate: isoDate,
    warehouseId: z.number().int(),
    warehouseCode: z.string(),
    productId: z.number().int(),
    sku: z.string(),
    lotId: z.number().int(),
    lotNumber: z.string(),
    serial: z.string(),
    kind: z.enum(moveKinds),
    quantity: z.number().int().describe('Signed: + into the warehouse, − out of it'),
    referenceType: z.string().nullable(),
    referenceId: z.number().int().nullable(),
    reason: z.string().nullable(),
    createdBy: z.string().nullable().describe('Username'),
  })
  .meta({ id: 'StockMove' });
export type StockMove = z.infer<typeof stockMove>;
export const stockMovePage = pageOf(stockMove);

export const stockMoveListQuery = listQuery.omit({ q: true }).extend({
  productId: optionalId,
  warehouseId: optionalId,
  lotId: optionalId,
  kind: z.enum(moveKinds).optional(),
  referenceType: z.string().trim().max(40).optional(),
  referenceId: optionalId,
  from: calendarDate.optional().describe('Business date on or after'),
  to: calendarDate.optional().describe('Business date on or before'),
});
export type StockMoveListQuery = z.output<typeof stockMoveListQuery>;

const stockLineTarget = {
  warehouseId: id,
  lotId: id.describe('The product is the lot’s'),
  serial: z.string().trim().max(20).default('').describe('Required for serial-tracked products'),
  reason,
  businessDate: calendarDate.optional().describe("Defaults to today's business date"),
};

export const stockAdjustmentRequest = z.strictObject({
  ...stockLineTarget,
  quantity: z
    .number()
    .int()
    .min(-10_000_000)
    .max(10_000_000)
    .refine((q) => q !== 0, 'must not be 0')
    .describe('Signed: + found, − missing'),
});
export type StockAdjustmentRequest = z.output<typeof stockAdjustmentRequest>;

export const stockScrapRequest = z.strictObject({
  ...stockLineTarget,
  quantity: z.number().int().min(1).max(10_000_000).describe('Units destroyed (positive)'),
});
export type StockScrapRequest = z.output<typeof stockScrapRequest>;

// ---------------------------------------------------------------------------------------
// Lots

export const lot = z
  .object({
    id: z.number().int(),
    productId: z.number().int(),
    sku: z.string(),
    productName: z.string().describe('Chinese name'),
    productNameEn: z.string().describe('English name'),
    lotNumber: z.string(),
    productionDate: isoDate.nullable(),
    expiryDate: isoDate,
    daysToExpiry: z.number().int(),
    status: z.enum(lotStatuses),
    statusReason: z.string().nullable(),
    recallLevel: z.number().int().nullable(),
    supplierId: z.number().int().nullable(),
    supplierName: z.string().nullable(),
    firstReceivedOn: isoDate.nullable(),
    inspectionReportRef: z.string().nullable(),
    onHand: z.number().int().describe('In all warehouses'),
    reserved: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: 'Lot' });
export type Lot = z.infer<typeof lot>;
export const lotPage = pageOf(lot);

export const lotListQuery = listQuery.extend({
  productId: optionalId,
  status: z.enum(lotStatuses).optional(),
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  withStockOnly: booleanQuery,
});
export type LotListQuery = z.output<typeof lotListQuery>;

export const lotStatusChangeRequest = z.strictObject({
  reason,
  version: z.number().int().optional().describe('The version you read; a stale version is refused with 409'),
});
export type LotStatusChangeRequest = z.output<typeof lotStatusChangeRequest>;

export const lotRecallRequest = lotStatusChangeRequest.extend({
  level: z.literal([1, 2, 3]).describe('Recall level: notify within 1, 3 or 7 days'),
});
export type LotRecallRequest = z.output<typeof lotRecallRequest>;

// ---------------------------------------------------------------------------------------
// Transfers between warehouses

export const transferStatuses = ['in_transit', 'received', 'cancelled'] as const;

export const transferLine = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  sku: z.string(),
  lotId: z.number().int(),
  lotNumber: z.string(),
  serial: z.string(),
  quantity: z.number().int(),
});

const transferFields = {
  id: z.number().int(),
  number: z.string(),
  fromWarehouseId: z.number().int(),
  fromWarehouseName: z.string(),
  toWarehouseId: z.number().int(),
  toWarehouseName: z.string(),
  status: z.enum(transferStatuses),
  dispatchedOn: isoDate,
  receivedOn: isoDate.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
};
export const transferSummary = z.object(transferFields).meta({ id: 'TransferSummary' });
export const transferPage = pageOf(transferSummary);
export const transfer = z
  .object({ ...transferFields, lines: z.array(transferLine) })
  .meta({ id: 'Transfer' });
export type Transfer = z.infer<typeof transfer>;
export type TransferSummary = z.infer<typeof transferSummary>;

export const transferListQuery = listQuery.extend({
  status: z.enum(transferStatuses).optional(),
  warehouseId: optionalId.describe('Either end'),
});
export type TransferListQuery = z.output<typeof transferListQuery>;

export const createTransferRequest = z.strictObject({
  fromWarehouseId: id,
  toWarehouseId: id,
  dispatchedOn: calendarDate.optional().describe("Defaults to today's business date"),
  lines: z
    .array(
      z.strictObject({
        lotId: id,
        serial: z.string().trim().max(20).default(''),
        quantity: z.number().int().min(1).max(10_000_000),
      }),
    )
    .min(1)
    .max(500),
});
export type CreateTransferRequest = z.output<typeof createTransferRequest>;

export const receiveTransferRequest = z.strictObject({
  version: z.number().int(),
  receivedOn: calendarDate.optional(),
});
export type ReceiveTransferRequest = z.output<typeof receiveTransferRequest>;
export const cancelTransferRequest = z.strictObject({ version: z.number().int(), reason });
export type CancelTransferRequest = z.output<typeof cancelTransferRequest>;

// ---------------------------------------------------------------------------------------
// Traceability

const traceLot = z.object({
  id: z.number().int(),
  lotNumber: z.string(),
  productId: z.number().int(),
  sku: z.string(),
  productName: z.string().describe('Chinese name'),
  productNameEn: z.string().describe('English name'),
  modelSpec: z.string(),
  gtin: z.string().nullable(),
  productionDate: isoDate.nullable(),
  expiryDate: isoDate,
  status: z.enum(lotStatuses),
});

const traceReceipt = z.object({
  receiptLineId: z.number().int(),
  receiptId: z.number().int(),
  receiptNumber: z.string(),
  arrivalDate: isoDate,
  purchaseOrderId: z.number().int().nullable(),
  purchaseOrderNumber: z.string().nullable(),
  warehouseId: z.number().int(),
  supplier: z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    licenceNumber: z.string().nullable(),
    licenceValidUntil: isoDate.nullable(),
  }),
  inspection: z.object({
    quantityReceived: z.number().int(),
    quantityAccepted: z.number().int(),
    quantityRejected: z.number().int(),
    result: z.enum(['accepted', 'rejected', 'partially_accepted']),
    inspector: z.string(),
    reportRef: z.string().nullable(),
  }),
  serials: z.array(z.string()),
  scannedUdi: z.string().nullable(),
});

const traceMove = z.object({
  moveId: z.number().int(),
  kind: z.enum(moveKinds),
  businessDate: isoDate,
  warehouseId: z.number().int(),
  warehouseName: z.string(),
  serial: z.string(),
  quantity: z.number().int(),
  referenceType: z.string().nullable(),
  referenceId: z.number().int().nullable(),
  documentNumber: z.string().nullable().describe('Shipment number when the sales module records one'),
  customerId: z.number().int().nullable(),
  customerName: z
    .string()
    .nullable()
    .describe('Null when unknown or outside your regions (then isCustomerHidden is true)'),
  isCustomerHidden: z.boolean(),
  reason: z.string().nullable(),
});

const traceTransfer = z.object({
  transferId: z.number().int(),
  number: z.string(),
  fromWarehouseId: z.number().int(),
  toWarehouseId: z.number().int(),
  status: z.enum(transferStatuses),
  dispatchedOn: isoDate,
  receivedOn: isoDate.nullable(),
  serial: z.string(),
  quantity: z.number().int(),
});

const traceRemaining = z.object({
  warehouseId: z.number().int(),
  warehouseName: z.string(),
  serial: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
});

export const forwardTrace = z
  .object({
    lot: traceLot,
    serial: z.string().nullable().describe('When the trace was asked for one serial number'),
    receipts: z.array(traceReceipt),
    shipments: z.array(traceMove).describe('Issues to customers and returns from them'),
    otherMoves: z.array(traceMove).describe('Adjustments, scrap, recall returns'),
    transfers: z.array(traceTransfer),
    remaining: z.array(traceRemaining),
    totals: z.object({
      accepted: z.number().int(),
      shipped: z.number().int().describe('Issued less returned'),
      inTransit: z.number().int(),
      onHand: z.number().int(),
    }),
  })
  .meta({ id: 'ForwardTrace' });
export type ForwardTrace = z.infer<typeof forwardTrace>;

export const forwardTraceQuery = z
  .strictObject({
    productId: z.coerce.number().int().positive().optional(),
    lotNumber: z.string().trim().min(1).max(40).optional(),
    udi: z
      .string()
      .max(1000)
      .optional()
      .describe('A scanned UDI: its GTIN and lot (and serial) pick the lot'),
    serial: z.string().trim().min(1).max(20).optional(),
  })
  .refine((q) => q.udi !== undefined || (q.productId !== undefined && q.lotNumber !== undefined), {
    message: 'give udi, or productId with lotNumber',
  });
export type ForwardTraceQuery = z.output<typeof forwardTraceQuery>;

export const lotTraceQuery = z.strictObject({ serial: z.string().trim().min(1).max(20).optional() });

export const backwardTrace = z
  .object({
    move: traceMove,
    lot: traceLot,
    receipts: z
      .array(traceReceipt)
      .describe('Every receipt of the lot (of the serial, when the move has one)'),
  })
  .meta({ id: 'BackwardTrace' });
export type BackwardTrace = z.infer<typeof backwardTrace>;
