/**
 * Analytics latency: the dashboards' questions through the semantic layer (the query service,
 * in process), read from the rollups and read raw from the documents (PULSE_ANALYTICS_ROLLUPS),
 * next to the same question answered by DuckDB over the same fact rows, exported once to CSV
 * (a yardstick only: DuckDB is a dev dependency of the benchmark, never imported by the app).
 * Prints median and p95 per question, and the issue's targets (at 10M order lines on 2 cores:
 * every dashboard query p50 ≤ 300 ms, and no slower than DuckDB's raw scan of the same question).
 *
 * Loads the demo company at BENCH_ANALYTICS_SCALE (default 1 ≈ 46k order lines, ~30 s; 10 ≈ 455k
 * lines, ~6 min; the generator simulates the whole history in memory and cannot reach 10M lines)
 * on its own embedded PostgreSQL in a temporary folder, or on DATABASE_URL (creates a scratch
 * database there, superuser needed for the server-side COPY). BENCH_ANALYTICS_RUNS sets the timed
 * runs per question (default 15), BENCH_ANALYTICS_RAW_RUNS those of the raw reads (default the same;
 * 0 times none, the raw answer is then read once only, to check it equals the rollup's).
 *
 * 10M order lines: BENCH_ANALYTICS_COPIES=N (default 0, off) replicates the loaded documents N
 * times in SQL after the load (replicate-history.ts: same customers, products, lots and dates,
 * new ids and document numbers), rebuilds the rollups, vacuums and analyzes, then runs the same
 * questions. It prints a check that every additive answer is exactly (N + 1) × the original's.
 * 10M lines: BENCH_ANALYTICS_SCALE=10 BENCH_ANALYTICS_COPIES=21 (455k × 22), or scale 1 with
 * BENCH_ANALYTICS_COPIES=216 (46k × 217; fewer customers and products, so denser groups).
 *
 * Repeated runs at 10M lines: BENCH_ANALYTICS_DATABASE=name (with DATABASE_URL pointing at a server
 * that outlives the run) keeps the loaded database instead of dropping it. A later run with the same
 * name finds it loaded, skips the load and the replication, applies new migrations, rebuilds and
 * vacuums the rollups, and measures: minutes instead of half an hour, on the same rows.
 *
 *   npm run bench -- analytics        or        BENCH_ANALYTICS_SCALE=10 npx tsx bench/analytics.bench.ts
 *   BENCH_ANALYTICS_SCALE=10 BENCH_ANALYTICS_COPIES=21 npx tsx bench/analytics.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import {
  type AnalyticsQueryInput,
  type AnalyticsResult,
  analyticsQuery,
} from '../contracts/analytics-query.ts';
import { loadDemoCompany } from '../demo/company.ts';
import { orderReturnsRollup, rollups } from '../server/modules/analytics/rollups/rollups.definitions.ts';
import { monthlyRollups } from '../server/modules/analytics/rollups/rollups.monthly.ts';
import {
  RECEIVABLES_ROLLUP_TABLE,
  RECEIVABLES_ROLLUP_TABLES,
} from '../server/modules/analytics/rollups/rollups.receivables.ts';
import { rebuildRollups } from '../server/modules/analytics/rollups/rollups.refresh.ts';
import { orderFactsSql, salesFactsSql } from '../server/modules/analytics/sales-facts.sql.ts';
import { sources } from '../server/modules/analytics/semantic/semantic.definitions.ts';
import { runAnalyticsQuery } from '../server/modules/analytics/semantic/semantic.service.ts';
import { stockValueFactsSql } from '../server/modules/analytics/semantic/semantic.sources.ts';
import { type RequestContext, systemContext } from '../server/platform/auth-context.ts';
import { addDays, businessDate } from '../server/platform/dates.ts';
import { createPool, type Db, withTransaction } from '../server/platform/db.ts';
import { migrate } from '../server/platform/migrate.ts';
import { describePageTimings, timeAnalyticsPages } from './analytics-dashboards.ts';
import { startBenchDatabase, timeRuns as time, withDatabase } from './bench-utils.ts';
import { replicatedTables, replicateHistory } from './replicate-history.ts';

interface Question {
  dashboard: string;
  name: string;
  /** Who asks: the whole company, or a 华东 rep. */
  scoped?: boolean;
  query: AnalyticsQueryInput;
  /** The same question in DuckDB over the exported facts. */
  duckdb: string;
  /** The column of the DuckDB answer holding the first measure (to check the answers agree). */
  duckdbColumn: number;
}

