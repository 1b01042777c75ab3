/**
 * The stock ledger in memory, kept the way the inventory module keeps it: immutable moves and a
 * balance row per warehouse × product × lot × serial with on hand, reserved and held (one row
 * per serial for serial-tracked products, '' otherwise). Orders reserve a quantity of a lot,
 * spread over its rows (`planReserve`); shipping takes the scanned serials out (`planIssue`);
 * returns are held on exactly their rows. FEFO candidates are per lot and warehouse, as
 * `allocateAndReserve` builds them from the locked rows.
 */
import type { StockCandidate } from '../../server/modules/inventory/fefo.rules.ts';
import {
  type BalanceRow,
  freeOf,
  planIssue,
  planReserve,
  type RowChange,
} from '../../server/modules/inventory/reservations.rules.ts';
import type { WorldProduct } from './world.ts';

export interface Lot {
  /** Local id; the writer adds the lots table's offset. */
  id: number;
  product: WorldProduct;
  lotNumber: string;
  productionDate: string;
  expiryDate: string;
  supplierId: number;
  unitCostFen: number;
  receivedOn: string;
  reportRef: string;
  /** Serial numbers of the accepted units, for serial-tracked products. */
  serials: string[];
  /** The lot's stock per warehouse it is in (nearly always one). */
  balances: Balance[];
}

/** A lot in a warehouse: its balance rows and their totals. */
export interface Balance {
  lot: Lot;
  warehouseId: number;
  rows: BalanceRow[];
  /**
   * `rows` in serial order, kept between shipments: sorting a serial-tracked lot's rows (one
   * per serial ever received) at every shipment was a good part of the simulation's time.
   */
  rowsBySerial: BalanceRow[];
  bySerial: Map<string, BalanceRow>;
  /** Where in `rowsBySerial` the rows with units on hand may start (those before are empty). */
  firstOnHand: number;
  onHand: number;
  reserved: number;
  /** In its product's list of balances with stock. */
  isLive: boolean;
  /**
   * This balance as a FEFO candidate, made once and refreshed at each `candidates` (an order
   * line reads every live lot of its product: new objects each time were most of the
   * simulation's short-lived garbage at scale 10).
   */
  candidate: (StockCandidate & { balance: Balance }) | null;
}

export type MoveKind = 'receipt' | 'issue' | 'return' | 'scrap';
export type MoveReference = 'receipt' | 'shipment' | 'sales_return';

/**
 * One stock move. Every caller builds it as a literal with the fields in this order, so all
 * moves share one hidden class in V8; built by object spread (`{ ...reference, serial }`), each
 * got a class of its own (millions at scale 10), which made the simulation's garbage collection
 * trace them all.
 */
export interface Move {
  date: string;
  warehouseId: number;
  lot: Lot;
  serial: string;
  kind: MoveKind;
  quantity: number;
  referenceType: MoveReference;
  /** Local id of the receipt, shipment or return. */
  referenceId: number;
  reason: string | null;
  createdBy: number | null;
}

/** A change of reservation on one row, so that a refused order can be undone exactly. */
export interface ReservationChange {
  balance: Balance;
  serial: string;
  quantity: number;
}

export class StockLedger {
  readonly lots: Lot[] = [];
  readonly moves: Move[] = [];
  /** Balances with stock per product (empty ones are dropped as they are met). */
  private readonly live = new Map<number, Balance[]>();

  addLot(lot: Omit<Lot, 'id' | 'balances'>): Lot {
    // Spelled out rather than spread: V8 gave every `{ ...lot, … }` a hidden class of its own
    // (about 200,000 at scale 10), which the garbage collector then had to trace.
    const created: Lot = {
      id: this.lots.length + 1,
      product: lot.product,
      lotNumber: lot.lotNumber,
      productionDate: lot.productionDate,
      expiryDate: lot.expiryDate,
      supplierId: lot.supplierId,
      unitCostFen: lot.unitCostFen,
      receivedOn: lot.receivedOn,
      reportRef: lot.reportRef,
      serials: lot.serials,
      balances: [],
    };
    this.lots.push(created);
    return created;
  }

