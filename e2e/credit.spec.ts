/**
 * Credit and collections in a browser against the real server (issue #6): finance opens a late
 * customer's credit page (score gauge and factor breakdown), finds the customer on the
 * collections worklist, logs a call with a promise to pay and sees it in the customer's
 * collection log; a rep of another region sees nothing of that customer.
 *
 * The first-start sample has no receivables, so the spec writes one invoice 45 days past due
 * with SQL (as the order-to-cash flow would have left it) and rates the customer through the API.
 */
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, signInApi } from './api-fixtures.ts';
import { type E2eServer, launchBrowser, newJourneyContext, screenshot, startE2eServer } from './harness.ts';

const CUSTOMER = { code: 'H-SH-001', name: '上海交通大学医学院附属瑞金医院' };
const CONTACT_PERSON = '财务科 李科长';

let server: E2eServer | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
let customerId = 0;
/** The overdue invoice's due date, as written (45 days before the China date of the set-up). */
let overdueSince = '';

/** YYYY-MM-DD `days` after today in the company's zone (China time, no daylight saving). */
function chinaDate(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** An invoice of 120,000.00 yuan (VAT 0) for the customer, from a delivered order, 45 days past due. */
async function writeOverdueInvoice(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; regionId: string }>(
      'SELECT id, region_id AS "regionId" FROM customers WHERE code = $1',
      [CUSTOMER.code],
    );
    const { id, regionId } = rows[0]!;
    const fen = 120_000_00;
    const invoiceDate = chinaDate(-105);
    overdueSince = chinaDate(-45);
    const order = await client.query<{ id: string }>(
      `INSERT INTO sales_orders (number, customer_id, region_id, currency, exchange_rate, order_date, promised_date,
                                 status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
       VALUES ('SO-E2E-CREDIT', $1, $2, 'CNY', 1, $3, $3, 'delivered', $4, 0, $4, $4, 0, $4) RETURNING id`,
      [id, regionId, invoiceDate, fen],
    );
    const shipment = await client.query<{ id: string }>(
      `INSERT INTO shipments (number, order_id, customer_id, region_id, status, promised_date, shipped_on)
       VALUES ('SH-E2E-CREDIT', $1, $2, $3, 'shipped', $4, $4) RETURNING id`,
      [order.rows[0]!.id, id, regionId, invoiceDate],
    );
    await client.query(
      `INSERT INTO invoices (number, customer_id, region_id, shipment_id, order_id, currency, exchange_rate, invoice_date,
                             due_date, status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen,
                             gross_cny_fen, cost_cny_fen, paid_amount, written_off_amount, open_amount, open_cny_fen)
       VALUES ('INV-E2E-CREDIT', $1, $2, $3, $4, 'CNY', 1, $5, $6, 'open', $7, 0, $7, $7, 0, $7, 0, 0, 0, $7, $7)`,
      [id, regionId, shipment.rows[0]!.id, order.rows[0]!.id, invoiceDate, overdueSince, fen],
    );
    return Number(id);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  customerId = await writeOverdueInvoice(server.databaseUrl);
  const cookie = await signInApi(server.url, 'finance');
  const rated = await fetch(`${server.url}/api/credit/customers/${customerId}/rate`, {
    method: 'POST',
    headers: { cookie },
  });
  if (!rated.ok) throw new Error(`rating the customer failed: HTTP ${rated.status} ${await rated.text()}`);
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  await browser?.close();
  await server?.close();
}, 30_000);

const signedIn = new Map<string, Page>();