const TARGET_P50_MS = 300;

/** The dashboards' questions for a company whose history ends on `today`. */
function questions(today: string, eastRegionIds: number[]): Question[] {
  const year = today.slice(0, 4);
  const ytd = { from: `${year}-01-01`, to: today };
  const lastYear = { from: `${Number(year) - 1}-01-01`, to: `${Number(year) - 1}${today.slice(4)}` };
  const months12 = { from: addDays(today, -364), to: today };
  const inRange = (r: { from: string; to: string }, column = 'f.fact_date') =>
    `${column} BETWEEN DATE '${r.from}' AND DATE '${r.to}'`;
  const both = `(${inRange(ytd)} OR ${inRange(lastYear)})`;
  const east = `f.region_id IN (${eastRegionIds.join(', ')})`;
  return [
    {
      dashboard: 'sales overview',
      name: 'KPIs (YTD vs last year)',
      query: {
        measures: ['revenue', 'gross_profit', 'margin', 'orders', 'average_order_value'],
        timeRange: ytd,
        comparison: 'same_period_last_year',
      },
      duckdb: `SELECT sum(revenue_fen) FILTER (WHERE ${inRange(ytd)}), sum(revenue_fen - cost_fen) FILTER (WHERE ${inRange(ytd)}),
                      sum(revenue_fen) FILTER (WHERE ${inRange(lastYear)}), sum(revenue_fen - cost_fen) FILTER (WHERE ${inRange(lastYear)}),
                      (SELECT count(*) FILTER (WHERE ${inRange(ytd)}) FROM order_facts f WHERE ${both}),
                      (SELECT count(*) FILTER (WHERE ${inRange(lastYear)}) FROM order_facts f WHERE ${both})
                 FROM sales_facts f WHERE ${both}`,
      duckdbColumn: 0,
    },
    {
      dashboard: 'sales overview',
      name: 'KPIs as a 华东 rep',
      scoped: true,
      query: {
        measures: ['revenue', 'gross_profit', 'margin', 'orders', 'average_order_value'],
        timeRange: ytd,
        comparison: 'same_period_last_year',
      },
      duckdb: `SELECT sum(revenue_fen) FILTER (WHERE ${inRange(ytd)}), sum(revenue_fen - cost_fen) FILTER (WHERE ${inRange(ytd)}),
                      sum(revenue_fen) FILTER (WHERE ${inRange(lastYear)}), sum(revenue_fen - cost_fen) FILTER (WHERE ${inRange(lastYear)}),
                      (SELECT count(*) FILTER (WHERE ${inRange(ytd)}) FROM order_facts f WHERE ${both} AND ${east}),
                      (SELECT count(*) FILTER (WHERE ${inRange(lastYear)}) FROM order_facts f WHERE ${both} AND ${east})
                 FROM sales_facts f WHERE ${both} AND ${east}`,
      duckdbColumn: 0,
    },
    {
      dashboard: 'sales overview',
      name: 'trend by month (YTD vs last year)',
      query: {
        measures: ['revenue', 'gross_profit'],
        dimensions: ['month'],
        timeRange: ytd,
        comparison: 'same_period_last_year',
      },
      duckdb: `SELECT strftime(CASE WHEN ${inRange(ytd)} THEN f.fact_date ELSE f.fact_date + INTERVAL 1 YEAR END, '%Y-%m') AS month,
                      sum(revenue_fen) FILTER (WHERE ${inRange(ytd)}), sum(revenue_fen - cost_fen) FILTER (WHERE ${inRange(ytd)}),
                      sum(revenue_fen) FILTER (WHERE ${inRange(lastYear)}), sum(revenue_fen - cost_fen) FILTER (WHERE ${inRange(lastYear)})
                 FROM sales_facts f WHERE ${both} GROUP BY 1 ORDER BY 1`,
      duckdbColumn: 1,
    },
    {
      dashboard: 'sales overview',
      name: 'by sales region (YTD vs last year)',
      query: {
        measures: ['revenue', 'gross_profit'],
        dimensions: ['region'],
        timeRange: ytd,
        comparison: 'same_period_last_year',
      },
      duckdb: `SELECT rl.sales_region_id, any_value(rl.sales_region_zh),
                      sum(revenue_fen) FILTER (WHERE ${inRange(ytd)}), sum(revenue_fen - cost_fen) FILTER (WHERE ${inRange(ytd)}),
                      sum(revenue_fen) FILTER (WHERE ${inRange(lastYear)}), sum(revenue_fen - cost_fen) FILTER (WHERE ${inRange(lastYear)})
                 FROM sales_facts f LEFT JOIN region_levels rl ON rl.region_id = f.region_id
                WHERE ${both} GROUP BY 1`,
      duckdbColumn: 2,
    },
    {
      dashboard: 'sales overview',
      name: 'top 10 products (YTD)',
      query: {
        measures: ['revenue', 'gross_profit'],
        dimensions: ['product'],
        timeRange: ytd,
        sort: [{ field: 'revenue', direction: 'desc' }],
        limit: 10,
      },
      duckdb: `SELECT p.id, any_value(p.name_zh), sum(revenue_fen) AS revenue, sum(revenue_fen - cost_fen)
                 FROM sales_facts f LEFT JOIN products p ON p.id = f.product_id
                WHERE ${inRange(ytd)} GROUP BY 1 ORDER BY revenue DESC LIMIT 10`,
      duckdbColumn: 2,
    },
    {
      dashboard: 'sales overview',
      name: 'rep leaderboard (YTD)',
      query: {
        measures: ['revenue', 'gross_profit', 'orders'],
        dimensions: ['rep'],
        timeRange: ytd,
        sort: [{ field: 'revenue', direction: 'desc' }],
        limit: 20,
      },
      duckdb: `WITH s AS (SELECT rep_id, sum(revenue_fen) AS revenue, sum(revenue_fen - cost_fen) AS gp
                            FROM sales_facts f WHERE ${inRange(ytd)} GROUP BY 1),
                    o AS (SELECT rep_id, count(*) AS orders FROM order_facts f WHERE ${inRange(ytd)} GROUP BY 1)
               SELECT coalesce(s.rep_id, o.rep_id) AS rep, any_value(u.display_name), sum(revenue), sum(gp), sum(orders)
                 FROM s FULL JOIN o ON o.rep_id IS NOT DISTINCT FROM s.rep_id
                 LEFT JOIN users u ON u.id = coalesce(s.rep_id, o.rep_id)
                GROUP BY 1 ORDER BY 3 DESC NULLS LAST LIMIT 20`,
      duckdbColumn: 2,
    },
    {
      dashboard: 'report',
      name: 'product line × month (12 months)',
      query: {
        measures: ['revenue', 'gross_profit'],
        dimensions: ['product_line', 'month'],
        timeRange: months12,
      },
      duckdb: `SELECT pl.id, any_value(pl.name_zh), strftime(f.fact_date, '%Y-%m') AS month,
                      sum(revenue_fen), sum(revenue_fen - cost_fen)
                 FROM sales_facts f LEFT JOIN products p ON p.id = f.product_id
                 LEFT JOIN product_lines pl ON pl.id = p.product_line_id
                WHERE ${inRange(months12)} GROUP BY 1, 3`,
      duckdbColumn: 3,
    },
    {
      dashboard: 'customers',
      name: 'customer value: revenue and orders per customer (12 months)',
      query: {
        measures: ['revenue', 'gross_profit', 'orders'],
        dimensions: ['customer'],
        timeRange: months12,
        limit: 10_000,
      },
      duckdb: `WITH s AS (SELECT customer_id, sum(revenue_fen) AS revenue, sum(revenue_fen - cost_fen) AS gp
                            FROM sales_facts f WHERE ${inRange(months12)} GROUP BY 1),
                    o AS (SELECT customer_id, count(*) AS orders FROM order_facts f WHERE ${inRange(months12)} GROUP BY 1)
               SELECT coalesce(s.customer_id, o.customer_id) AS id, any_value(c.name), sum(revenue), sum(gp), sum(orders)
                 FROM s FULL JOIN o ON o.customer_id = s.customer_id
                 LEFT JOIN customers c ON c.id = coalesce(s.customer_id, o.customer_id) GROUP BY 1`,
      duckdbColumn: 2,
    },
    {
      dashboard: 'receivables',
      name: 'AR open / overdue by region (today; receivables rollup)',
      query: {
        measures: ['ar_open', 'ar_overdue', 'overdue_rate'],
        dimensions: ['region'],
        timeRange: { from: `${year}-01-01`, to: today },
      },
      duckdb: `SELECT rl.sales_region_id, any_value(rl.sales_region_zh), sum(open_cny_fen),
                      sum(open_cny_fen) FILTER (WHERE is_overdue)
                 FROM receivable_facts f LEFT JOIN region_levels rl ON rl.region_id = f.region_id GROUP BY 1`,
      duckdbColumn: 2,
    },
    {
      dashboard: 'inventory',
      name: 'average inventory and turnover days (YTD)',
      query: { measures: ['average_inventory_value', 'inventory_turnover_days'], timeRange: ytd },
      // Every move up to today, weighed by the days of the range it is held.
      duckdb: `SELECT round(sum(value_fen * (DATE '${today}' - greatest(fact_date, DATE '${ytd.from}') + 1))
                            / (DATE '${today}' - DATE '${ytd.from}' + 1)),
                      (SELECT sum(cost_fen) FROM sales_facts f WHERE ${inRange(ytd)})
                 FROM stock_value_facts WHERE fact_date <= DATE '${today}'`,
      duckdbColumn: 0,
    },
    {
      dashboard: 'inventory',
      name: 'units, first allocation and stockout rate by month (YTD)',
      query: {
        measures: ['units', 'first_allocated_units', 'stockout_rate'],
        dimensions: ['month'],
        timeRange: ytd,
      },
      duckdb: `SELECT strftime(f.fact_date, '%Y-%m') AS month, sum(quantity),
                      sum(coalesce(first_allocated_quantity, 0))
                 FROM order_line_facts f WHERE ${inRange(ytd)} GROUP BY 1`,
      duckdbColumn: 1,
    },
  ];
}

