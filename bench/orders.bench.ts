/**
 * Order throughput: confirmed sales orders per second through the full HTTP path (session
 * auth, zod validation, Idempotency-Key, price resolution, compliance, FEFO allocation with
 * locked stock rows, order number, audit chain, outbox event) with 16 concurrent clients,
 * with p50/p99 latency, spread over 64 customers — next to the rate of a bare one-row INSERT transaction on the same
 * server with the same concurrency (the ceiling any transactional write can reach).
 * Targets: ≥ 300 orders/s and p99 ≤ 100 ms on 2 cores.
 *
 * Runs on its own embedded PostgreSQL (default, durable settings) in a temporary folder, or on
 * DATABASE_URL (a scratch database: it migrates and seeds it). BENCH_ORDERS_SECONDS sets the
 * measured duration (default 15), BENCH_ORDERS_CLIENTS the concurrency (default 16).
 *
 *   npm run bench -- orders        or        npx tsx bench/orders.bench.ts
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { createUser } from '../server/modules/users/index.ts';
import { recordAudit } from '../server/platform/audit.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import { readConfig } from '../server/platform/config.ts';
import { createPool, type Db } from '../server/platform/db.ts';
import { OutboxDispatcher } from '../server/platform/events.ts';
import { JobRunner } from '../server/platform/jobs.ts';
import { createLogger } from '../server/platform/logger.ts';
import { migrate } from '../server/platform/migrate.ts';
import { percentile, postJson, startBenchDatabase } from './bench-utils.ts';

const PRODUCTS = 50;
/**
 * Orders are spread over this many customers: the credit check locks a customer's exposure for
 * the length of a confirmation, so one customer's orders are confirmed one after another.
 */
const CUSTOMERS = 64;
const PASSWORD = 'bench password 123';

interface Result {
  label: string;
  count: number;
  failures: number;
  seconds: number;
  latencies: number[];
}

/** Runs `clients` loops of `once` for `seconds` (after a warm-up) and times every call. */
async function drive(
  label: string,
  clients: number,
  seconds: number,
  once: () => Promise<boolean>,
): Promise<Result> {
  const warmUntil = performance.now() + 2_000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < warmUntil) await once();
    }),
  );
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const stopAt = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < stopAt) {
        const t = performance.now();
        const ok = await once();
        latencies.push(performance.now() - t);
        if (!ok) failures++;
      }
    }),
  );
  return {
    label,
    count: latencies.length,
    failures,
    seconds: (performance.now() - started) / 1000,
    latencies,
  };
}

