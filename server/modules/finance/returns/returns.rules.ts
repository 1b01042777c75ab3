/**
 * Sales returns: what may come back (never more than was shipped minus what came back
 * already; serial-tracked units by their serial numbers), and the stock keys the returned
 * units are put under — held for inspection, then released or scrapped.
 */
import type { CreateReturnRequest, InspectReturnRequest } from '../../../../contracts/finance.ts';
import { AppError } from '../../../platform/errors.ts';
import type { NewReturnLine, ReturnableLine } from './returns.repository.ts';

type Lang = 'zh-CN' | 'en';

function invalid(lang: Lang, detail: { en: string; zh: string }, field: string): AppError {
  return new AppError('VALIDATION_FAILED', { detail: lang === 'en' ? detail.en : detail.zh }, { field });
}

export function checkReturnLines(
  requested: CreateReturnRequest['lines'],
  returnable: readonly ReturnableLine[],
  lang: Lang,
): NewReturnLine[] {
  const byId = new Map(returnable.map((l) => [l.id, l]));
  const seen = new Set<number>();
  return requested.map((r, index) => {
    const line = byId.get(r.shipmentLineId);
    const field = `lines.${index}`;
    if (!line) {
      throw new AppError(
        'INVALID_REFERENCE',
        { entity: lang === 'en' ? 'line of this shipment' : '该发货单的发货行', value: r.shipmentLineId },
        { field: `${field}.shipmentLineId` },
      );
    }
    if (seen.has(line.id)) {
      throw invalid(lang, { en: `line ${line.id} is listed twice`, zh: `发货行 ${line.id} 重复出现` }, field);
    }
    seen.add(line.id);
    if (line.returnedQuantity + r.quantity > line.quantity) {
      throw new AppError(
        'RETURN_EXCEEDS_SHIPPED',
        { line: line.id, shipped: line.quantity, returned: line.returnedQuantity, requested: r.quantity },
        { field: `${field}.quantity`, returnable: line.quantity - line.returnedQuantity },
      );
    }
    const serials = r.serials ?? [];
    if (!line.isSerialTracked) {
      if (serials.length > 0) {
        throw invalid(
          lang,
          { en: 'this product is not tracked by serial', zh: '该产品不按序列号管理' },
          `${field}.serials`,
        );
      }
    } else {
      const shipped = new Set(line.shippedSerials);
      const returned = new Set(line.returnedSerials);
      const unique = new Set(serials);
      const stray = serials.find((s) => !shipped.has(s) || returned.has(s));
      if (serials.length !== r.quantity || unique.size !== serials.length || stray !== undefined) {
        throw invalid(
          lang,
          {
            en: `give the ${r.quantity} serial numbers shipped on this line and not returned yet${stray ? ` (not: ${stray})` : ''}`,
            zh: `请提供该发货行已发出且未退回的 ${r.quantity} 个序列号${stray ? `（${stray} 不符）` : ''}`,
          },
          `${field}.serials`,
        );
      }
    }
    return {
      shipmentLineId: line.id,
      warehouseId: line.warehouseId,
      productId: line.productId,
      lotId: line.lotId,
      quantity: r.quantity,
      serials,
    };
  });
}

export interface StockUnit {
  warehouseId: number;
  productId: number;
  lotId: number;
  serial: string;
  quantity: number;
}

/** The stock keys of returned units: one per serial, or one per line without serials. */
export function unitsOf(
  line: Pick<NewReturnLine, 'warehouseId' | 'productId' | 'lotId' | 'serials'>,
  quantity: number,
): StockUnit[] {
  const key = { warehouseId: line.warehouseId, productId: line.productId, lotId: line.lotId };
  if (line.serials.length > 0) return line.serials.map((serial) => ({ ...key, serial, quantity: 1 }));
  return [{ ...key, serial: '', quantity }];
}

/** One row per stock key (reservations change one balance row per key). */
export function sumByKey(units: readonly StockUnit[]): StockUnit[] {
  const sums = new Map<string, StockUnit>();
  for (const u of units) {
    const key = `${u.warehouseId}/${u.productId}/${u.lotId}/${u.serial}`;
    const found = sums.get(key);
    if (found) found.quantity += u.quantity;
    else sums.set(key, { ...u });
  }
  return [...sums.values()].filter((u) => u.quantity !== 0);
}

export interface InspectionLine {
  lineId: number;
  accepted: number;
  rejected: number;
  /** What leaves stock as scrap: the rejected units' keys. */
  rejectedUnits: StockUnit[];
  /** What was held for this line and is released now. */
  heldUnits: StockUnit[];
}

/** Every line of the return is decided once; accepted + rejected = returned; rejected serials named. */
export function checkInspection(
  lines: readonly (NewReturnLine & { id: number })[],
  requested: InspectReturnRequest['lines'],
  lang: Lang,
): InspectionLine[] {
  const byId = new Map(requested.map((r, index) => [r.lineId, { ...r, index }]));
  if (byId.size !== requested.length || requested.some((r) => !lines.some((l) => l.id === r.lineId))) {
    throw invalid(
      lang,
      { en: 'each line of the return exactly once', zh: '每个退货行须且仅须出现一次' },
      'lines',
    );
  }
  return lines.map((line) => {
    const decision = byId.get(line.id);
    if (!decision) {
      throw invalid(
        lang,
        { en: `line ${line.id} has no inspection result`, zh: `退货行 ${line.id} 缺少检验结果` },
        'lines',
      );
    }
    const field = `lines.${decision.index}`;
    if (decision.acceptedQuantity + decision.rejectedQuantity !== line.quantity) {
      throw invalid(
        lang,
        {
          en: `accepted + rejected must be ${line.quantity}`,
          zh: `合格数 + 不合格数须等于 ${line.quantity}`,
        },
        field,
      );
    }
    const rejectedSerials = decision.rejectedSerials ?? [];
    let rejectedUnits: StockUnit[];
    if (line.serials.length > 0) {
      const known = new Set(line.serials);
      if (
        rejectedSerials.length !== decision.rejectedQuantity ||
        new Set(rejectedSerials).size !== rejectedSerials.length ||
        rejectedSerials.some((s) => !known.has(s))
      ) {
        throw invalid(
          lang,
          { en: 'name the rejected serial numbers of this line', zh: '请列出该行不合格的序列号' },
          `${field}.rejectedSerials`,
        );
      }
      rejectedUnits = rejectedSerials.length > 0 ? unitsOf({ ...line, serials: rejectedSerials }, 0) : [];
    } else {
      if (rejectedSerials.length > 0) {
        throw invalid(
          lang,
          { en: 'this line has no serial numbers', zh: '该行没有序列号' },
          `${field}.rejectedSerials`,
        );
      }
      rejectedUnits = decision.rejectedQuantity > 0 ? unitsOf(line, decision.rejectedQuantity) : [];
    }
    return {
      lineId: line.id,
      accepted: decision.acceptedQuantity,
      rejected: decision.rejectedQuantity,
      rejectedUnits,
      heldUnits: unitsOf(line, line.quantity),
    };
  });
}