/** Exports the fact rows (and the few dimension tables the questions join) to CSV, once. */
async function exportFacts(
  adminDbUrl: string,
  folder: string,
  today: string,
): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: adminDbUrl });
  await client.connect();
  const tables: Record<string, string> = {
    sales_facts: `SELECT * FROM (${salesFactsSql}) f`,
    order_facts: `SELECT f.*, o.net_cny_fen FROM (${orderFactsSql}) f JOIN sales_orders o ON o.id = f.order_id`,
    order_line_facts: `SELECT * FROM (${sources.order_lines.sql('NULL')}) f`,
    stock_value_facts: stockValueFactsSql,
    // Our own constant date (the server-side COPY takes no parameters).
    receivable_facts: `SELECT * FROM (${sources.receivables.sql(`'${today}'`)}) f`,
    region_levels: 'SELECT * FROM analytics_region_levels',
    customers: 'SELECT id, name, channel, type FROM customers',
    products: 'SELECT id, name_zh, product_line_id FROM products',
    product_lines: 'SELECT id, name_zh FROM product_lines',
    users: 'SELECT id, display_name FROM users',
  };
  const files: Record<string, string> = {};
  try {
    for (const [name, sql] of Object.entries(tables)) {
      const file = path.join(folder, `${name}.csv`);
      await client.query(`COPY (${sql}) TO '${file}' WITH (FORMAT csv, HEADER true)`);
      files[name] = file;
    }
  } finally {
    await client.end();
  }
  return files;
}

