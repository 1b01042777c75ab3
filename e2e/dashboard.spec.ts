/**
 * The sales overview, the landing page after sign-in, in a real browser against the real server.
 *
 * The first-start sample data has customers, products and users but no sales, so the set-up
 * ships a few orders in SQL (nothing on screen ships without stock and UDI scans yet) and
 * invoices them through the API as the `finance` user: two East China hospitals (Shanghai,
 * Jiangsu), one South China hospital and the Northwest distributor, today and a year ago.
 */
import pg from 'pg';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { businessDate } from '../server/platform/dates.ts';
import { formatMoney } from '../web/src/shared/format.ts';
import { DEMO_PASSWORD, recordSale, type Sale, signInApi } from './api-fixtures.ts';
import { type E2eServer, launchBrowser, newJourneyContext, screenshot, startE2eServer } from './harness.ts';

let server: E2eServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;

const today = businessDate();
const aYearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4) === '-02-29' ? '-02-28' : today.slice(4)}`;
/** East China this year: 5 × ¥2,000.00 + 3 × ¥1,500.00 = ¥14,500.00 (1.45万). */
const EAST_REVENUE_FEN = 5 * 200_000 + 3 * 150_000;
const eastRevenue = (lang: 'zh-CN' | 'en') =>
  formatMoney(EAST_REVENUE_FEN, lang, { compact: true, symbol: true });

/** The two products sold, as the top-products chart names them in Chinese: name and model. */
let soldProductLabels: string[] = [];

async function seedSales(target: E2eServer): Promise<void> {
  const db = new pg.Client({ connectionString: target.databaseUrl });
  await db.connect();
  try {
    // Two sample products get a released lot each, with the unit cost gross profit is measured against.
    const { rows } = await db.query<{ sku: string; label: string }>(
      `SELECT sku, name_zh || ' ' || model_spec AS label FROM products WHERE is_active ORDER BY sku LIMIT 2`,
    );
    soldProductLabels = rows.map((r) => r.label);
    const [first, second] = rows.map((r) => r.sku);
    if (!first || !second) throw new Error('the sample catalogue has fewer than two products');
    await db.query(
      `INSERT INTO lots (product_id, lot_number, expiry_date, status, unit_cost_fen, first_received_on)
       SELECT id, 'E2E-' || sku, current_date + 720, 'released', 60000, current_date - 30 FROM products
        WHERE sku = ANY($1::text[])`,
      [[first, second]],
    );
    const finance = await signInApi(target.url, 'finance');
    const sales: Sale[] = [
      { customerCode: 'H-SH-001', sku: first, quantity: 5, unitPriceFen: 200_000, date: today },
      { customerCode: 'H-JS-001', sku: second, quantity: 3, unitPriceFen: 150_000, date: today },
      { customerCode: 'H-GD-001', sku: first, quantity: 4, unitPriceFen: 300_000, date: today },
      { customerCode: 'D-SN-001', sku: second, quantity: 2, unitPriceFen: 100_000, date: today },
      { customerCode: 'H-SH-001', sku: first, quantity: 2, unitPriceFen: 200_000, date: aYearAgo },
    ];
    for (const [index, sale] of sales.entries())
      await recordSale(db, target.url, finance, sale, `E2E-${index + 1}`);
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  await seedSales(server);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 30_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function openPage(options: BrowserContextOptions): Promise<Page> {
  if (!browser || !server) throw new Error('the server or the browser did not start');
  context = await newJourneyContext(browser, server, options);
  return context.newPage();
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
}

async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/** Codes of the rows of the region table, in order. */
async function regionRows(page: Page): Promise<string[]> {
  const ids = await page
    .locator('[data-testid^="region-row-"]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace('region-row-', ''));
}

/** The dashboard has loaded its figures and drawn its charts. */
async function waitForOverview(page: Page): Promise<void> {
  await page.getByTestId('sales-overview').waitFor();
  await page.locator('[data-testid^="region-row-"]').first().waitFor();
  for (const chart of ['trend-chart', 'region-chart', 'products-chart', 'ar-chart']) {
    await page.getByTestId(chart).locator('canvas').first().waitFor();
  }
}

// Each journey signs in and draws four charts; on a busy machine that takes a while.
const JOURNEY_TIMEOUT = 60_000;

describe('the sales overview', () => {
  it(
    'shows an East China rep only East China, in Chinese and then in English',
    async () => {
      const page = await openPage({ locale: 'zh-CN' });
      await signIn(page, 'rep.east');
      await waitForOverview(page);
      expect(await textOf(page, 'home-title')).toBe('欢迎，张伟');
      expect(await textOf(page, 'overview-subtitle')).toContain('销售概览');

      // Only 华东 in the region chart (its accessible description) and in the table beside it.
      expect(await regionRows(page)).toEqual(['EAST']);
      expect(await textOf(page, 'region-row-EAST')).toContain('华东');
      const chartLabel = (await page.getByTestId('region-chart').getAttribute('aria-label')) ?? '';
      expect(chartLabel).toContain('华东');
      for (const other of ['华南', '西北', '华北']) expect(chartLabel).not.toContain(other);
      // Revenue is East China's alone: ¥14,500.00, shown as 1.45万, up on a year ago.
      expect(await textOf(page, 'kpi-revenue-value')).toBe(eastRevenue('zh-CN'));
      expect(await page.getByTestId('kpi-revenue-change').getAttribute('data-tone')).toBe('up');
      expect(await page.getByTestId('rep-table').textContent()).toContain('张伟');
      // Both products East China bought, each named with its model.
      const productsLabel = (await page.getByTestId('products-chart').getAttribute('aria-label')) ?? '';
      for (const label of soldProductLabels) expect(productsLabel).toContain(label);
      await screenshot(page, 'dashboard-01-rep-east-zh');

      await page.getByTestId('lang-switch').getByText('English', { exact: true }).click();
      await page.getByText('Sales overview', { exact: false }).first().waitFor();
      expect(await textOf(page, 'home-title')).toBe('Welcome, 张伟');
      expect(await textOf(page, 'region-row-EAST')).toContain('East China');
      expect(await textOf(page, 'kpi-revenue')).toContain('Revenue');
      expect(await textOf(page, 'kpi-revenue-value')).toBe(eastRevenue('en'));
      expect(await regionRows(page)).toEqual(['EAST']);
      await page.getByTestId('region-chart').locator('canvas').first().waitFor();
      await screenshot(page, 'dashboard-02-rep-east-en');
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'lets the sales director click a region to drill down to its provinces, and back',
    async () => {
      const page = await openPage({ locale: 'zh-CN' });
      await signIn(page, 'director');
      await waitForOverview(page);
      expect((await regionRows(page)).sort()).toEqual(['EAST', 'NORTHWEST', 'SOUTH']);
      const companyRevenue = await textOf(page, 'kpi-revenue-value');
      await screenshot(page, 'dashboard-03-director');

      await page.getByTestId('region-row-EAST').click();
      await page.getByTestId('region-breadcrumb').waitFor();
      await page.getByTestId('region-row-JS').waitFor();
      expect((await regionRows(page)).sort()).toEqual(['JS', 'SH']);
      expect(await textOf(page, 'region-breadcrumb')).toContain('华东');
      // The drill-down is in the address (Playwright hears of replaceState a moment after the page draws).
      await page.waitForURL((url) => url.searchParams.get('regionId') !== null, { timeout: 5_000 });
      // The whole page follows the region: the KPIs are East China's now.
      expect(await textOf(page, 'kpi-revenue-value')).toBe(eastRevenue('zh-CN'));
      expect(await textOf(page, 'kpi-revenue-value')).not.toBe(companyRevenue);
      await page.getByTestId('region-chart').locator('canvas').first().waitFor();
      await screenshot(page, 'dashboard-04-director-east');

      await page.getByTestId('region-crumb-root').click();
      await page.getByTestId('region-row-SOUTH').waitFor();
      expect((await regionRows(page)).sort()).toEqual(['EAST', 'NORTHWEST', 'SOUTH']);
      expect(await textOf(page, 'kpi-revenue-value')).toBe(companyRevenue);
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'fits a phone screen',
    async () => {
      const width = 375;
      const page = await openPage({ locale: 'zh-CN', viewport: { width, height: 740 }, isMobile: true });
      await signIn(page, 'rep.east');
      await waitForOverview(page);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(width);
      const box = await page.getByTestId('trend-chart').boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(200);
      expect((box?.x ?? -1) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
      await screenshot(page, 'dashboard-05-phone');
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'shows the distributor its own purchases without gross profit or margin',
    async () => {
      const page = await openPage({ locale: 'zh-CN' });
      await signIn(page, 'distributor');
      await waitForOverview(page);
      // Its own sale alone (2 × ¥1,000.00), booked in the Northwest.
      expect(await regionRows(page)).toEqual(['NORTHWEST']);
      expect(await textOf(page, 'kpi-revenue-value')).toBe(
        formatMoney(2 * 100_000, 'zh-CN', { compact: true, symbol: true }),
      );
      // No gross profit or margin card, column or series: not zeros, nothing.
      expect(await page.locator('[data-testid^="kpi-"][data-testid$="-value"]').count()).toBe(3);
      expect(await page.getByTestId('kpi-grossProfit').count()).toBe(0);
      expect(await page.getByTestId('kpi-margin').count()).toBe(0);
      for (const table of ['region-table', 'rep-table']) {
        expect(await page.getByTestId(table).textContent()).not.toContain('毛利');
      }
      expect(await page.getByTestId('trend-chart').getAttribute('aria-label')).not.toContain('毛利');
      await screenshot(page, 'dashboard-09-distributor');
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'greets the warehouse with shortcuts to its own screens instead of the sales figures',
    async () => {
      const page = await openPage({ locale: 'zh-CN' });
      await signIn(page, 'warehouse');
      await page.getByTestId('start-shortcuts').waitFor();
      expect(await page.getByTestId('sales-overview').count()).toBe(0);
      expect(await page.getByTestId('start-link-stock').count()).toBe(1);
      await screenshot(page, 'dashboard-06-warehouse-start');
    },
    JOURNEY_TIMEOUT,
  );
});

describe('the role dashboards', () => {
  /** All of this year's sales (East 14,500 + South 12,000 + Northwest 2,000), and East's alone. */
  const allRevenue = formatMoney(EAST_REVENUE_FEN + 4 * 300_000 + 2 * 100_000, 'zh-CN', { compact: true });
  const eastOnly = formatMoney(EAST_REVENUE_FEN, 'zh-CN', { compact: true });

  async function kpiRevenue(page: Page): Promise<string> {
    const panel = page.locator('[data-testid="panel-kpis"][data-ready="true"]');
    await panel.waitFor();
    return ((await panel.getByTestId('kpi-revenue').textContent()) ?? '').trim();
  }

  it(
    'lets the director narrow every panel by clicking a region, and click again to undo it',
    async () => {
      const page = await openPage({ locale: 'zh-CN' });
      await signIn(page, 'director');
      await page.getByTestId('home-title').waitFor();
      await page.goto('/analytics/dashboards/regions');
      await page.getByTestId('panel-byRegion-chart').locator('canvas').first().waitFor();
      expect(await kpiRevenue(page)).toContain(allRevenue);
      const leaderboard = page.locator('[data-testid="panel-reps"][data-ready="true"]');
      await leaderboard.getByText('刘芳').waitFor();

      await page.getByTestId('panel-byRegion-values').getByText('华东').click();
      await page.getByTestId('cross-filter').getByText('华东').waitFor();
      await page.getByTestId('panel-byRegion-picked').waitFor();
      await expect.poll(() => kpiRevenue(page)).toContain(eastOnly);
      // The rep leaderboard follows: the South China rep (刘芳) drops out, the East one stays.
      const reps = page.locator('[data-testid="panel-reps"][data-ready="true"]');
      await expect.poll(async () => (await reps.textContent()) ?? '').not.toContain('刘芳');
      expect(await reps.textContent()).toContain('张伟');
      await screenshot(page, 'dashboard-07-cross-filter');

      await page.getByTestId('panel-byRegion-values').getByText('华东').click();
      await expect.poll(() => page.getByTestId('cross-filter').count()).toBe(0);
      await expect.poll(() => kpiRevenue(page)).toContain(allRevenue);
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'shows the East China manager only East China, on every dashboard',
    async () => {
      const page = await openPage({ locale: 'zh-CN' });
      await signIn(page, 'manager.east');
      await page.getByTestId('home-title').waitFor();
      await page.goto('/analytics/dashboards/regions');
      expect(await kpiRevenue(page)).toContain(eastOnly);
      const regions = page.getByTestId('panel-byRegion-values');
      await regions.locator('.ant-tag').first().waitFor();
      expect(await regions.locator('.ant-tag').allTextContents()).toEqual(['华东']);
      await page.getByTestId('dashboard-picker').getByText('合规概览').click();
      await page.getByTestId('panel-expiring').waitFor();
      await screenshot(page, 'dashboard-08-compliance');
    },
    JOURNEY_TIMEOUT,
  );
});
