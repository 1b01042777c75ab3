import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { asSuperuser } from '../../../testing/test-db.ts';
import {
  apiAs,
  createShippedShipment,
  type FinanceWorld,
  receivableCheck,
  seedFinanceWorld,
  unbalancedJournals,
} from '../finance.fixtures.ts';

let test: TestApp;
let world: FinanceWorld;
let finance: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  finance = apiAs(test, world.cookies.finance);
  await test.deps.db.query(
    "INSERT INTO exchange_rates (currency, rate_date, rate) VALUES ('USD', '2026-03-20', 7.2)",
  );
});
afterAll(() => test.close());

async function post(url: string, payload: unknown, as = finance) {
  const response = await as.post(url, payload);
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
}

/** Runs statements in one transaction on one connection of the application's pool. */
async function inTransaction(statements: string[]) {
  const client = await test.deps.db.connect();
  try {
    await client.query('BEGIN');
    for (const sql of statements) await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

describe('the receivables ledger', () => {
  it('balances every journal after a whole order-to-cash scenario, and agrees with the open items', async () => {
    const ship = (customerId: number, currency = 'CNY', rate = '1') =>
      createShippedShipment(test, world, {
        customerId,
        shippedOn: '2026-03-02',
        currency,
        exchangeRate: rate,
        lines: [
          {
            productId: world.stent,
            lotId: world.lotStent,
            quantity: 3,
            unitPrice: 33_333,
            discountRate: '0.03',
          },
          { productId: world.catheter, lotId: world.lotCatheter, quantity: 7, unitPrice: 1_999 },
        ],
      });
    const a = await post('/api/invoices', {
      shipmentId: (await ship(world.eastHospital)).shipmentId,
      invoiceDate: '2026-03-02',
    });
    const b = await post('/api/invoices', {
      shipmentId: (await ship(world.eastHospital)).shipmentId,
      invoiceDate: '2026-03-03',
    });
    const c = await post('/api/invoices', {
      shipmentId: (await ship(world.eastHospital)).shipmentId,
      invoiceDate: '2026-03-04',
    });
    const usd = await post('/api/invoices', {
      shipmentId: (await ship(world.westDealer, 'USD', '7.1025')).shipmentId,
      invoiceDate: '2026-03-04',
    });
    await post('/api/payments', {
      customerId: world.eastHospital,
      method: 'bank_transfer',
      amount: a.grossAmount + 12_345,
      receivedDate: '2026-03-10',
      reference: 'ICBC-1',
      autoAllocate: true,
    });
    await post('/api/credit-notes', {
      invoiceId: b.id,
      creditDate: '2026-03-11',
      reason: 'one stent damaged',
      lines: [{ invoiceLineId: b.lines[0].id, quantity: 1 }],
    });
    await post(`/api/invoices/${c.id}/cancel`, { version: c.version, reason: 'duplicate' });
    // A USD payment at another rate than the invoice's: the CNY difference is booked, not lost.
    const usdPayment = await post('/api/payments', {
      customerId: world.westDealer,
      method: 'acceptance_bill',
      currency: 'USD',
      amount: usd.grossAmount,
      receivedDate: '2026-03-20',
      maturityDate: '2026-09-20',
      reference: 'BILL-9',
      autoAllocate: true,
    });
    expect(usdPayment.unallocatedAmount).toBe(0);
    const wo = await post(`/api/invoices/${b.id}/write-offs`, { amount: 1, reason: 'rounding' });
    await post(`/api/write-offs/${wo.id}/approve`, {}, apiAs(test, world.cookies.cfo));

    expect(await unbalancedJournals(test)).toEqual([]);
    for (const customer of [world.eastHospital, world.westDealer]) {
      const check = await receivableCheck(test, customer);
      expect(check.ledger).toBe(check.subledger);
    }
    const fx = await test.deps.db.query(
      "SELECT count(*)::int AS n FROM ledger_entries WHERE account = 'FX_DIFFERENCE'",
    );
    expect(fx.rows[0].n).toBe(1);
    const trial = (await finance.get('/api/ledger/trial-balance?asOf=2026-12-31')).json();
    expect(trial.totalDebitFen).toBe(trial.totalCreditFen);
    const ar = trial.accounts.find((x: { account: string }) => x.account === 'AR');
    expect(ar.balanceFen).toBe(
      (await receivableCheck(test, world.eastHospital)).ledger +
        (await receivableCheck(test, world.westDealer)).ledger,
    );
    expect((await apiAs(test, world.cookies.east).get('/api/ledger/trial-balance')).statusCode).toBe(403);
  });

  it('refuses at commit a journal whose debits and credits differ, written directly in SQL', async () => {
    await expect(
      inTransaction([
        `INSERT INTO journals (id, business_date, source_type, source_id, description)
         VALUES (900001, '2026-03-01', 'reversal', 1, 'hand-made')`,
        `INSERT INTO ledger_entries (journal_id, account, customer_id, debit_fen) VALUES (900001, 'AR', ${world.eastHospital}, 100)`,
        `INSERT INTO ledger_entries (journal_id, account, credit_fen) VALUES (900001, 'CASH', 99)`,
      ]),
    ).rejects.toThrow(/does not balance/);
    await expect(
      inTransaction([
        `INSERT INTO journals (id, business_date, source_type, source_id, description)
         VALUES (900002, '2026-03-01', 'reversal', 1, 'no entries')`,
      ]),
    ).rejects.toThrow(/does not balance/);
    await expect(
      inTransaction([
        `INSERT INTO journals (id, business_date, source_type, source_id, description)
         VALUES (900003, '2026-03-01', 'reversal', 1, 'both sides')`,
        `INSERT INTO ledger_entries (journal_id, account, debit_fen, credit_fen) VALUES (900003, 'CASH', 5, 5)`,
      ]),
    ).rejects.toThrow(/ledger_entry_one_side/);
    const { rows } = await test.deps.db.query('SELECT count(*)::int AS n FROM journals WHERE id >= 900001');
    expect(rows[0].n).toBe(0);
    // A balanced hand-made journal is accepted: the check is about balance, not about who writes.
    await inTransaction([
      `INSERT INTO journals (id, business_date, source_type, source_id, description)
       VALUES (900004, '2026-03-01', 'reversal', 1, 'balanced')`,
      `INSERT INTO ledger_entries (journal_id, account, debit_fen) VALUES (900004, 'CASH', 100)`,
      `INSERT INTO ledger_entries (journal_id, account, credit_fen) VALUES (900004, 'FX_DIFFERENCE', 100)`,
    ]);
  });

  it('never lets a posting be updated or deleted, not even by the database superuser', async () => {
    const db = test.deps.db;
    await expect(
      db.query('UPDATE ledger_entries SET debit_fen = debit_fen + 1 WHERE debit_fen > 0'),
    ).rejects.toThrow(/never changed or deleted/);
    await expect(db.query('DELETE FROM ledger_entries')).rejects.toThrow(/never changed or deleted/);
    await expect(db.query("UPDATE journals SET description = 'edited'")).rejects.toThrow(
      /never changed or deleted/,
    );
    await expect(db.query('DELETE FROM journals')).rejects.toThrow(/never changed or deleted/);
    await expect(asSuperuser(test.database, 'TRUNCATE ledger_entries, journals CASCADE')).rejects.toThrow(
      /never changed or deleted/,
    );
    await expect(asSuperuser(test.database, 'UPDATE ledger_entries SET credit_fen = 0')).rejects.toThrow(
      /never changed or deleted/,
    );
  });

  it('lists journals with their entries, and a region-bound rep only those of their customers', async () => {
    const all = (await finance.get('/api/ledger/journals?pageSize=200')).json();
    expect(all.total).toBeGreaterThan(5);
    expect(all.items[0].entries.length).toBeGreaterThanOrEqual(2);
    const east = (await apiAs(test, world.cookies.east).get('/api/ledger/journals?pageSize=200')).json();
    expect(east.total).toBeGreaterThan(0);
    for (const journal of east.items) {
      expect(
        journal.entries.some((e: { customerId: number | null }) => e.customerId === world.eastHospital),
      ).toBe(true);
    }
  });
});
