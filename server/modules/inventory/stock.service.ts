/**
 * Stock operations other modules build on (receipts, allocation, shipping, returns). They run
 * inside the caller's transaction: a document and its stock effects commit or fail together.
 */
import type { Queryable } from '../../platform/db.ts';
import { AppError, type Localized, localized } from '../../platform/errors.ts';
import { runWrites, type WriteStatement } from '../../platform/writes.ts';
import {
  type AllocationPick,
  type AllocationResult,
  allocateLotsFefo,
  type StockCandidate,
} from './fefo.rules.ts';
import { freeOf, planIssue, planRelease, planReserve } from './reservations.rules.ts';
import * as repo from './stock.repository.ts';

export type { NewStockMove, Reservation, StockKey } from './stock.repository.ts';

function isCheckViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23514';
}

/** Appends moves to the ledger and updates balances; stock can never go negative. */
export async function postStockMoves(tx: Queryable, moves: repo.NewStockMove[]): Promise<void> {
  try {
    await repo.insertMovesAndUpdateBalances(tx, moves);
  } catch (error) {
    if (isCheckViolation(error)) {
      throw new AppError('INSUFFICIENT_STOCK', {
        detail: localized(
          'the move would take more than is on hand or reserved',
          '该出库超过在库或已预留数量',
        ),
      });
    }
    throw error;
  }
}

export interface LineAllocationRequest {
  productId: number;
  quantity: number;
  plannedShipDate: string;
  customerMinimumDays: number;
  acceptPartial: boolean;
  /** Limit to these warehouses (e.g. the nearest one first); null for all. */
  warehouseIds?: number[] | null;
}

const lotKeyOf = (k: { warehouseId: number; lotId: number }) => `${k.warehouseId}/${k.lotId}`;

/** A lot in a warehouse is one FEFO candidate, however many serial rows carry its units. */
function candidatesByLot(rows: readonly repo.CandidateRow[]): StockCandidate[] {
  const byLot = new Map<string, StockCandidate>();
  for (const row of rows) {
    const free = freeOf(row);
    const found = byLot.get(lotKeyOf(row));
    if (found) found.available += free;
    else
      byLot.set(lotKeyOf(row), {
        warehouseId: row.warehouseId,
        lotId: row.lotId,
        lotNumber: row.lotNumber,
        expiryDate: row.expiryDate,
        receivedDate: row.receivedDate,
        status: row.status,
        available: free,
      });
  }
  return [...byLot.values()];
}

function reservationShortage(detail: Localized): AppError {
  return new AppError('INSUFFICIENT_STOCK', { detail });
}

const noReservation = () =>
  new AppError('CONFLICT', {
    detail: localized('the reservation to release does not exist', '要释放的预留不存在'),
  });

export type AllocatedLine = AllocationResult & { picks: (AllocationPick & { productId: number })[] };

export interface AllocationPlan {
  /** One per request, in the order of the requests. */
  lines: AllocatedLine[];
  /**
   * The reservation of every pick, for the caller to run with its own writes before it commits
   * (`runWrites`); null when nothing was picked. The rows it changes are locked, so it cannot
   * meet a shortage; should rule and data ever disagree, it fails the transaction.
   */
  reservation: WriteStatement | null;
}

/**
 * FEFO-allocates order lines and plans the reservation of the picked stock. One locking read
 * takes every candidate row of the lines' products, so concurrent orders for the same product
 * wait for each other and never share a unit; the lines are then allocated in turn, each
 * against what the earlier ones left. A lot of a serial-tracked product counts the free units
 * of all its serials; the reservation is spread over them (which serial leaves is decided when
 * it is scanned). The reservation is returned rather than run, so that it travels with the
 * order's own writes: one round trip for the read, none of its own for the write.
 */
