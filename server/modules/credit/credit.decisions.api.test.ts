import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { businessDate } from '../../platform/dates.ts';
import { withTransaction } from '../../platform/db.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  addInvoice,
  addOrder,
  apiAs,
  type CreditWorld,
  daysAgo,
  seedCreditWorld,
  setProfile,
  yuan,
} from './credit.fixtures.ts';
import { lockProfileAndReadExposure, readExposures } from './credit.repository.ts';

let test: TestApp;
let world: CreditWorld;
let east: ReturnType<typeof apiAs>;
let manager: ReturnType<typeof apiAs>;
let cfo: ReturnType<typeof apiAs>;
let customer: number;
let openOrderId: number;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedCreditWorld(test);
  east = apiAs(test, world.cookies.east);
  manager = apiAs(test, world.cookies.manager);
  cfo = apiAs(test, world.cfoCookie);
  customer = world.eastHospital;
  // DOMAIN §4 example: limit 500,000; open AR 300,000 (not due yet); open orders 50,000; grade B.
  await setProfile(test, customer, { grade: 'B', limitFen: yuan(500_000) });
  await addInvoice(test, customer, {
    invoiceDate: daysAgo(5),
    dueDate: daysAgo(-25),
    grossFen: yuan(300_000),
  });
  openOrderId = await addOrder(test, customer, {
    orderDate: daysAgo(2),
    grossFen: yuan(50_000),
    status: 'allocated',
  });
});
afterAll(() => test.close());

/** An order of the 10,000-yuan product (VAT 0): quantity 12 is exactly 120,000.00. */
const orderOf = (units: number, confirm = false) => ({
  customerId: customer,
  confirm,
  lines: [{ productId: world.bigTicket, quantity: units }],
});

async function draft(units: number) {
  const created = await east('POST', '/api/orders', orderOf(units));
  expect(created.statusCode, created.body).toBe(201);
  return created.json() as { id: number; version: number };
}

async function confirm(order: { id: number }, as = east, lang: 'en' | 'zh-CN' = 'en') {
  const current = (await as('GET', `/api/orders/${order.id}`)).json();
  return as('POST', `/api/orders/${order.id}/confirm`, { version: current.version }, { lang });
}

/** Cancels what a test confirmed, so the next test starts from the example's exposure again. */
async function cancel(orderId: number) {
  const current = (await east('GET', `/api/orders/${orderId}`)).json();
  const response = await east('POST', `/api/orders/${orderId}/cancel`, {
    version: current.version,
    reason: 'test',
  });
  expect(response.statusCode, response.body).toBe(200);
}

const pendingOf = async (orderId: number) =>
  (await test.deps.db.query('SELECT * FROM credit_decisions WHERE order_id = $1 ORDER BY id', [orderId]))
    .rows;

/**
 * The customer's confirmed orders not yet invoiced, summed from the invoices themselves: the
 * independent check of the invoiced totals the triggers maintain (migration 0031).
 */
async function uninvoicedFromInvoices(customerId: number): Promise<number> {
  const { rows } = await test.deps.db.query<{ fen: string }>(
    `SELECT coalesce(sum(greatest(o.gross_cny_fen - coalesce(b.fen, 0), 0)), 0)::bigint AS fen
       FROM sales_orders o
       LEFT JOIN (SELECT order_id, sum(gross_cny_fen) AS fen FROM invoices WHERE status <> 'cancelled'
                   GROUP BY order_id) b ON b.order_id = o.id
      WHERE o.customer_id = $1 AND o.status NOT IN ('draft', 'cancelled')`,
    [customerId],
  );
  return Number(rows[0]!.fen);
}

