/**
 * Starts one real PostgreSQL for the whole test run (embedded, or the DATABASE_URL server),
 * and prepares a migrated template database that each test file clones in milliseconds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { APP_ROLE, startEmbeddedPostgres } from '../platform/embedded-postgres.ts';
import { migrate } from '../platform/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser (or DATABASE_URL) connection string; the database name is replaced per test. */
    pgAdminUrl: string;
    /** The application role's connection string, when the server has one (embedded); else the admin URL. */
    pgAppUrl: string;
    pgTemplate: string;
  }
}

export const TEMPLATE = 'pulse_test_template';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let appUrl: string;
  let stop = async () => {};
  let tempDir: string | undefined;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
    appUrl = adminUrl;
  } else {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-test-'));
    fs.chmodSync(tempDir, 0o755);
    const server = await startEmbeddedPostgres({
      dataDir: tempDir,
      // Durability is not what these tests are about; speed is welcome.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
    adminUrl = server.adminUrl;
    appUrl = server.appUrl;
    stop = server.stop;
  }

  const admin = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  await migrate(withDatabase(adminUrl, TEMPLATE));

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgAppUrl', appUrl);
  project.provide('pgTemplate', TEMPLATE);
  void APP_ROLE;

  return async () => {
    await stop();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  };
}
