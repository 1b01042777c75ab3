/**
 * Matching a scanned UDI against what a shipment should contain, pure. A scan counts when its
 * GTIN is a product on the shipment, its lot is one allocated to the shipment with units left
 * to scan (and, for serial-tracked products, it carries a serial not scanned before), and any
 * expiry on the label agrees with the lot's. A lot of the right product that was not allocated
 * may still be a permitted substitute: the service checks that against stock and shelf life.
 */
import type { Udi } from '../../catalog/index.ts';

export interface ScanLine {
  id: number;
  productId: number;
  sku: string;
  gtin: string | null;
  warehouseId: number;
  lotId: number;
  lotNumber: string;
  expiryDate: string;
  isSerialTracked: boolean;
  quantity: number;
  scannedQuantity: number;
  serials: string[];
}

export interface ScanProblem {
  code:
    | 'NO_GTIN'
    | 'PRODUCT_NOT_ON_SHIPMENT'
    | 'PRODUCT_COMPLETE'
    | 'NO_LOT'
    | 'NO_SERIAL'
    | 'SERIAL_REPEATED'
    | 'COUNT_WITH_SERIAL'
    | 'EXPIRY_DIFFERS'
    | 'TOO_MANY';
  en: string;
  zh: string;
  /** What the shipment still expects, for the scanner's screen. */
  expected: { sku: string; lotNumber: string; remaining: number }[];
}

export type ScanDecision =
  | { kind: 'match'; line: ScanLine; quantity: number; serial: string | null }
  | { kind: 'other_lot'; lines: ScanLine[]; quantity: number; serial: string | null; lot: string }
  | { kind: 'mismatch'; problem: ScanProblem };

export function remainingOf(line: Pick<ScanLine, 'quantity' | 'scannedQuantity'>): number {
  return line.quantity - line.scannedQuantity;
}

export function expectedOf(lines: readonly ScanLine[]) {
  return lines
    .filter((l) => remainingOf(l) > 0)
    .map((l) => ({ sku: l.sku, lotNumber: l.lotNumber, remaining: remainingOf(l) }));
}

function describe(expected: ScanProblem['expected']): { en: string; zh: string } {
  if (expected.length === 0) return { en: 'nothing is left to scan', zh: '已无待扫描商品' };
  const list = expected.map((e) => `${e.sku} lot ${e.lotNumber} × ${e.remaining}`).join(', ');
  const listZh = expected.map((e) => `${e.sku} 批次 ${e.lotNumber} × ${e.remaining}`).join('，');
  return { en: `expected ${list}`, zh: `应为 ${listZh}` };
}

export function matchScan(udi: Udi, lines: readonly ScanLine[]): ScanDecision {
  const expected = expectedOf(lines);
  const wanted = describe(expected);
  const mismatch = (code: ScanProblem['code'], en: string, zh: string): ScanDecision => ({
    kind: 'mismatch',
    problem: { code, en: `${en}; ${wanted.en}`, zh: `${zh}；${wanted.zh}`, expected },
  });

  if (!udi.gtin) return mismatch('NO_GTIN', 'the code carries no GTIN (01)', '条码中没有 GTIN (01)');
  const ofProduct = lines.filter((l) => l.gtin === udi.gtin);
  if (ofProduct.length === 0) {
    return mismatch(
      'PRODUCT_NOT_ON_SHIPMENT',
      `product ${udi.gtin} is not on this shipment`,
      `产品 ${udi.gtin} 不在本发货单中`,
    );
  }
  const sku = ofProduct[0]!.sku;
  const open = ofProduct.filter((l) => remainingOf(l) > 0);
  if (open.length === 0) {
    return mismatch('PRODUCT_COMPLETE', `every unit of ${sku} is already scanned`, `${sku} 已全部扫描`);
  }
  if (!udi.lot) return mismatch('NO_LOT', 'the code carries no lot (10)', '条码中没有批号 (10)');
  const isSerialTracked = ofProduct[0]!.isSerialTracked;
  const serial = udi.serial ?? null;
  if (isSerialTracked && serial === null) {
    return mismatch(
      'NO_SERIAL',
      `${sku} is tracked by serial: scan the serial (21)`,
      `${sku} 按序列号管理：请扫描序列号 (21)`,
    );
  }
  if (serial !== null && ofProduct.some((l) => l.serials.includes(serial))) {
    return mismatch('SERIAL_REPEATED', `serial ${serial} was already scanned`, `序列号 ${serial} 已扫描`);
  }
  const quantity = udi.count ?? 1;
  if (isSerialTracked && quantity !== 1) {
    return mismatch(
      'COUNT_WITH_SERIAL',
      'a serial-tracked unit is scanned one at a time',
      '序列号管理的商品须逐件扫描',
    );
  }
  const line = open.find((l) => l.lotNumber === udi.lot);
  if (!line) return { kind: 'other_lot', lines: open, quantity, serial, lot: udi.lot };
  if (udi.expiry && udi.expiry !== line.expiryDate) {
    return mismatch(
      'EXPIRY_DIFFERS',
      `the label says lot ${line.lotNumber} expires ${udi.expiry}, our records say ${line.expiryDate}`,
      `标签显示批次 ${line.lotNumber} 有效期至 ${udi.expiry}，系统记录为 ${line.expiryDate}`,
    );
  }
  if (quantity > remainingOf(line)) {
    return mismatch(
      'TOO_MANY',
      `${quantity} units scanned but only ${remainingOf(line)} of lot ${line.lotNumber} are left`,
      `扫描 ${quantity} 件，但批次 ${line.lotNumber} 仅剩 ${remainingOf(line)} 件`,
    );
  }
  return { kind: 'match', line, quantity, serial };
}