describe('order-time credit decision on the DOMAIN §4 example (limit 500,000, AR 300,000, orders 50,000, grade B)', () => {
  beforeEach(async () => {
    await setProfile(test, customer, { grade: 'B', limitFen: yuan(500_000) });
  });

  it('approves an order of 120,000 (exposure 470,000) and records the decision with its parts', async () => {
    const response = await east('POST', '/api/orders', orderOf(12, true));
    expect(response.statusCode, response.body).toBe(201);
    const order = response.json();
    const { rows } = await test.deps.db.query(
      `SELECT order_id, status, outcome, order_fen, open_receivables_fen, open_orders_fen, exposure_fen, limit_fen, grade
         FROM credit_decisions WHERE customer_id = $1 ORDER BY id DESC LIMIT 1`,
      [customer],
    );
    expect(rows[0]).toEqual({
      // Created and confirmed in one request: the record still names the order.
      order_id: order.id,
      status: 'passed',
      outcome: 'approve',
      order_fen: yuan(120_000),
      open_receivables_fen: yuan(300_000),
      open_orders_fen: yuan(50_000),
      exposure_fen: yuan(470_000),
      limit_fen: yuan(500_000),
      grade: 'B',
    });
    await cancel(order.id);
  });

  it('sends an order of 220,000 (570,000 ≤ 600,000) to the regional manager, who approves it; then it confirms', async () => {
    const order = await draft(22);
    const refused = await confirm(order);
    expect(refused.statusCode).toBe(422);
    const error = refused.json().error;
    expect(error.code).toBe('APPROVAL_REQUIRED');
    expect(error.details.decision).toMatchObject({
      decision: 'require_approval',
      approver: 'regional_manager',
      exposureFen: yuan(570_000),
    });
    expect(error.message).toContain('570,000.00');
    const [pending] = await pendingOf(order.id);
    expect(pending).toMatchObject({
      status: 'pending',
      outcome: 'regional_manager',
      exposure_fen: yuan(570_000),
    });
    expect(error.details.decision.creditDecisionId).toBe(pending.id);

    // The worklist shows it to the manager of the region, with the reason in their language.
    const worklist = await manager('GET', '/api/credit/decisions?status=pending', undefined, {
      lang: 'zh-CN',
    });
    expect(worklist.json().items).toEqual([
      expect.objectContaining({
        id: pending.id,
        orderId: order.id,
        reason: expect.stringContaining('区域经理'),
      }),
    ]);
    // A rep may not approve; the manager may.
    expect((await east('POST', `/api/credit/decisions/${pending.id}/approve`, {})).statusCode).toBe(403);
    const approved = await manager('POST', `/api/credit/decisions/${pending.id}/approve`, {
      note: 'known hospital',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedByName: 'manager' });

    const confirmed = await confirm(order);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await pendingOf(order.id))[0].used_at).not.toBeNull();
    await cancel(order.id);
  });

  it('puts the request into the regional manager’s workflow inbox; approving it there settles the decision', async () => {
    const order = await draft(22);
    expect((await confirm(order)).json().error.code).toBe('APPROVAL_REQUIRED');
    const [pending] = await pendingOf(order.id);
    const tasks = (await manager('GET', '/api/workflow/tasks?kind=approval')).json().items as {
      documentType: string;
      documentId: number;
      approvalId: number;
      amountFen: number;
    }[];
    const task = tasks.find((t) => t.documentType === 'credit_decision' && t.documentId === pending.id);
    expect(task).toMatchObject({ amountFen: yuan(220_000) });
    // Asking again while it is pending sends no second request.
    expect((await confirm(order)).statusCode).toBe(422);
    const { rows } = await test.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM workflow_approvals WHERE document_type = 'credit_decision' AND document_id = $1`,
      [pending.id],
    );
    expect(rows[0]!.n).toBe(1);

    const decided = await manager('POST', `/api/workflow/approvals/${task!.approvalId}/approve`, {
      comment: '老客户，同意',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    await test.deps.events.dispatchPending();
    expect((await pendingOf(order.id))[0]).toMatchObject({
      status: 'approved',
      decision_note: '老客户，同意',
    });

    const confirmed = await confirm(order);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    await cancel(order.id);
  });

  it('sends an order of 300,000 (650,000) to the finance director: the regional manager cannot approve it', async () => {
    const order = await draft(30);
    const refused = await confirm(order);
    expect(refused.json().error.details.decision).toMatchObject({
      approver: 'finance_director',
      exposureFen: yuan(650_000),
    });
    const [pending] = await pendingOf(order.id);
    const byManager = await manager('POST', `/api/credit/decisions/${pending.id}/approve`, {});
    expect(byManager.statusCode).toBe(403);
    expect(byManager.json().error.code).toBe('CREDIT_APPROVER_ROLE');
    expect((await cfo('POST', `/api/credit/decisions/${pending.id}/approve`, {})).statusCode).toBe(200);
    expect((await confirm(order)).statusCode).toBe(200);
    await cancel(order.id);
  });

  it('rejects the same customer once an invoice is 95 days past due, with the reason in the user language', async () => {
    const invoiceId = await addInvoice(test, customer, {
      invoiceDate: daysAgo(125),
      dueDate: daysAgo(95),
      grossFen: yuan(1),
    });
    try {
      const response = await east('POST', '/api/orders', orderOf(12, true), { lang: 'zh-CN' });
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({
        code: 'CREDIT_REJECTED',
        message: expect.stringContaining('逾期 95 天'),
      });
      const { rows } = await test.deps.db.query(
        `SELECT status, outcome, rule, order_id FROM credit_decisions WHERE customer_id = $1 ORDER BY id DESC LIMIT 1`,
        [customer],
      );
      expect(rows[0]).toEqual({
        status: 'refused',
        outcome: 'reject',
        rule: 'overdue_over_90',
        order_id: null,
      });
    } finally {
      await test.deps.db.query(
        `UPDATE invoices SET status = 'paid', paid_amount = gross_amount, open_amount = 0, open_cny_fen = 0 WHERE id = $1`,
        [invoiceId],
      );
    }
  });

  it('rejects every order of a customer on hold, whatever the amount', async () => {
    await setProfile(test, customer, { grade: 'A', limitFen: yuan(10_000_000), status: 'hold' });
    const response = await east('POST', '/api/orders', orderOf(1, true));
    expect(response.json().error).toMatchObject({
      code: 'CREDIT_REJECTED',
      message: expect.stringContaining('hold'),
    });
  });
});

describe('the collection rule at order time (DOMAIN §4: > 60 days past due, grades C–E go to approval)', () => {
  /** A small invoice of the example customer, due `days` days ago and still open, closed after `body`. */
  async function withInvoiceOverdue(days: number, body: () => Promise<void>) {
    const invoiceId = await addInvoice(test, customer, {
      invoiceDate: daysAgo(days + 30),
      dueDate: daysAgo(days),
      grossFen: yuan(1),
    });
    try {
      await body();
    } finally {
      await test.deps.db.query(
        `UPDATE invoices SET status = 'paid', paid_amount = gross_amount, open_amount = 0, open_cny_fen = 0 WHERE id = $1`,
        [invoiceId],
      );
    }
  }

  it('sends a grade C order within the limit to the finance director once an invoice is 61 days past due', async () => {
    await setProfile(test, customer, { grade: 'C', limitFen: yuan(500_000) });
    await withInvoiceOverdue(61, async () => {
      const order = await draft(1); // exposure 300,001 + 50,000 + 10,000 = 360,001 ≤ 500,000
      const refused = await confirm(order, east, 'zh-CN');
      expect(refused.statusCode).toBe(422);
      const error = refused.json().error;
      expect(error.code).toBe('APPROVAL_REQUIRED');
      expect(error.details.decision).toMatchObject({
        decision: 'require_approval',
        approver: 'finance_director',
        rule: 'overdue_over_60_grade_c',
        exposureFen: yuan(360_001),
      });
      expect(error.message).toContain('逾期 61 天');
      const [pending] = await pendingOf(order.id);
      expect(pending).toMatchObject({
        status: 'pending',
        outcome: 'finance_director',
        worst_days_past_due: 61,
      });
      const inEnglish = await cfo('GET', `/api/credit/decisions/${pending.id}`);
      expect(inEnglish.json().reason).toContain('61 days past due');

      expect((await manager('POST', `/api/credit/decisions/${pending.id}/approve`, {})).statusCode).toBe(403);
      expect((await cfo('POST', `/api/credit/decisions/${pending.id}/approve`, {})).statusCode).toBe(200);
      expect((await confirm(order)).statusCode).toBe(200);
      await cancel(order.id);
    });
  });

  it('lets the same grade C order through when the oldest invoice is exactly 60 days past due', async () => {
    await setProfile(test, customer, { grade: 'C', limitFen: yuan(500_000) });
    await withInvoiceOverdue(60, async () => {
      const response = await east('POST', '/api/orders', orderOf(1, true));
      expect(response.statusCode, response.body).toBe(201);
      await cancel(response.json().id);
    });
  });

  it('does not hold up a grade B customer 90 days past due within the limit', async () => {
    await setProfile(test, customer, { grade: 'B', limitFen: yuan(500_000) });
    await withInvoiceOverdue(90, async () => {
      const response = await east('POST', '/api/orders', orderOf(1, true));
      expect(response.statusCode, response.body).toBe(201);
      await cancel(response.json().id);
    });
  });
});

describe('approvals cannot be carried over', () => {
  beforeEach(async () => {
    await setProfile(test, customer, { grade: 'B', limitFen: yuan(500_000) });
  });

  it('does not let a duplicate of an approved order through: the copy needs its own approval', async () => {
    const original = await draft(22);
    await confirm(original);
    const [pending] = await pendingOf(original.id);
    await manager('POST', `/api/credit/decisions/${pending.id}/approve`, {});

    const copy = await draft(22);
    const refused = await confirm(copy);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('APPROVAL_REQUIRED');
    expect(await pendingOf(copy.id)).toEqual([expect.objectContaining({ status: 'pending' })]);

    // The approved original still goes through, once.
    expect((await confirm(original)).statusCode).toBe(200);
    await cancel(original.id);
  });

  it('asks again when the draft grows after its approval', async () => {
    const order = await draft(21);
    await confirm(order);
    const [pending] = await pendingOf(order.id);
    await manager('POST', `/api/credit/decisions/${pending.id}/approve`, {});
    const current = (await east('GET', `/api/orders/${order.id}`)).json();
    const edited = await east('PATCH', `/api/orders/${order.id}`, {
      version: current.version,
      lines: [{ productId: world.bigTicket, quantity: 22 }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const refused = await confirm(order);
    expect(refused.statusCode).toBe(422);
    const decisions = await pendingOf(order.id);
    expect(decisions.map((d) => d.status)).toEqual(['approved', 'pending']);
  });

  it('refuses a direct confirmation that needs approval and says how to ask for it', async () => {
    const response = await east('POST', '/api/orders', orderOf(22, true));
    expect(response.statusCode).toBe(422);
    expect(response.json().error.message).toContain('save the order as a draft');
    const { rows } = await test.deps.db.query(
      `SELECT status, outcome FROM credit_decisions WHERE customer_id = $1 ORDER BY id DESC LIMIT 1`,
      [customer],
    );
    expect(rows[0]).toEqual({ status: 'refused', outcome: 'regional_manager' });
  });

  it('does not let the approver approve an order they confirmed themselves', async () => {
    const order = (await manager('POST', '/api/orders', orderOf(22))).json();
    await confirm(order, manager);
    const [pending] = await pendingOf(order.id);
    const response = await manager('POST', `/api/credit/decisions/${pending.id}/approve`, {});
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('SELF_APPROVAL');
    // Rejected by the finance director: the order stays a draft, the decision is closed.
    const rejected = await cfo('POST', `/api/credit/decisions/${pending.id}/reject`, { note: 'too much' });
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
    expect((await cfo('POST', `/api/credit/decisions/${pending.id}/approve`, {})).statusCode).toBe(409);
    expect((await confirm(order, manager)).statusCode).toBe(422);
  });

  it('shows on the credit page the same exposure the order-time decision reads', async () => {
    const page = (await east('GET', `/api/credit/customers/${customer}`)).json();
    // The order-time read (one customer, after the lock) and the set-based one agree.
    const locked = await withTransaction(test.deps.db, (tx) =>
      lockProfileAndReadExposure(tx, customer, businessDate()),
    );
    const one = locked!.exposure;
    const [many] = await readExposures(test.deps.db, [customer], businessDate());
    expect(one).toEqual(many);
    expect(one.openOrdersFen).toBe(await uninvoicedFromInvoices(customer));
    expect(one.openInvoicesFen).toBeGreaterThan(0);
    expect(one.openOrdersFen).toBeGreaterThan(0);
    expect(locked!.profile).toMatchObject({ grade: 'B', limitFen: yuan(500_000) });
    expect(page.exposure).toMatchObject({
      openReceivablesFen: one.openInvoicesFen - one.unappliedFen,
      openOrdersFen: one.openOrdersFen,
    });
  });

  it('follows a partly invoiced order through its invoice being issued and cancelled (maintained invoiced amount)', async () => {
    const db = test.deps.db;
    const read = async () => {
      const locked = await withTransaction(db, (tx) =>
        lockProfileAndReadExposure(tx, customer, businessDate()),
      );
      const [many] = await readExposures(db, [customer], businessDate());
      // Both read each order's maintained invoiced amount; it must be what its invoices sum to.
      expect(locked!.exposure).toEqual(many);
      expect(many!.openOrdersFen).toBe(await uninvoicedFromInvoices(customer));
      return locked!.exposure.openOrdersFen;
    };
    const before = await read();
    const orderId = await addOrder(test, customer, {
      orderDate: daysAgo(1),
      grossFen: yuan(8_000),
      status: 'shipped',
    });
    expect(await read()).toBe(before + yuan(8_000));
    // An invoice of 3,000 of it: 5,000 still to invoice. Counted although its transaction claims
    // the totals are written already: only a bulk load may say so (migration 0044).
    const { rows } = await withTransaction(db, async (tx) => {
      await tx.query(`SELECT set_config('pulse.invoiced_totals_written', 'on', true)`);
      return tx.query<{ id: number }>(
        `WITH o AS (SELECT * FROM sales_orders WHERE id = $1),
            s AS (INSERT INTO shipments (number, order_id, customer_id, region_id, status, promised_date, shipped_on)
                  SELECT 'SH-PART-1', id, customer_id, region_id, 'shipped', order_date, order_date FROM o RETURNING id)
       INSERT INTO invoices (number, customer_id, region_id, shipment_id, order_id, currency, exchange_rate, invoice_date,
                             due_date, status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen,
                             cost_cny_fen, paid_amount, written_off_amount, open_amount, open_cny_fen)
       SELECT 'INV-PART-1', o.customer_id, o.region_id, s.id, o.id, 'CNY', 1, o.order_date, o.order_date + 30, 'open',
              $2, 0, $2, $2, 0, $2, 0, 0, 0, $2, $2
         FROM o, s RETURNING id`,
        [orderId, yuan(3_000)],
      );
    });
    const invoiced = async () =>
      (
        await db.query<{ fen: string }>(
          'SELECT invoiced_gross_cny_fen AS fen FROM sales_orders WHERE id = $1',
          [orderId],
        )
      ).rows[0]!.fen;
    expect(Number(await invoiced())).toBe(yuan(3_000));
    expect(await read()).toBe(before + yuan(5_000));
    // Cancelled: the whole order is uninvoiced again; an update that changes no amount changes nothing.
    await db.query(`UPDATE invoices SET status = 'cancelled', cancelled_on = invoice_date WHERE id = $1`, [
      rows[0]!.id,
    ]);
    await db.query(`UPDATE invoices SET cancel_reason = 'duplicate' WHERE id = $1`, [rows[0]!.id]);
    expect(Number(await invoiced())).toBe(0);
    expect(await read()).toBe(before + yuan(8_000));
    await db.query(`UPDATE sales_orders SET status = 'cancelled' WHERE id = $1`, [orderId]);
    expect(await read()).toBe(before);
  });

  it('keeps the open order of the example out of scope of a rep of another region', async () => {
    const west = apiAs(test, world.cookies.west);
    const list = await west('GET', '/api/credit/decisions');
    expect(list.json()).toMatchObject({ items: [], total: 0 });
    expect(openOrderId).toBeGreaterThan(0);
  });
});
