import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { withTransaction } from './db.ts';
import { type DomainEvent, emitEvent, OutboxDispatcher } from './events.ts';
import { enqueueJob, type Job, JobRunner } from './jobs.ts';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test.close());

describe('transactional outbox', () => {
  it('delivers an event only after its transaction commits, and never one that rolled back', async () => {
    const dispatcher = new OutboxDispatcher(test.deps.db, test.deps.logger);
    const seen: DomainEvent[] = [];
    dispatcher.on('order.confirmed', async (event) => {
      seen.push(event);
    });
    await withTransaction(test.deps.db, (tx) => emitEvent(tx, 'order.confirmed', { orderId: 1 }));
    await expect(
      withTransaction(test.deps.db, async (tx) => {
        await emitEvent(tx, 'order.confirmed', { orderId: 2 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await dispatcher.dispatchPending()).toBe(1);
    expect(seen.map((e) => e.payload)).toEqual([{ orderId: 1 }]);
    expect(await dispatcher.dispatchPending()).toBe(0);
  });

  it('keeps a failed event for a later attempt with backoff', async () => {
    const dispatcher = new OutboxDispatcher(test.deps.db, test.deps.logger);
    dispatcher.on('invoice.overdue', async () => {
      throw new Error('mail server down');
    });
    await emitEvent(test.deps.db, 'invoice.overdue', { invoiceId: 7 });
    expect(await dispatcher.dispatchPending()).toBe(0);
    const { rows } = await test.deps.db.query(
      `SELECT attempts, last_error, dispatched_at, available_at > now() AS later FROM outbox_events WHERE type = 'invoice.overdue'`,
    );
    expect(rows[0]).toMatchObject({
      attempts: 1,
      last_error: 'mail server down',
      dispatched_at: null,
      later: true,
    });
  });

  it('lets two dispatchers share the work without delivering an event twice', async () => {
    const counts = new Map<number, number>();
    const make = () => {
      const d = new OutboxDispatcher(test.deps.db, test.deps.logger);
      d.on('stock.moved', async (event) => {
        const id = event.payload.n as number;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      });
      return d;
    };
    for (let n = 0; n < 40; n++) await emitEvent(test.deps.db, 'stock.moved', { n });
    const [a, b] = [make(), make()];
    const delivered = await Promise.all([a.dispatchPending(1000), b.dispatchPending(1000)]);
    expect(delivered[0] + delivered[1]).toBe(40);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(counts.size).toBe(40);
  });
});

describe('job runner', () => {
  it('runs due jobs once, leaves future ones, and retries a failure', async () => {
    const runner = new JobRunner(test.deps.db, test.deps.logger);
    const ran: Job[] = [];
    let failOnce = true;
    runner.register('rerate', async (job) => {
      ran.push(job);
    });
    runner.register('flaky', async () => {
      if (failOnce) {
        failOnce = false;
        throw new Error('temporary');
      }
    });
    await enqueueJob(test.deps.db, 'rerate', { customerId: 1 });
    await enqueueJob(test.deps.db, 'rerate', { customerId: 2 }, { runAt: new Date(Date.now() + 3600_000) });
    const flakyId = await enqueueJob(test.deps.db, 'flaky');
    expect(await runner.runDue()).toBe(2);
    expect(ran.map((j) => j.payload)).toEqual([{ customerId: 1 }]);
    const flaky = await test.deps.db.query('SELECT status, attempts, last_error FROM jobs WHERE id = $1', [
      flakyId,
    ]);
    expect(flaky.rows[0]).toEqual({ status: 'queued', attempts: 1, last_error: 'temporary' });
    await test.deps.db.query('UPDATE jobs SET run_at = now() WHERE id = $1', [flakyId]);
    expect(await runner.runDue()).toBe(1);
    expect(
      (await test.deps.db.query('SELECT status FROM jobs WHERE id = $1', [flakyId])).rows[0].status,
    ).toBe('done');
  });

  it('schedules a recurring job once, however many servers start', async () => {
    const next = (from: Date) => new Date(from.getTime() + 86_400_000);
    const runners = [1, 2].map(() => {
      const r = new JobRunner(test.deps.db, test.deps.logger);
      r.registerRecurring('nightly-quality', async () => {}, next);
      return r;
    });
    await Promise.all(runners.map((r) => r.scheduleRecurring()));
    const { rows } = await test.deps.db.query(
      `SELECT count(*)::int AS n FROM jobs WHERE kind = 'nightly-quality' AND status = 'queued'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('picks up a job whose server died mid-run once its lease expires', async () => {
    const id = await enqueueJob(test.deps.db, 'orphan');
    await test.deps.db.query(
      `UPDATE jobs SET status = 'running', locked_until = now() - interval '1 second' WHERE id = $1`,
      [id],
    );
    const runner = new JobRunner(test.deps.db, test.deps.logger);
    let ran = 0;
    runner.register('orphan', async () => {
      ran++;
    });
    await runner.runDue();
    expect(ran).toBe(1);
  });
});