export interface SerialFacts {
  /** Where the scanned serial is on hand: any lot, any warehouse. */
  placements: readonly {
    warehouseId: number;
    lotId: number;
    lotNumber: string;
    onHand: number;
    held: number;
  }[];
  /** Units of the scanned lot in the shipment's warehouses recorded without serial numbers. */
  unserialised: number;
  /** Another open shipment on which the serial is already scanned. */
  scannedOn: string | null;
  /** Whether the serial left on a shipment before (and has not come back). */
  wasShipped: boolean;
}

export interface SerialProblem {
  code:
    | 'SERIAL_NOT_IN_LOT'
    | 'SERIAL_NOT_IN_STOCK'
    | 'SERIAL_HELD'
    | 'SERIAL_SHIPPED'
    | 'SERIAL_ON_OTHER_SHIPMENT';
  en: string;
  zh: string;
}

/**
 * A scanned serial ships only from the lot it is in, in the shipment's warehouse, when it is
 * not held for inspection nor scanned on another shipment. Units of the lot booked without
 * serials (before the product was tracked by serial) may take any serial not in stock.
 */
export function checkScannedSerial(
  serial: string,
  lot: { lotId: number | null; lotNumber: string },
  warehouseIds: readonly number[],
  facts: SerialFacts,
): SerialProblem | null {
  const here = facts.placements.filter((p) => p.lotId === lot.lotId && warehouseIds.includes(p.warehouseId));
  if (here.length > 0) {
    if (here.every((p) => p.onHand - p.held < 1)) {
      return {
        code: 'SERIAL_HELD',
        en: `serial ${serial} is held for inspection and cannot ship`,
        zh: `序列号 ${serial} 正在待检（冻结），不能发货`,
      };
    }
  } else if (facts.placements.length > 0) {
    const elsewhere = facts.placements[0]!;
    if (elsewhere.lotId === lot.lotId) {
      return {
        code: 'SERIAL_NOT_IN_LOT',
        en: `serial ${serial} of lot ${lot.lotNumber} is in another warehouse, not in the one this shipment leaves from`,
        zh: `批次 ${lot.lotNumber} 的序列号 ${serial} 在其他仓库，不在本发货单的发货仓库`,
      };
    }
    return {
      code: 'SERIAL_NOT_IN_LOT',
      en: `serial ${serial} belongs to lot ${elsewhere.lotNumber}, not to lot ${lot.lotNumber}`,
      zh: `序列号 ${serial} 属于批次 ${elsewhere.lotNumber}，不属于批次 ${lot.lotNumber}`,
    };
  } else if (facts.unserialised <= 0) {
    return facts.wasShipped
      ? {
          code: 'SERIAL_SHIPPED',
          en: `serial ${serial} has already been shipped`,
          zh: `序列号 ${serial} 已发货`,
        }
      : {
          code: 'SERIAL_NOT_IN_STOCK',
          en: `serial ${serial} is not in stock in lot ${lot.lotNumber}`,
          zh: `批次 ${lot.lotNumber} 中没有序列号 ${serial} 的库存`,
        };
  }
  if (facts.scannedOn !== null) {
    return {
      code: 'SERIAL_ON_OTHER_SHIPMENT',
      en: `serial ${serial} is already scanned on shipment ${facts.scannedOn}`,
      zh: `序列号 ${serial} 已在发货单 ${facts.scannedOn} 中扫描`,
    };
  }
  return null;
}

/** What leaves the ledger for a shipment: per lot, the quantity and the scanned serials. */
export function issuesOf(
  lines: readonly Pick<ScanLine, 'warehouseId' | 'productId' | 'lotId' | 'quantity' | 'serials'>[],
): { warehouseId: number; productId: number; lotId: number; quantity: number; serials: string[] }[] {
  const byLot = new Map<
    string,
    { warehouseId: number; productId: number; lotId: number; quantity: number; serials: string[] }
  >();
  for (const line of lines) {
    const key = `${line.warehouseId}/${line.productId}/${line.lotId}`;
    const found = byLot.get(key);
    if (found) {
      found.quantity += line.quantity;
      found.serials.push(...line.serials);
    } else {
      byLot.set(key, {
        warehouseId: line.warehouseId,
        productId: line.productId,
        lotId: line.lotId,
        quantity: line.quantity,
        serials: [...line.serials],
      });
    }
  }
  return [...byLot.values()];
}
