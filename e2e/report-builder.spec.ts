/**
 * The report builder in a real browser against the real server: the sales director drags
 * product line to Rows, month to Columns, revenue and gross profit to Values (real mouse drags,
 * past dnd-kit's activation distance), sees the pivot, saves the report, reloads, reopens it
 * from the saved list and exports it to Excel and the chart to PNG.
 *
 * The sample data has no sales, so the set-up ships and invoices two orders of products of two
 * different product lines: one today, one 35 days ago (both in "last 12 months", the default).
 */
import fs from 'node:fs';
import pg from 'pg';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, businessDate } from '../server/platform/dates.ts';
import { formatMoney } from '../web/src/shared/format.ts';
import { DEMO_PASSWORD, recordSale, signInApi } from './api-fixtures.ts';
import {
  chooseOption,
  type E2eServer,
  launchBrowser,
  newJourneyContext,
  screenshot,
  startE2eServer,
} from './harness.ts';

const REPORT_NAME = '产品线月度收入与毛利';

let server: E2eServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;

interface Line {
  sku: string;
  lineName: string;
}
const sold: { line: Line; netFen: number; date: string }[] = [];

async function seedSales(target: E2eServer): Promise<void> {
  const db = new pg.Client({ connectionString: target.databaseUrl });
  await db.connect();
  try {
    // One product of each of two product lines, each with a released lot at a known unit cost.
    const { rows } = await db.query<{ sku: string; line_name: string }>(
      `SELECT DISTINCT ON (p.product_line_id) p.sku, pl.name_zh AS line_name
         FROM products p JOIN product_lines pl ON pl.id = p.product_line_id
        WHERE p.is_active AND NOT p.is_serial_tracked ORDER BY p.product_line_id, p.sku LIMIT 2`,
    );
    const [first, second] = rows.map((r) => ({ sku: r.sku, lineName: r.line_name }));
    if (!first || !second) throw new Error('the sample catalogue has fewer than two product lines');
    await db.query(
      `INSERT INTO lots (product_id, lot_number, expiry_date, status, unit_cost_fen, first_received_on)
       SELECT id, 'RB-' || sku, current_date + 720, 'released', 60000, current_date - 60 FROM products
        WHERE sku = ANY($1::text[])`,
      [[first.sku, second.sku]],
    );
    const finance = await signInApi(target.url, 'finance');
    const today = businessDate();
    const earlier = addDays(today, -35);
    await recordSale(
      db,
      target.url,
      finance,
      {
        customerCode: 'H-SH-001',
        sku: first.sku,
        quantity: 5,
        unitPriceFen: 200_000,
        date: today,
      },
      'RB-1',
    );
    sold.push({ line: first, netFen: 5 * 200_000, date: today });
    await recordSale(
      db,
      target.url,
      finance,
      {
        customerCode: 'H-JS-001',
        sku: second.sku,
        quantity: 3,
        unitPriceFen: 150_000,
        date: earlier,
      },
      'RB-2',
    );
    sold.push({ line: second, netFen: 3 * 150_000, date: earlier });
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  await seedSales(server);
}, 90_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
}, 30_000);

async function openPage(): Promise<Page> {
  if (!browser || !server) throw new Error('the server or the browser did not start');
  context = await newJourneyContext(browser, server, { locale: 'zh-CN', acceptDownloads: true });
  return context.newPage();
}

/**
 * A real mouse drag: press on the chip, move a little (past dnd-kit's activation distance),
 * then glide to the right end of the zone, away from the chips already there, and release.
 */
async function drag(page: Page, fromTestId: string, toTestId: string): Promise<void> {
  const source = page.getByTestId(fromTestId);
  const target = page.getByTestId(toTestId);
  await source.scrollIntoViewIfNeeded();
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error(`cannot drag ${fromTestId} to ${toTestId}: not on screen`);
  const x = from.x + from.width / 2;
  const y = from.y + from.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 12, y + 12, { steps: 4 });
  await page.mouse.move(to.x + to.width - 24, to.y + to.height / 2, { steps: 12 });
  // Let the zone take the field before letting go (on a busy machine React may lag the mouse).
  await page.locator(`[data-testid="${toTestId}"][data-over="true"]`).waitFor();
  await page.mouse.up();
}

/**
 * Presses → until the live region announces `zone`. dnd-kit starts listening for the arrow
 * keys a moment after the lift (a timer), so on a busy machine the first press can come too
 * early and go unheard; a press that was heard is announced within the wait.
 */
async function stepTo(page: Page, zone: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press('ArrowRight');
    const deadline = Date.now() + 2_000;
    while (Date.now() < deadline) {
      if ((await liveRegion(page)) === zone) return;
      await page.waitForTimeout(50);
    }
  }
  expect(await liveRegion(page)).toBe(zone);
}

async function placed(page: Page, zone: string): Promise<string[]> {
  const ids = await page
    .getByTestId(`zone-${zone}`)
    .locator(`[data-testid^="${zone}-"][data-kind]`)
    .evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.slice(zone.length + 1));
}

async function expectLayout(page: Page): Promise<void> {
  expect(await placed(page, 'rows')).toEqual(['product_line']);
  expect(await placed(page, 'columns')).toEqual(['month']);
  expect(await placed(page, 'values')).toEqual(['revenue', 'gross_profit']);
}

/** The pivot shows each line's revenue under its month, as the API computes it. */
async function expectPivotFigures(page: Page): Promise<void> {
  const pivot = page.getByTestId('builder-pivot');
  for (const sale of sold) {
    await pivot.getByText(sale.line.lineName, { exact: true }).waitFor();
    await pivot.getByText(formatMoney(sale.netFen, 'zh-CN'), { exact: true }).first().waitFor();
    await pivot.getByText(sale.date.slice(0, 7), { exact: true }).first().waitFor();
  }
}

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await (file as Download).path();
  return { name: (file as Download).suggestedFilename(), bytes: fs.readFileSync(path) };
}

