/**
 * Purchasing rules without I/O: purchase-order status transitions, inspection results, and
 * what a receipt line says about its lot (scanned UDI or typed by hand). They throw AppError
 * with a stable code, in the caller's language.
 */
import { daysBetween } from '../../platform/dates.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { parseUdi } from '../catalog/index.ts';

export type PurchaseOrderStatus = 'draft' | 'confirmed' | 'partially_received' | 'received' | 'cancelled';
export type PurchaseOrderAction = 'confirm' | 'cancel' | 'receive';
export type InspectionResult = 'accepted' | 'rejected' | 'partially_accepted';

const allowedFrom: Record<PurchaseOrderAction, readonly PurchaseOrderStatus[]> = {
  confirm: ['draft'],
  // Once goods have come in, the order is closed by receiving, not cancelled.
  cancel: ['draft', 'confirmed'],
  receive: ['confirmed', 'partially_received'],
};

const statusNames: Record<PurchaseOrderStatus, { en: string; zh: string }> = {
  draft: { en: 'draft', zh: '草稿' },
  confirmed: { en: 'confirmed', zh: '已确认' },
  partially_received: { en: 'partially received', zh: '部分收货' },
  received: { en: 'received', zh: '已收货' },
  cancelled: { en: 'cancelled', zh: '已取消' },
};

export function assertPurchaseOrderAllows(
  action: PurchaseOrderAction,
  status: PurchaseOrderStatus,
  lang: Lang,
): void {
  if (allowedFrom[action].includes(status)) return;
  const en = lang === 'en';
  throw new AppError(
    'INVALID_STATUS',
    {
      entity: en ? 'purchase order' : '采购订单',
      status: en ? statusNames[status].en : statusNames[status].zh,
    },
    { status, action },
  );
}

/** The order's status from its lines' accepted quantities (rejected units stay open). */
export function statusAfterReceipt(
  lines: readonly { quantity: number; receivedQuantity: number }[],
): PurchaseOrderStatus {
  if (lines.every((l) => l.receivedQuantity >= l.quantity)) return 'received';
  if (lines.some((l) => l.receivedQuantity > 0)) return 'partially_received';
  return 'confirmed';
}

export function inspectionResultOf(accepted: number, rejected: number): InspectionResult {
  if (rejected === 0) return 'accepted';
  if (accepted === 0) return 'rejected';
  return 'partially_accepted';
}

/** The line's inspection result: derived from the quantities, and a stated one must agree with them. */
export function checkInspectionResult(
  stated: InspectionResult | undefined,
  accepted: number,
  rejected: number,
  lang: Lang,
): InspectionResult {
  const derived = inspectionResultOf(accepted, rejected);
  if (stated !== undefined && stated !== derived) {
    throw new AppError(
      'BUSINESS_RULE',
      {
        detail:
          lang === 'en'
            ? `inspection result "${stated}" contradicts ${accepted} accepted and ${rejected} rejected`
            : `检验结论“${stated}”与合格 ${accepted}、不合格 ${rejected} 的数量不符`,
      },
      { field: 'inspectionResult' },
    );
  }
  return derived;
}

export interface ReceiptLotInput {
  udi?: string | undefined;
  lotNumber?: string | undefined;
  expiryDate?: string | undefined;
  productionDate?: string | null | undefined;
  serials: readonly string[];
}

export interface ReceivedProduct {
  sku: string;
  gtin: string | null;
  isSerialTracked: boolean;
}

export interface LotIdentity {
  lotNumber: string;
  expiryDate: string;
  productionDate: string | null;
  /** Serials of the accepted units (empty for products not tracked by serial). */
  serials: string[];
  scannedUdi: string | null;
}

function businessRule(lang: Lang, en: string, zh: string, field: string): AppError {
  return new AppError('BUSINESS_RULE', { detail: lang === 'en' ? en : zh }, { field });
}

/**
 * Lot, dates and serials of one receipt line. A scanned code must carry this product's GTIN,
 * a lot and an expiry; its serial joins the typed ones. `today` anchors two-digit years.
 */
