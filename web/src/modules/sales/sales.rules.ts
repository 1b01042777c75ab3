/**
 * Pure rules of the order-to-cash screens: line amounts as the server computes them, discount
 * text, shelf-life fitness of stock, which actions an order allows, confirmation problems read
 * from the API's error codes, scan progress and hand-typed UDIs. No React, no fetching.
 */
import type { z } from 'zod';
import type { StockBalance } from '../../../../contracts/inventory.ts';
import type {
  Order,
  OrderLineInput,
  OrderStatus,
  Shipment,
  ShipmentLine,
  shipmentSummary,
} from '../../../../contracts/sales.ts';
import { isApiError } from '../../shared/api.ts';
import { businessToday } from '../../shared/format.ts';
import { parseYuanToFen } from '../../shared/money.ts';

export type ShipmentSummary = z.infer<typeof shipmentSummary>;

// ---------------------------------------------------------------------------------------
// Money: the server's formula (sales money rules), on integers only

const RATE4_SCALE = 10_000n;

/** A fraction with at most four decimals (0.13, 0.055) as integer ten-thousandths (1300, 550). */
export function rateToTenThousandths(rate: number): bigint {
  if (!Number.isFinite(rate) || rate < 0) throw new RangeError(`not a rate: ${rate}`);
  // toFixed(4) removes float noise (0.13 is 0.130000000000000004…); rates never carry more.
  const [whole = '0', fraction = ''] = rate.toFixed(4).split('.');
  return BigInt(whole) * RATE4_SCALE + BigInt(fraction.padEnd(4, '0'));
}

function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

export interface LineAmounts {
  net: number;
  tax: number;
  gross: number;
}

/**
 * The amounts of one order line, exactly as the server computes them:
 * net = round-half-up(quantity × unit price × (1 − discount)), VAT = round-half-up(net × rate).
 * Null when an amount would not be an exact JS integer.
 */
