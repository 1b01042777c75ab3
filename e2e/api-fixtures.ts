/**
 * Set-up helpers the browser journeys share: signing in through the API, and recording a sale
 * (a shipped order written in SQL — nothing on screen ships without stock and UDI scans — then
 * invoiced on its date through the API, so revenue and cost are what the finance rules make).
 */
import type pg from 'pg';
import type { BrowserContext } from 'playwright-core';

/** The password of every demo and sample user (README, "Demo logins"). */
export const DEMO_PASSWORD = 'Pulse-demo-2026';
const SESSION_COOKIE = 'pulse_session';

/** Signs in through the API; returns the session cookie (`name=value`). */
export async function signInApi(url: string, username: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`sign-in of ${username} failed: HTTP ${login.status}`);
  const session = login.headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  if (!session) throw new Error('no session cookie after sign-in');
  return session.split(';')[0] ?? '';
}

/**
 * Signs `username` in through the API and hands the session cookie to a browser context, for a
 * journey about something other than signing in: its first page opens signed in, without the
 * login screen and the home page on the way (auth.spec.ts covers those).
 */
export async function signInContext(context: BrowserContext, url: string, username: string): Promise<void> {
  const [name = SESSION_COOKIE, ...value] = (await signInApi(url, username)).split('=');
  await context.addCookies([{ name, value: value.join('='), url }]);
}

export interface Sale {
  customerCode: string;
  sku: string;
  quantity: number;
  unitPriceFen: number;
  date: string;
}

/**
 * One sale of `quantity` × `sku` (a lot of it must exist) at 13 % VAT; `number` makes its order
 * and shipment numbers unique (SO-`number`, SH-`number`).
 */
export async function recordSale(
  db: pg.Client,
  url: string,
  financeCookie: string,
  sale: Sale,
  number: string,
): Promise<void> {
  const one = async (sql: string, params: unknown[]) =>
    ((await db.query<{ id: string }>(sql, params)).rows[0] as { id: string }).id;
  const customer = (
    await db.query<{ id: string; region_id: string; owner_rep_id: string | null }>(
      'SELECT id, region_id, owner_rep_id FROM customers WHERE code = $1',
      [sale.customerCode],
    )
  ).rows[0];
  const product = (
    await db.query<{ product_id: string; lot_id: string; warehouse_id: string }>(
      `SELECT p.id AS product_id, l.id AS lot_id, (SELECT min(id) FROM warehouses) AS warehouse_id
         FROM products p JOIN lots l ON l.product_id = p.id WHERE p.sku = $1`,
      [sale.sku],
    )
  ).rows[0];
  if (!customer || !product) throw new Error(`no sample customer ${sale.customerCode} or lot of ${sale.sku}`);
  const net = sale.quantity * sale.unitPriceFen;
  const tax = Math.round(net * 0.13);
  const orderId = await one(
    `INSERT INTO sales_orders (number, customer_id, region_id, owner_rep_id, currency, exchange_rate, order_date,
                               promised_date, status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen,
                               gross_cny_fen)
     VALUES ($1, $2, $3, $4, 'CNY', 1, $5, $5, 'shipped', $6, $7, $8, $6, $7, $8) RETURNING id`,
    [`SO-${number}`, customer.id, customer.region_id, customer.owner_rep_id, sale.date, net, tax, net + tax],
  );
  const lineId = await one(
    `INSERT INTO sales_order_lines (order_id, line_no, product_id, quantity, price_source, unit_price, vat_rate,
                                    net_amount, tax_amount, net_cny_fen, tax_cny_fen, allocated_quantity,
                                    shipped_quantity)
     VALUES ($1, 1, $2, $3, 'manual', $4, 0.13, $5, $6, $5, $6, $3, $3) RETURNING id`,
    [orderId, product.product_id, sale.quantity, sale.unitPriceFen, net, tax],
  );
  const shipmentId = await one(
    `INSERT INTO shipments (number, order_id, customer_id, region_id, status, promised_date, shipped_on)
     VALUES ($1, $2, $3, $4, 'shipped', $5, $5) RETURNING id`,
    [`SH-${number}`, orderId, customer.id, customer.region_id, sale.date],
  );
  const allocationId = await one(
    `INSERT INTO sales_order_allocations (order_id, order_line_id, warehouse_id, product_id, lot_id, quantity, status,
                                          shipment_id)
     VALUES ($1, $2, $3, $4, $5, $6, 'shipped', $7) RETURNING id`,
    [orderId, lineId, product.warehouse_id, product.product_id, product.lot_id, sale.quantity, shipmentId],
  );
  await db.query(
    `INSERT INTO shipment_lines (shipment_id, allocation_id, order_line_id, warehouse_id, product_id, lot_id, quantity,
                                 scanned_quantity, unit_price, discount_rate, vat_rate, unit_cost_fen)
     SELECT $1, $2, $3, $4, $5, $6, $7, $7, $8, 0, 0.13, l.unit_cost_fen FROM lots l WHERE l.id = $6`,
    [
      shipmentId,
      allocationId,
      lineId,
      product.warehouse_id,
      product.product_id,
      product.lot_id,
      sale.quantity,
      sale.unitPriceFen,
    ],
  );
  const invoice = await fetch(`${url}/api/invoices`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', cookie: financeCookie },
    body: JSON.stringify({ shipmentId: Number(shipmentId), invoiceDate: sale.date }),
  });
  if (invoice.status !== 201)
    throw new Error(`invoicing failed: HTTP ${invoice.status} ${await invoice.text()}`);
}