  balance(warehouseId: number, lot: Lot): Balance {
    let found = lot.balances.find((b) => b.warehouseId === warehouseId);
    if (!found) {
      found = {
        lot,
        warehouseId,
        rows: [],
        rowsBySerial: [],
        bySerial: new Map(),
        firstOnHand: 0,
        onHand: 0,
        reserved: 0,
        isLive: false,
        candidate: null,
      };
      lot.balances.push(found);
    }
    return found;
  }

  private row(balance: Balance, serial: string): BalanceRow {
    let row = balance.bySerial.get(serial);
    if (!row) {
      row = { serial, onHand: 0, reserved: 0, held: 0 };
      balance.bySerial.set(serial, row);
      balance.rows.push(row);
    }
    return row;
  }

  /** Appends a move and changes its row; stock never goes below what is reserved. */
  post(move: Move): void {
    const balance = this.balance(move.warehouseId, move.lot);
    const row = this.row(balance, move.serial);
    if (!balance.isLive && move.quantity > 0) {
      const list = this.live.get(move.lot.product.id) ?? [];
      list.push(balance);
      this.live.set(move.lot.product.id, list);
      balance.isLive = true;
    }
    row.onHand += move.quantity;
    balance.onHand += move.quantity;
    if (move.quantity > 0) balance.firstOnHand = 0;
    if (row.onHand < row.reserved)
      throw new Error(`stock of lot ${move.lot.lotNumber} would go below what is reserved`);
    this.moves.push(move);
  }

  private changeReserved(balance: Balance, changes: readonly RowChange[], held = false): ReservationChange[] {
    return changes.map((c) => {
      const row = balance.bySerial.get(c.serial)!;
      row.reserved += c.quantity;
      if (held) row.held += c.quantity;
      balance.reserved += c.quantity;
      if (row.reserved > row.onHand || row.reserved < row.held || row.held < 0) {
        throw new Error(`reservation of lot ${balance.lot.lotNumber} out of bounds`);
      }
      return { balance, serial: c.serial, quantity: c.quantity };
    });
  }

  /** An order reserves a quantity of a lot (allocateAndReserve): spread over rows with free units. */
  reserve(warehouseId: number, lot: Lot, quantity: number): ReservationChange[] {
    const balance = this.balance(warehouseId, lot);
    const plan = planReserve(
      balance.rows.filter((r) => freeOf(r) > 0),
      quantity,
    );
    if (!plan) throw new Error(`cannot reserve ${quantity} of lot ${lot.lotNumber}`);
    return this.changeReserved(balance, plan);
  }

  /** Undoes reservations exactly (a refused order's transaction rolls back). */
  undo(changes: readonly ReservationChange[]): void {
    for (const c of [...changes].reverse())
      this.changeReserved(c.balance, [{ serial: c.serial, quantity: -c.quantity }]);
  }

  /** Holds (or with a negative quantity releases) returned units on exactly their row. */
  hold(warehouseId: number, lot: Lot, serial: string, quantity: number): void {
    this.changeReserved(this.balance(warehouseId, lot), [{ serial, quantity }], true);
  }

  /**
   * Ships `quantity` reserved units of a lot (issueReservedStock): serial-tracked units leave
   * as the lowest serials on hand that are not held; the order's reservation follows them.
   * Returns the serials that left ([] for products without serials).
   */
  issue(
    warehouseId: number,
    lot: Lot,
    quantity: number,
    reference: Omit<Move, 'warehouseId' | 'lot' | 'serial' | 'kind' | 'quantity'>,
  ): string[] {
    const balance = this.balance(warehouseId, lot);
    const serials = lot.product.isSerialTracked ? this.lowestShippableSerials(balance, quantity) : [];
    // The plan over just the rows the units leave from (and the row without a serial) is the plan
    // over every row whenever it finds the order's reservation there: planRelease takes from the
    // leaving rows first, a serial row holds one unit, and the row without a serial sorts first.
    // Only when it does not (the reservation sits on other rows) are all rows needed. A lot of
    // a serial-tracked product has a row per serial received, and walking them all at every
    // shipment was a good part of the simulation's time.
    let plan = planIssue(this.leavingRows(balance, serials), quantity, serials);
    if (!plan.ok)
      plan = planIssue(
        balance.rows.filter((r) => r.onHand > 0),
        quantity,
        serials,
      );
    if (!plan.ok) throw new Error(`cannot ship ${quantity} of lot ${lot.lotNumber}: ${plan.reason}`);
    this.changeReserved(balance, plan.releases);
    for (const m of plan.moves) {
      this.post({
        date: reference.date,
        warehouseId,
        lot,
        serial: m.serial,
        kind: 'issue',
        quantity: m.quantity,
        referenceType: reference.referenceType,
        referenceId: reference.referenceId,
        reason: reference.reason,
        createdBy: reference.createdBy,
      });
    }
    return serials;
  }

