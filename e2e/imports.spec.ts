/**
 * The import wizard as a data steward uses it: a customer list exported from Chinese Excel (GBK)
 * with one mistake, the dry run that finds it, the corrected file, the commit, and the new
 * customers in the customer list.
 */
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toCsvText } from '../server/modules/imports/sample-customer-file.ts';
import { type E2eServer, launchBrowser, newJourneyContext, screenshot, startE2eServer } from './harness.ts';

// Customers need customers:write besides imports:run; of the demo users only the administrator has both.
const IMPORTER = { username: 'admin', password: 'Pulse-demo-2026' };

// Headers as a Chinese Excel user types them: the wizard must map every one without help.
const HEADERS = ['客户编码', '客户名称', '客户类型', '医院等级', '区域', '联系人'];
const GOOD_ROWS = [
  ['E2E-IMP-001', '南京紫金山康复医院', '医院', '三级乙等', '南京', '钱立群'],
  ['E2E-IMP-002', '苏州金鸡湖社区诊所', '诊所', '', '苏州', '孙晓梅'],
  ['E2E-IMP-003', '杭州西溪湿地骨科医院', '医院', '二级甲等', '杭州', '周云峰'],
];
// Row 3 of the file (the header is row 1): a region nobody has heard of.
const BAD_ROWS = GOOD_ROWS.map((row, index) => (index === 1 ? [...row.slice(0, 4), '火星', row[5]!] : row));

function gbkCsv(rows: string[][]): Buffer {
  return iconv.encode(toCsvText(HEADERS, rows), 'gbk');
}

let server: E2eServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 30_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function openSignedIn(): Promise<Page> {
  if (!browser || !server) throw new Error('the server or the browser did not start');
  context = await newJourneyContext(browser, server, {
    locale: 'zh-CN',
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByTestId('login-username').fill(IMPORTER.username);
  await page.getByTestId('login-password').fill(IMPORTER.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('home-title').waitFor();
  return page;
}

async function upload(page: Page, fileName: string, content: Buffer): Promise<void> {
  await page
    .getByTestId('import-upload')
    .locator('input[type=file]')
    .setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: content });
  await page.getByTestId('import-mapping').waitFor();
}

async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim();
}

describe('importing customers', () => {
  it('a GBK file from Excel is mapped from its Chinese headers, its problem found, and the fixed file imported', async () => {
    const page = await openSignedIn();
    await page.goto('/imports');
    await page.getByTestId('import-upload').waitFor();

    await upload(page, '新客户.csv', gbkCsv(BAD_ROWS));
    // Every column found its field by its Chinese header.
    expect(await textOf(page, 'import-mapping-code')).toBe('客户编码');
    expect(await textOf(page, 'import-mapping-name')).toBe('客户名称');
    expect(await textOf(page, 'import-mapping-type')).toBe('客户类型');
    expect(await textOf(page, 'import-mapping-hospitalGrade')).toBe('医院等级');
    expect(await textOf(page, 'import-mapping-region')).toBe('区域');
    expect(await textOf(page, 'import-mapping-contactName')).toBe('联系人');
    // The GBK bytes were read as Chinese, not as mojibake: the sample values show the names.
    await page.getByTestId('import-mapping').getByText('南京紫金山康复医院', { exact: false }).waitFor();
    // No required field is left without a column, so the user can go on at once.
    expect(await page.getByTestId('import-mapping-save').isEnabled()).toBe(true);
    await screenshot(page, 'imports-01-mapping-suggested');

    await page.getByTestId('import-mapping-save').click();
    await page.getByTestId('import-dry-run').click();
    await page.getByTestId('import-problems').waitFor();
    expect(await textOf(page, 'import-problem-code-UNKNOWN_REFERENCE')).toBe('引用不存在 (1)');
    // Exactly one problem, on row 3, in the region column, naming the value and its code.
    // The list of problems loads after the summary: wait for its row before counting.
    const problem = page.locator('tr[data-row-key="3-region-UNKNOWN_REFERENCE"]');
    await problem.waitFor();
    const problemRows = page.getByTestId('import-problems').locator('tbody tr[data-row-key]');
    expect(await problemRows.count()).toBe(1);
    const cells = (await problem.locator('td').allTextContents()).map((cell) => cell.trim());
    expect(cells.slice(0, 4)).toEqual(['3', '区域', '引用不存在', '火星']);
    expect(await page.getByTestId('import-dry-run-next').count()).toBe(0);
    await screenshot(page, 'imports-02-dry-run-problem');

    // The steward corrects the region in Excel and uploads the file again.
    await page.getByTestId('import-new').click();
    await upload(page, '新客户-已修正.csv', gbkCsv(GOOD_ROWS));
    expect(await textOf(page, 'import-mapping-region')).toBe('区域');
    await page.getByTestId('import-mapping-save').click();
    await page.getByTestId('import-dry-run').click();
    await page.getByTestId('import-dry-run-next').waitFor();
    expect(await page.getByTestId('import-problems').count()).toBe(0);
    await screenshot(page, 'imports-03-dry-run-clean');

    await page.getByTestId('import-dry-run-next').click();
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-result').waitFor();
    expect(await textOf(page, 'import-result')).toContain('新建 3 条，未变化 0 条。');
    await screenshot(page, 'imports-04-committed');

    // The new customers are in the customer list, with the regions resolved from city names.
    await page.goto('/customers?q=E2E-IMP');
    const table = page.getByTestId('customers-table');
    await table.getByText('E2E-IMP-003').waitFor();
    const listed = table.locator('tbody tr[data-row-key]');
    expect(await listed.count()).toBe(3);
    const text = (await table.textContent()) ?? '';
    for (const [code, name, , , city] of GOOD_ROWS) {
      expect(text).toContain(code);
      expect(text).toContain(name);
      expect(text).toContain(city);
    }
    await screenshot(page, 'imports-05-customers-listed');
  }, 120_000);
});
