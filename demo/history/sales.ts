/**
 * Orders in the history, taken the way the sales services take them: compliance on the order
 * date, prices resolved by the pricing rule (contract → customer list → channel list → list
 * price), amounts by the sales money rules, the floor check, FEFO allocation of every line
 * against the promised date and the customer's minimum shelf life (all or nothing unless the
 * customer accepts a partial delivery), backorders allocated when stock arrives, shipments
 * picked, scanned and shipped (issue moves), and deliveries.
 */
import { allocateLotsFefo, requiredRemainingDays } from '../../server/modules/inventory/fefo.rules.ts';
import { checkSaleCompliance } from '../../server/modules/parties/parties.rules.ts';
import {
  computeDocumentAmounts,
  formatScaledDecimal,
  parseScaledDecimal,
  RATE8_SCALE,
} from '../../server/modules/sales/money.rules.ts';
import { statusFromProgress } from '../../server/modules/sales/orders/orders.rules.ts';
import { isBelowFloor } from '../../server/modules/sales/pricing/pricing.rules.ts';
import { daysFrom, plusDays } from './days.ts';
import type { DemandOrder } from './demand.ts';
import type { Allocation, OrderLine, SalesOrder, Shipment } from './model.ts';
import type { DocumentNumbers } from './numbering.ts';
import type { PriceBook } from './prices.ts';
import type { Lot, ReservationChange, StockLedger } from './stock.ts';
import type { World, WorldCustomer, WorldProduct } from './world.ts';

interface Pick {
  warehouseId: number;
  lot: Lot;
  quantity: number;
}

export class SalesDesk {
  readonly orders: SalesOrder[] = [];
  readonly shipments: Shipment[] = [];
  readonly backordered = new Set<SalesOrder>();
  private lineCount = 0;
  private allocationCount = 0;
  private shipmentLineCount = 0;
  readonly warehouseUser: number | null;
  readonly director: number | null;
  /** Orders refused at confirmation (credit hold) and lines refused by compliance. */
  refusedOrders = 0;
  refusedLines = 0;

  constructor(
    world: World,
    private readonly ledger: StockLedger,
    private readonly prices: PriceBook,
    private readonly numbers: DocumentNumbers,
  ) {
    this.warehouseUser = world.users.get('warehouse') ?? null;
    this.director = world.users.get('director') ?? null;
  }

  /**
   * Compliance on the order date. The demo keeps only each customer's current licence on file;
   * before its valid-from date the predecessor licence (renewed every five years) applied, so
   * the history is checked against expiry and coverage only.
   *
   * The rule's answer for a customer and product changes only on the day after the product's
   * certificate or one of the customer's licences expires (it compares `date > expiry`; with no
   * valid-from dates nothing else depends on the date). So an answer holds from the date it was
   * asked for up to the first such expiry on or after it, and is reused until then: every order
   * line asks, and most ask again what an earlier order of the customer asked.
   */
  private isCompliant(customer: WorldCustomer, product: WorldProduct, date: string): boolean {
    let qualifications = this.renewed.get(customer.id);
    if (!qualifications) {
      qualifications = customer.qualifications.map((q) => ({ ...q, validFrom: null }));
      this.renewed.set(customer.id, qualifications);
    }
    let answers = this.complianceAnswers.get(customer.id);
    if (!answers) {
      answers = new Map();
      this.complianceAnswers.set(customer.id, answers);
    }
    const known = answers.get(product.id);
    if (known && known.from <= date && date <= known.until) return known.allowed;
    const allowed = checkSaleCompliance(customer, qualifications, product, date).allowed;
    let until = '9999-12-31';
    for (const expiry of [product.certificateExpiry, ...qualifications.map((q) => q.validUntil)]) {
      if (expiry !== null && expiry >= date && expiry < until) until = expiry;
    }
    answers.set(product.id, { allowed, from: date, until });
    return allowed;
  }

  private readonly renewed = new Map<number, WorldCustomer['qualifications']>();
  /** Per customer, per product: a compliance answer and the days it holds (`isCompliant`). */
  private readonly complianceAnswers = new Map<
    number,
    Map<number, { allowed: boolean; from: string; until: string }>
  >();

  /** FEFO-allocates lines as `allocateLines` does; null when all-or-nothing fails (nothing kept). */
  private allocate(
    customer: WorldCustomer,
    promisedDate: string,
    acceptPartial: boolean,
    lines: { line: OrderLine; quantity: number }[],
  ): Map<OrderLine, { allocated: number; backordered: number; picks: Pick[] }> | null {
    const result = new Map<OrderLine, { allocated: number; backordered: number; picks: Pick[] }>();
    const taken: ReservationChange[] = [];
    const ordered = [...lines].sort(
      (a, b) => a.line.product.id - b.line.product.id || a.line.lineNo - b.line.lineNo,
    );
    for (const { line, quantity } of ordered) {
      const candidates = this.ledger.candidates(line.product.id);
      const allocation = allocateLotsFefo(candidates, {
        quantity,
        plannedShipDate: promisedDate,
        customerMinimumDays: customer.minShelfLifeDays,
        acceptPartial,
      });
      if (!allocation.isComplete && !acceptPartial) {
        this.ledger.undo(taken);
        return null;
      }
      const picks = allocation.picks.map((p) => {
        const candidate = candidates.find((c) => c.lotId === p.lotId && c.warehouseId === p.warehouseId)!;
        return { warehouseId: p.warehouseId, lot: candidate.balance.lot, quantity: p.quantity };
      });
      for (const p of picks) taken.push(...this.ledger.reserve(p.warehouseId, p.lot, p.quantity));
      result.set(line, { allocated: allocation.allocated, backordered: allocation.backordered, picks });
    }
    return result;
  }