export function resolveReceiptLot(
  input: ReceiptLotInput,
  product: ReceivedProduct,
  today: string,
  lang: Lang,
): LotIdentity {
  let identity: LotIdentity;
  if (input.udi !== undefined) {
    const parsed = parseUdi(input.udi, today);
    if (!parsed.ok) {
      throw new AppError(
        'UDI_INVALID',
        { column: parsed.error.position + 1, reason: parsed.error.message },
        { udiCode: parsed.error.code, position: parsed.error.position, field: 'udi' },
      );
    }
    const udi = parsed.value;
    if (!udi.gtin || udi.gtin !== product.gtin) {
      throw new AppError(
        'GTIN_MISMATCH',
        { scanned: udi.gtin ?? '—', expected: `${product.sku} ${product.gtin ?? '—'}` },
        { field: 'udi', scannedGtin: udi.gtin ?? null, expectedGtin: product.gtin },
      );
    }
    if (!udi.lot) throw businessRule(lang, 'the scanned code carries no lot', '条码中没有批号', 'udi');
    if (!udi.expiry)
      throw businessRule(lang, 'the scanned code carries no expiry', '条码中没有有效期', 'udi');
    const serials = [...input.serials];
    if (product.isSerialTracked && udi.serial && !serials.includes(udi.serial)) serials.push(udi.serial);
    identity = {
      lotNumber: udi.lot,
      expiryDate: udi.expiry,
      productionDate: udi.productionDate ?? null,
      serials,
      scannedUdi: input.udi,
    };
  } else {
    identity = {
      lotNumber: input.lotNumber!,
      expiryDate: input.expiryDate!,
      productionDate: input.productionDate ?? null,
      serials: [...input.serials],
      scannedUdi: null,
    };
  }
  return identity;
}

/** Refuses what GSP receipt inspection must refuse: expired or impossible dates, wrong serial counts. */
export function checkReceivedLot(
  identity: LotIdentity,
  quantityAccepted: number,
  product: ReceivedProduct,
  arrivalDate: string,
  lang: Lang,
): void {
  // A lot with no shelf life left on arrival could never be shipped (DOMAIN §3: max(1, …)).
  if (daysBetween(arrivalDate, identity.expiryDate) < 1) {
    throw new AppError(
      'LOT_EXPIRED',
      { lot: identity.lotNumber, expiry: identity.expiryDate },
      { field: 'expiryDate', lotNumber: identity.lotNumber },
    );
  }
  const production = identity.productionDate;
  if (production !== null && production > arrivalDate) {
    throw businessRule(
      lang,
      `production date ${production} is after the arrival date ${arrivalDate}`,
      `生产日期 ${production} 晚于到货日期 ${arrivalDate}`,
      'productionDate',
    );
  }
  if (production !== null && production > identity.expiryDate) {
    throw businessRule(lang, 'production date after expiry', '生产日期晚于有效期', 'productionDate');
  }
  const serials = identity.serials;
  if (!product.isSerialTracked) {
    if (serials.length > 0) {
      throw businessRule(
        lang,
        `${product.sku} is not tracked by serial number`,
        `${product.sku} 不按序列号管理`,
        'serials',
      );
    }
    return;
  }
  if (new Set(serials).size !== serials.length) {
    throw businessRule(lang, 'a serial number is listed twice', '序列号重复', 'serials');
  }
  if (serials.length !== quantityAccepted) {
    throw businessRule(
      lang,
      `${product.sku} is tracked by serial: give one serial per accepted unit (${quantityAccepted}, got ${serials.length})`,
      `${product.sku} 按序列号管理：每个合格单位需一个序列号（应为 ${quantityAccepted} 个，实际 ${serials.length} 个）`,
      'serials',
    );
  }
}

export interface OpenLine {
  id: number;
  lineNo: number;
  quantity: number;
  receivedQuantity: number;
}

/**
 * Refuses a delivery that would bring a line beyond its ordered quantity. Units counted are
 * those accepted before plus everything received now, so a replacement for rejected units fits.
 */
export function checkOverReceipt(
  receiving: readonly { purchaseOrderLineId: number; quantityReceived: number }[],
  lines: ReadonlyMap<number, OpenLine>,
): void {
  const totals = new Map<number, number>();
  for (const r of receiving) {
    totals.set(r.purchaseOrderLineId, (totals.get(r.purchaseOrderLineId) ?? 0) + r.quantityReceived);
  }
  for (const [lineId, quantity] of totals) {
    const line = lines.get(lineId)!;
    const open = line.quantity - line.receivedQuantity;
    if (quantity > open) {
      throw new AppError(
        'OVER_RECEIPT',
        { line: line.lineNo, quantity, open },
        { purchaseOrderLineId: lineId },
      );
    }
  }
}
