/**
 * Multi-touch attribution at scale 10: every order of three years attributed under all five
 * models (revenue, gross profit, collected cash, after-sales cost), with ~20 touches per customer.
 * Target (issue #9): under 60 s, printed with the count of orders attributed.
 *
 * Builds a fresh embedded PostgreSQL in a temporary folder (fsync off: loading is not what is
 * measured), migrates it and generates the data set-based: 4,200 customers (the demo company's
 * count at scale 10), 60 campaigns, 20 touches per customer, 150,000 orders over three years,
 * each shipped and invoiced, 80 % paid, 1 % with a credit note and 1 % with an after-sales cost.
 * Then times what GET /api/attribution does: attributeOrders (the batches of set-based SQL and
 * the pure splitting), and the whole report.
 *
 * `npm run bench -- attribution`, or `npx tsx bench/attribution.bench.ts`.
 * ATTRIBUTION_BENCH_CUSTOMERS, _ORDERS and _TOUCHES_PER_CUSTOMER change the size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { getAttributionReport } from '../server/modules/marketing/attribution.service.ts';
import { attributeOrders } from '../server/modules/marketing/index.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import { createPool } from '../server/platform/db.ts';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';
import { migrate } from '../server/platform/migrate.ts';

const CUSTOMERS = Number(process.env.ATTRIBUTION_BENCH_CUSTOMERS ?? 4_200);
const ORDERS = Number(process.env.ATTRIBUTION_BENCH_ORDERS ?? 150_000);
const TOUCHES_PER_CUSTOMER = Number(process.env.ATTRIBUTION_BENCH_TOUCHES_PER_CUSTOMER ?? 20);
const CAMPAIGNS = 60;
const FIRST_DAY = '2023-07-01';
const DAYS = 1095;
const TARGET_SECONDS = 60;

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

async function generate(adminUrl: string): Promise<void> {
  const db = new pg.Client({ connectionString: adminUrl });
  await db.connect();
  try {
    await db.query(`SET session_replication_role = replica; SET maintenance_work_mem = '512MB'`);
    const touches = CUSTOMERS * TOUCHES_PER_CUSTOMER;
    await db.query(`
      INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
        (1, NULL, 'country', 'CN', '中国', 'China'), (2, 1, 'sales_region', 'EAST', '华东', 'East China');
      INSERT INTO customers (id, code, name, name_normalized, type, channel, region_id)
        SELECT g, 'C' || g, '医院' || g, '医院' || g, 'hospital', 'direct', 2 FROM generate_series(1, ${CUSTOMERS}) g;
      INSERT INTO campaigns (id, code, name, type, channel, starts_on, ends_on)
        SELECT g, 'CMP' || g, '活动' || g,
               (ARRAY['trade_show','academic_meeting','online_ad','distributor_promotion','email'])[1 + g % 5],
               (ARRAY['exhibition','academic','search','distributor','email'])[1 + g % 5],
               date '${FIRST_DAY}' + (g * 18) % ${DAYS}, date '${FIRST_DAY}' + (g * 18) % ${DAYS} + 30
          FROM generate_series(1, ${CAMPAIGNS}) g;
      INSERT INTO campaign_costs (campaign_id, cost_date, category, amount_fen)
        SELECT 1 + g % ${CAMPAIGNS}, date '${FIRST_DAY}' + (g * 7) % ${DAYS}, 'booth', 100000 + (g * 7919) % 5000000
          FROM generate_series(1, ${CAMPAIGNS * 12}) g;
      -- Touch n: customer 1 + n % CUSTOMERS, a pseudo-random day in the three years.
      INSERT INTO touches (lead_id, customer_id, campaign_id, kind, channel, touched_at, touch_date, touch_time)
        SELECT NULL, 1 + n % ${CUSTOMERS}, 1 + (n * 31) % ${CAMPAIGNS},
               (ARRAY['visit','form','attendance','call','sample'])[1 + n % 5],
               (ARRAY['exhibition','academic','search','distributor','email'])[1 + ((n * 31) % ${CAMPAIGNS}) % 5],
               (d + time '10:00') AT TIME ZONE 'Asia/Shanghai', d, '10:00:00'
          FROM generate_series(1, ${touches}) n,
               LATERAL (SELECT date '${FIRST_DAY}' + ((n::bigint * 7919) % ${DAYS})::int AS d) x;
      -- Order n: customer 1 + (n * 13) % CUSTOMERS, spread over the three years.
      INSERT INTO sales_orders (id, number, customer_id, region_id, exchange_rate, order_date, promised_date, status,
                                net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
        SELECT n, 'SO' || n, 1 + (n * 13) % ${CUSTOMERS}, 2, 1, d, d, 'delivered', a, 0, a, a, 0, a
          FROM generate_series(1, ${ORDERS}) n,
               LATERAL (SELECT date '${FIRST_DAY}' + ((n::bigint * 104729) % ${DAYS})::int AS d, 50000 + (n::bigint * 7919) % 5000000 AS a) x;
      INSERT INTO shipments (id, number, order_id, customer_id, region_id, status, promised_date, shipped_on)
        SELECT id, 'SH' || id, id, customer_id, region_id, 'delivered', order_date, order_date FROM sales_orders;
      INSERT INTO invoices (id, number, customer_id, region_id, shipment_id, order_id, currency, exchange_rate,
                            invoice_date, due_date, status, net_amount, tax_amount, gross_amount, net_cny_fen,
                            tax_cny_fen, gross_cny_fen, cost_cny_fen, paid_amount, open_amount, open_cny_fen)
        SELECT id, 'INV' || id, customer_id, region_id, id, id, 'CNY', 1, order_date, order_date + 60,
               CASE WHEN id % 5 = 0 THEN 'open' ELSE 'paid' END, net_cny_fen, 0, net_cny_fen, net_cny_fen, 0,
               net_cny_fen, net_cny_fen * 6 / 10, CASE WHEN id % 5 = 0 THEN 0 ELSE net_cny_fen END,
               CASE WHEN id % 5 = 0 THEN net_cny_fen ELSE 0 END, CASE WHEN id % 5 = 0 THEN net_cny_fen ELSE 0 END
          FROM sales_orders;
      INSERT INTO payments (id, number, customer_id, region_id, method, currency, exchange_rate, received_date,
                            reference, amount, amount_cny_fen, allocated_amount, unallocated_amount,
                            unallocated_cny_fen)
        SELECT id, 'PMT' || id, customer_id, region_id, 'bank_transfer', 'CNY', 1, invoice_date + 45, 'R', gross_amount,
               gross_amount, gross_amount, 0, 0
          FROM invoices WHERE id % 5 <> 0;
      INSERT INTO allocations (payment_id, invoice_id, customer_id, region_id, amount, source_cny_fen, invoice_cny_fen,
                               allocated_on)
        SELECT id, id, customer_id, region_id, gross_amount, gross_amount, gross_amount, invoice_date + 45
          FROM invoices WHERE id % 5 <> 0;
      INSERT INTO credit_notes (number, invoice_id, customer_id, region_id, kind, currency, exchange_rate, credit_date,
                                reason, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen,
                                applied_amount, open_amount, open_cny_fen)
        SELECT 'CN' || id, id, customer_id, region_id, 'adjustment', 'CNY', 1, invoice_date + 10, '价格调整',
               net_cny_fen / 10, 0, net_cny_fen / 10, net_cny_fen / 10, 0, net_cny_fen / 10, 0, net_cny_fen / 10,
               net_cny_fen / 10
          FROM invoices WHERE id % 100 = 7;
      INSERT INTO after_sales_costs (order_id, cost_date, kind, amount_fen)
        SELECT id, order_date + 20, 'service_ticket', 20000 FROM sales_orders WHERE id % 100 = 3;
      SELECT setval('customers_id_seq', ${CUSTOMERS}); SELECT setval('campaigns_id_seq', ${CAMPAIGNS});
      SELECT setval('sales_orders_id_seq', ${ORDERS}); SELECT setval('shipments_id_seq', ${ORDERS});
      SELECT setval('invoices_id_seq', ${ORDERS}); SELECT setval('payments_id_seq', ${ORDERS});`);
    await db.query('VACUUM ANALYZE');
  } finally {
    await db.end();
  }
}

export async function run(): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-attribution-'));
  fs.chmodSync(tempDir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: tempDir,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  try {
    let started = performance.now();
    await migrate(server.adminUrl);
    await generate(server.adminUrl);
    console.log(
      `  ${CUSTOMERS.toLocaleString('en')} customers, ${(CUSTOMERS * TOUCHES_PER_CUSTOMER).toLocaleString('en')} touches, ` +
        `${ORDERS.toLocaleString('en')} orders generated in ${seconds(started)} (${os.cpus().length} cores)`,
    );
    const db = createPool(server.appUrl, 10);
    try {
      const ctx = systemContext();
      const query = { from: FIRST_DAY, to: '2026-06-30' };
      const settings = { lookbackDays: 180, halfLifeDays: 7 };
      started = performance.now();
      const totals = await attributeOrders(db, ctx, query, settings);
      const attributionSeconds = (performance.now() - started) / 1000;
      console.log(
        `  attributed ${totals.attributed.toLocaleString('en')} of ${totals.orders.toLocaleString('en')} orders ` +
          `(${totals.unattributed.toLocaleString('en')} without touches in the window) under 5 models in ` +
          `${attributionSeconds.toFixed(1)} s`,
      );
      started = performance.now();
      const report = await getAttributionReport(db, ctx, query);
      const reportSeconds = (performance.now() - started) / 1000;
      console.log(
        `  the whole report (campaigns, channels, CAC, LTV) for ${report.orders.total.toLocaleString('en')} orders and ` +
          `${report.campaigns.length} campaigns in ${reportSeconds.toFixed(1)} s`,
      );
      console.log(
        `  target: all orders attributed in < ${TARGET_SECONDS} s → ${reportSeconds < TARGET_SECONDS ? 'met' : 'NOT met'}`,
      );
    } finally {
      await db.end();
    }
  } finally {
    await server.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}
