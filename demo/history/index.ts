/**
 * The demo company's history (issue #5): three years (`historyMonths`) of prices, purchasing,
 * stock, orders, shipments, invoices, payments, returns and write-offs ending at `demo.today`,
 * generated in memory by the same pure rules the services use and written in bulk.
 *
 * Later sections (campaigns, a recall, rebates…) run after these and read the tables: the
 * in-memory history (about 1.4 GB at scale 10) is let go once written, so that the garbage
 * collector does not trace it again through every later section. Sections of their own that add
 * documents take numbers after the history's (document_counters) and ids after its rows
 * (sequences).
 */
import {
  deferAnalyticsMarks,
  deferIndexes,
  markFactDaysDirty,
  renewEmptyTables,
  restoreIndexes,
} from '../bulk-load.ts';
import type { DemoContext, DemoSection } from '../company.ts';
import { monthStartBefore } from './calendar.ts';
import { buildProfiles, generateDemand } from './demand.ts';
import { buildPriceBook } from './prices.ts';
import { type History, simulateHistory } from './simulate.ts';
import { loadWorld } from './world.ts';
import { reserveIds, writePrices, writePurchasing, writeSales } from './write-documents.ts';
import { writeDocumentCounters, writeReceivables, writeStock } from './write-finance.ts';
import { HistoryWriter } from './writer.ts';

export type { History } from './simulate.ts';

/**
 * Orders per month over the history at scale 1: about 16,000 orders and 47,000 order lines in
 * three years, which first start loads in about 25 s on 2 cores (the 25–40k orders did not
 * fit that budget; scale multiplies it).
 */
export const ORDERS_PER_MONTH = 450;

/** The tables the history fills (all empty before it): their indexes wait until they are loaded. */
const historyTables = [
  'price_lists',
  'price_list_items',
  'sales_contracts',
  'sales_contract_lines',
  'purchase_orders',
  'purchase_order_lines',
  'receipts',
  'receipt_lines',
  'lots',
  'sales_orders',
  'sales_order_lines',
  'sales_order_allocations',
  'sales_order_approvals',
  'shipments',
  'shipment_lines',
  'shipment_line_serials',
  'stock_moves',
  'stock_balances',
  'invoices',
  'invoice_lines',
  'journals',
  'ledger_entries',
  'payments',
  'allocations',
  'credit_notes',
  'credit_note_lines',
  'write_offs',
  'sales_returns',
  'sales_return_lines',
];

interface HistoryState {
  history: History;
  writer: HistoryWriter;
  /** The analytics' insert triggers are not marking the days written (bulk mode). */
  marksDeferred: boolean;
}

const states = new WeakMap<DemoContext, HistoryState>();

async function simulate(demo: DemoContext): Promise<void> {
  if (!demo.historyMonths) return;
  const random = demo.random.fork('history');
  const world = await loadWorld(demo.tx);
  const from = monthStartBefore(demo.today, demo.historyMonths);
  demo.progress?.(0.02, 'demand');
  const profiles = buildProfiles(random.fork('profiles'), world, from, demo.today);
  const demand = generateDemand(random.fork('demand'), profiles, from, demo.today, ORDERS_PER_MONTH);
  const prices = buildPriceBook(random.fork('prices'), world.products, profiles, from, demo.today);
  demo.progress?.(0.15, 'simulation');
  const history = simulateHistory({
    random: random.fork('simulation'),
    world,
    profiles,
    prices,
    demand,
    from,
    today: demo.today,
    scale: demo.scale,
    onMonth: (done, total) => demo.progress?.(0.15 + (0.85 * done) / total, `month ${done}/${total}`),
  });
  const writer = new HistoryWriter(demo.tx);
  await reserveIds(writer, history);
  // New storage for the empty tables: with the embedded server's wal_level = minimal, the COPYs
  // into them then write no WAL (migration 0043).
  if ((await renewEmptyTables(demo.tx, historyTables)) > 0) writer.renewedTables(historyTables);
  await deferIndexes(demo.tx, historyTables);
  // The analytics' dirty marks, too, are made once for the whole history (migration 0046).
  const marksDeferred = await deferAnalyticsMarks(demo.tx);
  states.set(demo, { history, writer, marksDeferred });
}

/**
 * The indexes dropped for the writes, built once from the loaded rows (before anything reads
 * them), and the analytics' marks of the days written. The last of the history's sections: the
 * history in memory is let go here.
 */
async function indexLoadedTables(demo: DemoContext): Promise<void> {
  const state = states.get(demo);
  if (!state) return;
  states.delete(demo);
  await restoreIndexes(demo.tx);
  if (state.marksDeferred) await markFactDaysDirty(demo.tx);
}

/** A write section: progress by rows written out of the rows it has to write. */
function writing(
  name: string,
  weight: number,
  rows: (h: History) => number,
  write: (w: HistoryWriter, h: History) => Promise<void>,
): DemoSection {
  return {
    name,
    weight,
    run: async (demo) => {
      const state = states.get(demo);
      if (!state) return;
      const total = Math.max(1, rows(state.history));
      let done = 0;
      state.writer.onRows = (table, n) => {
        done += n;
        demo.progress?.(Math.min(1, done / total), table);
      };
      await write(state.writer, state.history);
      await state.writer.flush();
    },
  };
}

const sum = <T>(items: readonly T[], n: (item: T) => number) => items.reduce((total, i) => total + n(i), 0);

export const historySections: DemoSection[] = [
  { name: 'history: simulation', weight: 30, run: simulate },
  writing(
    'history: prices and contracts',
    1,
    (h) => sum(h.prices.lists, (l) => l.items.length + 1),
    writePrices,
  ),
  writing(
    'history: purchasing and lots',
    2,
    (h) => h.ledger.lots.length * 3 + h.purchasing.orders.length,
    writePurchasing,
  ),
  writing(
    'history: orders and shipments',
    25,
    (h) =>
      h.sales.orders.length +
      sum(
        h.sales.orders,
        (o) => o.lines.length + o.allocations.length * 2 + sum(o.allocations, (a) => a.serials.length),
      ) +
      h.sales.shipments.length,
    writeSales,
  ),
  writing(
    'history: stock ledger',
    8,
    (h) => h.ledger.moves.length + sum(h.ledger.allBalances(), (b) => b.rows.length),
    writeStock,
  ),
  writing(
    'history: receivables and ledger',
    25,
    (h) =>
      sum(h.receivables.journals, (j) => 1 + j.entries.length) +
      sum(h.receivables.invoices, (i) => 1 + i.lines.length) +
      h.receivables.payments.length +
      h.receivables.settlements.length,
    writeReceivables,
  ),
  writing('history: document counters', 1, () => 1, writeDocumentCounters),
  { name: 'history: indexes', weight: 5, run: indexLoadedTables },
];
