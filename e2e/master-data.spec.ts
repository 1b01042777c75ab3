/**
 * The master-data screens as an administrator keeps them: warehouses, suppliers and product
 * lines created, found, renamed and (a warehouse) deleted through their drawers; sample
 * customers and products edited from their lists; a duplicate code refused with the drawer
 * still open; and a rep who may read the warehouses but not change them.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { journeysOnOneServer, OPEN_DROPDOWN, screenshot } from './harness.ts';

const journeys = journeysOnOneServer();

const open = (username: string, path: string): Promise<Page> =>
  journeys.open(username, path, { locale: 'zh-CN' });

/** The data rows of a list table (not its header or antd's measuring row). */
const rowsOf = (page: Page, tableTestId: string): Locator =>
  page.getByTestId(tableTestId).locator('tbody tr[data-row-key]');

const rowWith = (page: Page, tableTestId: string, text: string): Locator =>
  rowsOf(page, tableTestId).filter({ hasText: text });

async function cellsOf(row: Locator): Promise<string[]> {
  return (await row.locator('td').allTextContents()).map((cell) => cell.trim());
}

/** The record id of a row (the table's row key). */
async function idOf(row: Locator): Promise<string> {
  const id = await row.getAttribute('data-row-key');
  if (!id) throw new Error('a table row without its record id');
  return id;
}

/** The first cell (the code) of every row the table shows now. */
const codesShown = (page: Page, tableTestId: string): Promise<string[]> =>
  rowsOf(page, tableTestId)
    .locator('td:first-child')
    .allTextContents()
    .then((codes) => codes.map((code) => code.trim()));

async function pickRegion(page: Page, testId: string, name: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(name);
  await page.locator(`${OPEN_DROPDOWN} .ant-select-tree-node-content-wrapper[title="${name}"]`).click();
}

/** Saves the drawer's form and waits until the drawer has closed. */
async function saveAndClose(page: Page, prefix: string): Promise<void> {
  await page.getByTestId(`${prefix}-save`).click();
  await page.getByTestId(`${prefix}-form`).waitFor({ state: 'detached' });
}

