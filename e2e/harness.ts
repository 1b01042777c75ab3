/**
 * What browser journeys need: the real Pulse server on a throw-away database, a headless
 * Chromium, and screenshots a person can look at after the run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type DemoData, readConfig } from '../server/platform/config.ts';
import { startPulse } from '../server/start.ts';
import { createTestDatabase } from '../server/testing/test-db.ts';
import { signInContext } from './api-fixtures.ts';

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

/**
 * A browser context for a journey on `server` (its address as the base URL), with 15 s for any
 * wait, and the system setting for less motion, which the app honours (web/src/shared/motion.ts)
 * by opening drawers, menus and charts without animating them: a journey does not wait out each
 * animation. `options` may ask for more, or for motion (auth.spec keeps the animated screens).
 */
export async function newJourneyContext(
  browser: Browser,
  server: E2eServer,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ reducedMotion: 'reduce', baseURL: server.url, ...options });
  context.setDefaultTimeout(15_000);
  return context;
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

/**
 * One server and one browser for a file's journeys, and a fresh browser context per journey,
 * signed in through the API (signing in is auth.spec's journey) and opened on a page. Registers
 * the file's set-up and tear-down hooks; call it at the top level of a spec.
 */
export function journeysOnOneServer(options: { demoData?: DemoData } = {}) {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const closeContext = async () => {
    await context?.close();
    context = undefined;
  };
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(options), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 30_000);
  afterEach(closeContext);
  return {
    /** `path` in a new context signed in as `username` (the previous context of the journey closes). */
    async open(username: string, path: string, contextOptions: BrowserContextOptions = {}): Promise<Page> {
      if (!browser || !server) throw new Error('the server or the browser did not start');
      await closeContext();
      context = await newJourneyContext(browser, server, {
        viewport: { width: 1400, height: 900 },
        ...contextOptions,
      });
      await signInContext(context, server.url, username);
      const page = await context.newPage();
      await page.goto(path);
      return page;
    },
  };
}

/**
 * The Select dropdown that is open now. A dropdown that was just closed stays visible while it
 * animates out (class …-leave), and its options would match too.
 */
export const OPEN_DROPDOWN = '.ant-select-dropdown:visible:not([class*="-leave"])';

/** Picks an option of the open Select dropdown by its visible text. */
export async function chooseOption(page: Page, text: string): Promise<void> {
  await page.locator(`${OPEN_DROPDOWN} .ant-select-item-option`).filter({ hasText: text }).click();
}
