/**
 * Small helpers the benchmarks share: the database to run on, percentiles, a keep-alive JSON
 * POST, database URLs.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';

export interface BenchDatabase {
  adminUrl: string;
  appUrl: string;
  /** Stops the embedded server and removes its folder (nothing for DATABASE_URL). */
  stop: () => Promise<void>;
}

/**
 * DATABASE_URL when set (a scratch database: the benchmark migrates and seeds it), else an
 * embedded PostgreSQL with default, durable settings in a temporary folder named after `name`.
 *
 * For finding where the embedded server's time goes, two variables change it:
 * BENCH_PG_SETTINGS, a JSON object of server settings (for example
 * '{"shared_preload_libraries":"auto_explain","auto_explain.log_min_duration":"100",
 * "auto_explain.log_nested_statements":"on"}' logs the plans of slow statements, those inside
 * functions and triggers too), and BENCH_PG_LOG, a file the server's log is appended to.
 */
export async function startBenchDatabase(name: string): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    return { adminUrl: url, appUrl: url, stop: async () => {} };
  }
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), `pulse-bench-${name}-`));
  fs.chmodSync(tempDir, 0o755);
  const logFile = process.env.BENCH_PG_LOG;
  const server = await startEmbeddedPostgres({
    dataDir: tempDir,
    settings: serverSettings(process.env.BENCH_PG_SETTINGS),
    onLog: logFile ? (text) => fs.appendFileSync(logFile, text) : undefined,
  });
  return {
    adminUrl: server.adminUrl,
    appUrl: server.appUrl,
    stop: async () => {
      await server.stop();
      fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/** BENCH_PG_SETTINGS read: a JSON object whose values are strings (or numbers), else an error. */
function serverSettings(json: string | undefined): Record<string, string> | undefined {
  if (!json) return undefined;
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('BENCH_PG_SETTINGS must be a JSON object of server settings');
  }
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new Error(`BENCH_PG_SETTINGS: ${name} must be a string or a number`);
    }
    settings[name] = String(value);
  }
  return settings;
}

/** The p-th percentile (nearest rank) of ascending `sorted`; NaN when there is nothing. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `url` pointing at another database of the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export interface PostResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** POSTs `body` as JSON over `agent` (keep-alive, so the measurement is not about connecting). */
export function postJson(
  agent: http.Agent,
  url: string,
  body: object,
  headers: Record<string, string>,
): Promise<PostResponse> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Times `runs` calls of `once` after two warm-up calls: median and 95th percentile, ms. */
export async function timeRuns(
  runs: number,
  once: () => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 2; i++) await once();
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await once();
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}