export async function allocateFefo(
  tx: Queryable,
  requests: readonly LineAllocationRequest[],
): Promise<AllocationPlan> {
  const productIds = [...new Set(requests.map((r) => r.productId))];
  // Copies: a line's picks lower the free units the next lines see.
  const rows =
    productIds.length === 0
      ? []
      : (await repo.lockAllocationCandidates(tx, productIds)).map((r) => ({ ...r }));
  const reservations: repo.Reservation[] = [];
  const lines = requests.map((request): AllocatedLine => {
    const offered = rows.filter(
      (r) =>
        r.productId === request.productId &&
        (!request.warehouseIds || request.warehouseIds.includes(r.warehouseId)),
    );
    const result = allocateLotsFefo(candidatesByLot(offered), request);
    const picks = result.picks.map((pick) => ({ ...pick, productId: request.productId }));
    for (const pick of picks) {
      const lotRows = offered.filter((r) => lotKeyOf(r) === lotKeyOf(pick));
      const changes = planReserve(lotRows, pick.quantity);
      // The rows are locked, so this can only fail if the rule and the data disagree: fail closed.
      if (!changes) throw shortageOf(request.productId);
      for (const change of changes) {
        lotRows.find((r) => r.serial === change.serial)!.reserved += change.quantity;
        reservations.push({ ...pick, serial: change.serial, quantity: change.quantity });
      }
    }
    return { ...result, picks };
  });
  const write = repo.reservationWrite(reservations);
  const reservation = write && {
    ...write.statement,
    mustChange: {
      rows: write.rows,
      otherwise: () => shortageOf(requests.map((r) => r.productId).join(', ')),
    },
  };
  return { lines, reservation };
}

function shortageOf(products: number | string): AppError {
  return reservationShortage(localized(`product ${products}`, `产品 ${products}`));
}

/** allocateFefo of one line, reserving at once (for callers with no writes of their own to batch). */
export async function allocateAndReserve(
  tx: Queryable,
  request: LineAllocationRequest,
): Promise<AllocatedLine> {
  const { lines, reservation } = await allocateFefo(tx, [request]);
  if (reservation) await runWrites(tx, [reservation]);
  return lines[0]!;
}

type LotRows = Map<string, repo.LockedBalanceRow[]>;

async function lockRowsOf(tx: Queryable, keys: readonly repo.LotKey[]): Promise<LotRows> {
  const rows = await repo.lockLotRows(tx, keys);
  const byLot: LotRows = new Map();
  for (const row of rows) {
    const key = `${row.warehouseId}/${row.productId}/${row.lotId}`;
    byLot.set(key, [...(byLot.get(key) ?? []), row]);
  }
  return byLot;
}

const rowsKey = (k: repo.LotKey) => `${k.warehouseId}/${k.productId}/${k.lotId}`;

/** One entry per lot (and serial, when given), so each lot is planned once against its rows. */
function mergeByLot<T extends Issue>(items: readonly T[]): Issue[] {
  const merged = new Map<string, Issue>();
  for (const item of items) {
    const key = `${rowsKey(item)}/${item.serial ?? ''}`;
    const found = merged.get(key);
    if (found) {
      found.quantity += item.quantity;
      found.serials = [...(found.serials ?? []), ...(item.serials ?? [])];
    } else {
      merged.set(key, { ...item, serials: [...(item.serials ?? [])] });
    }
  }
  return [...merged.values()];
}

async function applyReservationChanges(
  tx: Queryable,
  changes: repo.Reservation[],
  onShortage: () => AppError,
) {
  const { changed, expected } = await repo.changeReservations(tx, changes);
  if (changed !== expected) throw onShortage();
}

/** Reserves units of given lots (e.g. a substitute lot scanned at shipping), spread over its rows. */
export async function reserveStock(tx: Queryable, wanted: readonly repo.Reservation[]): Promise<void> {
  const reservations = mergeByLot(wanted);
  const byLot = await lockRowsOf(tx, reservations);
  const changes = reservations.flatMap((r) => {
    const plan = planReserve(byLot.get(rowsKey(r)) ?? [], r.quantity);
    if (!plan) throw reservationShortage(localized(`lot ${r.lotId}`, `批次 ${r.lotId}`));
    return plan.map((c) => ({ ...r, serial: c.serial, quantity: c.quantity }));
  });
  await applyReservationChanges(tx, changes, () =>
    reservationShortage(localized('the stock is no longer available', '库存已被占用')),
  );
}

/**
 * Gives an order's reserved stock back (an order cancelled or changed before shipping). The
 * quantity is of the lot: whichever rows carry it. Holds are released with releaseHeldStock.
 * A negative quantity reserves instead (kept for callers that swap a reservation between lots).
 */
