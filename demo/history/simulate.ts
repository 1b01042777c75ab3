/**
 * The history as a day-by-day simulation: purchasing reviews and deliveries, backorders served
 * from new stock, orders taken, picked, shipped and delivered, invoices, returns and credit
 * notes, payments by each customer's habit, and the write-off of the bankrupt distributor.
 * Everything in memory; the writers store the final state afterwards.
 */
import type { Random } from '../random.ts';
import { datesBetween } from './calendar.ts';
import { daysFrom, plusDays, weekdayOf } from './days.ts';
import { bankruptcyDate, type CustomerProfile, type DemandOrder } from './demand.ts';
import { Receivables } from './finance.ts';
import type { Allocation, Invoice, SalesOrder, SalesReturn, Shipment } from './model.ts';
import { DocumentNumbers } from './numbering.ts';
import type { PriceBook } from './prices.ts';
import { Purchasing } from './purchasing.ts';
import { SalesDesk } from './sales.ts';
import { StockLedger } from './stock.ts';
import type { World } from './world.ts';

export interface History {
  world: World;
  profiles: CustomerProfile[];
  prices: PriceBook;
  numbers: DocumentNumbers;
  ledger: StockLedger;
  purchasing: Purchasing;
  sales: SalesDesk;
  receivables: Receivables;
  returns: SalesReturn[];
  from: string;
  today: string;
  /** Shipments that could only leave with less shelf life than the customer asked for (should be 0). */
  shortShelfLifeShipments: number;
}

const transitDays: Record<string, readonly [number, number]> = {
  EAST: [1, 2],
  NORTH: [1, 3],
  SOUTH: [1, 3],
  CENTRAL: [1, 3],
  SOUTHWEST: [2, 4],
  NORTHWEST: [2, 4],
  NORTHEAST: [2, 4],
};
const returnReasons = ['外包装破损', '发错规格', '临床停用，协商退回', '近效期，客户拒收', '重复订货'];

/** Events of one day, processed in this order. */
interface Day {
  picks: SalesOrder[];
  ships: Shipment[];
  deliveries: Shipment[];
  invoices: Shipment[];
  returns: { allocation: Allocation; quantity: number; reason: string }[];
  inspections: SalesReturn[];
  allowances: Invoice[];
  payments: Map<CustomerProfile, { invoice: Invoice; share: number }[]>;
}

