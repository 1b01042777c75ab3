/**
 * What browser journeys need: the real Pulse server on a throw-away database, a headless
 * Chromium, and screenshots a person can look at after the run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type DemoData, readConfig } from '../server/platform/config.ts';
import { startPulse } from '../server/start.ts';
import { createTestDatabase } from '../server/testing/test-db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const screenshotDir = path.join(root, 'test-output', 'e2e');

export interface E2eServer {
  /** Base address of the running server, without a trailing slash. */
  url: string;
  /** The server's database (superuser), for a journey's set-up that no screen offers yet. */
  databaseUrl: string;
  close(): Promise<void>;
}

/** The server only serves the web app when its build exists at start, so build it first if missing. */
function ensureWebBuild(): void {
  if (fs.existsSync(path.join(root, 'web', 'dist', 'index.html'))) return;
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-web-build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`building the web app failed (exit code ${result.status})`);
}

/**
 * Starts the real server (migrations, first-start admin) on a fresh database of its own. The
 * first start loads the small sample set unless a journey asks for the whole demo company.
 */
export async function startE2eServer(options: { demoData?: DemoData } = {}): Promise<E2eServer> {
  ensureWebBuild();
  const database = await createTestDatabase();
  try {
    // An explicit environment, so a DATABASE_URL or PORT of the developer's shell cannot leak in.
    const config = {
      ...readConfig({ NODE_ENV: 'test' }),
      databaseUrl: database.adminUrl,
      port: 0,
      host: '127.0.0.1',
      demoData: options.demoData ?? 'sample',
      logLevel: 'silent',
    };
    const pulse = await startPulse(config, { background: false, print: () => {} });
    // startPulse names the host "localhost"; use the address it really listens on so the
    // browser does not first try ::1 and depend on the fallback.
    const address = new URL(pulse.url);
    address.hostname = config.host;
    return {
      url: address.origin,
      databaseUrl: database.adminUrl,
      close: async () => {
        try {
          await pulse.close();
        } finally {
          await database.drop();
        }
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** Headless Chromium; the networking flags are needed here, or its connections are refused. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Saves test-output/e2e/<name>.png (full page) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(screenshotDir, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