const triggerTables = [
  'invoices',
  'invoice_lines',
  'credit_notes',
  'credit_note_lines',
  'sales_orders',
  'sales_order_lines',
];

/**
 * What the dirty-day triggers (migration 0025) add to an order's writes: one client runs the
 * statements an order makes on the order tables (insert the order and a line, confirm it,
 * allocate the line, touch the customer) with the triggers on and off, alternating rounds.
 * Measured apart from the HTTP path, whose noise on a shared machine would hide the difference.
 */
async function measureTriggerCost(adminDbUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminDbUrl });
  await client.connect();
  try {
    const { rows: picked } = await client.query<{ customer: number; product: number }>(
      `SELECT (SELECT id FROM customers ORDER BY id LIMIT 1) AS customer, (SELECT id FROM products ORDER BY id LIMIT 1) AS product`,
    );
    const { customer, product } = picked[0]!;
    const setTriggers = async (on: boolean) => {
      const state = on ? 'ENABLE ALWAYS' : 'DISABLE';
      for (const table of triggerTables) {
        for (const op of ['insert', 'update', 'delete']) {
          await client.query(`ALTER TABLE ${table} ${state} TRIGGER analytics_dirty_${op}`);
        }
      }
      await client.query(`ALTER TABLE customers ${state} TRIGGER analytics_dirty_update`);
    };
    let n = 0;
    const writeOrder = async () => {
      n++;
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO sales_orders (number, customer_id, region_id, currency, exchange_rate, order_date, promised_date,
                                   status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
         SELECT 'SO-BENCH-' || $2::text, id, region_id, 'CNY', 1, current_date, current_date + 2, 'draft',
                1000, 130, 1130, 1000, 130, 1130 FROM customers WHERE id = $1 RETURNING id`,
        [customer, n],
      );
      const id = rows[0]!.id;
      await client.query(
        `INSERT INTO sales_order_lines (order_id, line_no, product_id, quantity, price_source, unit_price, vat_rate,
                                        net_amount, tax_amount, net_cny_fen, tax_cny_fen)
         VALUES ($1, 1, $2, 1, 'list_price', 1000, 0.13, 1000, 130, 1000, 130)`,
        [id, product],
      );
      await client.query(`UPDATE sales_orders SET status = 'allocated' WHERE id = $1`, [id]);
      await client.query('UPDATE sales_order_lines SET allocated_quantity = 1 WHERE order_id = $1', [id]);
      await client.query('UPDATE customers SET updated_at = now() WHERE id = $1', [customer]);
      await client.query('ROLLBACK');
    };
    const perOrder: Record<'on' | 'off', number[]> = { on: [], off: [] };
    for (let round = 0; round < 6; round++) {
      for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        await setTriggers(mode === 'on');
        for (let i = 0; i < 100; i++) await writeOrder();
        const started = performance.now();
        for (let i = 0; i < 500; i++) await writeOrder();
        perOrder[mode].push((performance.now() - started) / 500);
      }
    }
    await setTriggers(true);
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    const [off, on] = [median(perOrder.off), median(perOrder.on)];
    console.log(
      `dirty-day triggers on an order's writes (6 statements, one client, median of 6 × 500): ` +
        `${off.toFixed(3)} ms without, ${on.toFixed(3)} ms with (+${(on - off).toFixed(3)} ms, ${(((on - off) / off) * 100).toFixed(1)} %)`,
    );
  } finally {
    await client.end();
  }
}

