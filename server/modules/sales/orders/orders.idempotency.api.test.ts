import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../../platform/auth-context.ts';
import { withTransaction } from '../../../platform/db.ts';
import { runIdempotent } from '../../../platform/idempotency.ts';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { asSuperuser } from '../../../testing/test-db.ts';
import { findLedgerMismatches } from '../../inventory/index.ts';
import { apiAs, receiveLot, type SalesWorld, seedSalesWorld, stockOf } from '../sales.fixtures.ts';

let test: TestApp;
let world: SalesWorld;
let director: ReturnType<typeof apiAs>;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedSalesWorld(test);
  director = apiAs(test, world.cookies.director);
  await receiveLot(test, {
    productId: world.catheter,
    warehouseId: world.warehouseId,
    lotNumber: 'IDEM-1',
    expiryDate: '2029-01-31',
    quantity: 100,
  });
});
afterAll(() => test.close());

const orderBody = (quantity = 1, note: string | null = null) => ({
  customerId: world.eastHospital,
  orderDate: '2026-11-25',
  confirm: true,
  note,
  lines: [{ productId: world.catheter, quantity }],
});

async function countOrders(note: string): Promise<number> {
  const { rows } = await test.deps.db.query('SELECT count(*)::int AS n FROM sales_orders WHERE note = $1', [
    note,
  ]);
  return rows[0].n;
}

