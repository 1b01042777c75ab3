/**
 * A small company for the finance tests: East and West regions, one warehouse, two products,
 * customers in both regions and a distributor, and one user per role that matters. Shipped
 * orders are written straight in SQL (the sales flow has its own tests), so each finance test
 * starts from "this was shipped at these prices".
 */
import type { Role } from '../../../contracts/auth.ts';
import { createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';
import { computeDocumentAmounts, parseScaled } from './money.rules.ts';

export interface FinanceWorld {
  warehouseId: number;
  stent: number;
  catheter: number;
  pacer: number;
  lotStent: number;
  lotCatheter: number;
  lotPacer: number;
  eastHospital: number;
  westHospital: number;
  westDealer: number;
  cookies: Record<UserKey, string>;
  userIds: Record<UserKey, number>;
}

type UserKey =
  | 'finance'
  | 'finance2'
  | 'cfo'
  | 'cfo2'
  | 'east'
  | 'dealer'
  | 'warehouse'
  | 'quality'
  | 'director';

export async function seedFinanceWorld(test: TestApp): Promise<FinanceWorld> {
  const db = test.deps.db;
  await db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'),
      (2, 1, 'sales_region', 'EAST', '华东', 'East China'),
      (3, 1, 'sales_region', 'WEST', '西北', 'Northwest'),
      (4, 2, 'province', 'SH', '上海', 'Shanghai'),
      (5, 3, 'province', 'SN', '陕西', 'Shaanxi');
    SELECT setval('regions_id_seq', 10);
    INSERT INTO product_lines (id, code, name_zh, name_en) VALUES (1, 'CARDIO', '心血管', 'Cardiology');
    INSERT INTO exchange_rates (currency, rate_date, rate) VALUES ('USD', '2026-03-02', 7.10250000);`);
  const id = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ id: number }>(sql, params)).rows[0]!.id;
  const warehouseId = await id(
    `INSERT INTO warehouses (code, name, region_id) VALUES ('WH-SH', '上海中心仓', 4) RETURNING id`,
  );
  const product = (sku: string, name: string, serial = false) =>
    id(
      `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                             standard_cost_fen, list_price_fen, vat_rate, is_serial_tracked)
       VALUES ($1, $2, $2, 'Φ3.0', 1, '个', '国械注准20193130123', 3, 1000, 200000, 0.13, $3) RETURNING id`,
      [sku, name, serial],
    );
  const stent = await product('STENT-30', '冠脉支架');
  const catheter = await product('CATH-7F', '导管');
  const pacer = await product('PACER-1', '心脏起搏器', true);
  const lot = (productId: number, lotNumber: string) =>
    id(
      `INSERT INTO lots (product_id, lot_number, expiry_date, status, unit_cost_fen, first_received_on)
       VALUES ($1, $2, '2029-12-31', 'released', 52000, '2026-01-05') RETURNING id`,
      [productId, lotNumber],
    );
  const customer = (
    code: string,
    name: string,
    type: string,
    level: number | null,
    region: number,
    terms: number,
  ) =>
    id(
      `INSERT INTO customers (code, name, name_normalized, type, channel, distributor_level, region_id, payment_terms_days)
       VALUES ($1, $2, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [code, name, type, type === 'distributor' ? 'distributor' : 'direct', level, region, terms],
    );
  const westDealer = await customer('D-SN-001', '陕西康达医疗器械有限公司', 'distributor', 2, 5, 60);
  const world = {
    warehouseId,
    stent,
    catheter,
    pacer,
    lotStent: await lot(stent, 'S2601'),
    lotCatheter: await lot(catheter, 'C2601'),
    lotPacer: await lot(pacer, 'P2601'),
    eastHospital: await customer('H-SH-001', '上海市第一人民医院', 'hospital', null, 4, 30),
    westHospital: await customer('H-SN-001', '西安交大一附院', 'hospital', null, 5, 60),
    westDealer,
  };
  const users: [UserKey, Role[], { regionIds?: number[]; distributorId?: number }][] = [
    ['finance', ['finance'], {}],
    ['finance2', ['finance'], {}],
    ['cfo', ['finance_director'], {}],
    ['cfo2', ['finance_director'], {}],
    ['east', ['sales_rep'], { regionIds: [2] }],
    ['dealer', ['distributor'], { distributorId: westDealer }],
    ['warehouse', ['warehouse'], {}],
    ['quality', ['quality'], {}],
    ['director', ['sales_director'], {}],
  ];
  const cookies = {} as Record<UserKey, string>;
  const userIds = {} as Record<UserKey, number>;
  for (const [key, roles, options] of users) {
    const user = await createTestUser(test, `u.${key}`, roles, options);
    userIds[key] = user.id;
    cookies[key] = await signIn(test, `u.${key}`);
  }
  return { ...world, cookies, userIds };
}

