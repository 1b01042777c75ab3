/**
 * Credit: how long rating every customer takes at scale 10 (≈ 3,000 customers; 250,000 orders
 * over three years with their shipments, invoices, payments and allocations — the tables the
 * credit queries read; order lines are not generated because no credit query reads them), and
 * the latency of the order-time credit decision:
 *
 * - the hook alone (lock the profile, read the exposure, decide, record), one call at a time
 *   in a transaction that is rolled back, over random customers;
 * - the hook inside real order confirmations through HTTP over many customers (the time spent
 *   in the hook, lock waits included), with 4 and with 16 concurrent clients: at 16 the server
 *   is saturated and the time includes waiting for the busy event loop between round trips.
 *
 * Targets: rating all < 30 s; decision p99 ≤ 10 ms.
 *
 *   npm run bench -- credit        or        npx tsx bench/credit.bench.ts
 * BENCH_CREDIT_CUSTOMERS (default 3000), BENCH_CREDIT_ORDERS (default 250000), BENCH_CREDIT_SECONDS (default 10),
 * BENCH_CREDIT_CLIENTS (default "4,16").
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/app.ts';
import { rateAllCustomers } from '../server/modules/credit/index.ts';
import { createUser } from '../server/modules/users/index.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import { readConfig } from '../server/platform/config.ts';
import { createPool, type Db } from '../server/platform/db.ts';
import { OutboxDispatcher } from '../server/platform/events.ts';
import { JobRunner } from '../server/platform/jobs.ts';
import { createLogger } from '../server/platform/logger.ts';
import { migrate } from '../server/platform/migrate.ts';
import { percentile, postJson, startBenchDatabase } from './bench-utils.ts';

const PASSWORD = 'bench password 123';

function summary(label: string, latencies: number[]): { p50: number; p99: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  console.log(
    `  ${label.padEnd(52)} p50 ${p50.toFixed(2).padStart(7)} ms   p99 ${p99.toFixed(2).padStart(7)} ms   n ${latencies.length}`,
  );
  return { p50, p99 };
}

/** Scale-10 history in set-based SQL; ids are chosen so that rows refer to each other by number. */
export async function seed(db: Db, customers: number, orders: number): Promise<void> {
  await db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'), (2, 1, 'sales_region', 'EAST', '华东', 'East China'),
      (4, 2, 'province', 'SH', '上海', 'Shanghai');
    SELECT setval('regions_id_seq', 10);
    INSERT INTO product_lines (id, code, name_zh, name_en) VALUES (1, 'BENCH', '基准', 'Bench');
    INSERT INTO warehouses (id, code, name, region_id) VALUES (1, 'WH-B', '基准仓', 4);`);
  await db.query(
    `INSERT INTO customers (id, code, name, name_normalized, type, channel, region_id, payment_terms_days)
     SELECT g, 'H-' || g, '医院' || g, '医院' || g, 'hospital', 'direct', 4, (ARRAY[30, 60, 90])[1 + g % 3]
       FROM generate_series(1, $1::int) g`,
    [customers],
  );
  await db.query(`SELECT setval('customers_id_seq', $1::bigint)`, [customers]);
  await db.query(
    `INSERT INTO customer_qualifications (customer_id, type, number, valid_from, valid_until)
     SELECT g, 'medical_institution_licence', 'PDY-' || g, DATE '2020-01-01',
            CASE WHEN g % 50 = 0 THEN current_date - 5 WHEN g % 40 = 0 THEN current_date + 20 ELSE DATE '2035-12-31' END
       FROM generate_series(1, $1::int) g`,
    [customers],
  );
  // Orders over the last three years; those older than 20 days are delivered and invoiced, 90 % paid
  // (a quarter of those late), the rest open.
  await db.query(
    `INSERT INTO sales_orders (id, number, customer_id, region_id, currency, exchange_rate, order_date, promised_date,
                               status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
     SELECT g, 'SO-B-' || g, 1 + g % $2::int, 4, 'CNY', 1, d, d, CASE WHEN d < current_date - 20 THEN 'delivered' ELSE 'allocated' END,
            a, 0, a, a, 0, a
       FROM generate_series(1, $1::bigint) g,
            LATERAL (SELECT current_date - (g * 7919 % 1095)::int AS d, ((g * 104729) % 50000 + 100)::bigint * 100 AS a) x`,
    [orders, customers],
  );
  await db.query(`SELECT setval('sales_orders_id_seq', $1::bigint)`, [orders]);
  await db.query(
    `INSERT INTO shipments (id, number, order_id, customer_id, region_id, status, promised_date, shipped_on)
     SELECT id, 'SH-B-' || id, id, customer_id, 4, 'delivered', order_date, order_date FROM sales_orders WHERE status = 'delivered';
     SELECT setval('shipments_id_seq', (SELECT max(id) FROM shipments));
     INSERT INTO invoices (id, number, customer_id, region_id, shipment_id, order_id, currency, exchange_rate,
                           invoice_date, due_date, status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen,
                           gross_cny_fen, cost_cny_fen, paid_amount, open_amount, open_cny_fen)
     SELECT o.id, 'INV-B-' || o.id, o.customer_id, 4, o.id, o.id, 'CNY', 1, o.order_date + 2, o.order_date + 62,
            CASE WHEN o.id % 10 = 0 THEN 'open' ELSE 'paid' END, o.gross_amount, 0, o.gross_amount, o.gross_amount, 0,
            o.gross_amount, 0, CASE WHEN o.id % 10 = 0 THEN 0 ELSE o.gross_amount END,
            CASE WHEN o.id % 10 = 0 THEN o.gross_amount ELSE 0 END, CASE WHEN o.id % 10 = 0 THEN o.gross_amount ELSE 0 END
       FROM sales_orders o WHERE o.status = 'delivered';
     SELECT setval('invoices_id_seq', (SELECT max(id) FROM invoices));
     INSERT INTO payments (id, number, customer_id, region_id, method, currency, exchange_rate, received_date, reference,
                           amount, amount_cny_fen, allocated_amount, unallocated_amount, unallocated_cny_fen)
     SELECT i.id, 'PAY-B-' || i.id, i.customer_id, 4, 'bank_transfer', 'CNY', 1,
            least(current_date, i.due_date + CASE WHEN i.id % 4 = 0 THEN 25 ELSE -5 END), 'ref',
            i.gross_amount, i.gross_amount, i.gross_amount, 0, 0
       FROM invoices i WHERE i.status = 'paid';
     SELECT setval('payments_id_seq', (SELECT max(id) FROM payments));
     INSERT INTO allocations (payment_id, invoice_id, customer_id, region_id, amount, source_cny_fen, invoice_cny_fen,
                              allocated_on)
     SELECT p.id, p.id, p.customer_id, 4, p.amount, p.amount, p.amount, p.received_date FROM payments p;
     ANALYZE;`,
  );
  // Stock for the HTTP part: one product with plenty of units.
  await db.query(`
    INSERT INTO products (id, sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                          standard_cost_fen, list_price_fen)
    VALUES (1, 'B-1', '导管', 'Catheter', '7F', 1, '根', '国械注准20192140001', 2, 1000, 9999);
    SELECT setval('products_id_seq', 10);
    INSERT INTO lots (product_id, lot_number, expiry_date, status, unit_cost_fen, first_received_on)
    VALUES (1, 'L1', DATE '2030-01-01', 'released', 1000, DATE '2026-01-05');
    INSERT INTO stock_moves (business_date, warehouse_id, product_id, lot_id, kind, quantity)
    SELECT DATE '2026-01-05', 1, 1, id, 'receipt', 100000000 FROM lots;
    INSERT INTO stock_balances (warehouse_id, product_id, lot_id, on_hand) SELECT 1, 1, id, 100000000 FROM lots;`);
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
}

export async function run(): Promise<void> {
  const customers = Number(process.env.BENCH_CREDIT_CUSTOMERS ?? 3000);
  const orders = Number(process.env.BENCH_CREDIT_ORDERS ?? 250_000);
  const seconds = Number(process.env.BENCH_CREDIT_SECONDS ?? 10);
  const clientCounts = (process.env.BENCH_CREDIT_CLIENTS ?? '4,16').split(',').map(Number);
  const { adminUrl, appUrl, stop } = await startBenchDatabase('credit');
  const logger = createLogger('silent');
  const db = createPool(appUrl, 20);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  try {
    await migrate(adminUrl);
    let t = performance.now();
    await seed(db, customers, orders);
    const counts = (
      await db.query<{ orders: number; invoices: number; allocations: number }>(
        `SELECT (SELECT count(*) FROM sales_orders)::int AS orders, (SELECT count(*) FROM invoices)::int AS invoices,
                (SELECT count(*) FROM allocations)::int AS allocations`,
      )
    ).rows[0]!;
    console.log(
      `${customers} customers, ${counts.orders} orders, ${counts.invoices} invoices, ${counts.allocations} allocations ` +
        `(seeded in ${((performance.now() - t) / 1000).toFixed(1)} s); ${os.cpus().length} CPUs; Node ${process.version}`,
    );

    const config = { ...readConfig({ NODE_ENV: 'production' }), logLevel: 'silent' };
    const app = await buildApp({
      db,
      config,
      logger,
      events: new OutboxDispatcher(db, logger),
      jobs: new JobRunner(db, logger),
    });
    await app.ready();

    t = performance.now();
    const first = await rateAllCustomers(db, { trigger: 'scheduled' });
    const firstSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const again = await rateAllCustomers(db, { trigger: 'scheduled' });
    const againSeconds = (performance.now() - t) / 1000;
    console.log(
      `  rating all customers: first run (creates profiles) ${firstSeconds.toFixed(1)} s for ${first.rated}; ` +
        `monthly re-run ${againSeconds.toFixed(1)} s for ${again.rated} → target < 30 s ${Math.max(firstSeconds, againSeconds) < 30 ? 'met' : 'NOT met'}`,
    );
    const grades = await db.query<{ grade: string; n: number }>(
      'SELECT grade, count(*)::int AS n FROM credit_profiles GROUP BY grade ORDER BY grade',
    );
    console.log(`  grades: ${grades.rows.map((r) => `${r.grade} ${r.n}`).join(', ')}`);

    // The hook alone, one call at a time, in a transaction rolled back afterwards.
    const hook = app.salesHooks.credit;
    const ctx = { ...systemContext('en'), userId: 0 };
    const alone: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const customerId = 1 + ((i * 7919) % customers);
      const client = await db.connect();
      try {
        await client.query('BEGIN');
        const started = performance.now();
        await hook.checkOrder(client, ctx, {
          id: null,
          customerId,
          regionId: 4,
          currency: 'CNY',
          orderDate: '2026-01-01',
          netCnyFen: 100_000,
          grossCnyFen: 100_000,
          lines: [],
        });
        if (i >= 200) alone.push(performance.now() - started);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
    }
    const aloneStats = summary('credit decision (hook alone, sequential)', alone);

    // Inside real confirmations: time spent in the hook, over all customers, at each concurrency.
    let measuring: { all: number[]; approved: number[] } = { all: [], approved: [] };
    app.salesHooks.credit = {
      checkOrder: async (tx, c, order) => {
        const started = performance.now();
        const decision = await hook.checkOrder(tx, c, order);
        const elapsed = performance.now() - started;
        measuring.all.push(elapsed);
        if (decision.decision === 'approve') measuring.approved.push(elapsed);
        return decision;
      },
    };
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
    let n = 0;
    const inOrderP99 = new Map<number, number>();
    for (const clients of clientCounts) {
      measuring = { all: [], approved: [] };
      const statuses = new Map<number, number>();
      const started = performance.now();
      const stopAt = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < stopAt) {
            const k = n++;
            const response = await postJson(
              agent,
              `${base}/api/orders`,
              {
                customerId: 1 + ((k * 104729) % customers),
                confirm: true,
                lines: [{ productId: 1, quantity: 1 }],
              },
              { cookie },
            );
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          }
        }),
      );
      const rate = measuring.all.length / ((performance.now() - started) / 1000);
      const stats = summary(
        `credit decision inside HTTP order confirmation (${clients} clients, ${rate.toFixed(0)} orders/s)`,
        measuring.all,
      );
      summary('  … of which approved automatically', measuring.approved);
      console.log(
        `  order statuses: ${JSON.stringify(Object.fromEntries(statuses))} (422: credit refused or approval needed)`,
      );
      inOrderP99.set(clients, stats.p99);
    }
    for (const [clients, p99] of inOrderP99) {
      console.log(
        `  target p99 ≤ 10 ms with ${clients} clients → ${Math.max(aloneStats.p99, p99) <= 10 ? 'met' : 'NOT met'} ` +
          `(alone ${aloneStats.p99.toFixed(2)} ms, in orders ${p99.toFixed(2)} ms)`,
      );
    }
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