describe('master data', () => {
  it('an administrator creates a cold-chain warehouse, finds it, renames it and deletes it', async () => {
    const page = await open('admin', '/warehouses');
    await rowWith(page, 'warehouses-table', 'WH-SH').waitFor();
    await page.getByTestId('warehouse-new').click();
    await page.getByTestId('warehouse-code').fill('WH-E2E');
    await page.getByTestId('warehouse-name').fill('苏州测试仓');
    await pickRegion(page, 'warehouse-region', '苏州');
    await page.getByTestId('warehouse-is-cold-chain').click();
    await screenshot(page, 'master-data-01-new-warehouse');
    await saveAndClose(page, 'warehouse');
    await page.locator('.ant-message-notice-success').getByText('已创建').waitFor();

    await page.getByTestId('warehouses-search').fill('WH-E2E');
    await expect.poll(() => codesShown(page, 'warehouses-table')).toEqual(['WH-E2E']);
    await page.waitForURL((url) => url.searchParams.get('q') === 'WH-E2E', { timeout: 5_000 });
    const row = rowWith(page, 'warehouses-table', 'WH-E2E');
    expect((await cellsOf(row)).slice(0, 6)).toEqual(['WH-E2E', '苏州测试仓', '苏州', '—', '冷链', '启用']);
    const id = await idOf(row);

    await page.getByTestId(`warehouse-edit-${id}`).click();
    await expect.poll(() => page.getByTestId('warehouse-name').inputValue()).toBe('苏州测试仓');
    await page.getByTestId('warehouse-name').fill('苏州测试仓（二期）');
    await saveAndClose(page, 'warehouse');
    await row.getByText('苏州测试仓（二期）').waitFor();
    expect((await cellsOf(row)).slice(0, 3)).toEqual(['WH-E2E', '苏州测试仓（二期）', '苏州']);
    await screenshot(page, 'master-data-02-warehouse-renamed');

    await page.getByTestId(`warehouse-delete-${id}`).click();
    const confirm = page.locator('.ant-popconfirm:visible');
    await confirm.getByText('删除仓库“苏州测试仓（二期）”？').waitFor();
    await confirm.locator('.ant-popconfirm-buttons .ant-btn-dangerous').click();
    await page.locator('.ant-message-notice-success').getByText('已删除').waitFor();
    await expect.poll(() => rowsOf(page, 'warehouses-table').count()).toBe(0);

    // Gone for good, not just filtered away: the whole list is the sample's four again (the
    // list from before the search shows at first, until it has been fetched anew).
    await page.getByTestId('warehouses-search').fill('');
    await page.getByTestId('warehouses-search').press('Enter');
    await expect
      .poll(async () => (await codesShown(page, 'warehouses-table')).sort())
      .toEqual(['WH-BJ', 'WH-CD', 'WH-GZ', 'WH-SH']);
  }, 90_000);

  it('refuses a warehouse whose code exists already, and keeps the drawer open to fix it', async () => {
    const page = await open('admin', '/warehouses');
    await rowWith(page, 'warehouses-table', 'WH-SH').waitFor();
    await page.getByTestId('warehouse-new').click();

    // The form's own checks come first.
    await page.getByTestId('warehouse-save').click();
    await page.getByTestId('warehouse-form').getByText('请输入编码').waitFor();

    await page.getByTestId('warehouse-code').fill('WH-SH');
    await page.getByTestId('warehouse-name').fill('另一个上海仓');
    await pickRegion(page, 'warehouse-region', '苏州');
    await page.getByTestId('warehouse-save').click();
    await page.getByTestId('warehouse-error').getByText('仓库“WH-SH”已存在').waitFor();
    // The same message stands under the code field, and what was typed is still there.
    const codeItem = page.locator('.ant-form-item').filter({ has: page.getByTestId('warehouse-code') });
    expect(await codeItem.locator('.ant-form-item-explain-error').textContent()).toBe('仓库“WH-SH”已存在');
    expect(await page.getByTestId('warehouse-form').isVisible()).toBe(true);
    expect(await page.getByTestId('warehouse-name').inputValue()).toBe('另一个上海仓');
    await screenshot(page, 'master-data-03-duplicate-code');

    await page.getByTestId('warehouse-code').fill('WH-SH2');
    await saveAndClose(page, 'warehouse');
    await rowWith(page, 'warehouses-table', 'WH-SH2').waitFor();
    expect((await cellsOf(rowWith(page, 'warehouses-table', 'WH-SH2'))).slice(0, 2)).toEqual([
      'WH-SH2',
      '另一个上海仓',
    ]);
  }, 60_000);

  it('after someone else saved a warehouse first, the drawer reloads it and the save then goes through', async () => {
    const page = await open('admin', '/warehouses');
    const row = rowWith(page, 'warehouses-table', 'WH-GZ');
    await row.waitFor();
    const id = await idOf(row);
    await page.getByTestId(`warehouse-edit-${id}`).click();
    // The drawer fetches the warehouse before it shows the form: on a busy machine that can take a while.
    await page.getByTestId('warehouse-name').waitFor({ timeout: 45_000 });
    await expect.poll(() => page.getByTestId('warehouse-name').inputValue()).toBe('广州华南仓');

    // Meanwhile another administrator renames it (through the API, in this browser's session).
    const current = (await (await page.request.get(`/api/warehouses/${id}`)).json()) as { version: number };
    const other = await page.request.patch(`/api/warehouses/${id}`, {
      data: { version: current.version, name: '广州南沙仓' },
    });
    expect(other.status()).toBe(200);

    await page.getByTestId('warehouse-address').fill('广州市南沙区');
    await page.getByTestId('warehouse-save').click();
    const conflict = page.getByTestId('warehouse-error');
    await conflict.getByText('重新加载最新数据后再修改', { exact: false }).waitFor();
    expect(await conflict.getAttribute('data-code')).toBe('VERSION_CONFLICT');
    expect(await page.getByTestId('warehouse-form').isVisible()).toBe(true);
    await screenshot(page, 'master-data-04-version-conflict');

    await page.getByTestId('warehouse-error-reload').click();
    await expect.poll(() => page.getByTestId('warehouse-name').inputValue()).toBe('广州南沙仓');
    expect(await conflict.count()).toBe(0);
    expect(await page.getByTestId('warehouse-address').inputValue()).toBe('');
    await page.getByTestId('warehouse-address').fill('广州市南沙区');
    await saveAndClose(page, 'warehouse');
    await row.getByText('广州市南沙区').waitFor();
    expect((await cellsOf(row)).slice(0, 4)).toEqual(['WH-GZ', '广州南沙仓', '广州', '广州市南沙区']);
  }, 60_000);

  it('an administrator creates a supplier and corrects its name', async () => {
    const page = await open('admin', '/suppliers');
    await rowWith(page, 'suppliers-table', 'M-WEGO').waitFor();
    await page.getByTestId('supplier-new').click();
    await page.getByTestId('supplier-code').fill('M-E2E');
    await page.getByTestId('supplier-name').fill('苏州测试医疗器械有限公司');
    await saveAndClose(page, 'supplier');

    await page.getByTestId('suppliers-search').fill('M-E2E');
    await expect.poll(() => codesShown(page, 'suppliers-table')).toEqual(['M-E2E']);
    const row = rowWith(page, 'suppliers-table', 'M-E2E');
    // Kind and country are the form's defaults.
    expect((await cellsOf(row)).slice(0, 4)).toEqual(['M-E2E', '苏州测试医疗器械有限公司', '生产企业', 'CN']);

    await page.getByTestId(`supplier-edit-${await idOf(row)}`).click();
    await page.getByTestId('supplier-name').fill('苏州测试医疗科技有限公司');
    await saveAndClose(page, 'supplier');
    await row.getByText('苏州测试医疗科技有限公司').waitFor();
    expect((await cellsOf(row))[1]).toBe('苏州测试医疗科技有限公司');
    await screenshot(page, 'master-data-05-supplier-renamed');
  }, 60_000);

  it('an administrator creates a product line and changes its English name', async () => {
    const page = await open('admin', '/product-lines');
    await rowWith(page, 'product-lines-table', 'STENT').waitFor();
    await page.getByTestId('product-line-new').click();
    await page.getByTestId('product-line-code').fill('E2E-LINE');
    await page.getByTestId('product-line-name-zh').fill('测试耗材');
    await page.getByTestId('product-line-name-en').fill('Test consumables');
    await saveAndClose(page, 'product-line');

    await page.getByTestId('product-lines-search').fill('E2E-LINE');
    await expect.poll(() => codesShown(page, 'product-lines-table')).toEqual(['E2E-LINE']);
    const row = rowWith(page, 'product-lines-table', 'E2E-LINE');
    expect((await cellsOf(row)).slice(0, 4)).toEqual(['E2E-LINE', '测试耗材', 'Test consumables', '0']);

    await page.getByTestId(`product-line-edit-${await idOf(row)}`).click();
    await page.getByTestId('product-line-name-en').fill('Trial consumables');
    await saveAndClose(page, 'product-line');
    await row.getByText('Trial consumables').waitFor();
    expect((await cellsOf(row)).slice(0, 3)).toEqual(['E2E-LINE', '测试耗材', 'Trial consumables']);
  }, 60_000);

  it('an administrator edits a sample customer and a sample product from their lists', async () => {
    const page = await open('admin', '/customers');
    const customer = rowWith(page, 'customers-table', 'H-BJ-001');
    await customer.waitFor();
    await page.getByTestId(`customer-edit-${await idOf(customer)}`).click();
    await expect.poll(() => page.getByTestId('customer-name').inputValue()).toBe('北京协和医院');
    await page.getByTestId('customer-name').fill('北京协和医院（东单院区）');
    await saveAndClose(page, 'customer');
    await customer.getByText('北京协和医院（东单院区）').waitFor();
    expect((await cellsOf(customer)).slice(0, 2)).toEqual(['H-BJ-001', '北京协和医院（东单院区）']);
    await screenshot(page, 'master-data-06-customer-edited');

    await page.goto('/products');
    const product = rowWith(page, 'products-table', 'STT-DES-2518');
    await product.waitFor();
    const unitColumn = (await page.getByTestId('products-table').locator('thead th').allTextContents())
      .map((title) => title.trim())
      .indexOf('单位');
    expect(unitColumn).toBeGreaterThan(0);
    expect((await cellsOf(product))[unitColumn]).toBe('套');
    // Under a loaded CI machine a click on the edit button once went unanswered (the drawer never
    // opened, the list having re-rendered around it): click again while the drawer is not open.
    const edit = page.getByTestId(`product-edit-${await idOf(product)}`);
    const unit = page.getByTestId('product-unit');
    await expect
      .poll(
        async () => {
          if (!(await unit.isVisible())) await edit.click();
          return unit.inputValue({ timeout: 2_000 }).catch(() => null);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('套');
    await page.getByTestId('product-unit').fill('盒');
    await saveAndClose(page, 'product');
    await expect.poll(async () => (await cellsOf(product))[unitColumn]).toBe('盒');
    expect((await cellsOf(product))[0]).toBe('STT-DES-2518');
  }, 60_000);

  it('an administrator gives a user a phone number', async () => {
    const page = await open('admin', '/admin/users');
    const row = rowsOf(page, 'users-table').filter({ has: page.getByTestId('user-row-rep.south') });
    await row.waitFor();
    expect((await cellsOf(row)).slice(0, 2)).toEqual(['rep.south', '刘芳']);
    await page.getByTestId('user-edit-rep.south').click();
    await expect.poll(() => page.getByTestId('user-display-name').inputValue()).toBe('刘芳');
    await page.getByTestId('user-phone').fill('13800138000');
    await saveAndClose(page, 'user');
    await row.getByText('13800138000').waitFor();
    expect((await cellsOf(row)).slice(0, 2)).toEqual(['rep.south', '刘芳']);
  }, 60_000);

  it('a rep sees the warehouses but no way to add, edit or delete one', async () => {
    const page = await open('rep.east', '/warehouses');
    await expect.poll(() => codesShown(page, 'warehouses-table')).toContain('WH-SH');
    expect((await cellsOf(rowWith(page, 'warehouses-table', 'WH-SH'))).slice(0, 2)).toEqual([
      'WH-SH',
      '上海中心仓',
    ]);
    await page.getByTestId('warehouses-export').waitFor();
    expect(await page.getByTestId('warehouse-new').count()).toBe(0);
    expect(await page.locator('[data-testid^="warehouse-edit-"]').count()).toBe(0);
    expect(await page.locator('[data-testid^="warehouse-delete-"]').count()).toBe(0);
    expect(await page.getByTestId('warehouses-table').locator('thead').textContent()).not.toContain('操作');
    await screenshot(page, 'master-data-07-rep-read-only');
  }, 60_000);

  it('opens a drawer without animating it for a user whose system asks for less motion', async () => {
    // The animation classes antd puts on a drawer while it slides in, as seen by the page.
    const animationClassesWhileOpening = async (reducedMotion: 'reduce' | 'no-preference') => {
      const page = await journeys.open('admin', '/warehouses', { locale: 'zh-CN', reducedMotion });
      await page.getByTestId('warehouse-new').waitFor();
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { seenMotion: string[] }).seenMotion = seen;
        new MutationObserver((changes) => {
          for (const change of changes) {
            const element = change.target as Element;
            const names = [element, ...(change.type === 'childList' ? element.querySelectorAll('*') : [])]
              .flatMap((e) => [...e.classList])
              .filter((name) => /motion|-(enter|appear)\b/.test(name));
            seen.push(...names);
          }
        }).observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['class'],
        });
      });
      await page.getByTestId('warehouse-new').click();
      await page.getByTestId('warehouse-code').waitFor();
      return page.evaluate(() => (window as unknown as { seenMotion: string[] }).seenMotion);
    };
    expect(await animationClassesWhileOpening('reduce')).toEqual([]);
    expect((await animationClassesWhileOpening('no-preference')).length).toBeGreaterThan(0);
  }, 60_000);
});
