/**
 * Purchasing in the history: every supplier is reviewed every two weeks; each of its products
 * is ordered up to the demand of the lead time plus a review period and a safety margin, less
 * what is usable in stock and on order. Deliveries arrive after the supplier's lead time (a few
 * late), are inspected (a few units rejected and replaced by a later delivery) and enter stock
 * as new lots, the way `postReceipt` records them.
 */
import {
  checkInspectionResult,
  statusAfterReceipt,
} from '../../server/modules/purchasing/purchasing.rules.ts';
import type { Random } from '../random.ts';
import { daysFrom, plusDays } from './days.ts';
import { packSizeOf } from './demand.ts';
import type { PurchaseOrder, PurchaseOrderLine, Receipt } from './model.ts';
import type { DocumentNumbers } from './numbering.ts';
import type { StockLedger } from './stock.ts';
import type { World, WorldProduct, WorldSupplier } from './world.ts';

const inspectors = ['质检员 吴静', '质检员 何丽', '质检员 郭涛', '质检员 罗敏'];
const REVIEW_DAYS = 14;

interface SupplierPlan {
  supplier: WorldSupplier;
  leadDays: number;
  offset: number;
  products: WorldProduct[];
}

interface Delivery {
  order: PurchaseOrder;
  lines: { line: PurchaseOrderLine; quantity: number }[];
  isReplacement: boolean;
}

function yymmdd(date: string): string {
  return date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
}

export class Purchasing {
  readonly orders: PurchaseOrder[] = [];
  readonly receipts: Receipt[] = [];
  private readonly plans: SupplierPlan[];
  private readonly deliveries = new Map<string, Delivery[]>();
  private readonly onOrder = new Map<number, number>();
  private readonly lotNumbers = new Set<string>();
  private poLineCount = 0;
  private receiptLineCount = 0;
  private readonly warehouseUser: number | null;
  private readonly buyer: number | null;

  constructor(
    private readonly random: Random,
    private readonly world: World,
    private readonly ledger: StockLedger,
    private readonly numbers: DocumentNumbers,
    /** Units of a product ordered by customers from day a to day b (inclusive). */
    private readonly demandBetween: (productIndex: number, from: string, to: string) => number,
    /** Products whose deliveries are stuck at the supplier at the end of the history. */
    private readonly shortages: ReadonlySet<number>,
    private readonly today: string,
  ) {
    this.warehouseUser = world.users.get('warehouse') ?? null;
    this.buyer = world.users.get('admin') ?? null;
    const supplierById = new Map(world.suppliers.map((s) => [s.id, s]));
    // Imported products come through the national distributor, which holds the import licence.
    const importer = world.suppliers.find((s) => s.code === 'S-SINOPHARM') ?? world.suppliers[0]!;
    const bySupplier = new Map<number, WorldProduct[]>();
    for (const product of world.products) {
      const maker = product.manufacturerId === null ? undefined : supplierById.get(product.manufacturerId);
      const supplier = maker?.country === 'CN' ? maker : importer;
      bySupplier.set(supplier.id, [...(bySupplier.get(supplier.id) ?? []), product]);
    }
    this.plans = [...bySupplier]
      .sort((a, b) => a[0] - b[0])
      .map(([id, products], i) => {
        const supplier = supplierById.get(id)!;
        const r = random.fork(`supplier:${supplier.code}`);
        return {
          supplier,
          leadDays: supplier.code === importer.code ? r.int(24, 32) : r.int(5, 12),
          offset: i % REVIEW_DAYS,
          products,
        };
      });
  }

  private warehouseFor(product: WorldProduct): number {
    const allowed = this.world.warehouses.filter((w) => !product.isColdChain || w.isColdChain);
    const weights: Record<string, number> = { 'WH-SH': 40, 'WH-BJ': 25, 'WH-GZ': 20, 'WH-CD': 15 };
    return this.random.weighted(allowed.map((w) => [w.id, weights[w.code] ?? 10] as const));
  }

  /** Reviews the suppliers due on `date` and places their purchase orders. */
  review(date: string, dayIndex: number, isFirst: boolean): void {
    for (const plan of this.plans) {
      if (!isFirst && (dayIndex + plan.offset) % REVIEW_DAYS !== 0) continue;
      const arrival = plusDays(date, plan.leadDays);
      const coverEnd = plusDays(arrival, REVIEW_DAYS + 10 + (isFirst ? plan.offset : 0));
      const perWarehouse = new Map<number, { product: WorldProduct; quantity: number }[]>();
      for (const product of plan.products) {
        const need = this.demandBetween(product.index, date, coverEnd) * 1.12;
        // Stock that will still be sellable well after this delivery counts; older lots do not.
        const usable = this.ledger.usable(product.id, plusDays(coverEnd, 150));
        const missing = need - usable - (this.onOrder.get(product.id) ?? 0);
        if (missing <= 0 || need === 0) continue;
        const pack = packSizeOf(product);
        const quantity = Math.ceil(missing / pack) * pack;
        const warehouseId = this.warehouseFor(product);
        perWarehouse.set(warehouseId, [...(perWarehouse.get(warehouseId) ?? []), { product, quantity }]);
      }
      for (const [warehouseId, items] of [...perWarehouse].sort((a, b) => a[0] - b[0])) {
        this.placeOrder(plan, warehouseId, date, items);
      }
    }
  }

