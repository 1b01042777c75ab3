import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../server/testing/test-db.ts';
import { parseDemoArgs, runDemoCommand } from './demo-command.ts';

const cli = path.resolve(import.meta.dirname, 'pulse.mjs');
let database: TestDatabase;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  return {
    out,
    err,
    progress,
    output: {
      out: (line: string) => out.push(line),
      err: (line: string) => err.push(line),
      progress: { isTTY: false, write: (text: string) => progress.push(text) },
    },
  };
}

async function count(table: string): Promise<number> {
  const { rows } = await database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('pulse demo', () => {
  it('loads the demo company into an empty database, with progress and a summary counted from the tables', async () => {
    const run = capture();
    // Two months of history: the three years are tested in demo/history.api.test.ts.
    const code = await runDemoCommand(
      database,
      { seed: 7, scale: 1, today: '2026-11-23', months: 2 },
      run.output,
    );
    expect(run.err).toEqual([]);
    expect(code).toBe(0);

    const customers = await count('customers');
    const products = await count('products');
    expect(customers).toBeGreaterThan(300);
    expect(products).toBeGreaterThan(300);
    expect(await count('users')).toBeGreaterThan(40);
    expect(await count('warehouses')).toBeGreaterThan(0);
    // A first start would have run the data-quality checks; so does the demo.
    expect(await count('data_quality_runs')).toBe(1);

    expect(run.progress[0]).toMatch(/^Loading demo \[-+\]\s+0% regions\n$/);
    expect(run.progress.at(-1)).toMatch(/^Loading demo \[#+\] 100% done\n$/);
    expect(run.out[0]).toMatch(/^Demo company loaded in [\d.]+ s \(seed 7, scale 1, today 2026-11-23\):$/);
    expect(run.out).toContainEqual(expect.stringMatching(new RegExp(`^  customers +${customers}$`)));
    expect(run.out).toContainEqual(expect.stringMatching(new RegExp(`^  products +${products}$`)));
    expect(run.out.at(-1)).toContain('Pulse-demo-2026');
  }, 120_000);

  it('refuses a database that already holds data, says why, and writes nothing', async () => {
    const before = await count('customers');
    const run = capture();
    const code = await runDemoCommand(database, { seed: 8 }, run.output);
    expect(code).toBe(1);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(
      /^The database already holds data \([\d,]+ users, [\d,]+ regions, [\d,]+ customers/,
    );
    expect(run.err[0]).toContain('empty database only, and wrote nothing');
    expect(run.progress).toEqual([]);
    expect(await count('customers')).toBe(before);
  });

  it('answers the same way from the command line: the message on stderr and exit code 1', () => {
    const result = spawnSync(process.execPath, [cli, 'demo', '--scale', '1'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: database.adminUrl },
      timeout: 60_000,
    });
    expect(result.stderr).toContain('The database already holds data');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
  });
});

describe('pulse demo arguments', () => {
  it('reads seed, scale, today and months, and explains a wrong one', () => {
    expect(parseDemoArgs(['--seed', '7', '--scale', '2', '--today', '2026-03-01', '--months', '12'])).toEqual(
      {
        ok: true,
        options: { seed: 7, scale: 2, today: '2026-03-01', months: 12 },
      },
    );
    expect(parseDemoArgs(['--months', '121'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--months must be a whole number from 0 to 120'),
    });
    expect(parseDemoArgs([])).toEqual({ ok: true, options: {} });
    expect(parseDemoArgs(['--seed', 'x'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--seed'),
    });
    expect(parseDemoArgs(['--scale', '0'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--scale'),
    });
    expect(parseDemoArgs(['--today', '2026-02-30'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('YYYY-MM-DD'),
    });
    expect(parseDemoArgs(['--colour', 'red'])).toMatchObject({ ok: false });
  });

  it('exits 2 with the reason for a bad argument, before touching any database', () => {
    const result = spawnSync(process.execPath, [cli, 'demo', '--today', 'tomorrow'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      timeout: 60_000,
    });
    expect(result.stderr).toContain('demo: --today must be a date as YYYY-MM-DD, not "tomorrow"');
    expect(result.status).toBe(2);
  });
});