describe('Idempotency-Key on order creation', () => {
  it('answers a repeated request with the stored response and creates the order once', async () => {
    const body = orderBody(2, 'repeat');
    const first = await director('POST', '/api/orders', body, { idempotencyKey: 'key-repeat' });
    expect(first.statusCode, first.body).toBe(201);
    const second = await director('POST', '/api/orders', body, { idempotencyKey: 'key-repeat' });
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await countOrders('repeat')).toBe(1);
  });

  it('refuses the same key with a different body (422) and changes nothing', async () => {
    const first = await director('POST', '/api/orders', orderBody(1, 'reuse'), {
      idempotencyKey: 'key-reuse',
    });
    expect(first.statusCode).toBe(201);
    const other = await director('POST', '/api/orders', orderBody(3, 'reuse'), {
      idempotencyKey: 'key-reuse',
    });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countOrders('reuse')).toBe(1);
  });

  it('keeps keys per user: another user may use the same key for their own request', async () => {
    const manager = apiAs(test, world.cookies.manager);
    const mine = await director('POST', '/api/orders', orderBody(1, 'per-user'), {
      idempotencyKey: 'key-shared',
    });
    const theirs = await manager('POST', '/api/orders', orderBody(1, 'per-user'), {
      idempotencyKey: 'key-shared',
    });
    expect([mine.statusCode, theirs.statusCode]).toEqual([201, 201]);
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  it('answers 409 to a concurrent request with the same key while the first is still running', async () => {
    const original = test.app.salesHooks.credit;
    let reached!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    test.app.salesHooks.credit = {
      checkOrder: async () => {
        reached();
        await gate;
        return { decision: 'approve' };
      },
    };
    try {
      const body = orderBody(1, 'concurrent');
      const first = director('POST', '/api/orders', body, { idempotencyKey: 'key-concurrent' });
      await inside;
      const second = await director('POST', '/api/orders', body, { idempotencyKey: 'key-concurrent' });
      release();
      expect((await first).statusCode).toBe(201);
      expect(second.statusCode).toBe(409);
      expect(second.json().error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      expect(await countOrders('concurrent')).toBe(1);
    } finally {
      test.app.salesHooks.credit = original;
    }
  });

  it('leaves nothing when confirmation fails after allocation, and a retry with the same key succeeds once', async () => {
    // Fault injection: the last write of the confirming transaction (the order.confirmed event,
    // after allocation and the order rows) fails, as a crash just before commit would.
    await asSuperuser(
      test.database,
      `CREATE FUNCTION fail_order_confirmed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.type = 'order.confirmed' THEN RAISE EXCEPTION 'injected failure after allocation'; END IF;
         RETURN NEW;
       END $$;
       CREATE TRIGGER fail_order_confirmed BEFORE INSERT ON outbox_events
         FOR EACH ROW EXECUTE FUNCTION fail_order_confirmed();`,
    );
    const before = await stockOf(test, world.catheter);
    const body = orderBody(4, 'crash');
    const failed = await director('POST', '/api/orders', body, { idempotencyKey: 'key-crash' });
    expect(failed.statusCode).toBe(500);
    expect(await countOrders('crash')).toBe(0);
    expect(await stockOf(test, world.catheter)).toEqual(before);
    const { rows: keys } = await test.deps.db.query(
      `SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'key-crash'`,
    );
    expect(keys[0].n).toBe(0);

    await asSuperuser(
      test.database,
      'DROP TRIGGER fail_order_confirmed ON outbox_events; DROP FUNCTION fail_order_confirmed()',
    );
    const retried = await director('POST', '/api/orders', body, { idempotencyKey: 'key-crash' });
    expect(retried.statusCode, retried.body).toBe(201);
    const again = await director('POST', '/api/orders', body, { idempotencyKey: 'key-crash' });
    expect(again.json().id).toBe(retried.json().id);
    expect(await countOrders('crash')).toBe(1);
    expect((await stockOf(test, world.catheter)).reserved).toBe(before.reserved + 4);
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
  });

  it('lets a retry take over a key left "in progress" by a server killed mid-request, once its lease ran out', async () => {
    // A killed server commits nothing and never deletes its claim: keep the claim from being deleted.
    await asSuperuser(
      test.database,
      `CREATE FUNCTION keep_claims() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
       CREATE TRIGGER keep_claims BEFORE DELETE ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION keep_claims();
       CREATE FUNCTION fail_order_confirmed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'killed'; END $$;
       CREATE TRIGGER fail_order_confirmed BEFORE INSERT ON outbox_events
         FOR EACH ROW EXECUTE FUNCTION fail_order_confirmed();`,
    );
    const body = orderBody(1, 'killed');
    expect((await director('POST', '/api/orders', body, { idempotencyKey: 'key-killed' })).statusCode).toBe(
      500,
    );
    await asSuperuser(
      test.database,
      `DROP TRIGGER fail_order_confirmed ON outbox_events; DROP FUNCTION fail_order_confirmed();
       DROP TRIGGER keep_claims ON idempotency_keys; DROP FUNCTION keep_claims();`,
    );
    const tooSoon = await director('POST', '/api/orders', body, { idempotencyKey: 'key-killed' });
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json().error.code).toBe('IDEMPOTENCY_IN_PROGRESS');

    await test.deps.db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '10 minutes' WHERE key = 'key-killed'`,
    );
    const retried = await director('POST', '/api/orders', body, { idempotencyKey: 'key-killed' });
    expect(retried.statusCode, retried.body).toBe(201);
    expect((await director('POST', '/api/orders', body, { idempotencyKey: 'key-killed' })).json().id).toBe(
      retried.json().id,
    );
    expect(await countOrders('killed')).toBe(1);
  });

  it('stops a stale holder that wakes up after its claim was taken over from committing a second effect', async () => {
    const db = test.deps.db;
    const ctx = { ...systemContext(), userId: world.userIds.director };
    let reached!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const effect = (label: string) => (store: Parameters<Parameters<typeof runIdempotent>[4]>[0]) =>
      withTransaction(db, async (tx) => {
        if (label === 'stale') {
          reached();
          await gate;
        }
        await tx.query(`INSERT INTO outbox_events (type, payload) VALUES ('test.effect', $1::jsonb)`, [
          JSON.stringify({ label }),
        ]);
        await store(tx, 201, { label });
        return { statusCode: 201, body: { label } };
      });
    const stale = runIdempotent(db, ctx, 'key-lease', { same: 1 }, effect('stale'));
    await inside;
    await db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '10 minutes' WHERE key = 'key-lease'`,
    );
    const fresh = await runIdempotent(db, ctx, 'key-lease', { same: 1 }, effect('fresh'));
    release();
    await expect(stale).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    expect(fresh.body).toEqual({ label: 'fresh' });
    const { rows } = await db.query(
      `SELECT payload->>'label' AS label FROM outbox_events WHERE type = 'test.effect'`,
    );
    expect(rows.map((r) => r.label)).toEqual(['fresh']);
  });
});