export function simulateHistory(input: {
  random: Random;
  world: World;
  profiles: CustomerProfile[];
  prices: PriceBook;
  demand: DemandOrder[];
  from: string;
  today: string;
  scale: number;
  onMonth?: (done: number, total: number) => void;
}): History {
  const { random, world, profiles, prices, from, today } = input;
  const numbers = new DocumentNumbers();
  for (const contract of prices.contracts) contract.number = numbers.next('CT', contract.signedOn);
  const ledger = new StockLedger();
  const simStart = plusDays(from, -45);
  const dates = datesBetween(simStart, today);

  // Daily demand per product (prefix sums) for purchasing, and the orders of each day.
  const products = world.products.length;
  const prefix = new Float64Array((dates.length + 1) * products);
  const ordersOn = new Map<string, DemandOrder[]>();
  for (const order of input.demand) {
    const list = ordersOn.get(order.date) ?? [];
    list.push(order);
    ordersOn.set(order.date, list);
    const day = daysFrom(simStart, order.date);
    for (const line of order.lines) prefix[(day + 1) * products + line.product.index]! += line.quantity;
  }
  for (let d = 1; d <= dates.length; d++) {
    for (let p = 0; p < products; p++) prefix[d * products + p]! += prefix[(d - 1) * products + p]!;
  }
  const dayOf = (date: string) => Math.max(0, Math.min(dates.length - 1, daysFrom(simStart, date)));
  const demandBetween = (product: number, a: string, b: string) =>
    prefix[(dayOf(b) + 1) * products + product]! - prefix[dayOf(a) * products + product]!;

  // A few much-ordered products whose latest deliveries are stuck at the supplier: backorders today.
  const recent = world.products
    .filter((p) => !p.isSerialTracked)
    .map((p) => ({ p, n: demandBetween(p.index, plusDays(today, -90), today) }))
    .sort((a, b) => b.n - a.n || a.p.id - b.p.id)
    .slice(0, 40 * input.scale);
  const shortRandom = random.fork('shortages');
  const shortages = new Set<number>();
  while (shortages.size < Math.min(3 * input.scale, recent.length))
    shortages.add(shortRandom.pick(recent).p.id);

  const ops = random.fork('operations');
  const purchasing = new Purchasing(
    random.fork('purchasing'),
    world,
    ledger,
    numbers,
    demandBetween,
    shortages,
    today,
  );
  const sales = new SalesDesk(world, ledger, prices, numbers);
  const receivables = new Receivables(numbers);
  const returns: SalesReturn[] = [];
  const profileOf = new Map(profiles.map((p) => [p.customer.id, p]));
  const finance = world.users.get('finance') ?? null;
  const financeDirector = world.users.get('finance.director') ?? finance;
  const quality = world.users.get('quality') ?? null;
  const bankruptOn = bankruptcyDate(today);
  const writeOffOn = plusDays(today, -120);

  const days = new Map<string, Day>();
  const dayAt = (date: string): Day => {
    let day = days.get(date);
    if (!day) {
      day = {
        picks: [],
        ships: [],
        deliveries: [],
        invoices: [],
        returns: [],
        inspections: [],
        allowances: [],
        payments: new Map(),
      };
      days.set(date, day);
    }
    return day;
  };
  const later = (date: string, min: number, max: number) => plusDays(date, ops.int(min, max));

  const schedulePick = (order: SalesOrder, date: string) =>
    dayAt(ops.chance(0.75) ? date : plusDays(date, 1)).picks.push(order);

  const schedulePayment = (invoice: Invoice) => {
    const profile = profileOf.get(invoice.customer.id)!;
    let payOn: string | null;
    let share = 1;
    const due = invoice.dueDate;
    switch (profile.habit) {
      case 'punctual':
        payOn = later(due, -12, 4);
        break;
      case 'slow':
      case 'late':
        // Late, but (with the wait for the next payment day) not past the 90-day credit stop,
        // except for the odd disputed invoice, which stops the customer's orders until it is paid.
        if (ops.chance(0.025)) payOn = later(due, 95, 170);
        else payOn = profile.habit === 'slow' ? later(due, 8, 40) : later(due, 20, 55);
        break;
      case 'bankrupt':
        payOn = invoice.invoiceDate < plusDays(bankruptOn, -120) ? later(due, 8, 45) : null;
        break;
      default: {
        const roll = ops.next();
        if (roll < 0.7) payOn = later(due, 60, 170);
        else if (roll < 0.9) {
          payOn = later(due, 20, 90);
          share = 0.4 + ops.next() * 0.4;
        } else payOn = null;
      }
    }
    if (payOn === null) return;
    if (payOn <= invoice.invoiceDate) payOn = plusDays(invoice.invoiceDate, 1);
    // Hospitals pay on their payment day of the month, companies on the next working day.
    if (profile.paymentDay > 0) {
      while (Number(payOn.slice(8, 10)) !== profile.paymentDay) payOn = plusDays(payOn, 1);
    } else {
      while ([0, 6].includes(weekdayOf(payOn))) payOn = plusDays(payOn, 1);
    }
    if (payOn > today) return;
    const day = dayAt(payOn);
    day.payments.set(profile, [...(day.payments.get(profile) ?? []), { invoice, share }]);
  };

  const pay = (profile: CustomerProfile, date: string, intents: { invoice: Invoice; share: number }[]) => {
    // Punctual customers let us allocate (oldest due first); the others remit against the
    // invoices they mean to pay, which leaves a disputed invoice open.
    const isExplicit = profile.habit !== 'punctual';
    if (!isExplicit) {
      // Automatic allocation pays the oldest due invoices first, which need not be the ones
      // this payment was meant for: the customer pays what it owes for those, and the money
      // goes where the rule puts it (never more than is open in all).
      const owed = intents.reduce((sum, i) => sum + i.invoice.net + i.invoice.tax - i.invoice.credited, 0);
      const open = receivables.openInvoicesOf(profile.customer.id).reduce((sum, i) => sum + i.open, 0);
      let amount = Math.min(owed, open);
      if (amount <= 0) return;
      if (ops.chance(0.03)) amount = Math.ceil(amount / 100_000) * 100_000;
      receive(profile, date, amount, 'auto');
      return;
    }
    const wanted = intents
      .filter((i) => i.invoice.open > 0)
      .map((i) => ({
        invoice: i.invoice,
        amount:
          i.share === 1
            ? i.invoice.open
            : Math.min(i.invoice.open, Math.floor((i.invoice.open * i.share) / 100) * 100),
      }))
      .filter((i) => i.amount > 0);
    if (wanted.length === 0) return;
    receive(
      profile,
      date,
      wanted.reduce((sum, i) => sum + i.amount, 0),
      wanted.map((w) => ({ invoiceId: w.invoice.id, amount: w.amount })),
    );
  };

  const receive = (
    profile: CustomerProfile,
    date: string,
    amount: number,
    allocations: 'auto' | { invoiceId: number; amount: number }[],
  ) => {
    const customer = profile.customer;
    const isBill = amount >= 5_000_000 && ops.chance(profile.billShare);
    const isCash = customer.type === 'clinic' && ops.chance(0.2);
    const compact = date.replaceAll('-', '');
    receivables.receivePayment({
      customer,
      method: isBill ? 'acceptance_bill' : isCash ? 'cash' : 'bank_transfer',
      receivedDate: date,
      reference: isBill
        ? `承兑汇票 ${ops.int(1_000_000, 9_999_999)}${ops.int(100_000, 999_999)}`
        : isCash
          ? `现金收据 ${compact}-${ops.int(100, 999)}`
          : `网银回单 ${compact}-${ops.int(100_000, 999_999)}`,
      maturityDate: isBill ? plusDays(date, ops.chance(0.5) ? 90 : 180) : null,
      amount,
      allocations,
      createdBy: finance,
    });
  };

  // DOMAIN §4: an order is refused while any invoice is more than 90 days past due. A customer's
  // open invoices are in invoice order with the same terms, so the first is due first.
  const isOnCreditHold = (customerId: number, date: string) => {
    const first = receivables.openInvoicesOf(customerId)[0];
    return first !== undefined && daysFrom(first.dueDate, date) > 90;
  };

  let shortShelfLifeShipments = 0;
  const months = new Set(dates.map((d) => d.slice(0, 7)));
  let monthsDone = 0;
  for (let index = 0; index < dates.length; index++) {
    const date = dates[index]!;
    purchasing.review(date, index, index === 0);
    const received = purchasing.receive(date);
    if (received.size > 0) for (const order of sales.allocateBackorders(received)) schedulePick(order, date);
    const day = dayAt(date);

    for (const r of day.inspections) {
      r.status = 'inspected';
      r.inspectedOn = date;
      r.inspectedBy = quality;
      for (const line of r.lines) {
        const a = line.allocation;
        line.rejected = ops.chance(0.25) ? ops.int(1, line.quantity) : 0;
        line.accepted = line.quantity - line.rejected;
        ledger.hold(a.warehouseId, a.lot, '', -line.quantity);
        if (line.rejected > 0) {
          ledger.post({
            date,
            warehouseId: a.warehouseId,
            lot: a.lot,
            serial: '',
            kind: 'scrap',
            quantity: -line.rejected,
            referenceType: 'sales_return',
            referenceId: r.id,
            reason: `退货 ${r.number} 检验不合格`,
            createdBy: quality,
          });
        }
      }
    }

    for (const demand of ordersOn.get(date) ?? []) {
      if (date < from) continue;
      const order = sales.takeOrder(demand, date, isOnCreditHold(demand.profile.customer.id, date));
      if (order && order.allocations.length > 0) schedulePick(order, date);
    }

    for (const order of day.picks) {
      const shipment = sales.pick(order, date);
      if (!shipment) continue;
      const slack = daysFrom(date, order.promisedDate);
      let shipOn: string;
      if (slack < 0)
        shipOn = later(date, 0, 1); // a backorder: it ships as soon as it is picked
      else if (ops.chance(0.07))
        shipOn = later(order.promisedDate, 1, 6); // late
      else shipOn = later(date, 0, Math.min(2, slack));
      // Never so late that a lot would have less shelf life left than the customer needs.
      const latest = plusDays(order.promisedDate, sales.latestShipDate(shipment));
      if (shipOn > latest) {
        // ISO date strings: the later of the two (Math.max would coerce them to NaN).
        shipOn = [latest, date].sort()[1]!;
        if (latest < date) shortShelfLifeShipments++;
      }
      dayAt(shipOn).ships.push(shipment);
    }
    for (const shipment of day.ships) {
      sales.ship(shipment, date);
      const [min, max] = transitDays[shipment.order.customer.salesRegion] ?? [1, 3];
      dayAt(later(date, min, max)).deliveries.push(shipment);
      dayAt(ops.chance(0.6) ? date : later(date, 1, 4)).invoices.push(shipment);
    }
    for (const shipment of day.deliveries) sales.deliver(shipment, date);
    for (const shipment of day.invoices) {
      const invoice = receivables.issueInvoice(shipment, date, finance);
      schedulePayment(invoice);
      const returnable = shipment.allocations.filter((a) => !a.line.product.isSerialTracked);
      if (returnable.length > 0 && ops.chance(0.006)) {
        const allocation = ops.pick(returnable);
        dayAt(later(date, 2, 30)).returns.push({
          allocation,
          quantity: ops.int(1, Math.max(1, Math.floor(allocation.quantity * 0.3))),
          reason: ops.pick(returnReasons),
        });
      }
      if (ops.chance(0.003)) dayAt(later(date, 5, 40)).allowances.push(invoice);
    }

    for (const r of day.returns) {
      const shipment = r.allocation.shipment!;
      const salesReturn: SalesReturn = {
        id: returns.length + 1,
        number: numbers.next('RT', date),
        shipment,
        returnDate: date,
        reason: r.reason,
        status: 'awaiting_inspection',
        inspectedOn: null,
        inspectedBy: null,
        createdBy: finance,
        lines: [
          {
            id: returns.length + 1,
            lineNo: 1,
            allocation: r.allocation,
            quantity: r.quantity,
            accepted: null,
            rejected: null,
          },
        ],
      };
      returns.push(salesReturn);
      const a = r.allocation;
      ledger.post({
        date,
        warehouseId: a.warehouseId,
        lot: a.lot,
        serial: '',
        kind: 'return',
        quantity: r.quantity,
        referenceType: 'sales_return',
        referenceId: salesReturn.id,
        reason: r.reason,
        createdBy: finance,
      });
      ledger.hold(a.warehouseId, a.lot, '', r.quantity);
      receivables.issueCreditNote({
        invoice: a.invoiceLine!.invoice,
        creditDate: date,
        reason: r.reason,
        kind: 'return',
        returnId: salesReturn.id,
        lines: [{ line: a.invoiceLine!, quantity: r.quantity }],
        createdBy: finance,
      });
      dayAt(later(date, 1, 6)).inspections.push(salesReturn);
    }
    for (const invoice of day.allowances) {
      const line = ops.pick(invoice.lines);
      const left = line.net - line.creditedNet;
      const net = Math.floor(left * (0.03 + ops.next() * 0.07));
      if (net <= 0 || invoice.open === 0) continue;
      receivables.issueCreditNote({
        invoice,
        creditDate: date,
        reason: '价格折让（协议返利调整）',
        kind: 'adjustment',
        returnId: null,
        lines: [{ line, netAmount: net }],
        createdBy: finance,
      });
    }

    for (const [profile, intents] of day.payments) pay(profile, date, intents);

    if (date === writeOffOn) {
      const bankrupt = profiles.find((p) => p.habit === 'bankrupt');
      for (const invoice of bankrupt ? [...receivables.openInvoicesOf(bankrupt.customer.id)] : []) {
        receivables.writeOff({
          invoice,
          reason: '客户破产清算，经法院裁定无财产可供清偿，申请核销坏账',
          requestedBy: finance ?? 0,
          requestedOn: plusDays(date, -6),
          decidedBy: financeDirector ?? 0,
          decidedOn: date,
        });
      }
    }
    days.delete(date);
    const month = date.slice(0, 7);
    if (index === dates.length - 1 || dates[index + 1]!.slice(0, 7) !== month) {
      input.onMonth?.(++monthsDone, months.size);
    }
  }
  return {
    world,
    profiles,
    prices,
    numbers,
    ledger,
    purchasing,
    sales,
    receivables,
    returns,
    from,
    today,
    shortShelfLifeShipments,
  };
}