export function computeLineAmounts(line: {
  quantity: number;
  unitPrice: number;
  discountRate: number;
  vatRate: number;
}): LineAmounts | null {
  if (!Number.isSafeInteger(line.quantity) || !Number.isSafeInteger(line.unitPrice)) return null;
  const discount4 = rateToTenThousandths(line.discountRate);
  const net = divideRoundHalfUp(
    BigInt(line.quantity) * BigInt(line.unitPrice) * (RATE4_SCALE - discount4),
    RATE4_SCALE,
  );
  const tax = divideRoundHalfUp(net * rateToTenThousandths(line.vatRate), RATE4_SCALE);
  const gross = net + tax;
  if (gross > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { net: Number(net), tax: Number(tax), gross: Number(gross) };
}

/** Document totals are the sums of the lines (so VAT may differ by a fen from VAT on the total). */
export function sumLineAmounts(lines: readonly (LineAmounts | null)[]): LineAmounts | null {
  let net = 0n;
  let tax = 0n;
  for (const line of lines) {
    if (line === null) return null;
    net += BigInt(line.net);
    tax += BigInt(line.tax);
  }
  if (net + tax > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { net: Number(net), tax: Number(tax), gross: Number(net + tax) };
}

/**
 * Our floor is per unit in CNY and applies to the line's net amount. Only known for CNY orders
 * (other currencies convert at the order date's rate, on the server) and products with a floor.
 */
export function isBelowFloor(line: {
  currency: string;
  quantity: number;
  net: number;
  floorPriceFen: number | null;
}): boolean | null {
  if (line.currency !== 'CNY' || line.floorPriceFen === null) return null;
  return BigInt(line.net) < BigInt(line.floorPriceFen) * BigInt(line.quantity);
}

// ---------------------------------------------------------------------------------------
// Discount typed as a percentage

/**
 * '5' → 0.05, '12.5' → 0.125, ' 7.25 % ' → 0.0725, '' → 0. Null for anything else: letters,
 * negatives, 100 % or more, more than two decimals (the API takes four decimals of a fraction).
 */
export function parseDiscountPercent(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/[%％]$/, '')
    .trim();
  if (cleaned === '') return 0;
  const match = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const hundredthsOfPercent = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  // Ten-thousandths of the whole, divided once: 1250 / 10000 = 0.125 exactly as a literal would be.
  return hundredthsOfPercent / 10_000;
}

/** 0.125 → '12.5', 0 → '', for putting a saved discount back into the field. */
export function formatDiscountPercent(fraction: number): string {
  if (!fraction) return '';
  const hundredths = Number(rateToTenThousandths(fraction));
  const whole = Math.floor(hundredths / 100);
  const rest = hundredths % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

// ---------------------------------------------------------------------------------------
// Order entry lines

export interface OrderLineDraft {
  /** Stable key for React while lines are added and removed. */
  key: string;
  productId: number;
  quantity: number;
  /** Yuan as typed; empty means the resolved price. */
  manualPrice: string;
  /** Percent as typed; empty means none. */
  discountPercent: string;
}

export type LineDraftProblem = 'quantity' | 'manualPrice' | 'discount';

export function lineDraftProblems(line: OrderLineDraft): LineDraftProblem[] {
  const problems: LineDraftProblem[] = [];
  if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 1_000_000) {
    problems.push('quantity');
  }
  if (line.manualPrice.trim() !== '' && parseYuanToFen(line.manualPrice) === null)
    problems.push('manualPrice');
  if (parseDiscountPercent(line.discountPercent) === null) problems.push('discount');
  return problems;
}

/** The request's lines; call only when no line has a problem. */
export function toOrderLineInputs(lines: readonly OrderLineDraft[]): OrderLineInput[] {
  return lines.map((line) => {
    const manual = line.manualPrice.trim() === '' ? null : parseYuanToFen(line.manualPrice);
    return {
      productId: line.productId,
      quantity: line.quantity,
      ...(manual === null ? {} : { unitPrice: manual }),
      discountRate: parseDiscountPercent(line.discountPercent) ?? 0,
    };
  });
}

/** A scanned or picked product adds one unit to its line, or a new line. */
export function addProductToLines(
  lines: readonly OrderLineDraft[],
  productId: number,
  newKey: string,
  quantity = 1,
): OrderLineDraft[] {
  const existing = lines.find((line) => line.productId === productId);
  if (existing) {
    return lines.map((line) => (line === existing ? { ...line, quantity: line.quantity + quantity } : line));
  }
  return [...lines, { key: newKey, productId, quantity, manualPrice: '', discountPercent: '' }];
}

// ---------------------------------------------------------------------------------------
// Dates and shelf life

const DAY_MS = 86_400_000;

function utcDay(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1);
}

/** Whole calendar days from a to b (b − a), for YYYY-MM-DD business dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcDay(b) - utcDay(a)) / DAY_MS);
}

/** The business date `days` calendar days after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(utcDay(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A lot expiring on the ship date is never shipped: at least one day, or the customer's minimum. */
export function requiredShelfLifeDays(customerMinimumDays: number): number {
  return Math.max(1, customerMinimumDays);
}

export interface ShelfLifeFitness {
  /** Sellable units (released, unexpired, not reserved). */
  available: number;
  /** Of those, units whose lots have the shelf life this customer needs on the promised date. */
  fit: number;
  /** Available but too close to expiry for this customer. */
  tooShort: number;
  requiredDays: number;
  /** The earliest expiry among the fitting lots (what FEFO would take first). */
  firstFitExpiry: string | null;
}

