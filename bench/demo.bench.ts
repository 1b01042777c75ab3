/**
 * The demo company generator: the whole `loadDemoCompany` (master data and three years of
 * history) at scale 1 — what `npm start` loads on first start, target ≤ 25 s on 2 cores — and
 * at scale 10 (about a million order lines, target ≤ 2 minutes), with order lines per second,
 * and the time of each section with the CPU time Node and PostgreSQL (the database's backends
 * and their parallel workers) spent in it (wall time on a shared machine says little; CPU time
 * depends less on the neighbours, and shows which side a section waits on).
 *
 * Runs on its own embedded PostgreSQL (default, durable settings) in a temporary folder, or on
 * DATABASE_URL (creates scratch databases there). It loads as the application role, as first
 * start does (bulk mode, migration 0010). BENCH_DEMO_SCALES (default "1,10") picks the scales;
 * BENCH_DEMO_PER_ROW=1 also loads scale 1 with the per-row checks (bulk mode refused);
 * BENCH_DEMO_TABLES=1 also lists the 25 largest tables by rows (where the rows per order line go).
 *
 *   npm run bench -- demo        or        npx tsx --max-semi-space-size=64 bench/demo.bench.ts
 *
 * Run it with the young generation `npm start` has (the flag above; package.json's scripts):
 * the output says which one it ran with.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadDemoCompany } from '../demo/company.ts';
import { createPool } from '../server/platform/db.ts';
import { migrate } from '../server/platform/migrate.ts';
import { startBenchDatabase, withDatabase } from './bench-utils.ts';

/**
 * CPU seconds (user + system) PostgreSQL spent for `database`: its live backends, plus the
 * children its postmaster has reaped (the parallel workers that build indexes and check
 * references for a backend, and autovacuum: processes that end before a section does, whose
 * time /proc then keeps only in the postmaster's children total).
 */
function backendCpuSeconds(database: string): number {
  let total = 0;
  const postmasters = new Set<string>();
  const statFields = (pid: string) => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  };
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres:') || !cmd.includes(` ${database} `)) continue;
      const fields = statFields(pid);
      total += (Number(fields[11]) + Number(fields[12])) / 100;
      postmasters.add(fields[1]!);
    } catch {
      // The process ended meanwhile.
    }
  }
  for (const pid of postmasters) {
    try {
      const fields = statFields(pid);
      total += (Number(fields[13]) + Number(fields[14])) / 100;
    } catch {
      // Stopped meanwhile.
    }
  }
  return total;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The semi-space limit Node runs with (npm start sets 64 MB), as given on its command line. */
function youngGenerationSetting(): string {
  const flag = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].find((a) =>
    a.startsWith('--max-semi-space-size='),
  );
  return flag ? `semi-space up to ${flag.split('=')[1]} MB` : "V8's default semi-space";
}

