/**
 * `pulse demo [--seed N] [--scale S] [--today YYYY-MM-DD] [--months M]`: migrates the configured database and
 * loads the demo company into it, with a progress bar on stderr and a count of what was written.
 * Exit codes: 0 loaded, 1 the database already holds data (nothing is written), 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, loadDemoCompany } from '../demo/company.ts';
import { runDataQuality } from '../server/modules/dataquality/index.ts';
import { isIsoDate } from '../server/platform/dates.ts';
import { createPool, type Queryable } from '../server/platform/db.ts';
import { migrate } from '../server/platform/migrate.ts';
import { createProgressPrinter, type ProgressStream } from './progress.ts';

export interface DemoCommandOptions {
  seed?: number;
  scale?: number;
  today?: string;
  /** Months of order history (default 36; 0 loads master data only). */
  months?: number;
}

export interface DemoCommandOutput {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The progress bar goes here; on a terminal it redraws one line. */
  progress: ProgressStream;
}

export type ParsedDemoArgs = { ok: true; options: DemoCommandOptions } | { ok: false; error: string };

/** `--seed 7 --scale 2 --today 2026-03-01 --months 12`, each optional; a message for anything else. */
export function parseDemoArgs(args: string[]): ParsedDemoArgs {
  let values: { seed?: string; scale?: string; today?: string; months?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        seed: { type: 'string' },
        scale: { type: 'string' },
        today: { type: 'string' },
        months: { type: 'string' },
      },
    }));
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const options: DemoCommandOptions = {};
  if (values.seed !== undefined) {
    const seed = Number(values.seed);
    if (!/^\d+$/.test(values.seed) || !Number.isSafeInteger(seed)) {
      return { ok: false, error: `--seed must be a whole number ≥ 0, not "${values.seed}"` };
    }
    options.seed = seed;
  }
  if (values.scale !== undefined) {
    const scale = Number(values.scale);
    // Whole numbers for now; the generator itself decides which scales it supports.
    if (values.scale.trim() === '' || !Number.isFinite(scale) || scale <= 0) {
      return { ok: false, error: `--scale must be a number > 0, not "${values.scale}"` };
    }
    options.scale = scale;
  }
  if (values.today !== undefined) {
    if (!isIsoDate(values.today)) {
      return { ok: false, error: `--today must be a date as YYYY-MM-DD, not "${values.today}"` };
    }
    options.today = values.today;
  }
  if (values.months !== undefined) {
    const months = Number(values.months);
    if (!/^\d+$/.test(values.months) || months > 120) {
      return { ok: false, error: `--months must be a whole number from 0 to 120, not "${values.months}"` };
    }
    options.months = months;
  }
  return { ok: true, options };
}

/** Tables whose rows mean someone has already set this database up (or started Pulse on it). */
const occupiedTables = ['users', 'regions', 'customers', 'products'] as const;

async function countRows(db: Queryable, tables: readonly string[]): Promise<Map<string, number>> {
  // Table names come from the constant lists in this file, never from input.
  const { rows } = await db.query<{ t: string; n: number }>(
    tables.map((table) => `SELECT '${table}' AS t, count(*)::int AS n FROM ${table}`).join(' UNION ALL '),
  );
  return new Map(rows.map((row) => [row.t, row.n]));
}

/** What the summary counts, in the order a reader expects: master data, then the history. */
const summaryTables: readonly (readonly [label: string, table: string])[] = [
  ['regions', 'regions'],
  ['users', 'users'],
  ['customers', 'customers'],
  ['qualifications', 'customer_qualifications'],
  ['product lines', 'product_lines'],
  ['products', 'products'],
  ['suppliers', 'suppliers'],
  ['warehouses', 'warehouses'],
  ['purchase orders', 'purchase_orders'],
  ['receipts', 'receipts'],
  ['lots', 'lots'],
  ['sales orders', 'sales_orders'],
  ['order lines', 'sales_order_lines'],
  ['shipments', 'shipments'],
  ['invoices', 'invoices'],
  ['payments', 'payments'],
];

const number = (n: number) => n.toLocaleString('en-US');

export async function runDemoCommand(
  database: { adminUrl: string; appUrl: string },
  options: DemoCommandOptions,
  output: DemoCommandOutput,
): Promise<number> {
  await migrate(database.adminUrl);
  const db = createPool(database.appUrl, 4);
  try {
    const occupied = [...(await countRows(db, occupiedTables))].filter(([, n]) => n > 0);
    if (occupied.length > 0) {
      output.err(
        `The database already holds data (${occupied.map(([table, n]) => `${number(n)} ${table}`).join(', ')}); ` +
          'pulse demo loads the demo company into an empty database only, and wrote nothing. ' +
          'Point DATABASE_URL (or PULSE_DATA_DIR) at a new, empty database and run it again.',
      );
      return 1;
    }

    const started = Date.now();
    const printer = createProgressPrinter(output.progress);
    let demo: Awaited<ReturnType<typeof loadDemoCompany>>;
    try {
      demo = await loadDemoCompany(db, {
        seed: options.seed,
        scale: options.scale,
        today: options.today,
        historyMonths: options.months,
        onProgress: (step, done, total) =>
          printer.update({ label: 'Loading demo', done, total, step, detail: step }),
      });
    } catch (error) {
      printer.done();
      if (error instanceof RangeError) {
        output.err(error.message);
        return 2;
      }
      throw error;
    }
    printer.done();
    // Like a first start: the data-quality page has its issues at once, not after the nightly run.
    await runDataQuality(db, 'demo', demo.today);

    const counts = await countRows(
      db,
      summaryTables.map(([, table]) => table),
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    output.out(
      `Demo company loaded in ${seconds} s (seed ${options.seed ?? 'default'}, scale ${demo.scale}, today ${demo.today}):`,
    );
    const width = Math.max(...summaryTables.map(([, table]) => number(counts.get(table) ?? 0).length));
    for (const [label, table] of summaryTables) {
      output.out(`  ${label.padEnd(16)} ${number(counts.get(table) ?? 0).padStart(width)}`);
    }
    output.out(`Sign in as admin (or any demo user in the README) with the password ${DEMO_PASSWORD}.`);
    return 0;
  } finally {
    await db.end();
  }
}