/** What FEFO could allocate to this customer on the promised date, from the stock rows of one product. */
export function assessShelfLife(
  rows: readonly Pick<StockBalance, 'available' | 'expiryDate' | 'lotStatus' | 'isSellable'>[],
  promisedDate: string,
  customerMinimumDays: number,
): ShelfLifeFitness {
  const requiredDays = requiredShelfLifeDays(customerMinimumDays);
  let available = 0;
  let fit = 0;
  let firstFitExpiry: string | null = null;
  for (const row of rows) {
    if (!row.isSellable || row.lotStatus !== 'released' || row.available <= 0) continue;
    available += row.available;
    if (daysBetween(promisedDate, row.expiryDate) >= requiredDays) {
      fit += row.available;
      if (firstFitExpiry === null || row.expiryDate < firstFitExpiry) firstFitExpiry = row.expiryDate;
    }
  }
  return { available, fit, tooShort: available - fit, requiredDays, firstFitExpiry };
}

export type StockVerdict = 'enough' | 'partial' | 'none';

export function stockVerdict(fitness: Pick<ShelfLifeFitness, 'fit'>, quantity: number): StockVerdict {
  if (fitness.fit >= quantity) return 'enough';
  return fitness.fit > 0 ? 'partial' : 'none';
}

// ---------------------------------------------------------------------------------------
// What an order allows (the server's lifecycle rules, for showing buttons)

export type OrderAction = 'edit' | 'confirm' | 'cancel' | 'approve' | 'allocate' | 'ship';

export function isOrderActionAllowed(status: OrderStatus, action: OrderAction): boolean {
  switch (action) {
    case 'edit':
    case 'confirm':
    case 'approve':
      return status === 'draft';
    case 'cancel':
      return status === 'draft' || status === 'allocated' || status === 'backordered' || status === 'picking';
    case 'allocate':
      return status === 'backordered';
    case 'ship':
      return status === 'allocated' || status === 'backordered' || status === 'picking';
  }
}

/** Units reserved for the order that no shipment holds yet: what a new shipment would take. */
export function unitsWaitingForShipment(order: Pick<Order, 'allocations'>): number {
  return order.allocations
    .filter((allocation) => allocation.status === 'reserved' && allocation.shipmentId === null)
    .reduce((sum, allocation) => sum + allocation.quantity, 0);
}

// ---------------------------------------------------------------------------------------
// Why a confirmation was refused, from the API's error code and details

export type ConfirmationProblem =
  | { kind: 'compliance'; sku: string | null; code: string; message: string }
  | {
      kind: 'price_below_floor';
      lineNo: number | null;
      sku: string;
      quantity: number | null;
      netCnyFen: number | null;
      floorPriceFen: number | null;
    }
  | { kind: 'insufficient_stock'; lineNo: number | null; sku: string; requested: number | null }
  | { kind: 'credit_rejected'; message: string }
  | { kind: 'approval_required'; approval: string; message: string }
  | { kind: 'other'; code: string; message: string };

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const integer = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) ? value : null;

/** One entry per reason the server gave; an error it did not explain becomes one 'other' entry. */
export function readConfirmationProblems(error: unknown): ConfirmationProblem[] {
  if (!isApiError(error)) return [];
  const details = record(error.details);
  switch (error.code) {
    case 'COMPLIANCE_BLOCKED': {
      const reasons = Array.isArray(details.reasons) ? details.reasons.map(record) : [];
      if (reasons.length === 0) break;
      return reasons.map((reason) => ({
        kind: 'compliance',
        sku: text(reason.sku),
        code: text(reason.code) ?? 'COMPLIANCE_BLOCKED',
        message: text(reason.message) ?? error.message,
      }));
    }
    case 'PRICE_BELOW_FLOOR': {
      const lines = Array.isArray(details.lines) ? details.lines.map(record) : [];
      if (lines.length === 0) break;
      return lines.map((line) => ({
        kind: 'price_below_floor',
        lineNo: integer(line.lineNo),
        sku: text(line.sku) ?? '',
        quantity: integer(line.quantity),
        netCnyFen: integer(line.netCnyFen),
        floorPriceFen: integer(line.floorPriceFen),
      }));
    }
    case 'INSUFFICIENT_STOCK':
      return [
        {
          kind: 'insufficient_stock',
          lineNo: integer(details.lineNo),
          sku: text(details.sku) ?? '',
          requested: integer(details.requested),
        },
      ];
    case 'CREDIT_REJECTED':
      return [{ kind: 'credit_rejected', message: error.message }];
    case 'APPROVAL_REQUIRED':
      return [
        { kind: 'approval_required', approval: text(details.kind) ?? 'credit', message: error.message },
      ];
  }
  return [{ kind: 'other', code: error.code, message: error.message }];
}