async function loadOnce(adminUrl: string, appUrl: string, scale: number, perRow: boolean): Promise<void> {
  const database = `bench_demo_${scale}_${perRow ? 'rows' : 'bulk'}_${process.pid}`;
  const admin = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  await migrate(withDatabase(adminUrl, database));
  const db = createPool(withDatabase(appUrl, database), 2);
  if (perRow) {
    // As on a server whose migrations do not run as a superuser: bulk mode is refused.
    const owner = new pg.Client({ connectionString: withDatabase(adminUrl, database) });
    await owner.connect();
    const role = (await db.query<{ role: string }>('SELECT current_user AS role')).rows[0]!.role;
    await owner.query(`ALTER FUNCTION demo_enter_bulk_mode() OWNER TO "${role}"`);
    await owner.end();
  }
  // Per section: when it started, and the CPU seconds of Node and of PostgreSQL by then (which
  // side a section waits on tells what would make it faster).
  const sections: { name: string; started: number; nodeCpu: number; pgCpu: number }[] = [];
  const nodeCpuSeconds = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const cpuBefore = process.cpuUsage();
  const pgCpuBefore = backendCpuSeconds(database);
  const load = os.loadavg()[0]!;
  const started = performance.now();
  try {
    await loadDemoCompany(db, {
      seed: 2026,
      scale,
      onProgress: (step) => {
        const name = step.split(':').slice(0, 2).join(':');
        if (sections.at(-1)?.name !== name)
          sections.push({
            name,
            started: performance.now(),
            nodeCpu: nodeCpuSeconds(),
            pgCpu: backendCpuSeconds(database),
          });
      },
    });
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const pgCpu = backendCpuSeconds(database);
    const end = { started: started + elapsed, nodeCpu: nodeCpuSeconds(), pgCpu };
    const { rows } = await db.query<{ orders: number; lines: number }>(
      `SELECT (SELECT count(*)::int FROM sales_orders) AS orders, (SELECT count(*)::int FROM sales_order_lines) AS lines`,
    );
    const { rows: tables } = await db.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`,
    );
    // Table names from the catalogue. Exact rows per table: their sum is the load's size, the
    // largest show where the rows per order line go.
    const { rows: counts } = await db.query<{ name: string; n: number }>(
      tables.map((t) => `SELECT '${t.name}' AS name, count(*)::int AS n FROM ${t.name}`).join(' UNION ALL '),
    );
    counts.sort((a, b) => b.n - a.n);
    if (process.env.BENCH_DEMO_TABLES === '1')
      for (const c of counts.slice(0, 25))
        console.log(`    ${c.n.toLocaleString('en-US').padStart(12)}  ${c.name}`);
    const { orders, lines } = rows[0]!;
    console.log(
      `scale ${scale}${perRow ? ' (per-row checks)' : ' (bulk mode)'}: ${seconds(elapsed)} — ` +
        `${orders.toLocaleString('en-US')} orders, ${lines.toLocaleString('en-US')} order lines ` +
        `(${Math.round(lines / (elapsed / 1000)).toLocaleString('en-US')} order lines/s), ` +
        `${counts.reduce((sum, c) => sum + c.n, 0).toLocaleString('en-US')} rows in all`,
    );
    const nodeCpu = (cpu.user + cpu.system) / 1e6;
    const cores = os.cpus().length;
    console.log(
      `  CPU: node ${nodeCpu.toFixed(1)} s, PostgreSQL ${(pgCpu - pgCpuBefore).toFixed(1)} s; ` +
        `load average ${load.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} on ${cores} cores; ` +
        `young generation: ${youngGenerationSetting()}`,
    );
    // The CPU seconds spread over every core: no overlapping of Node's and PostgreSQL's work can
    // load faster than this, only doing less of it can.
    const floor = (nodeCpu + pgCpu - pgCpuBefore) / cores;
    console.log(
      `  all cores busy throughout would take ${seconds(floor * 1000)} (${Math.round((100 * floor * 1000) / elapsed)} % of the wall time)`,
    );
    const target = scale === 1 ? 25_000 : scale === 10 ? 120_000 : null;
    if (target !== null)
      console.log(`  target ≤ ${seconds(target)} → ${elapsed <= target ? 'met' : 'NOT met'}`);
    console.log('        wall      node CPU  PostgreSQL CPU');
    for (const [i, s] of sections.entries()) {
      const next = sections[i + 1] ?? end;
      if (next.started - s.started < 100) continue;
      console.log(
        `    ${seconds(next.started - s.started).padStart(8)}  ${`${(next.nodeCpu - s.nodeCpu).toFixed(1)} s`.padStart(8)}  ` +
          `${`${(next.pgCpu - s.pgCpu).toFixed(1)} s`.padStart(8)}  ${s.name}`,
      );
    }
  } finally {
    await db.end();
    const admin2 = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
    await admin2.connect();
    await admin2.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin2.end();
  }
}

export async function run(): Promise<void> {
  const scales = (process.env.BENCH_DEMO_SCALES ?? '1,10').split(',').map(Number);
  const { adminUrl, appUrl, stop } = await startBenchDatabase('demo');
  try {
    for (const scale of scales) await loadOnce(adminUrl, appUrl, scale, false);
    if (process.env.BENCH_DEMO_PER_ROW === '1') await loadOnce(adminUrl, appUrl, 1, true);
  } finally {
    await stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run();
}