const POLL = { timeout: 5_000, interval: 50 };

/** What dnd-kit last announced to screen readers. */
async function liveRegion(page: Page): Promise<string> {
  return ((await page.locator('[id^="DndLiveRegion"]').first().textContent()) ?? '').trim();
}

describe('the report builder', () => {
  it('builds a product line × month report by dragging, saves, reopens and exports it', async () => {
    const page = await openPage();
    await page.goto('/login');
    await page.getByTestId('login-username').fill('director');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto('/analytics/reports');
    await page.getByTestId('field-dimension-product_line').waitFor();

    await drag(page, 'field-dimension-product_line', 'zone-rows');
    await page.getByTestId('rows-product_line').waitFor();
    await drag(page, 'field-dimension-month', 'zone-columns');
    await page.getByTestId('columns-month').waitFor();
    await drag(page, 'field-measure-revenue', 'zone-values');
    await page.getByTestId('values-revenue').waitFor();
    await drag(page, 'field-measure-gross_profit', 'zone-values');
    await page.getByTestId('values-gross_profit').waitFor();
    await expectLayout(page);
    await expectPivotFigures(page);
    await screenshot(page, 'report-builder-01-pivot');

    await page.getByTestId('builder-save').click();
    await page.getByTestId('builder-save-name').fill(REPORT_NAME);
    await page.getByTestId('builder-save-confirm').click();
    await page.getByTestId('builder-delete').waitFor();

    await page.reload();
    await page.getByTestId('field-dimension-product_line').waitFor();
    expect(await placed(page, 'rows')).toEqual([]);
    await page.getByTestId('builder-saved-select').click();
    await chooseOption(page, REPORT_NAME);
    await page.getByTestId('rows-product_line').waitFor();
    await expectLayout(page);
    await expectPivotFigures(page);
    await screenshot(page, 'report-builder-02-reopened');

    const excel = await download(page, 'builder-export-xlsx');
    expect(excel.name).toMatch(/\.xlsx$/);
    // An .xlsx is a zip archive: "PK" and more than a header.
    expect(excel.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(excel.bytes.length).toBeGreaterThan(1000);

    await page.getByTestId('builder-kind-bar').click();
    await page.getByTestId('builder-chart').locator('canvas').first().waitFor();
    const png = await download(page, 'builder-export-png');
    expect(png.name).toBe(`${REPORT_NAME}.png`);
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.bytes.length).toBeGreaterThan(1000);
    await screenshot(page, 'report-builder-03-bar');

    // Put on the director's own dashboard: the same report, as a panel of 分析看板 → 我的报表.
    await page.getByTestId('builder-pin').click();
    await page.locator('[data-testid="builder-pin"][aria-pressed="true"]').waitFor();
    await page.goto('/analytics/dashboards/mine');
    const panel = page.locator('[data-testid^="panel-report-"]').filter({ hasText: REPORT_NAME });
    await panel.locator('.ant-table-row').first().waitFor();
    // This year's sale (the dashboard's period is this year), as the builder showed it.
    await panel.getByText(formatMoney(sold[0]!.netFen, 'zh-CN'), { exact: true }).first().waitFor();
    expect(await panel.textContent()).toContain(sold[0]!.line.lineName);
    await screenshot(page, 'report-builder-04-on-dashboard');
    await page.goto('/analytics/reports');
    await page.getByTestId('field-dimension-product_line').waitFor();

    // The keyboard does the same: Space picks a field up, the arrow keys move it, Space drops it.
    await page.getByTestId('builder-new').click();
    expect(await placed(page, 'values')).toEqual([]);
    await page.getByTestId('field-measure-revenue').focus();
    await page.keyboard.press('Space');
    // Lifted, over the palette (dnd-kit listens for the arrow keys only from then on).
    await expect.poll(() => liveRegion(page), POLL).toBe('字段');
    // Right steps through Rows and Columns (which refuse a measure) to Values; each step is
    // announced to screen readers, and the next key waits for it, as a person would.
    for (const zone of ['行', '列', '值']) await stepTo(page, zone);
    await page.keyboard.press('Space');
    await page.getByTestId('values-revenue').waitFor();
    expect(await placed(page, 'values')).toEqual(['revenue']);
    await page.getByTestId('field-dimension-region').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => liveRegion(page), POLL).toBe('字段');
    await stepTo(page, '行');
    await page.keyboard.press('Space');
    await page.getByTestId('rows-region').waitFor();
    expect(await placed(page, 'rows')).toEqual(['region']);

    // A filter on product line keeps only that line's revenue: East China's ¥14,500.00 → ¥10,000.00.
    const pivot = page.getByTestId('builder-pivot');
    const [today, earlier] = sold as [(typeof sold)[number], (typeof sold)[number]];
    await pivot.getByText(formatMoney(today.netFen + earlier.netFen, 'zh-CN'), { exact: true }).waitFor();
    await page.getByTestId('builder-add-filter').click();
    const filter = page.getByTestId('builder-filter');
    await filter.locator('.ant-select').nth(0).click();
    await page.keyboard.type('产品线');
    await chooseOption(page, '产品线');
    await filter.locator('.ant-select').nth(1).click();
    await chooseOption(page, today.line.lineName);
    await page.keyboard.press('Escape');
    await pivot.getByText(formatMoney(today.netFen, 'zh-CN'), { exact: true }).waitFor();
    expect(await pivot.textContent()).not.toContain(formatMoney(today.netFen + earlier.netFen, 'zh-CN'));
    await screenshot(page, 'report-builder-04-filtered');
  }, 60_000);
});
