/**
 * Credit test data on top of the sales world: a finance director, a product priced in round
 * yuan without VAT (so order amounts are exact), and receivables history written in SQL
 * (orders, invoices, payments, write-offs) relative to a date.
 */
import { addDays, businessDate } from '../../platform/dates.ts';
import { createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';
import { apiAs, receiveLot, type SalesWorld, seedSalesWorld } from '../sales/sales.fixtures.ts';

export const yuan = (n: number) => n * 100;

export interface CreditWorld extends SalesWorld {
  /** 10,000.00 yuan per unit, VAT 0, no floor price; 1,000 units in stock. */
  bigTicket: number;
  cfoCookie: string;
  cfoId: number;
  adminCookie: string;
  financeId: number;
}

export async function seedCreditWorld(test: TestApp): Promise<CreditWorld> {
  const world = await seedSalesWorld(test);
  const db = test.deps.db;
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                           certificate_expiry, standard_cost_fen, list_price_fen, vat_rate)
     VALUES ('MRI-COIL', '磁共振线圈', 'MRI coil', 'Head 32ch', 1, '台', '国械注准20193130999', 3, '2031-12-31', 100000,
             1000000, 0) RETURNING id`,
  );
  const bigTicket = rows[0]!.id;
  await receiveLot(test, {
    productId: bigTicket,
    warehouseId: world.warehouseId,
    lotNumber: 'COIL-1',
    expiryDate: '2036-12-31',
    quantity: 1000,
  });
  const cfo = await createTestUser(test, 'cfo', ['finance_director']);
  await createTestUser(test, 'root', ['admin']);
  const finance = await db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'finance'`);
  return {
    ...world,
    bigTicket,
    cfoCookie: await signIn(test, 'cfo'),
    cfoId: cfo.id,
    adminCookie: await signIn(test, 'root'),
    financeId: finance.rows[0]!.id,
  };
}

export { apiAs };

let sequence = 0;

async function one(test: TestApp, sql: string, params: unknown[]): Promise<number> {
  return (await test.deps.db.query<{ id: number }>(sql, params)).rows[0]!.id;
}

async function regionOf(test: TestApp, customerId: number): Promise<number> {
  return one(test, 'SELECT region_id AS id FROM customers WHERE id = $1', [customerId]);
}

/** A confirmed order (status as given) of this gross CNY amount, VAT 0, without lines. */
export async function addOrder(
  test: TestApp,
  customerId: number,
  input: { orderDate: string; grossFen: number; status?: string },
): Promise<number> {
  const n = ++sequence;
  return one(
    test,
    `INSERT INTO sales_orders (number, customer_id, region_id, currency, exchange_rate, order_date, promised_date, status,
                               net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
     VALUES ($1, $2, $3, 'CNY', 1, $4, $4, $5, $6, 0, $6, $6, 0, $6) RETURNING id`,
    [
      `SO-C-${n}`,
      customerId,
      await regionOf(test, customerId),
      input.orderDate,
      input.status ?? 'delivered',
      input.grossFen,
    ],
  );
}

export interface InvoiceSpec {
  invoiceDate: string;
  dueDate: string;
  grossFen: number;
  /** Payments allocated to it in full amounts: received on, allocated on (default: received). */
  payments?: { receivedDate: string; amountFen: number; allocatedOn?: string }[];
  /** Approved write-off of this much, on this date, by finance with the cfo's approval. */
  writeOff?: { amountFen: number; on: string; requestedBy: number; decidedBy: number };
  /** The order's date (default: the invoice date). */
  orderDate?: string;
}