  private placeOrder(
    plan: SupplierPlan,
    warehouseId: number,
    date: string,
    items: { product: WorldProduct; quantity: number }[],
  ) {
    const r = this.random;
    const expectedDate = plusDays(date, plan.leadDays);
    const order: PurchaseOrder = {
      id: this.orders.length + 1,
      number: this.numbers.next('PO', date),
      supplierId: plan.supplier.id,
      warehouseId,
      orderDate: date,
      expectedDate,
      status: 'confirmed',
      createdBy: this.buyer,
      lines: items.map((item, i) => ({
        id: ++this.poLineCount,
        lineNo: i + 1,
        product: item.product,
        quantity: item.quantity,
        unitPrice: Math.max(1, Math.round(item.product.standardCostFen * (0.94 + r.next() * 0.12))),
        receivedQuantity: 0,
      })),
    };
    this.orders.push(order);
    for (const line of order.lines) {
      this.onOrder.set(line.product.id, (this.onOrder.get(line.product.id) ?? 0) + line.quantity);
    }
    let arrival = plusDays(expectedDate, r.int(-1, 2));
    if (r.chance(0.03)) arrival = plusDays(arrival, r.int(10, 30));
    const isStuck = order.lines.some((l) => this.shortages.has(l.product.id));
    if (isStuck && daysFrom(date, this.today) < 75) arrival = plusDays(this.today, r.int(5, 20));
    if (arrival > this.today && daysFrom(date, this.today) <= 1 && r.chance(0.5)) order.status = 'draft';
    this.schedule(arrival, {
      order,
      lines: order.lines.map((line) => ({ line, quantity: line.quantity })),
      isReplacement: false,
    });
  }

  private schedule(date: string, delivery: Delivery) {
    this.deliveries.set(date, [...(this.deliveries.get(date) ?? []), delivery]);
  }

  /**
   * The maker's lot number: production date, a two-digit product family code and a batch number
   * of the day, as many makers print them (2509231701). Without the family code, every product
   * made on one day shared its lot numbers, and a trace by lot number listed forty products.
   */
  private lotNumber(product: WorldProduct, productionDate: string): string {
    const family = String(product.index % 100).padStart(2, '0');
    for (let n = 1; ; n++) {
      const lot = `${yymmdd(productionDate)}${family}${String(n).padStart(2, '0')}`;
      const key = `${product.id}/${lot}`;
      if (!this.lotNumbers.has(key)) {
        this.lotNumbers.add(key);
        return lot;
      }
    }
  }

  /** Posts the deliveries arriving on `date`: receipts, lots, receipt moves. Returns the products received. */
  receive(date: string): Set<number> {
    const received = new Set<number>();
    const r = this.random;
    for (const delivery of this.deliveries.get(date) ?? []) {
      const order = delivery.order;
      if (order.status === 'draft') continue;
      const receipt: Receipt = {
        id: this.receipts.length + 1,
        number: this.numbers.next('RC', date),
        purchaseOrder: order,
        arrivalDate: date,
        receivedBy: this.warehouseUser,
        lines: [],
      };
      const replacements: Delivery['lines'] = [];
      for (const { line, quantity } of delivery.lines) {
        const product = line.product;
        // Short-lived products come fresh from the factory; others may have waited there a while.
        const productionDate = plusDays(
          date,
          -r.int(5, Math.max(6, Math.min(75, Math.floor(product.shelfLifeDays * 0.08)))),
        );
        const expiryDate = plusDays(productionDate, product.shelfLifeDays);
        const roll = r.next();
        const rejected = delivery.isReplacement
          ? 0
          : roll < 0.003
            ? quantity
            : roll < 0.018
              ? Math.max(1, Math.floor(quantity * (0.01 + r.next() * 0.04)))
              : 0;
        const accepted = quantity - rejected;
        checkInspectionResult(undefined, accepted, rejected, 'zh-CN');
        const lotNumber = this.lotNumber(product, productionDate);
        const lot = this.ledger.addLot({
          product,
          lotNumber,
          productionDate,
          expiryDate,
          supplierId: order.supplierId,
          unitCostFen: line.unitPrice,
          receivedOn: date,
          reportRef: `QC-${date.slice(0, 7)}-${String(this.receiptLineCount + 1).padStart(5, '0')}`,
          serials: product.isSerialTracked
            ? Array.from({ length: accepted }, (_, i) => `${lotNumber}${String(i + 1).padStart(4, '0')}`)
            : [],
        });
        receipt.lines.push({
          id: ++this.receiptLineCount,
          poLine: line,
          lot,
          received: quantity,
          accepted,
          rejected,
          inspector: r.pick(inspectors),
          scannedUdi: product.gtin ? `(01)${product.gtin}(17)${yymmdd(expiryDate)}(10)${lotNumber}` : null,
        });
        line.receivedQuantity += accepted;
        this.onOrder.set(product.id, (this.onOrder.get(product.id) ?? 0) - quantity);
        if (accepted > 0) {
          // postReceipt: one move per serial for serial-tracked products, else one for the line.
          const move = (serial: string, quantity: number) =>
            this.ledger.post({
              date,
              warehouseId: order.warehouseId,
              lot,
              serial,
              kind: 'receipt',
              quantity,
              referenceType: 'receipt',
              referenceId: receipt.id,
              reason: null,
              createdBy: this.warehouseUser,
            });
          if (lot.serials.length > 0) {
            for (const serial of lot.serials) move(serial, 1);
          } else {
            move('', accepted);
          }
          received.add(product.id);
        }
        if (rejected > 0) {
          replacements.push({ line, quantity: rejected });
          this.onOrder.set(product.id, (this.onOrder.get(product.id) ?? 0) + rejected);
        }
      }
      this.receipts.push(receipt);
      order.status = statusAfterReceipt(order.lines);
      if (replacements.length > 0) {
        this.schedule(plusDays(date, r.int(7, 12)), { order, lines: replacements, isReplacement: true });
      }
    }
    return received;
  }
}