/** A signed-in page per user, kept for the journey's later steps (signing in is the slow part). */
async function openSignedIn(username: string): Promise<Page> {
  const open = signedIn.get(username);
  if (open) return open;
  if (!browser || !server) throw new Error('the server or the browser did not start');
  const context = await newJourneyContext(browser, server, {
    locale: 'zh-CN',
    viewport: { width: 1400, height: 900 },
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('home-title').waitFor();
  signedIn.set(username, page);
  return page;
}

/** The worklist, loaded. */
async function openWorklist(page: Page) {
  await page.goto('/credit-collections');
  const table = page.getByTestId('collections-table');
  await table.waitFor();
  await page.locator('[data-testid="collections-table"] .ant-spin-spinning').waitFor({ state: 'detached' });
  return table;
}

describe('credit and collections (DOMAIN §4)', () => {
  it('finance sees the late customer’s score gauge and the seven factors behind it', async () => {
    const page = await openSignedIn('finance');
    await page.goto(`/credit/${customerId}`);
    await page.getByTestId('credit-customer-title').getByText(CUSTOMER.name).waitFor();
    await page.getByTestId('credit-gauge').locator('canvas, svg').first().waitFor();
    const factors = page.getByTestId('credit-factors');
    await factors.waitFor();
    expect(await factors.locator('tbody tr.ant-table-row').count()).toBe(7);
    await screenshot(page, 'credit-01-customer-page');
  }, 60_000);

  it('finance finds the customer on the worklist, logs a call with a promise and sees it in the log', async () => {
    const page = await openSignedIn('finance');
    const table = await openWorklist(page);
    const row = table.locator('tr', { hasText: CUSTOMER.name });
    await row.waitFor();
    // 45 days late: a call to the rep, with the manager informed.
    expect(await row.textContent()).toContain('电话催收');
    await page.getByTestId(`collections-log-${customerId}`).click();
    const form = page.getByTestId('collection-contact-form');
    await form.waitFor();
    await page.getByTestId('collection-contact-person').fill(CONTACT_PERSON);
    const promisedOn = chinaDate(7);
    await form.locator('#promisedOn').click();
    await form.locator('#promisedOn').fill(promisedOn);
    await form.locator('#promisedOn').press('Enter');
    await page.getByTestId('collection-promised-amount').fill('50000');
    await page.getByTestId('collection-contact-save').click();
    await page.locator('.ant-message-notice-success').getByText('已记录').waitFor();
    await screenshot(page, 'credit-02-contact-logged');

    await page.goto(`/customers/${customerId}?tab=credit`);
    const log = page.getByTestId('collection-log');
    await log.locator('tbody tr.ant-table-row').first().waitFor();
    const entry = await log.locator('tbody tr.ant-table-row').first().textContent();
    expect(entry).toContain(CONTACT_PERSON);
    expect(entry).toContain(promisedOn);
    expect(entry).toContain('50,000.00');
    expect(entry).toContain('待兑现');
    await screenshot(page, 'credit-03-collection-log');

    // The credit page shows the same log and the open invoice behind the lateness: its due date,
    // then the days past it — 45, or 46 once China's midnight has passed since the set-up.
    const daysLate = () => Math.round((Date.parse(chinaDate(0)) - Date.parse(overdueSince)) / 86_400_000);
    const lateBefore = daysLate();
    await page.goto(`/credit/${customerId}`);
    const pageLog = page.getByTestId('credit-page-collection-log');
    await pageLog.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await pageLog.locator('tbody tr.ant-table-row').first().textContent()).toContain(CONTACT_PERSON);
    const invoices = page.getByTestId('credit-open-invoices');
    await invoices.locator('tbody tr.ant-table-row').first().waitFor();
    const invoice = await invoices.locator('tbody tr.ant-table-row').first().textContent();
    expect(invoice).toContain('120,000.00');
    expect([lateBefore, daysLate()].map((days) => `${overdueSince}${days}`)).toContain(
      invoice?.match(/\d{4}-\d{2}-\d{2}\d+/)?.[0],
    );
  }, 60_000);

  it('a rep of another region sees nothing of that customer', async () => {
    const page = await openSignedIn('rep.south');
    const table = await openWorklist(page);
    expect(await table.textContent()).not.toContain(CUSTOMER.name);
    await page.goto(`/credit/${customerId}`);
    // Out of scope looks exactly like a customer that does not exist.
    await page.locator('.ant-result-404').waitFor();
    expect(await page.getByTestId('credit-customer-title').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(CUSTOMER.name);
    await screenshot(page, 'credit-04-other-region');
  }, 60_000);
});