async function ask(
  db: Db,
  ctx: RequestContext,
  input: AnalyticsQueryInput,
  mode: 'auto' | 'off',
  today: string,
) {
  process.env.PULSE_ANALYTICS_ROLLUPS = mode;
  try {
    return await runAnalyticsQuery(db, ctx, analyticsQuery.parse(input), today);
  } finally {
    delete process.env.PULSE_ANALYTICS_ROLLUPS;
  }
}

/**
 * Grows the loaded company N + 1-fold (replicate-history.ts), rebuilds the rollups, and proves the
 * copies faithful: every additive answer, per month and in total, through the rollups and raw, is
 * exactly (N + 1) × the same answer before. Returns the line to print beside the load's.
 */
async function growHistory(adminDbUrl: string, db: Db, copies: number, today: string): Promise<string> {
  const company: RequestContext = { ...systemContext('zh-CN'), roles: ['sales_director'] };
  const all = { from: addDays(today, -3600), to: today };
  const checks: AnalyticsQueryInput[] = [
    {
      measures: ['revenue', 'cost', 'orders', 'order_lines', 'units', 'shipments'],
      dimensions: ['month'],
      timeRange: all,
      limit: 10_000,
    },
    { measures: ['ar_open', 'ar_overdue'], timeRange: all },
  ];
  const before: AnalyticsResult[] = [];
  for (const query of checks) before.push(await ask(db, company, query, 'off', today));

  const admin = new pg.Client({ connectionString: adminDbUrl });
  await admin.connect();
  const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
  let replicated: Awaited<ReturnType<typeof replicateHistory>>;
  const timings: string[] = [];
  try {
    replicated = await replicateHistory(admin, copies, (p) =>
      console.log(`  replicated ${p.copiesDone}/${p.copies} copies in ${(p.elapsedMs / 1000).toFixed(1)} s`),
    );
    // Settled tables, as a database that grew over years has (visibility map, hint bits,
    // statistics for the rebuild's plans), and no autovacuum of millions of fresh rows in the
    // middle of the measurements. As the owner: the app's role may not vacuum them.
    const started = performance.now();
    await admin.query(`VACUUM (ANALYZE) ${replicatedTables.join(', ')}`);
    timings.push(`VACUUM ANALYZE ${seconds(started)} s`);
  } finally {
    await admin.end();
  }
  timings.push(await rebuildSettledRollups(adminDbUrl, db));

  const factor = copies + 1;
  const report: string[] = [];
  for (const mode of ['auto', 'off'] as const) {
    for (const [i, query] of checks.entries()) {
      const after = await ask(db, company, query, mode, today);
      const original = before[i]!;
      const mismatches: string[] = [];
      const scaled = (values: Record<string, number | null>) =>
        Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === null ? null : v * factor]));
      const expectedRows = new Map(original.rows.map((r) => [JSON.stringify(r.keys), scaled(r.values)]));
      if (after.rows.length !== original.rows.length)
        mismatches.push(`${after.rows.length} rows, expected ${original.rows.length}`);
      for (const row of after.rows) {
        if (JSON.stringify(row.values) !== JSON.stringify(expectedRows.get(JSON.stringify(row.keys))))
          mismatches.push(`row ${row.keys.join('/')}`);
      }
      if (JSON.stringify(after.totals.values) !== JSON.stringify(scaled(original.totals.values)))
        mismatches.push('totals');
      if (mismatches.length > 0)
        throw new Error(
          `not ${factor}× the original (${mode}, ${query.measures.join(', ')}): ${mismatches.slice(0, 5).join('; ')}`,
        );
      report.push(
        `  ${mode === 'auto' ? 'rollups' : 'raw    '} ${query.dimensions?.length ? `by month (${after.rows.length} months) ` : ''}` +
          Object.entries(after.totals.values)
            .map(
              ([k, v]) =>
                `${k} ${(original.totals.values[k] ?? 0).toLocaleString('en-US')} → ${(v ?? 0).toLocaleString('en-US')}`,
            )
            .join(', ') +
          `: exactly ${factor}× ✓`,
      );
    }
  }
  const lines = replicated.rows.sales_order_lines;
  return (
    `replicated ${copies} copies: ${lines.original.toLocaleString('en-US')} → ${(lines.original + lines.added).toLocaleString('en-US')} order lines, ` +
    `${Object.values(replicated.rows)
      .reduce((sum, r) => sum + r.added, 0)
      .toLocaleString('en-US')} rows added in ${replicatedTables.length} tables ` +
    `in ${(replicated.insertMs / 1000).toFixed(1)} s (${(replicated.insertMs / 1000 / copies).toFixed(2)} s per copy${replicated.isReplicaMode ? '' : ', with row-by-row foreign-key checks'}), ` +
    `references checked in ${(replicated.verifyMs / 1000).toFixed(1)} s; ${timings.join(', ')}\n` +
    `  inserts by table: ${Object.entries(replicated.tableMs)
      .sort(([, a], [, b]) => b - a)
      .map(
        ([table, ms]) =>
          `${table} ${(ms / 1000).toFixed(1)} s (+${replicated.rows[table as keyof typeof replicated.rows].added.toLocaleString('en-US')})`,
      )
      .join(', ')}\n` +
    `  check, the whole history to ${today} as a sales director:\n${report.join('\n')}`
  );
}