  private addAllocations(order: SalesOrder, line: OrderLine, picks: Pick[]) {
    for (const p of picks) {
      const allocation: Allocation = {
        id: ++this.allocationCount,
        line,
        warehouseId: p.warehouseId,
        lot: p.lot,
        quantity: p.quantity,
        status: 'reserved',
        shipment: null,
        shipmentLineId: 0,
        scanned: 0,
        serials: [],
        invoiceLine: null,
      };
      order.allocations.push(allocation);
    }
  }

  /** createOrder with confirm: returns the order, or null when it was refused. */
  takeOrder(demand: DemandOrder, date: string, isOnCreditHold: boolean): SalesOrder | null {
    const customer = demand.profile.customer;
    if (isOnCreditHold) {
      this.refusedOrders++;
      return null;
    }
    const wanted = demand.lines.filter((l) => this.isCompliant(customer, l.product, date));
    this.refusedLines += demand.lines.length - wanted.length;
    if (wanted.length === 0) return null;
    const contract = demand.profile.usesContracts ? this.prices.contractOn(customer, date) : undefined;
    const resolved = wanted.map((l) => this.prices.resolve(customer, l.product, date, l.quantity));
    const discounts = wanted.map((l) => BigInt(l.discount4));
    if (demand.isBelowFloorDeal) discounts[0] = 3000n;
    const price = () =>
      computeDocumentAmounts(
        wanted.map((l, i) => ({
          quantity: l.quantity,
          unitPrice: resolved[i]!.unitPrice,
          discountRate4: discounts[i]!,
          vatRate4: parseScaledDecimal(l.product.vatRate, 4),
        })),
        RATE8_SCALE,
      );
    let amounts = price();
    const below = wanted.map((l, i) =>
      isBelowFloor({
        quantity: l.quantity,
        netCnyFen: amounts.lines[i]!.netCny,
        floorPriceFen: l.product.floorPriceFen,
      }),
    );
    const needsApproval = demand.isBelowFloorDeal && below.some(Boolean);
    if (below.some((b, i) => b && !(needsApproval && i === 0))) {
      // A rep's discount that would go below our floor is taken back before confirming.
      below.forEach((b, i) => {
        if (b && !(needsApproval && i === 0)) discounts[i] = 0n;
      });
      amounts = price();
    }
    const order: SalesOrder = {
      id: this.orders.length + 1,
      number: this.numbers.next('SO', date),
      customer,
      contractId: contract?.id ?? null,
      orderDate: date,
      promisedDate: '',
      status: 'draft',
      acceptPartial: demand.acceptPartial,
      net: amounts.net,
      tax: amounts.tax,
      netCny: amounts.netCny,
      taxCny: amounts.taxCny,
      createdBy: customer.ownerRepId ?? this.director,
      version: needsApproval ? 3 : 1,
      lines: [],
      allocations: [],
      shipments: [],
      approvedBy: needsApproval ? this.director : null,
    };
    order.promisedDate = plusDays(date, demand.promisedDays);
    order.lines = wanted.map((l, i) => ({
      id: ++this.lineCount,
      lineNo: i + 1,
      order,
      product: l.product,
      quantity: l.quantity,
      priceSource: resolved[i]!.source,
      priceReferenceId: resolved[i]!.referenceId,
      unitPrice: resolved[i]!.unitPrice,
      discountRate: formatScaledDecimal(discounts[i]!, 4),
      vatRate: formatScaledDecimal(parseScaledDecimal(l.product.vatRate, 4), 4),
      net: amounts.lines[i]!.net,
      tax: amounts.lines[i]!.tax,
      netCny: amounts.lines[i]!.netCny,
      taxCny: amounts.lines[i]!.taxCny,
      floorPriceFen: l.product.floorPriceFen,
      allocated: 0,
      firstAllocated: 0,
      backordered: 0,
      shipped: 0,
    }));
    const request = order.lines.map((line) => ({ line, quantity: line.quantity }));
    let allocation = this.allocate(customer, order.promisedDate, order.acceptPartial, request);
    if (!allocation) {
      // Refused for lack of stock: the customer takes what is there and waits for the rest.
      order.acceptPartial = true;
      allocation = this.allocate(customer, order.promisedDate, true, request)!;
    }
    for (const [line, a] of allocation) {
      line.allocated = a.allocated;
      line.firstAllocated = a.allocated;
      line.backordered = a.backordered;
      this.addAllocations(order, line, a.picks);
    }
    order.status = order.lines.some((l) => l.backordered > 0) ? 'backordered' : 'allocated';
    if (order.status === 'backordered') this.backordered.add(order);
    this.orders.push(order);
    return order;
  }