/** An order invoiced in full (so it adds nothing to open orders), with its payments and write-off. */
export async function addInvoice(test: TestApp, customerId: number, spec: InvoiceSpec): Promise<number> {
  const db = test.deps.db;
  const n = ++sequence;
  const regionId = await regionOf(test, customerId);
  const orderId = await addOrder(test, customerId, {
    orderDate: spec.orderDate ?? spec.invoiceDate,
    grossFen: spec.grossFen,
  });
  const shipmentId = await one(
    test,
    `INSERT INTO shipments (number, order_id, customer_id, region_id, status, promised_date, shipped_on)
     VALUES ($1, $2, $3, $4, 'shipped', $5, $5) RETURNING id`,
    [`SH-C-${n}`, orderId, customerId, regionId, spec.orderDate ?? spec.invoiceDate],
  );
  const paid = (spec.payments ?? []).reduce((s, p) => s + p.amountFen, 0);
  const writtenOff = spec.writeOff?.amountFen ?? 0;
  const open = spec.grossFen - paid - writtenOff;
  const status =
    open === 0 ? (writtenOff > 0 ? 'written_off' : 'paid') : paid > 0 ? 'partially_paid' : 'open';
  const invoiceId = await one(
    test,
    `INSERT INTO invoices (number, customer_id, region_id, shipment_id, order_id, currency, exchange_rate, invoice_date,
                           due_date, status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen,
                           cost_cny_fen, paid_amount, written_off_amount, open_amount, open_cny_fen)
     VALUES ($1, $2, $3, $4, $5, 'CNY', 1, $6, $7, $8, $9, 0, $9, $9, 0, $9, 0, $10, $11, $12, $12) RETURNING id`,
    [
      `INV-C-${n}`,
      customerId,
      regionId,
      shipmentId,
      orderId,
      spec.invoiceDate,
      spec.dueDate,
      status,
      spec.grossFen,
      paid,
      writtenOff,
      open,
    ],
  );
  for (const [i, p] of (spec.payments ?? []).entries()) {
    const paymentId = await one(
      test,
      `INSERT INTO payments (number, customer_id, region_id, method, currency, exchange_rate, received_date, reference,
                             amount, amount_cny_fen, allocated_amount, unallocated_amount, unallocated_cny_fen)
       VALUES ($1, $2, $3, 'bank_transfer', 'CNY', 1, $4, 'ref', $5, $5, $5, 0, 0) RETURNING id`,
      [`PAY-C-${n}-${i}`, customerId, regionId, p.receivedDate, p.amountFen],
    );
    await db.query(
      `INSERT INTO allocations (payment_id, invoice_id, customer_id, region_id, amount, source_cny_fen, invoice_cny_fen,
                                allocated_on)
       VALUES ($1, $2, $3, $4, $5, $5, $5, $6)`,
      [paymentId, invoiceId, customerId, regionId, p.amountFen, p.allocatedOn ?? p.receivedDate],
    );
  }
  if (spec.writeOff) {
    await db.query(
      `INSERT INTO write_offs (number, invoice_id, customer_id, region_id, amount, amount_cny_fen, reason, status,
                               requested_by, decided_by, decided_at, written_off_on)
       VALUES ($1, $2, $3, $4, $5, $5, 'bankrupt', 'approved', $6, $7, now(), $8)`,
      [
        `WO-C-${n}`,
        invoiceId,
        customerId,
        regionId,
        spec.writeOff.amountFen,
        spec.writeOff.requestedBy,
        spec.writeOff.decidedBy,
        spec.writeOff.on,
      ],
    );
  }
  return invoiceId;
}

/** Sets a rated profile directly (the "given" of a decision test). */
export async function setProfile(
  test: TestApp,
  customerId: number,
  profile: { grade: string; limitFen: number; status?: string; score?: number },
): Promise<void> {
  await test.deps.db.query(
    `INSERT INTO credit_profiles (customer_id, score, grade, limit_fen, recommended_limit_fen, status, last_rated_at,
                                  last_rated_on)
     VALUES ($1, $2, $3, $4, 0, $5, now(), $6)
     ON CONFLICT (customer_id) DO UPDATE SET score = EXCLUDED.score, grade = EXCLUDED.grade,
       limit_fen = EXCLUDED.limit_fen, status = EXCLUDED.status`,
    [
      customerId,
      profile.score ?? 75,
      profile.grade,
      profile.limitFen,
      profile.status ?? 'normal',
      businessDate(),
    ],
  );
}

/** A new customer in East China (Shanghai) with a valid institution licence. */
export async function addHospital(test: TestApp, code: string, options: { qualified?: boolean } = {}) {
  const id = await one(
    test,
    `INSERT INTO customers (code, name, name_normalized, type, channel, region_id)
     VALUES ($1, $2, $2, 'hospital', 'direct', 4) RETURNING id`,
    [code, `测试医院${code}`],
  );
  if (options.qualified !== false) {
    await test.deps.db.query(
      `INSERT INTO customer_qualifications (customer_id, type, number, covered_classes, valid_from, valid_until)
       VALUES ($1, 'medical_institution_licence', $2, '{}', '2020-01-01', '2035-12-31')`,
      [id, `PDY-${code}`],
    );
  }
  return id;
}

export const today = () => businessDate();
export const daysAgo = (days: number) => addDays(businessDate(), -days);
