import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-db.ts';
import { auditAtCommitStatement, verifyAuditChain } from './audit.ts';
import { systemContext } from './auth-context.ts';
import { withTransaction } from './db.ts';
import { eventStatement } from './events.ts';
import { runWrites } from './writes.ts';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const countOf = async (sql: string) => (await test.db.query<{ n: number }>(sql)).rows[0]!.n;

describe('independent writes in one round trip', () => {
  it('runs every statement with its own parameters and tells how many rows each changed', async () => {
    const counts = await withTransaction(test.db, (tx) =>
      runWrites(tx, [
        eventStatement('batch.first', { n: 1 }),
        {
          text: `INSERT INTO outbox_events (type, payload)
                 SELECT $1::text, jsonb_build_object('n', g) FROM generate_series(1, $2::int) AS g`,
          values: ['batch.second', 3],
        },
        {
          text: `UPDATE outbox_events SET attempts = attempts + $1 WHERE type = $2`,
          values: [1, 'nothing.matches'],
        },
        auditAtCommitStatement(systemContext(), { action: 'create', entity: 'batch', entityId: 7 }),
      ]),
    );
    expect(counts).toEqual([1, 3, 0, 1]);
    expect(
      (
        await test.db.query<{ type: string; payload: unknown }>(
          `SELECT type, payload FROM outbox_events WHERE type LIKE 'batch.%' ORDER BY id`,
        )
      ).rows,
    ).toEqual([
      { type: 'batch.first', payload: { n: 1 } },
      { type: 'batch.second', payload: { n: 1 } },
      { type: 'batch.second', payload: { n: 2 } },
      { type: 'batch.second', payload: { n: 3 } },
    ]);
    // The audit entry staged in the batch joined the hash chain at commit.
    expect(await countOf(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'batch'`)).toBe(1);
    expect(await countOf('SELECT count(*)::int AS n FROM audit_at_commit')).toBe(0);
    expect(await verifyAuditChain(test.db)).toMatchObject({ ok: true });
  });

  it('leaves nothing behind when the transaction it ran in rolls back', async () => {
    await expect(
      withTransaction(test.db, async (tx) => {
        await runWrites(tx, [
          eventStatement('batch.rolled_back', {}),
          auditAtCommitStatement(systemContext(), { action: 'create', entity: 'batch_rolled_back' }),
        ]);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(
      await countOf(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'batch.rolled_back'`),
    ).toBe(0);
    expect(await countOf(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'batch_rolled_back'`)).toBe(
      0,
    );
  });

  it('refuses a statement that returns rows of its own', async () => {
    await expect(
      runWrites(test.db, [{ text: 'DELETE FROM outbox_events WHERE id = $1 RETURNING id', values: [0] }]),
    ).rejects.toThrow(/RETURNING/);
  });
});