export interface ShippedLine {
  productId: number;
  lotId: number;
  quantity: number;
  unitPrice: number;
  discountRate?: string;
  vatRate?: string;
  unitCostFen?: number;
  serials?: string[];
}

let sequence = 0;

/** A sales order shipped in full on `shippedOn`, written in SQL; returns the shipment and its line ids. */
export async function createShippedShipment(
  test: TestApp,
  world: FinanceWorld,
  input: {
    customerId: number;
    shippedOn: string;
    currency?: string;
    exchangeRate?: string;
    lines: ShippedLine[];
  },
): Promise<{ shipmentId: number; lineIds: number[] }> {
  const db = test.deps.db;
  const n = ++sequence;
  const currency = input.currency ?? 'CNY';
  const rate = input.exchangeRate ?? '1';
  const lines = input.lines.map((l) => ({ discountRate: '0', vatRate: '0.13', unitCostFen: 52000, ...l }));
  const amounts = computeDocumentAmounts(
    lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountRate4: parseScaled(l.discountRate, 4),
      vatRate4: parseScaled(l.vatRate, 4),
    })),
    parseScaled(rate, 8),
  );
  const { rows: customer } = await db.query<{ region_id: number }>(
    'SELECT region_id FROM customers WHERE id = $1',
    [input.customerId],
  );
  const regionId = customer[0]!.region_id;
  const one = async (sql: string, params: unknown[]) =>
    (await db.query<{ id: number }>(sql, params)).rows[0]!.id;
  const orderId = await one(
    `INSERT INTO sales_orders (number, customer_id, region_id, currency, exchange_rate, order_date, promised_date, status,
                               net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
     VALUES ($1, $2, $3, $4, $5, $6, $6, 'shipped', $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      `SO-T-${n}`,
      input.customerId,
      regionId,
      currency,
      rate,
      input.shippedOn,
      amounts.net,
      amounts.tax,
      amounts.gross,
      amounts.netCny,
      amounts.taxCny,
      amounts.grossCny,
    ],
  );
  const shipmentId = await one(
    `INSERT INTO shipments (number, order_id, customer_id, region_id, status, promised_date, shipped_on)
     VALUES ($1, $2, $3, $4, 'shipped', $5, $5) RETURNING id`,
    [`SH-T-${n}`, orderId, input.customerId, regionId, input.shippedOn],
  );
  const lineIds: number[] = [];
  for (const [index, line] of lines.entries()) {
    const a = amounts.lines[index]!;
    const orderLineId = await one(
      `INSERT INTO sales_order_lines (order_id, line_no, product_id, quantity, price_source, unit_price, discount_rate,
                                      vat_rate, net_amount, tax_amount, net_cny_fen, tax_cny_fen, allocated_quantity,
                                      shipped_quantity)
       VALUES ($1, $2, $3, $4, 'manual', $5, $6, $7, $8, $9, $10, $11, $4, $4) RETURNING id`,
      [
        orderId,
        index + 1,
        line.productId,
        line.quantity,
        line.unitPrice,
        line.discountRate,
        line.vatRate,
        a.net,
        a.tax,
        a.netCny,
        a.taxCny,
      ],
    );
    const allocationId = await one(
      `INSERT INTO sales_order_allocations (order_id, order_line_id, warehouse_id, product_id, lot_id, quantity, status,
                                            shipment_id)
       VALUES ($1, $2, $3, $4, $5, $6, 'shipped', $7) RETURNING id`,
      [orderId, orderLineId, world.warehouseId, line.productId, line.lotId, line.quantity, shipmentId],
    );
    const shipmentLineId = await one(
      `INSERT INTO shipment_lines (shipment_id, allocation_id, order_line_id, warehouse_id, product_id, lot_id, quantity,
                                   scanned_quantity, unit_price, discount_rate, vat_rate, unit_cost_fen)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11) RETURNING id`,
      [
        shipmentId,
        allocationId,
        orderLineId,
        world.warehouseId,
        line.productId,
        line.lotId,
        line.quantity,
        line.unitPrice,
        line.discountRate,
        line.vatRate,
        line.unitCostFen,
      ],
    );
    for (const serial of line.serials ?? []) {
      await db.query(
        'INSERT INTO shipment_line_serials (shipment_line_id, product_id, serial) VALUES ($1, $2, $3)',
        [shipmentLineId, line.productId, serial],
      );
    }
    lineIds.push(shipmentLineId);
  }
  return { shipmentId, lineIds };
}

/** JSON API calls as one user. */
export function apiAs(test: TestApp, cookie: string) {
  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    test.app.inject({
      method,
      url,
      headers: { cookie, 'accept-language': 'en', ...headers },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload: unknown, headers?: Record<string, string>) =>
      call('POST', url, payload, headers),
    patch: (url: string, payload: unknown) => call('PATCH', url, payload),
  };
}

/** Every journal whose debits differ from its credits, or with fewer than two entries (the list must be empty). */
export async function unbalancedJournals(test: TestApp): Promise<unknown[]> {
  const { rows } = await test.deps.db.query(
    `SELECT j.id, coalesce(sum(e.debit_fen), 0)::bigint AS debits, coalesce(sum(e.credit_fen), 0)::bigint AS credits,
            count(e.id)::int AS entries
       FROM journals j LEFT JOIN ledger_entries e ON e.journal_id = j.id
      GROUP BY j.id HAVING coalesce(sum(e.debit_fen), 0) <> coalesce(sum(e.credit_fen), 0) OR count(e.id) < 2`,
  );
  return rows;
}

/** The customer's AR in the ledger, and the sum of its invoices' open CNY less unapplied credit notes (they must agree). */
export async function receivableCheck(
  test: TestApp,
  customerId: number,
): Promise<{ ledger: number; subledger: number }> {
  const { rows } = await test.deps.db.query<{ ledger: number; subledger: number }>(
    `SELECT (SELECT coalesce(sum(debit_fen - credit_fen), 0)::bigint FROM ledger_entries
              WHERE account = 'AR' AND customer_id = $1) AS ledger,
            ((SELECT coalesce(sum(open_cny_fen), 0) FROM invoices WHERE customer_id = $1 AND status <> 'cancelled')
             - (SELECT coalesce(sum(open_cny_fen), 0) FROM credit_notes WHERE customer_id = $1))::bigint AS subledger`,
    [customerId],
  );
  return rows[0]!;
}

/** The invoice the API issued, as the tests read it. */
export interface IssuedInvoice {
  id: number;
  version: number;
  grossCnyFen: number;
  dueDate: string;
  lines: { id: number }[];
}

/**
 * A shipment written as createShippedShipment writes it, then invoiced by finance through the
 * API on `invoiceDate` (default: the ship date).
 */
export async function createInvoicedShipment(
  test: TestApp,
  world: FinanceWorld,
  input: Parameters<typeof createShippedShipment>[2] & { invoiceDate?: string },
): Promise<{ shipmentId: number; lineIds: number[]; invoice: IssuedInvoice }> {
  const { invoiceDate, ...shipment } = input;
  const shipped = await createShippedShipment(test, world, shipment);
  const response = await apiAs(test, world.cookies.finance).post('/api/invoices', {
    shipmentId: shipped.shipmentId,
    invoiceDate: invoiceDate ?? input.shippedOn,
  });
  if (response.statusCode !== 201)
    throw new Error(`invoice not issued: ${response.statusCode} ${response.body}`);
  return { ...shipped, invoice: response.json() as IssuedInvoice };
}