/** Rebuilds every rollup and vacuums them as their owner; returns how long each step took. */
async function rebuildSettledRollups(adminDbUrl: string, db: Db): Promise<string> {
  const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
  let started = performance.now();
  await withTransaction(db, (tx) => rebuildRollups(tx));
  const rebuilt = `rollup rebuild ${seconds(started)} s`;
  started = performance.now();
  // rebuildRollups built the receivables rollup too (its changes, month ends, horizon and marks).
  const rollupTables = [
    ...rollups.map((r) => r.table),
    ...monthlyRollups.map((m) => m.table),
    orderReturnsRollup.table,
    ...RECEIVABLES_ROLLUP_TABLES,
  ];
  const admin = new pg.Client({ connectionString: adminDbUrl });
  await admin.connect();
  try {
    await admin.query(`VACUUM (ANALYZE) ${[...rollupTables, 'analytics_rollup_dirty_days'].join(', ')}`);
  } finally {
    await admin.end();
  }
  return `${rebuilt}, VACUUM ANALYZE of the rollups ${seconds(started)} s`;
}

const ms = (n: number) => (n < 10 ? n.toFixed(1) : Math.round(n).toString()).padStart(6);

async function measure(
  adminUrl: string,
  appUrl: string,
  scale: number,
  copies: number,
  runs: number,
  rawRuns: number,
  folder: string,
) {
  const kept = process.env.BENCH_ANALYTICS_DATABASE;
  if (kept !== undefined && !/^[a-z_][a-z0-9_]*$/.test(kept))
    throw new Error('BENCH_ANALYTICS_DATABASE: lower-case letters, digits and _ only');
  const database = kept ?? `bench_analytics_${scale}_${process.pid}`;
  const admin = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await admin.connect();
  const { rowCount: exists } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  const isReused = kept !== undefined && exists === 1;
  if (!isReused) {
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
  }
  await admin.end();
  await migrate(withDatabase(adminUrl, database));
  const db = createPool(withDatabase(appUrl, database), 4);
  const duck = await DuckDBInstance.create(':memory:', { threads: String(os.cpus().length) });
  const duckdb = await duck.connect();
  try {
    const today = businessDate();
    let started = performance.now();
    let growth: string | null = null;
    if (isReused) {
      growth = `reused database ${database}: ${await rebuildSettledRollups(withDatabase(adminUrl, database), db)}`;
    } else {
      await loadDemoCompany(db, { seed: 2026, scale, today });
      if (copies > 0) growth = await growHistory(withDatabase(adminUrl, database), db, copies, today);
    }
    const loadSeconds = (performance.now() - started) / 1000;
    const { rows: counts } = await db.query<{ lines: number; facts: number; rollups: string }>(
      `SELECT (SELECT count(*)::int FROM sales_order_lines) AS lines,
              (SELECT count(*)::int FROM invoice_lines) + (SELECT count(*)::int FROM credit_note_lines) AS facts,
              ${[...rollups.map((r) => r.table), ...monthlyRollups.map((m) => m.table), RECEIVABLES_ROLLUP_TABLE].map((t) => `'${t} ' || (SELECT count(*) FROM ${t})`).join(" || ', ' || ")} AS rollups`,
    );
    await db.query('ANALYZE');
    started = performance.now();
    const files = await exportFacts(withDatabase(adminUrl, database), folder, today);
    for (const [name, file] of Object.entries(files)) {
      await duckdb.run(`CREATE TABLE ${name} AS SELECT * FROM read_csv('${file}', header = true)`);
    }
    const exportSeconds = (performance.now() - started) / 1000;
    const { lines, facts, rollups: rollupRows } = counts[0]!;
    console.log(
      `scale ${scale}${copies > 0 ? ` × ${copies + 1} (${copies} copies)` : ''}: ${lines.toLocaleString('en-US')} order lines, ${facts.toLocaleString('en-US')} sales fact rows; ` +
        `${isReused ? 'loaded before' : `demo load ${loadSeconds.toFixed(1)} s (rollup build included)`}, export to DuckDB ${exportSeconds.toFixed(1)} s; ` +
        `history to ${today}\n  rollup rows: ${rollupRows}`,
    );
    if (growth) console.log(growth);

    await measureTriggerCost(withDatabase(adminUrl, database));

    const { rows: east } = await db.query<{ id: number }>(
      `SELECT rl.region_id AS id FROM analytics_region_levels rl JOIN regions r ON r.id = rl.sales_region_id
        WHERE r.name_zh = '华东'`,
    );
    const eastIds = east.map((r) => r.id);
    const company: RequestContext = { ...systemContext('zh-CN'), roles: ['sales_director'] };
    const eastRep: RequestContext = {
      ...company,
      roles: ['sales_rep'],
      isCompanyWide: false,
      regionIds: eastIds,
    };

    console.log(
      `\n${runs} timed runs per question after 2 warm-ups; ms; PostgreSQL ${os.cpus().length} cores shared with DuckDB (${os.cpus().length} threads)`,
    );
    console.log(
      `  ${'dashboard / question'.padEnd(62)} ${'rollup p50'.padStart(10)} ${'p95'.padStart(6)} ${'raw p50'.padStart(8)} ${'p95'.padStart(6)} ${'DuckDB p50'.padStart(10)} ${'p95'.padStart(6)}  target: p50 ≤ ${TARGET_P50_MS} ms and ≤ DuckDB`,
    );
    for (const q of questions(today, eastIds)) {
      const ctx = q.scoped ? eastRep : company;
      // The answers must agree before their speed means anything.
      const [rolled, raw] = [
        await ask(db, ctx, q.query, 'auto', today),
        await ask(db, ctx, q.query, 'off', today),
      ];
      if (JSON.stringify(rolled) !== JSON.stringify(raw))
        throw new Error(`rollup and raw answers differ: ${q.name}`);
      checkAgainstDuckDb(q, rolled, (await duckdb.runAndReadAll(q.duckdb)).getRows());
      const withRollups = await time(runs, () => ask(db, ctx, q.query, 'auto', today));
      // BENCH_ANALYTICS_RAW_RUNS=0: the raw answer is read once, for the comparison above.
      const rawTimes =
        rawRuns > 0
          ? await time(rawRuns, () => ask(db, ctx, q.query, 'off', today))
          : { p50: Number.NaN, p95: Number.NaN };
      const duckTimes = await time(runs, () => duckdb.runAndReadAll(q.duckdb));
      const isMet = withRollups.p50 <= TARGET_P50_MS && withRollups.p50 <= duckTimes.p50;
      console.log(
        `  ${`${q.dashboard}: ${q.name}`.padEnd(62)} ${ms(withRollups.p50).padStart(10)} ${ms(withRollups.p95)} ` +
          `${ms(rawTimes.p50).padStart(8)} ${ms(rawTimes.p95)} ${ms(duckTimes.p50).padStart(10)} ${ms(duckTimes.p95)}  ` +
          `${isMet ? 'met' : 'NOT met'}${withRollups.p50 > TARGET_P50_MS ? ' (p50 > 300 ms)' : ''}${withRollups.p50 > duckTimes.p50 ? ' (slower than DuckDB)' : ''}`,
      );
    }
    console.log(
      `\nevery query of the analytics pages as a sales director, this year to date (rollups; ${runs} timed runs each; p50 ms):`,
    );
    for (const line of describePageTimings(await timeAnalyticsPages(db, company, today, runs), TARGET_P50_MS))
      console.log(line);
    console.log(
      `  targets apply at 10M order lines on 2 cores (e.g. BENCH_ANALYTICS_SCALE=10 BENCH_ANALYTICS_COPIES=21); this run: ${lines.toLocaleString('en-US')} lines`,
    );
  } finally {
    duckdb.closeSync();
    duck.closeSync();
    await db.end();
    if (kept === undefined) {
      const admin2 = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
      await admin2.connect();
      await admin2.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin2.end();
    }
  }
}

