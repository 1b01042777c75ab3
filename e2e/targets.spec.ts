/**
 * Revenue targets in a real browser against the real server (issue #8): the East regional
 * manager sets January's target of 华东 in the grid, imports February's from a CSV file, and
 * sees both as the target of 华东 in the attainment view (table and chart); a rep of 华南 sees
 * only 华南's targets, read only.
 */
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDate } from '../server/platform/dates.ts';
import { type E2eServer, launchBrowser, newJourneyContext, screenshot, startE2eServer } from './harness.ts';

const PASSWORD = 'Pulse-demo-2026';
const YEAR = businessDate().slice(0, 4);

let server: E2eServer | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
let eastId = 0;

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM regions WHERE code = 'EAST'`);
    eastId = Number(rows[0]!.id);
  } finally {
    await client.end();
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  await browser?.close();
  await server?.close();
}, 30_000);

async function openTargets(username: string): Promise<Page> {
  if (!browser || !server) throw new Error('the server or the browser did not start');
  const context = await newJourneyContext(browser, server, {
    locale: 'zh-CN',
    viewport: { width: 1500, height: 900 },
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto('/login');
  // The first load of the app can be slow on a busy machine; a screenshot tells what showed instead.
  await page
    .getByTestId('login-username')
    .waitFor({ timeout: 40_000 })
    .catch(async (error) => {
      await screenshot(page, `targets-debug-login-${username}`);
      throw error;
    });
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('home-title').waitFor();
  await page.goto('/analytics/targets');
  await page.getByTestId('targets-grid').locator('tr.ant-table-row').first().waitFor();
  return page;
}

describe('revenue targets', () => {
  let manager: Page;

  it("the East manager sets January's target of 华东 in the grid", async () => {
    manager = await openTargets('manager.east');
    // 华东's reps are listed under it (expanded), each with a row of quotas.
    await manager.getByTestId('targets-grid').getByText('张伟').waitFor();
    const cell = manager.getByTestId(`target-cell-region:${eastId}-${YEAR}-01`);
    await cell.click();
    await manager.getByTestId('target-amount').fill('120000');
    await manager.getByTestId('target-amount').press('Enter');
    await cell.getByText('12.00万').waitFor();
    await screenshot(manager, 'targets-01-grid');
  }, 60_000);

  it("imports February's target from a CSV file", async () => {
    await manager
      .getByTestId('targets-page')
      .locator('input[type="file"]')
      .setInputFiles({
        name: 'targets.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`月份,大区,目标（元）\n${YEAR}-02,EAST,80000\n`),
      });
    await manager.locator('.ant-message-notice-success').waitFor();
    await manager.getByTestId(`target-cell-region:${eastId}-${YEAR}-02`).getByText('8.00万').waitFor();
  }, 60_000);

  it('shows both as the target of 华东 in the attainment view', async () => {
    await manager.getByRole('tab', { name: '指标达成' }).click();
    const table = manager.getByTestId('attainment-table');
    const row = table.locator('tr.ant-table-row', { hasText: '华东' });
    await row.getByText('¥200,000.00', { exact: true }).waitFor();
    await manager.getByTestId('attainment-chart').locator('canvas').first().waitFor();
    await screenshot(manager, 'targets-02-attainment');
  }, 60_000);

  it("shows a rep of 华南 only 华南's targets, read only", async () => {
    const rep = await openTargets('rep.south');
    const grid = rep.getByTestId('targets-grid');
    expect(await grid.textContent()).toContain('华南');
    expect(await grid.textContent()).not.toContain('华东');
    expect(await rep.getByTestId('targets-import').count()).toBe(0);
    expect(await grid.locator('[data-testid^="target-cell-"]').count()).toBe(0);
    await screenshot(rep, 'targets-03-read-only');
  }, 60_000);
});