export async function releaseReservations(
  tx: Queryable,
  reservations: readonly repo.Reservation[],
): Promise<void> {
  const reserve = reservations.filter((r) => r.quantity < 0).map((r) => ({ ...r, quantity: -r.quantity }));
  const release = mergeByLot(reservations.filter((r) => r.quantity > 0));
  if (release.length > 0) {
    const byLot = await lockRowsOf(tx, release);
    const changes = release.flatMap((r) => {
      const rows = (byLot.get(rowsKey(r)) ?? []).filter((row) => !r.serial || row.serial === r.serial);
      const plan = planRelease(rows, r.quantity);
      if (!plan) throw noReservation();
      return plan.map((c) => ({ ...r, serial: c.serial, quantity: c.quantity }));
    });
    await applyReservationChanges(tx, changes, noReservation);
  }
  if (reserve.length > 0) await reserveStock(tx, reserve);
}

/**
 * Holds stock that must not be allocated although it is on hand — e.g. returned units awaiting
 * inspection: they are held on exactly their rows until releaseHeldStock gives them back.
 */
export async function holdStock(tx: Queryable, holds: readonly repo.Reservation[]): Promise<void> {
  const { changed, expected } = await repo.changeHolds(tx, holds);
  if (changed !== expected) {
    throw new AppError('INSUFFICIENT_STOCK', {
      detail: localized('the stock to hold is not available', '要冻结的库存不可用'),
    });
  }
}

/** Ends holds taken with holdStock: the units become available (or can be scrapped). */
export async function releaseHeldStock(tx: Queryable, holds: readonly repo.Reservation[]): Promise<void> {
  const { changed, expected } = await repo.changeHolds(
    tx,
    holds.map((h) => ({ ...h, quantity: -h.quantity })),
  );
  if (changed !== expected) {
    throw new AppError('CONFLICT', {
      detail: localized('the hold to release does not exist', '要解除的冻结不存在'),
    });
  }
}

export interface Issue extends repo.Reservation {
  /** For serial-tracked units: the serials that leave, one per unit. */
  serials?: readonly string[];
}

/**
 * Ships reserved stock: the reservation is consumed and an issue move leaves the ledger. Units
 * with serials leave from their serial's row; the order's reservation of the lot follows them.
 */
export async function issueReservedStock(
  tx: Queryable,
  wanted: readonly Issue[],
  reference: { businessDate: string; referenceType: string; referenceId: number; createdBy: number | null },
): Promise<void> {
  const issues = mergeByLot(wanted.map((w) => ({ ...w, serial: '' })));
  const byLot = await lockRowsOf(tx, issues);
  const releases: repo.Reservation[] = [];
  const moves: repo.NewStockMove[] = [];
  for (const issue of issues) {
    const serials = issue.serials ?? [];
    if (serials.length > 0 && serials.length !== issue.quantity) {
      throw new AppError('BUSINESS_RULE', {
        detail: localized(
          `${issue.quantity} units to ship but ${serials.length} serial numbers`,
          `发货 ${issue.quantity} 件，但序列号为 ${serials.length} 个`,
        ),
      });
    }
    const plan = planIssue(byLot.get(rowsKey(issue)) ?? [], issue.quantity, serials);
    if (!plan.ok) {
      if (plan.reason === 'not_reserved') {
        throw noReservation();
      }
      const list = plan.serials.join(', ');
      throw new AppError('INSUFFICIENT_STOCK', {
        detail:
          plan.reason === 'serial_held'
            ? localized(`serial ${list} is held for inspection`, `序列号 ${list} 待检冻结中`)
            : localized(`serial ${list} is not in stock in this lot`, `该批次中没有序列号 ${list} 的库存`),
      });
    }
    const key = { warehouseId: issue.warehouseId, productId: issue.productId, lotId: issue.lotId };
    releases.push(...plan.releases.map((c) => ({ ...key, serial: c.serial, quantity: c.quantity })));
    moves.push(
      ...plan.moves.map((c) => ({
        ...key,
        ...reference,
        serial: c.serial,
        kind: 'issue' as const,
        quantity: c.quantity,
      })),
    );
  }
  await applyReservationChanges(tx, releases, noReservation);
  await postStockMoves(tx, moves);
}

export {
  findLedgerMismatches,
  findSerialInStock,
  lockAllocationCandidates,
  summarizeLotStock,
  upsertLot,
} from './stock.repository.ts';