/**
 * DuckDB answered the same question: the column holding the first measure adds up to our total
 * (to the sum of the rows shown, for a top-N question).
 */
function checkAgainstDuckDb(q: Question, result: AnalyticsResult, rows: unknown[][]) {
  const first = result.measures[0]!.name;
  const duckSum = rows.reduce((sum, row) => sum + Number(row[q.duckdbColumn] ?? 0), 0);
  const ours = q.query.limit
    ? result.rows.reduce((sum, row) => sum + (row.values[first] ?? 0), 0)
    : (result.totals.values[first] ?? 0);
  if (duckSum !== ours) throw new Error(`DuckDB disagrees on ${q.name}: ${duckSum} vs ${ours}`);
}

export async function run(): Promise<void> {
  const scale = Number(process.env.BENCH_ANALYTICS_SCALE ?? 1);
  const copies = Number(process.env.BENCH_ANALYTICS_COPIES ?? 0);
  const runs = Number(process.env.BENCH_ANALYTICS_RUNS ?? 15);
  // Reads without rollups take seconds each at 10M lines: fewer timed runs keep the run short.
  const rawRuns = Number(process.env.BENCH_ANALYTICS_RAW_RUNS ?? runs);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-analytics-export-'));
  // The server writes the CSV files (server-side COPY), possibly as another OS user.
  fs.chmodSync(folder, 0o777);
  const { adminUrl, appUrl, stop } = await startBenchDatabase('analytics');
  try {
    await measure(adminUrl, appUrl, scale, copies, runs, rawRuns, folder);
  } finally {
    await stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run();
}