  /** allocateBackorder for orders waiting for these products; returns the orders that got stock. */
  allocateBackorders(products: ReadonlySet<number>): SalesOrder[] {
    const served: SalesOrder[] = [];
    for (const order of [...this.backordered].sort((a, b) => a.id - b.id)) {
      if (order.status !== 'backordered') continue;
      const waiting = order.lines.filter((l) => l.backordered > 0);
      if (!waiting.some((l) => products.has(l.product.id))) continue;
      const allocation = this.allocate(
        order.customer,
        order.promisedDate,
        true,
        waiting.map((line) => ({ line, quantity: line.backordered })),
      )!;
      let any = false;
      for (const [line, a] of allocation) {
        line.allocated += a.allocated;
        line.backordered = a.backordered;
        if (a.allocated > 0) any = true;
        this.addAllocations(order, line, a.picks);
      }
      this.setStatus(order, statusFromProgress(this.progressOf(order), false));
      if (order.status !== 'backordered') this.backordered.delete(order);
      if (any) served.push(order);
    }
    return served;
  }

  private progressOf(order: SalesOrder) {
    return order.lines.map((l) => ({
      quantity: l.quantity,
      allocatedQuantity: l.allocated,
      backorderedQuantity: l.backordered,
      shippedQuantity: l.shipped,
    }));
  }

  private setStatus(order: SalesOrder, status: SalesOrder['status']) {
    order.status = status;
    order.version++;
  }

  /** createShipment: every reserved allocation not yet on a shipment; null when there is none. */
  pick(order: SalesOrder, date: string): Shipment | null {
    if (!['allocated', 'backordered', 'picking'].includes(order.status)) return null;
    const waiting = order.allocations.filter((a) => a.status === 'reserved' && a.shipment === null);
    if (waiting.length === 0) return null;
    const shipment: Shipment = {
      id: this.shipments.length + 1,
      number: this.numbers.next('SH', date),
      order,
      status: 'picking',
      createdOn: date,
      shippedOn: null,
      deliveredOn: null,
      createdBy: this.warehouseUser,
      shippedBy: null,
      version: 1,
      allocations: waiting,
      invoice: null,
    };
    for (const a of waiting) {
      a.shipment = shipment;
      a.shipmentLineId = ++this.shipmentLineCount;
    }
    this.shipments.push(shipment);
    order.shipments.push(shipment);
    this.setStatus(order, 'picking');
    if (order.status === 'picking') this.backordered.delete(order);
    return shipment;
  }

  /** The latest ship date on which every lot still has the customer's minimum shelf life. */
  latestShipDate(shipment: Shipment): number {
    const required = requiredRemainingDays(shipment.order.customer.minShelfLifeDays);
    return Math.min(
      ...shipment.allocations.map((a) => daysFrom(shipment.order.promisedDate, a.lot.expiryDate) - required),
    );
  }

  /** Scans every unit and ships (issueReservedStock per lot): issue moves, allocations shipped. */
  ship(shipment: Shipment, date: string): void {
    const order = shipment.order;
    const byLot = new Map<string, Allocation[]>();
    for (const a of shipment.allocations) {
      const key = `${a.warehouseId}/${a.lot.id}`;
      byLot.set(key, [...(byLot.get(key) ?? []), a]);
    }
    for (const allocations of byLot.values()) {
      const first = allocations[0]!;
      const quantity = allocations.reduce((sum, a) => sum + a.quantity, 0);
      const serials = this.ledger.issue(first.warehouseId, first.lot, quantity, {
        date,
        referenceType: 'shipment',
        referenceId: shipment.id,
        reason: null,
        createdBy: this.warehouseUser,
      });
      let next = 0;
      for (const a of allocations) {
        a.scanned = a.quantity;
        a.serials = serials.slice(next, next + (serials.length > 0 ? a.quantity : 0));
        next += a.serials.length;
        shipment.version += a.line.product.isSerialTracked ? a.quantity : 1;
      }
    }
    for (const a of shipment.allocations) {
      a.status = 'shipped';
      a.line.shipped += a.quantity;
    }
    shipment.status = 'shipped';
    shipment.shippedOn = date;
    shipment.shippedBy = this.warehouseUser;
    shipment.version++;
    const otherOpen = order.shipments.some((s) => s !== shipment && s.status === 'picking');
    const status = statusFromProgress(this.progressOf(order), otherOpen);
    if (status !== order.status) this.setStatus(order, status);
    if (order.status === 'backordered') this.backordered.add(order);
  }

  deliver(shipment: Shipment, date: string): void {
    shipment.status = 'delivered';
    shipment.deliveredOn = date;
    shipment.version++;
    const order = shipment.order;
    if (order.status === 'shipped' && order.shipments.every((s) => s.status === 'delivered')) {
      this.setStatus(order, 'delivered');
    }
  }
}
