import pg from 'pg';
import { loadDemoCompany } from '../demo/company.ts';
import { rebuildRollups } from '../server/modules/analytics/rollups/rollups.refresh.ts';
import { createPool, withTransaction } from '../server/platform/db.ts';
import { migrate } from '../server/platform/migrate.ts';
import { startBenchDatabase, withDatabase } from './bench-utils.ts';

const scale = Number(process.env.SCALE ?? 3);
const bench = await startBenchDatabase('rollups');
try {
  const database = 'rollups_probe';
  const admin = new pg.Client({ connectionString: withDatabase(bench.adminUrl, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  await migrate(withDatabase(bench.adminUrl, database));
  const db = createPool(withDatabase(bench.appUrl, database), 2);
  let t = performance.now();
  await loadDemoCompany(db, { seed: 2026, scale, buildRollups: false });
  console.log(`load ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await db.query('ANALYZE');
  for (let round = 0; round < 2; round++) {
    await withTransaction(db, async (tx) => {
      const timed = {
        query: async (text: string, params?: unknown[]) => {
          const s = performance.now();
          const r = await tx.query(text, params as never);
          const ms = performance.now() - s;
          if (ms > 200) console.log(`${(ms / 1000).toFixed(2)} s  ${text.replace(/\s+/g, ' ').slice(0, 110)}`);
          return r;
        },
      };
      t = performance.now();
      await rebuildRollups(timed as never);
      console.log(`round ${round}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    });
  }
  if (process.env.KEEP) { console.log(bench.adminUrl); await new Promise(() => {}); }
  await db.end();
} finally {
  if (!process.env.KEEP) await bench.stop();
}