  /** Up to `quantity` serials on hand and not held, lowest first. */
  private lowestShippableSerials(balance: Balance, quantity: number): string[] {
    const ordered = this.inSerialOrder(balance);
    // Serials leave lowest first, so the rows before the first one on hand stay empty (until a
    // positive move: `post` starts the walk from the beginning again).
    let first = balance.firstOnHand;
    while (first < ordered.length && ordered[first]!.onHand === 0) first++;
    balance.firstOnHand = first;
    const serials: string[] = [];
    for (let i = first; i < ordered.length && serials.length < quantity; i++) {
      const row = ordered[i]!;
      if (row.onHand > 0 && row.serial !== '' && row.onHand - row.held >= 1) serials.push(row.serial);
    }
    return serials;
  }

  /** The rows of these serials and the row without a serial, where they have units on hand. */
  private leavingRows(balance: Balance, serials: readonly string[]): BalanceRow[] {
    const rows: BalanceRow[] = [];
    const unserialised = balance.bySerial.get('');
    if (unserialised && unserialised.onHand > 0) rows.push(unserialised);
    for (const serial of serials) {
      const row = balance.bySerial.get(serial);
      if (row && row.onHand > 0) rows.push(row);
    }
    return rows;
  }

  /** A balance's rows by serial (one row per serial: the order is total), sorted again only when rows were added. */
  private inSerialOrder(balance: Balance): BalanceRow[] {
    if (balance.rowsBySerial.length !== balance.rows.length) {
      balance.firstOnHand = 0;
      balance.rowsBySerial = [...balance.rows].sort((a, b) =>
        a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0,
      );
    }
    return balance.rowsBySerial;
  }

  /**
   * What `allocateAndReserve` offers FEFO for a product: lots with free units (all warehouses).
   * The objects are the balances' own, current until the next reservation or move.
   */
  candidates(productId: number): (StockCandidate & { balance: Balance })[] {
    const result: (StockCandidate & { balance: Balance })[] = [];
    const list = this.live.get(productId);
    if (!list) return result;
    // Drop balances that ran empty (they come back with their next receipt or return).
    let kept = 0;
    for (const b of list) {
      if (b.onHand > 0) list[kept++] = b;
      else b.isLive = false;
    }
    list.length = kept;
    for (const b of list) {
      if (b.onHand > b.reserved) {
        b.candidate ??= {
          warehouseId: b.warehouseId,
          lotId: b.lot.id,
          lotNumber: b.lot.lotNumber,
          expiryDate: b.lot.expiryDate,
          receivedDate: b.lot.receivedOn,
          status: 'released',
          available: 0,
          balance: b,
        };
        b.candidate.available = b.onHand - b.reserved;
        result.push(b.candidate);
      }
    }
    return result;
  }

  /** Unreserved units of a product in lots that expire after `lastSaleDate`. */
  usable(productId: number, lastSaleDate: string): number {
    let total = 0;
    for (const b of this.live.get(productId) ?? []) {
      if (b.onHand > b.reserved && b.lot.expiryDate > lastSaleDate) total += b.onHand - b.reserved;
    }
    return total;
  }

  /** Every balance (lot × warehouse) ever touched (the ledger keeps rows that ran empty), in lot order. */
  allBalances(): Balance[] {
    return this.lots.flatMap((l) => l.balances);
  }
}