async function seed(db: Db): Promise<{ customerIds: number[]; productIds: number[] }> {
  await db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'), (2, 1, 'sales_region', 'EAST', '华东', 'East China'),
      (4, 2, 'province', 'SH', '上海', 'Shanghai');
    SELECT setval('regions_id_seq', 10);
    INSERT INTO product_lines (id, code, name_zh, name_en) VALUES (1, 'BENCH', '基准', 'Bench');
    INSERT INTO warehouses (id, code, name, region_id) VALUES (1, 'WH-B', '基准仓', 4);`);
  const customers = await db.query<{ id: number }>(
    `INSERT INTO customers (code, name, name_normalized, type, channel, region_id)
     SELECT 'H-BENCH-' || i, '基准医院' || i, '基准医院' || i, 'hospital', 'direct', 4
       FROM generate_series(1, ${CUSTOMERS}) AS i RETURNING id`,
  );
  const customerIds = customers.rows.map((r) => r.id);
  await db.query(
    `INSERT INTO customer_qualifications (customer_id, type, number, valid_from, valid_until)
     SELECT id, 'medical_institution_licence', 'PDY-' || code, '2020-01-01', '2099-12-31' FROM customers`,
  );
  const products = await db.query<{ id: number }>(
    `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                           standard_cost_fen, list_price_fen, floor_price_fen)
     SELECT 'B-' || i, '导管 ' || i, 'Catheter ' || i, '7F', 1, '根', '国械注准20192140001', 2, 1000, 9999, 5000
       FROM generate_series(1, ${PRODUCTS}) AS i RETURNING id`,
  );
  const productIds = products.rows.map((r) => r.id);
  // Three lots per product, plenty of stock; received through the ledger's own tables.
  await db.query(`
    INSERT INTO lots (product_id, lot_number, expiry_date, status, unit_cost_fen, first_received_on)
    SELECT p.id, 'L' || n, DATE '2028-01-01' + n * 90, 'released', 1000, DATE '2026-01-05'
      FROM products p, generate_series(1, 3) AS n;
    INSERT INTO stock_moves (business_date, warehouse_id, product_id, lot_id, kind, quantity)
    SELECT DATE '2026-01-05', 1, product_id, id, 'receipt', 1000000 FROM lots;
    INSERT INTO stock_balances (warehouse_id, product_id, lot_id, on_hand)
    SELECT 1, product_id, id, 1000000 FROM lots;`);
  await createUser(db, systemContext(), {
    username: 'bench',
    displayName: 'Bench',
    password: PASSWORD,
    roles: ['sales_director'],
    regionIds: [],
    distributorId: null,
    managerId: null,
    email: null,
    phone: null,
    language: null,
  });
  return { customerIds, productIds };
}

/** CPU seconds used so far by all postgres processes (Linux /proc; 0 elsewhere). */
function postgresCpuSeconds(): number {
  let ticks = 0;
  try {
    for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (!stat.includes('(postgres)')) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return 0;
  }
  return ticks / 100;
}

function report(results: Result[], clients: number) {
  console.log(`\n${clients} concurrent clients`);
  console.log('  what                                   rate/s     p50 ms   p99 ms   count   failed');
  for (const r of results) {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    console.log(
      `  ${r.label.padEnd(36)} ${(r.count / r.seconds).toFixed(0).padStart(8)} ${percentile(sorted, 50).toFixed(1).padStart(8)} ` +
        `${percentile(sorted, 99).toFixed(1).padStart(8)} ${String(r.count).padStart(7)} ${String(r.failures).padStart(8)}`,
    );
  }
  const orders = results[results.length - 1]!;
  const sorted = [...orders.latencies].sort((a, b) => a - b);
  const rate = orders.count / orders.seconds;
  const p99 = percentile(sorted, 99);
  console.log(
    `  targets: ≥ 300 orders/s → ${rate >= 300 ? 'met' : 'NOT met'}; p99 ≤ 100 ms → ${p99 <= 100 ? 'met' : 'NOT met'}; ` +
      `orders run at ${((rate / (results[0]!.count / results[0]!.seconds)) * 100).toFixed(0)} % of the bare insert rate`,
  );
}

export async function run(): Promise<void> {
  const seconds = Number(process.env.BENCH_ORDERS_SECONDS ?? 15);
  const clients = Number(process.env.BENCH_ORDERS_CLIENTS ?? 16);
  const { adminUrl, appUrl, stop } = await startBenchDatabase('orders');
  const logger = createLogger('silent');
  // Pool size as the server uses it (server/start.ts).
  const db = createPool(appUrl, 20);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  try {
    await migrate(adminUrl);
    const { customerIds, productIds } = await seed(db);
    const config = { ...readConfig({ NODE_ENV: 'production' }), logLevel: 'silent' };
    const app = await buildApp({
      db,
      config,
      logger,
      events: new OutboxDispatcher(db, logger),
      jobs: new JobRunner(db, logger),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const login = await postJson(
      agent,
      `${base}/api/auth/login`,
      { username: 'bench', password: PASSWORD },
      {},
    );
    const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
    const { rows } = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    console.log(
      `PostgreSQL ${rows[0]!.v} (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded, default settings'}); ` +
        `${os.cpus().length} CPUs; Node ${process.version}; ${seconds} s per measurement after a 2 s warm-up`,
    );

    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE TABLE bench_rows (id bigserial PRIMARY KEY, v integer NOT NULL);
                       GRANT ALL ON bench_rows, bench_rows_id_seq TO PUBLIC`);
    await admin.end();
    const bare = await drive('bare one-row INSERT transaction', clients, seconds, async () => {
      const client = await db.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO bench_rows (v) VALUES ($1)', [1]);
        await client.query('COMMIT');
        return true;
      } finally {
        client.release();
      }
    });

    // The same with one audit entry: appends to the hash chain are serialised until commit.
    const audited = await drive('one-row INSERT + audit entry', clients, seconds, async () => {
      const client = await db.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO bench_rows (v) VALUES ($1)', [2]);
        await recordAudit(client, systemContext(), {
          action: 'create',
          entity: 'bench_row',
          after: { v: 2 },
        });
        await client.query('COMMIT');
        return true;
      } finally {
        client.release();
      }
    });

    // BENCH_ORDERS_WAITS=1: sample what the database sessions wait for during the order run.
    const waits = new Map<string, number>();
    let sampling = process.env.BENCH_ORDERS_WAITS === '1';
    const sampler = (async () => {
      const probe = new pg.Client({ connectionString: adminUrl });
      if (!sampling) return;
      await probe.connect();
      while (sampling) {
        const { rows } = await probe.query<{ wait: string; n: number }>(
          `SELECT coalesce(wait_event_type || ':' || wait_event, state) AS wait, count(*)::int AS n
             FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
              AND state <> 'idle' GROUP BY 1`,
        );
        for (const r of rows) waits.set(r.wait, (waits.get(r.wait) ?? 0) + r.n);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await probe.end();
    })();

    let sequence = 0;
    const nodeCpu = process.cpuUsage();
    const postgresCpu = postgresCpuSeconds();
    const statuses = new Map<number, number>();
    const orders = await drive('confirmed order via HTTP (1 line)', clients, seconds, async () => {
      const n = sequence++;
      const response = await postJson(
        agent,
        `${base}/api/orders`,
        {
          customerId: customerIds[n % customerIds.length],
          confirm: true,
          lines: [{ productId: productIds[(n * 7919) % productIds.length]!, quantity: 1 + (n % 3) }],
        },
        { cookie, 'idempotency-key': `bench-${n}` },
      );
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      return response.status === 201;
    });
    const cpu = process.cpuUsage(nodeCpu);
    if (process.env.BENCH_ORDERS_WAITS === '1') {
      const wall = orders.seconds + 2;
      console.log(
        `  CPU during the order run: Node ${((cpu.user + cpu.system) / 1e6 / wall).toFixed(2)} cores, ` +
          `PostgreSQL ${((postgresCpuSeconds() - postgresCpu) / wall).toFixed(2)} cores`,
      );
    }
    sampling = false;
    await sampler;
    report([bare, audited, orders], clients);
    if (waits.size > 0) {
      const total = [...waits.values()].reduce((a, b) => a + b, 0);
      console.log('  database sessions during the order run (share of samples):');
      for (const [wait, n] of [...waits].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
        console.log(`    ${((n / total) * 100).toFixed(1).padStart(5)} %  ${wait}`);
      }
    }
    if ([...statuses.keys()].some((s) => s !== 201)) console.log('  statuses:', Object.fromEntries(statuses));
    await app.close();
  } finally {
    agent.destroy();
    await db.end().catch(() => {});
    await stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run();
}