/** Line numbers (1-based, in the order sent) that a refusal is about, to mark them in the form. */
export function problemLineNumbers(problems: readonly ConfirmationProblem[]): number[] {
  const numbers = new Set<number>();
  for (const problem of problems) {
    if ((problem.kind === 'price_below_floor' || problem.kind === 'insufficient_stock') && problem.lineNo) {
      numbers.add(problem.lineNo);
    }
  }
  return [...numbers].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------
// Shipping: scan progress, what a refused scan means, hand-typed codes

export interface ScanProgress {
  key: string;
  productId: number;
  sku: string;
  productNameZh: string;
  productNameEn: string;
  required: number;
  scanned: number;
}

/** Scanned against required per product (a product's lots and warehouses together). */
export function scanProgressByProduct(lines: readonly ShipmentLine[]): ScanProgress[] {
  const byProduct = new Map<number, ScanProgress>();
  for (const line of lines) {
    const entry = byProduct.get(line.productId);
    if (entry) {
      entry.required += line.quantity;
      entry.scanned += line.scannedQuantity;
    } else {
      byProduct.set(line.productId, {
        key: String(line.productId),
        productId: line.productId,
        sku: line.sku,
        productNameZh: line.productNameZh,
        productNameEn: line.productNameEn,
        required: line.quantity,
        scanned: line.scannedQuantity,
      });
    }
  }
  return [...byProduct.values()];
}

/** What the shipment still expects, lot by lot (the server names it only for some refusals). */
export function expectedScans(
  lines: readonly Pick<ShipmentLine, 'sku' | 'lotNumber' | 'quantity' | 'scannedQuantity'>[],
): ScanRefusal['expected'] {
  return lines
    .filter((line) => line.quantity > line.scannedQuantity)
    .map((line) => ({
      sku: line.sku,
      lotNumber: line.lotNumber,
      remaining: line.quantity - line.scannedQuantity,
    }));
}

export function unitsLeftToScan(shipment: Pick<Shipment, 'lines'>): number {
  return shipment.lines.reduce((sum, line) => sum + Math.max(0, line.quantity - line.scannedQuantity), 0);
}

/** Reasons the API gives for a refused scan (details.reason of UDI_MISMATCH). */
export const scanRefusalReasons = [
  'NO_GTIN',
  'PRODUCT_NOT_ON_SHIPMENT',
  'PRODUCT_COMPLETE',
  'NO_LOT',
  'NO_SERIAL',
  'SERIAL_REPEATED',
  'COUNT_WITH_SERIAL',
  'EXPIRY_DIFFERS',
  'TOO_MANY',
  'LOT_NOT_ALLOCATED',
  'SERIAL_SHIPPED',
  'SERIAL_NOT_IN_LOT',
  'SERIAL_NOT_IN_STOCK',
  'SERIAL_HELD',
  'SERIAL_ON_OTHER_SHIPMENT',
] as const;
export type ScanRefusalReason = (typeof scanRefusalReasons)[number];

export interface ScanRefusal {
  /** UDI_MISMATCH, UDI_INVALID, INVALID_STATUS… */
  code: string;
  reason: ScanRefusalReason | null;
  message: string;
  expected: { sku: string; lotNumber: string; remaining: number }[];
}

export function readScanRefusal(error: unknown): ScanRefusal | null {
  if (!isApiError(error)) return null;
  const details = record(error.details);
  const reason = text(details.reason);
  const expected = Array.isArray(details.expected)
    ? details.expected.map(record).flatMap((entry) => {
        const sku = text(entry.sku);
        const lotNumber = text(entry.lotNumber);
        const remaining = integer(entry.remaining);
        return sku !== null && lotNumber !== null && remaining !== null
          ? [{ sku, lotNumber, remaining }]
          : [];
      })
    : [];
  return {
    code: error.code,
    reason: (scanRefusalReasons as readonly string[]).includes(reason ?? '')
      ? (reason as ScanRefusalReason)
      : null,
    message: error.message,
    expected,
  };
}

/**
 * The GS1 human-readable text for a label that cannot be scanned, typed from what is printed on
 * it: (01) GTIN, (10) lot, (21) serial, or (30) a count of identical units.
 */
export function buildManualUdi(entry: {
  gtin: string;
  lotNumber: string;
  serial?: string;
  count?: number;
}): string {
  const gtin = entry.gtin.trim();
  const lot = entry.lotNumber.trim();
  const serial = entry.serial?.trim() ?? '';
  let code = `(01)${gtin}(10)${lot}`;
  if (serial) code += `(21)${serial}`;
  else if (entry.count !== undefined && entry.count > 1) code += `(30)${entry.count}`;
  return code;
}

// ---------------------------------------------------------------------------------------
// Status timeline of an order

export type TimelineEvent =
  | { kind: 'created' | 'confirmed' | 'cancelled'; at: string; detail: string | null }
  | {
      kind: 'shipment_created' | 'shipped' | 'delivered';
      at: string;
      shipmentId: number;
      shipmentNumber: string;
      /** Days after the promised date (shipped and delivered); 0 when on time. */
      daysLate: number | null;
    };

/**
 * What happened to an order, oldest first: created, confirmed, each shipment picked, shipped and
 * delivered, cancelled. Shipment dates are business dates; the rest are instants.
 */
export function buildOrderTimeline(
  order: Pick<Order, 'createdAt' | 'confirmedAt' | 'cancelledAt' | 'cancelReason' | 'promisedDate'>,
  shipments: readonly Pick<
    ShipmentSummary,
    'id' | 'number' | 'createdAt' | 'shippedOn' | 'deliveredOn' | 'status'
  >[],
): TimelineEvent[] {
  const events: TimelineEvent[] = [{ kind: 'created', at: order.createdAt, detail: null }];
  if (order.confirmedAt) events.push({ kind: 'confirmed', at: order.confirmedAt, detail: null });
  for (const shipment of shipments) {
    const base = { shipmentId: shipment.id, shipmentNumber: shipment.number };
    events.push({ kind: 'shipment_created', at: shipment.createdAt, ...base, daysLate: null });
    if (shipment.shippedOn) {
      events.push({
        kind: 'shipped',
        at: shipment.shippedOn,
        ...base,
        daysLate: Math.max(0, daysBetween(order.promisedDate, shipment.shippedOn)),
      });
    }
    if (shipment.deliveredOn) {
      events.push({
        kind: 'delivered',
        at: shipment.deliveredOn,
        ...base,
        daysLate: Math.max(0, daysBetween(order.promisedDate, shipment.deliveredOn)),
      });
    }
  }
  if (order.cancelledAt)
    events.push({ kind: 'cancelled', at: order.cancelledAt, detail: order.cancelReason });
  // By business day; within a day the events keep the order they necessarily happen in.
  const dayOf = (at: string) => (at.length === 10 ? at : businessToday(new Date(at)));
  return events
    .map((event, index) => ({ event, index, day: dayOf(event.at) }))
    .sort((a, b) => (a.day === b.day ? a.index - b.index : a.day < b.day ? -1 : 1))
    .map(({ event }) => event);
}
