/**
 * How a lot-level quantity lands on the balance rows of one lot, pure. A lot of a product
 * tracked by serial number has one row per serial ('' holds units recorded without one);
 * orders reserve a quantity of the lot, so their reservations may sit on any of its rows.
 * Holds (`held`, returned units awaiting inspection) belong to their row and never move.
 */

export interface BalanceRow {
  /** '' for units recorded without a serial number. */
  serial: string;
  onHand: number;
  reserved: number;
  held: number;
}

/** A signed change of one row's reservation (or on-hand, for moves). */
export interface RowChange {
  serial: string;
  quantity: number;
}

/** Units without a serial first, then serials in order: the same rows in every transaction. */
function inRowOrder<T extends { serial: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
}

export function freeOf(row: BalanceRow): number {
  return Math.max(0, row.onHand - row.reserved);
}

/** What an order may release or take over from a row: its reservation that is not a hold. */
export function releasableOf(row: BalanceRow): number {
  return Math.max(0, row.reserved - row.held);
}

export function sumFree(rows: readonly BalanceRow[]): number {
  return rows.reduce((sum, row) => sum + freeOf(row), 0);
}

/** Reserves `quantity` units of the lot on rows with free units; null when the lot has too few. */
export function planReserve(rows: readonly BalanceRow[], quantity: number): RowChange[] | null {
  const changes: RowChange[] = [];
  let remaining = quantity;
  for (const row of inRowOrder(rows)) {
    if (remaining === 0) break;
    const take = Math.min(remaining, freeOf(row));
    if (take > 0) changes.push({ serial: row.serial, quantity: take });
    remaining -= take;
  }
  return remaining === 0 ? changes : null;
}

/**
 * Releases `quantity` units of an order's reservation of the lot (negative changes), first from
 * the preferred rows (serial → how many), then from any other row; null when the lot holds less
 * order reservation than that (the reservation to release does not exist).
 */
export function planRelease(
  rows: readonly BalanceRow[],
  quantity: number,
  prefer: ReadonlyMap<string, number> = new Map(),
): RowChange[] | null {
  const taken = new Map<string, number>();
  let remaining = quantity;
  const take = (row: BalanceRow, limit: number) => {
    const already = taken.get(row.serial) ?? 0;
    const amount = Math.min(remaining, limit, releasableOf(row) - already);
    if (amount <= 0) return;
    taken.set(row.serial, already + amount);
    remaining -= amount;
  };
  const ordered = inRowOrder(rows);
  for (const row of ordered) take(row, prefer.get(row.serial) ?? 0);
  for (const row of ordered) take(row, Number.POSITIVE_INFINITY);
  if (remaining > 0) return null;
  return ordered
    .filter((row) => taken.has(row.serial))
    .map((row) => ({ serial: row.serial, quantity: -taken.get(row.serial)! }));
}

export type IssuePlan =
  | { ok: true; releases: RowChange[]; moves: RowChange[] }
  | { ok: false; reason: 'serial_not_in_stock'; serials: string[] }
  | { ok: false; reason: 'serial_held'; serials: string[] }
  | { ok: false; reason: 'not_reserved' };

/**
 * Ships `quantity` reserved units of the lot. With serials (one per unit), each serial leaves
 * from its own row, or from the units recorded without a serial when the lot has no row for it
 * (stock booked before the product was tracked by serial); the order's reservation is released
 * from those rows first, so a scanned unit that carried another order's reservation hands it
 * over to a unit that stays. Without serials the units leave from the row without a serial.
 */
export function planIssue(
  rows: readonly BalanceRow[],
  quantity: number,
  serials: readonly string[],
): IssuePlan {
  const bySerial = new Map(rows.map((row) => [row.serial, row]));
  const outgoing = new Map<string, number>();
  if (serials.length === 0) {
    outgoing.set('', quantity);
  } else {
    const missing: string[] = [];
    const held: string[] = [];
    for (const serial of serials) {
      const row = bySerial.get(serial);
      if (row && row.onHand > 0) {
        if (row.onHand - row.held < 1) held.push(serial);
        outgoing.set(serial, (outgoing.get(serial) ?? 0) + 1);
      } else {
        outgoing.set('', (outgoing.get('') ?? 0) + 1);
      }
    }
    const unserialised = outgoing.get('') ?? 0;
    if (unserialised > 0) {
      const spare = bySerial.get('');
      if (!spare || spare.onHand - spare.held < unserialised) {
        missing.push(...serials.filter((s) => !(bySerial.get(s)?.onHand ?? 0)));
      }
    }
    if (held.length > 0) return { ok: false, reason: 'serial_held', serials: held };
    if (missing.length > 0) return { ok: false, reason: 'serial_not_in_stock', serials: missing };
  }
  const releases = planRelease(rows, quantity, outgoing);
  if (!releases) return { ok: false, reason: 'not_reserved' };
  const moves = [...outgoing].map(([serial, count]) => ({ serial, quantity: -count }));
  return { ok: true, releases, moves };
}
