/**
 * Order to cash in a browser against the real server: a sales rep enters and confirms an order
 * for a customer with stock, sees the FEFO lots; the warehouse starts the shipment, scans the
 * units (a wrong lot is refused with the reason), confirms shipment and delivery; the order
 * ends shipped, then delivered. The first-start data has no stock, so the spec receives two lots
 * through the purchasing API first.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signInApi, signInContext } from './api-fixtures.ts';
import { type E2eServer, launchBrowser, newJourneyContext, screenshot, startE2eServer } from './harness.ts';

const CUSTOMER = { code: 'H-SH-001', name: '上海交通大学医学院附属瑞金医院' };
/** Class II infusion set, ¥3.50 list price, 13 % VAT, not serial-tracked. */
const PRODUCT_SKU = 'INF-STD-20';
/** Another product with a GTIN, for a scan of something the shipment does not hold. */
const OTHER_SKU = 'SUR-GAUZE-10';
const LOT_A = 'E2E-A';
const LOT_B = 'E2E-B';

let server: E2eServer | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

interface Stock {
  /** Calls the API as admin, for set-up. */
  api: ReturnType<typeof apiClient>;
  productId: number;
  gtin: string;
  otherGtin: string;
  expiryA: string;
  expiryB: string;
}
let stock: Stock;

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  stock = await receiveStock(server.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 30_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

// ---------------------------------------------------------------------------------------
// Set-up through the API: two lots of the product in the Shanghai warehouse

function apiClient(url: string, cookie: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { cookie, 'Accept-Language': 'en', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

/** YYYY-MM-DD `days` after today (UTC; far enough ahead that the company's zone does not matter). */
/**
 * An order's own page, /orders/:id. The app gets there with a client-side navigation, which
 * Playwright hears of a moment after the page has drawn it: wait for the address before reading it.
 */
const isOrderPage = (url: URL) => /^\/orders\/\d+$/.test(url.pathname);

function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function receiveStock(url: string): Promise<Stock> {
  const api = apiClient(url, await signInApi(url, 'admin'));
  type Page<T> = { items: T[] };
  const productOf = async (sku: string) => {
    const page = await api<Page<{ id: number; sku: string; gtin: string | null }>>(
      'GET',
      `/api/products?q=${sku}`,
    );
    const product = page.items.find((item) => item.sku === sku);
    if (!product?.gtin) throw new Error(`sample product ${sku} with a GTIN not found`);
    return product as { id: number; gtin: string };
  };
  const product = await productOf(PRODUCT_SKU);
  const other = await productOf(OTHER_SKU);
  const supplier = (await api<Page<{ id: number; code: string }>>('GET', '/api/suppliers?q=M-MINDRAY'))
    .items[0];
  const warehouse = (
    await api<Page<{ id: number; code: string }>>('GET', '/api/warehouses?q=WH-SH')
  ).items.find((item) => item.code === 'WH-SH');
  if (!supplier || !warehouse) throw new Error('sample supplier or warehouse not found');

  const order = await api<{ id: number; version: number; lines: { id: number }[] }>(
    'POST',
    '/api/purchase-orders',
    {
      supplierId: supplier.id,
      warehouseId: warehouse.id,
      lines: [{ productId: product.id, quantity: 12, unitPrice: 150 }],
    },
  );
  await api('POST', `/api/purchase-orders/${order.id}/confirm`, { version: order.version });
  const expiryA = daysFromToday(400);
  const expiryB = daysFromToday(700);
  const lineId = order.lines[0]!.id;
  // Two deliveries: the lot expiring first (2 units) and a later one (10 units).
  for (const [lotNumber, expiryDate, quantityAccepted] of [
    [LOT_A, expiryA, 2],
    [LOT_B, expiryB, 10],
  ] as const) {
    await api('POST', '/api/receipts', {
      purchaseOrderId: order.id,
      lines: [
        { purchaseOrderLineId: lineId, lotNumber, expiryDate, quantityAccepted, inspector: 'E2E 质检' },
      ],
    });
  }
  return { api, productId: product.id, gtin: product.gtin, otherGtin: other.gtin, expiryA, expiryB };
}

/** GS1 human-readable form, as typed from a label: (01) GTIN, (17) expiry YYMMDD, (10) lot. */
function udi(gtin: string, lot: string, expiry?: string): string {
  return `(01)${gtin}${expiry ? `(17)${expiry.slice(2).replaceAll('-', '')}` : ''}(10)${lot}`;
}

// ---------------------------------------------------------------------------------------
// Browser helpers

async function openPage(options: BrowserContextOptions = {}): Promise<Page> {
  if (!browser || !server) throw new Error('the server or the browser did not start');
  const context = await newJourneyContext(browser, server, { locale: 'en-US', ...options });
  contexts.push(context);
  return context.newPage();
}

/**
 * A fresh browser context signed in as `username` (through the API: signing in is auth.spec's
 * journey, not this one's), on `path`.
 */
async function openSignedIn(
  username: string,
  path: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const page = await openPage(options);
  await signInContext(page.context(), server?.url ?? '', username);
  await page.goto(path);
  return page;
}

async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/** The text field of an antd control, whether the test id sits on the <input>/<textarea> or around it. */
function inputOf(page: Page, testId: string) {
  return page
    .locator(
      `input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input, [data-testid="${testId}"] textarea`,
    )
    .first();
}

/** An antd Select with search: open it, type, pick the option whose text contains `option`. */
async function chooseInSelect(page: Page, testId: string, search: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(search);
  await page.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
}

async function expectNoSideways(page: Page, width: number, what: string): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${what} fits the phone's width`).toBeLessThanOrEqual(width);
}

// ---------------------------------------------------------------------------------------

describe('order to cash', () => {
  let orderId = 0;
  let orderNumber = '';

  it('a sales rep enters an order, sees price, stock and compliance, confirms it and sees the FEFO lots', async () => {
    const page = await openSignedIn('rep.east', '/');
    await page.getByTestId('current-user').waitFor();
    await page.getByTestId('menu-group-sales').click();
    await page.getByTestId('menu-orders').click();
    await page.getByTestId('orders-table').waitFor();
    await page.getByTestId('order-create').click();
    await page.getByTestId('order-entry').waitFor();

    await chooseInSelect(page, 'order-entry-customer', CUSTOMER.code, CUSTOMER.name);
    await page.getByTestId('order-entry-customer-checks').waitFor();
    expect(await textOf(page, 'order-entry-credit')).toBe('Not checked (checked at confirmation)');

    // A scanned UDI adds its product; the quantity is then typed.
    await page.getByTestId('order-entry-lines-add-scan').fill(udi(stock.gtin, LOT_B));
    await page.getByTestId('order-entry-lines-add-scan').press('Enter');
    await page.getByTestId('order-entry-lines-line-1').waitFor();
    expect(await textOf(page, 'order-entry-lines-add-feedback')).toContain(PRODUCT_SKU);
    await inputOf(page, 'order-entry-lines-line-1-quantity').fill('3');

    await page.getByTestId('order-entry-lines-line-1-price-amount').waitFor();
    expect(await textOf(page, 'order-entry-lines-line-1-price-amount')).toBe('¥3.50');
    expect(await page.getByTestId('order-entry-lines-line-1-price-source').getAttribute('data-source')).toBe(
      'list_price',
    );
    const stockTag = page.locator('[data-testid="order-entry-lines-line-1-stock"][data-verdict]');
    await stockTag.waitFor();
    expect(await stockTag.getAttribute('data-verdict')).toBe('enough');
    expect(await stockTag.textContent()).toContain('12');
    const compliance = page.locator('[data-testid="order-entry-lines-line-1-compliance"][data-allowed]');
    await compliance.waitFor();
    expect(await compliance.getAttribute('data-allowed')).toBe('true');
    // 3 × ¥3.50 = ¥10.50; VAT 13 % = 136.5 fen, rounded half up per line to ¥1.37.
    await expect.poll(() => textOf(page, 'order-entry-total-gross')).toBe('Gross: ¥11.87');
    expect(await textOf(page, 'order-entry-total-tax')).toBe('¥1.37');
    await screenshot(page, 'orders-01-entry');

    await page.getByTestId('order-entry-confirm').click();
    await page.getByTestId('order-title').waitFor();
    orderNumber = await textOf(page, 'order-title');
    await page.waitForURL(isOrderPage, { timeout: 5_000 });
    orderId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(orderNumber).toMatch(/^SO-\d{8}-\d{4}$/);
    expect(await textOf(page, 'order-status')).toBe('Allocated');
    expect(await textOf(page, 'order-credit')).toBe('Passed at confirmation');
    // The server's amounts, the same as the entry showed.
    expect(await textOf(page, 'order-net')).toBe('¥10.50');
    expect(await textOf(page, 'order-tax')).toBe('¥1.37');
    expect(await textOf(page, 'order-gross')).toBe('¥11.87');
    // FEFO: the 2 units of the lot expiring first, then 1 of the later lot.
    const allocations = page.getByTestId('order-allocations').locator('tbody tr.ant-table-row');
    await expect.poll(() => allocations.count()).toBe(2);
    const rows = await allocations.allTextContents();
    expect(rows[0]).toContain(LOT_A);
    expect(rows[0]).toContain('WH-SH');
    expect(rows[1]).toContain(LOT_B);
    // A rep takes orders; shipping is the warehouse's.
    expect(await page.getByTestId('order-create-shipment').count()).toBe(0);
    expect(await page.getByTestId('order-timeline').textContent()).toContain('Confirmed and allocated');
    await screenshot(page, 'orders-02-confirmed');

    await page.getByTestId('order-pick-list').click();
    await page.getByTestId('pick-list').waitFor();
    expect(await page.getByTestId('pick-list-warehouse-WH-SH').textContent()).toContain(LOT_A);
    expect(await textOf(page, 'pick-list-total')).toBe('Total 3 units');
    await screenshot(page, 'orders-03-pick-list');

    // The customer's page leads to its orders: the list, filtered to the customer, has this one.
    const customer = (
      await stock.api<{ items: { id: number }[] }>('GET', `/api/customers?q=${CUSTOMER.code}`)
    ).items[0]!;
    await page.goto(`/customers/${customer.id}`);
    await page.getByTestId('customer-orders').click();
    await page.getByTestId(`order-link-${orderId}`).waitFor();
    expect(new URL(page.url()).searchParams.get('customerId')).toBe(String(customer.id));
    const customers = await page
      .getByTestId('orders-table')
      .locator('tbody tr.ant-table-row')
      .allTextContents();
    expect(customers.length).toBeGreaterThan(0);
    for (const row of customers) expect(row).toContain(CUSTOMER.name);
  }, 120_000);

  it('the warehouse ships it by scanning: a wrong lot is refused with the reason, then the order is shipped', async () => {
    expect(orderId, 'the order of the previous journey').toBeGreaterThan(0);
    const page = await openSignedIn('warehouse', `/orders/${orderId}`);
    await page.getByTestId('order-create-shipment').click();
    await page.getByTestId('shipment-scan').waitFor();
    expect(await textOf(page, 'shipment-status')).toBe('Picking');
    const progress = page.getByTestId(`shipment-progress-${PRODUCT_SKU}`);
    expect(await progress.getAttribute('data-required')).toBe('3');
    expect(await progress.getAttribute('data-scanned')).toBe('0');

    const scan = async (code: string) => {
      await page.getByTestId('shipment-scan').fill(code);
      await page.getByTestId('shipment-scan').press('Enter');
    };
    const result = page.getByTestId('shipment-scan-result');

    // A lot we never allocated (nor have in stock) is refused, and the screen says why and what is expected.
    await scan(udi(stock.gtin, 'E2E-Z'));
    await page.locator('[data-testid="shipment-scan-result"][data-ok="false"]').waitFor();
    expect(await result.getAttribute('data-code')).toBe('UDI_MISMATCH');
    expect(await result.getAttribute('data-reason')).toBe('LOT_NOT_ALLOCATED');
    expect(await result.textContent()).toContain('Wrong lot');
    expect(await textOf(page, 'shipment-scan-message')).toContain('lot E2E-Z is unknown');
    expect(await textOf(page, 'shipment-scan-expected')).toContain(`${PRODUCT_SKU} lot ${LOT_A} × 2`);
    await screenshot(page, 'orders-04-wrong-lot');

    // Another product altogether.
    await scan(udi(stock.otherGtin, 'X1'));
    await page
      .locator('[data-testid="shipment-scan-result"][data-reason="PRODUCT_NOT_ON_SHIPMENT"]')
      .waitFor();
    expect(await progress.getAttribute('data-scanned')).toBe('0');

    // The allocated lot: the raw scanner form (symbology prefix, expiry) and the human-readable form.
    const yymmdd = stock.expiryA.slice(2).replaceAll('-', '');
    await scan(`]d201${stock.gtin}17${yymmdd}10${LOT_A}`);
    await page.locator('[data-testid="shipment-scan-result"][data-ok="true"]').waitFor();
    await expect.poll(() => progress.getAttribute('data-scanned')).toBe('1');
    await scan(udi(stock.gtin, LOT_A, stock.expiryA));
    await expect.poll(() => progress.getAttribute('data-scanned')).toBe('2');
    expect(await page.getByTestId('shipment-ship').isDisabled()).toBe(true);
    expect(await textOf(page, 'shipment-ship-blocked')).toContain('1 unit still to scan');

    // The last unit's label "cannot be scanned": typed by hand, checked by the server the same way.
    await page.getByRole('button', { name: new RegExp(`${PRODUCT_SKU} · ${LOT_B}`) }).click();
    await page.getByTestId('shipment-manual-lot').waitFor();
    expect(await page.getByTestId('shipment-manual-lot').inputValue()).toBe(LOT_B);
    await page.getByTestId('shipment-manual-submit').click();
    await expect.poll(() => progress.getAttribute('data-scanned')).toBe('3');
    expect(await result.textContent()).toContain(`Checked: ${PRODUCT_SKU} lot ${LOT_B} × 1`);
    await screenshot(page, 'orders-05-all-scanned');

    await page.getByTestId('shipment-ship').click();
    await expect.poll(() => textOf(page, 'shipment-status')).toBe('Shipped');
    expect(await textOf(page, 'shipment-on-time')).toBe('On time');

    await page.getByTestId('shipment-order-link').click();
    await page.getByTestId('order-title').waitFor();
    await expect.poll(() => textOf(page, 'order-status')).toBe('Shipped');
    const lines = await page.getByTestId('order-lines').locator('tbody tr.ant-table-row').allTextContents();
    expect(lines[0]).toContain(PRODUCT_SKU);
    expect(await page.getByTestId('order-timeline').textContent()).toContain('Shipped');
    await screenshot(page, 'orders-06-order-shipped');

    // Delivery: the actual date against the promised one.
    await page.goBack();
    await page.getByTestId('shipment-deliver').click();
    await expect.poll(() => textOf(page, 'shipment-status')).toBe('Delivered');
    await page.getByTestId('shipment-order-link').click();
    await expect.poll(() => textOf(page, 'order-status')).toBe('Delivered');
    await screenshot(page, 'orders-07-order-delivered');
  }, 120_000);

  it('on a phone the order list, order, entry and scanning screens fit the screen', async () => {
    expect(orderId).toBeGreaterThan(0);
    const width = 375;
    const page = await openSignedIn('rep.east', '/orders', {
      locale: 'zh-CN',
      viewport: { width, height: 740 },
      isMobile: true,
    });
    await page.getByTestId('orders-table').waitFor();
    await page.getByTestId(`order-link-${orderId}`).waitFor();
    await expectNoSideways(page, width, 'the order list');
    await screenshot(page, 'orders-08-phone-list');

    await page.goto(`/orders/${orderId}`);
    await page.getByTestId('order-title').waitFor();
    expect(await textOf(page, 'order-status')).toBe('已签收');
    await expectNoSideways(page, width, 'the order');
    await screenshot(page, 'orders-09-phone-order');

    await page.goto('/orders/new');
    await chooseInSelect(page, 'order-entry-customer', CUSTOMER.code, CUSTOMER.name);
    await page.getByTestId('order-entry-lines-add-scan').fill(udi(stock.gtin, LOT_B));
    await page.getByTestId('order-entry-lines-add-scan').press('Enter');
    await page.locator('[data-testid="order-entry-lines-line-1-stock"][data-verdict]').waitFor();
    const confirm = await page.getByTestId('order-entry-confirm').boundingBox();
    expect(confirm && confirm.x >= 0 && confirm.x + confirm.width <= width, 'confirm button on screen').toBe(
      true,
    );
    await expectNoSideways(page, width, 'the order entry');
    await screenshot(page, 'orders-10-phone-entry');

    // The warehouse scans on a handheld: a shipment in picking, set up through the API.
    type Page<T> = { items: T[] };
    const customer = (
      await stock.api<Page<{ id: number; code: string }>>('GET', `/api/customers?q=${CUSTOMER.code}`)
    ).items[0];
    const order = await stock.api<{ id: number }>('POST', '/api/orders', {
      customerId: customer?.id,
      confirm: true,
      lines: [{ productId: stock.productId, quantity: 2 }],
    });
    const shipment = await stock.api<{ id: number }>('POST', '/api/shipments', { orderId: order.id });
    const handheld = await openSignedIn('warehouse', `/shipments/${shipment.id}`, {
      locale: 'zh-CN',
      viewport: { width, height: 740 },
      isMobile: true,
    });
    await handheld.getByTestId('shipment-scan').waitFor();
    await handheld.getByTestId('shipment-scan').fill(udi(stock.gtin, 'E2E-Z'));
    await handheld.getByTestId('shipment-scan').press('Enter');
    await handheld.locator('[data-testid="shipment-scan-result"][data-reason="LOT_NOT_ALLOCATED"]').waitFor();
    expect(await handheld.getByTestId('shipment-scan-result').textContent()).toContain('批号与分配不符');
    const scanBox = await handheld.getByTestId('shipment-scan').boundingBox();
    expect(scanBox && scanBox.x >= 0 && scanBox.x + scanBox.width <= width, 'scan field on screen').toBe(
      true,
    );
    await expectNoSideways(handheld, width, 'the scanning screen');
    await screenshot(handheld, 'orders-11-phone-scan');
  }, 120_000);
});

describe('quotes and refused confirmations', () => {
  it('a rep quotes a customer and converts the quote into a confirmed order', async () => {
    const page = await openSignedIn('rep.east', '/quotes');
    await page.getByTestId('quote-create').click();
    await chooseInSelect(page, 'quote-entry-customer', CUSTOMER.code, CUSTOMER.name);
    await page.getByTestId('quote-entry-lines-add-scan').fill(stock.gtin);
    await page.getByTestId('quote-entry-lines-add-scan').press('Enter');
    await inputOf(page, 'quote-entry-lines-line-1-quantity').fill('2');
    await expect.poll(() => textOf(page, 'quote-entry-lines-line-1-gross')).toBe('¥7.91');
    await page.getByTestId('quote-entry-save').click();
    await page.getByTestId('quote-title').waitFor();
    expect(await textOf(page, 'quote-title')).toMatch(/^QT-/);

    await page.getByTestId('quote-convert').click();
    await page.getByTestId('quote-convert-submit').click();
    await page.getByTestId('order-title').waitFor();
    expect(await textOf(page, 'order-status')).toBe('Allocated');
    expect(await textOf(page, 'order-gross')).toBe('¥7.91');
    await screenshot(page, 'orders-12-quote-converted');
  }, 60_000);

  it('shows why a confirmation is refused: compliance, a price below floor (then approved), short stock', async () => {
    const page = await openSignedIn('rep.east', '/orders/new');
    const error = page.getByTestId('order-entry-error');

    // A clinic without a medical institution licence may not buy a Class II device.
    await chooseInSelect(page, 'order-entry-customer', 'C-SH-001', 'C-SH-001');
    await page.getByTestId('order-entry-lines-add-scan').fill(stock.gtin);
    await page.getByTestId('order-entry-lines-add-scan').press('Enter');
    await page.locator('[data-testid="order-entry-lines-line-1-compliance"][data-allowed="false"]').waitFor();
    await page.getByTestId('order-entry-confirm').click();
    await page.locator('[data-testid="order-entry-error"][data-code="COMPLIANCE_BLOCKED"]').waitFor();
    expect(await error.locator('li[data-kind="compliance"]').first().textContent()).toContain(
      'QUALIFICATION_MISSING',
    );
    await screenshot(page, 'orders-13-compliance-blocked');

    // Below our floor (¥2.50): refused until a manager approves; saved as a draft meanwhile.
    await chooseInSelect(page, 'order-entry-customer', CUSTOMER.code, CUSTOMER.name);
    await inputOf(page, 'order-entry-lines-line-1-manual-price').fill('2.00');
    await page.getByTestId('order-entry-lines-line-1-below-floor').waitFor();
    await page.getByTestId('order-entry-confirm').click();
    await page.locator('[data-testid="order-entry-error"][data-code="PRICE_BELOW_FLOOR"]').waitFor();
    expect(await error.locator('li[data-kind="price_below_floor"]').textContent()).toContain(
      `Line 1 (${PRODUCT_SKU})`,
    );
    await screenshot(page, 'orders-14-below-floor');
    await page.getByTestId('order-entry-save-for-approval').click();
    await page.getByTestId('order-title').waitFor();
    expect(await textOf(page, 'order-status')).toBe('Draft');
    await page.waitForURL(isOrderPage, { timeout: 5_000 });
    const draftUrl = new URL(page.url()).pathname;
    // A draft can still change: the manual price stays, the quantity doubles.
    await page.getByTestId('order-edit').click();
    await page.getByTestId('order-entry').waitFor();
    expect(await inputOf(page, 'order-entry-lines-line-1-manual-price').inputValue()).toBe('2.00');
    await inputOf(page, 'order-entry-lines-line-1-quantity').fill('2');
    await page.getByTestId('order-entry-save').click();
    await page.getByTestId('order-title').waitFor();
    await expect.poll(() => textOf(page, 'order-net')).toBe('¥4.00');

    const manager = await openSignedIn('manager.east', draftUrl);
    await manager.getByTestId('order-approve').click();
    await inputOf(manager, 'order-approve-reason').fill('Tender price agreed with the hospital');
    await manager.getByTestId('order-approve-confirm').click();
    await manager.getByTestId('order-approvals').waitFor();

    await page.reload();
    await page.getByTestId('order-confirm').click();
    await page.getByTestId('order-confirm-submit').click();
    await expect.poll(() => textOf(page, 'order-status')).toBe('Allocated');
    expect(await page.getByTestId('order-approvals').textContent()).toContain('Price below floor');

    // More than there is: refused all-or-nothing, or accepted in part with the rest backordered.
    await page.goto('/orders/new');
    await chooseInSelect(page, 'order-entry-customer', CUSTOMER.code, CUSTOMER.name);
    await page.getByTestId('order-entry-lines-add-scan').fill(stock.gtin);
    await page.getByTestId('order-entry-lines-add-scan').press('Enter');
    await inputOf(page, 'order-entry-lines-line-1-quantity').fill('1000');
    await page.locator('[data-testid="order-entry-lines-line-1-stock"][data-verdict="partial"]').waitFor();
    await page.getByTestId('order-entry-confirm').click();
    await page.locator('[data-testid="order-entry-error"][data-code="INSUFFICIENT_STOCK"]').waitFor();
    expect(await error.locator('li[data-kind="insufficient_stock"]').textContent()).toContain('for 1000');
    await screenshot(page, 'orders-15-short-stock');
    await page.getByTestId('order-entry-accept-partial').click();
    await page.getByTestId('order-title').waitFor();
    expect(await textOf(page, 'order-status')).toBe('Backordered');
    await screenshot(page, 'orders-16-backordered');
  }, 180_000);
});
