import path from 'node:path';

/** Everything the server reads from its environment, in one place. */
export interface AppConfig {
  /** Server to use instead of the embedded one; when set, Pulse never starts PostgreSQL itself. */
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  /**
   * What an empty database gets on first start, with the admin user: the demo company with its
   * three years of history (default), the small sample set the tests use (`PULSE_DEMO=sample`),
   * or nothing (`PULSE_DEMO=0`).
   */
  demoData: DemoData;
  session: { idleMinutes: number; absoluteHours: number };
  throttle: { windowMinutes: number; maxFailuresPerAccount: number; maxFailuresPerIp: number };
  limits: { bodyBytes: number; maxPageSize: number; maxExportRows: number };
  /** Mark cookies Secure; set when the server sits behind TLS. */
  secureCookies: boolean;
  logLevel: string;
}

export type DemoData = 'company' | 'sample' | 'none';

function readDemoData(raw: string | undefined): DemoData {
  if (raw === '0') return 'none';
  if (raw === 'sample') return 'sample';
  if (raw === undefined || raw === '' || raw === '1' || raw === 'company') return 'company';
  throw new Error(`PULSE_DEMO must be 1 (the demo company), sample or 0, got "${raw}"`);
}

function readInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.PULSE_DATA_DIR || './data'),
    port: readInt(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    demoData: readDemoData(env.PULSE_DEMO),
    session: {
      idleMinutes: readInt(env, 'PULSE_SESSION_IDLE_MINUTES', 30),
      absoluteHours: readInt(env, 'PULSE_SESSION_ABSOLUTE_HOURS', 12),
    },
    throttle: {
      windowMinutes: readInt(env, 'PULSE_LOGIN_WINDOW_MINUTES', 15),
      maxFailuresPerAccount: readInt(env, 'PULSE_LOGIN_MAX_FAILURES_ACCOUNT', 5),
      maxFailuresPerIp: readInt(env, 'PULSE_LOGIN_MAX_FAILURES_IP', 30),
    },
    limits: {
      bodyBytes: readInt(env, 'PULSE_BODY_LIMIT_BYTES', 1024 * 1024),
      maxPageSize: readInt(env, 'PULSE_MAX_PAGE_SIZE', 500),
      maxExportRows: readInt(env, 'PULSE_MAX_EXPORT_ROWS', 200_000),
    },
    secureCookies: env.PULSE_SECURE_COOKIES === '1',
    // Request logs are at 'info'; the console stays quiet unless asked.
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'warn'),
  };
}
