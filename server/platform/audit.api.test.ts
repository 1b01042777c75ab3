import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, signIn, type TestApp } from '../testing/test-app.ts';
import { asSuperuser } from '../testing/test-db.ts';
import { recordAudit, verifyAuditChain } from './audit.ts';
import { systemContext } from './auth-context.ts';
import { withTransaction } from './db.ts';

let test: TestApp;
let cookie: string;

beforeAll(async () => {
  test = await createTestApp();
  await createTestUser(test, 'root', ['admin']);
  cookie = await signIn(test, 'root');
});
afterAll(() => test.close());

const countAudit = async (where = 'TRUE', params: unknown[] = []) =>
  (
    await test.database.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE ${where}`,
      params,
    )
  ).rows[0]!.n;

describe('audit trail', () => {
  it('writes exactly one entry per mutation, with before and after', async () => {
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: { username: 'eve', displayName: 'Eve', password: 'long enough pw', roles: ['finance'] },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(await countAudit(`entity = 'user' AND entity_id = $1`, [String(id)])).toBe(1);

    const updated = await test.app.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      headers: { cookie },
      payload: { version: created.json().version, displayName: 'Eve Li' },
    });
    expect(updated.statusCode).toBe(200);
    const { rows } = await test.database.db.query(
      `SELECT action, before->>'displayName' AS before, after->>'displayName' AS after, actor_name
         FROM audit_log WHERE entity = 'user' AND entity_id = $1 ORDER BY seq`,
      [String(id)],
    );
    expect(rows).toEqual([
      { action: 'create', before: null, after: 'Eve', actor_name: 'root' },
      { action: 'update', before: 'Eve', after: 'Eve Li', actor_name: 'root' },
    ]);
  });

  it('writes no entry when the change is refused and rolled back', async () => {
    const before = await countAudit();
    const stale = await test.app.inject({
      method: 'PATCH',
      url: '/api/users/1',
      headers: { cookie },
      payload: { version: 999, displayName: 'never' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    await expect(
      withTransaction(test.deps.db, async (tx) => {
        await recordAudit(tx, systemContext(), { action: 'create', entity: 'thing', entityId: 1 });
        throw new Error('business rule failed after the audit write');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await countAudit()).toBe(before);
  });

  it('records a refused authorisation', async () => {
    await createTestUser(test, 'rep', ['sales_rep']);
    const repCookie = await signIn(test, 'rep');
    const response = await test.app.inject({ url: '/api/users', headers: { cookie: repCookie } });
    expect(response.statusCode).toBe(403);
    expect(
      await countAudit(`action = 'authz_denied' AND actor_name = 'rep' AND entity_id = 'GET /api/users'`),
    ).toBe(1);
  });

  it('cannot be changed or deleted by the application', async () => {
    await expect(test.database.db.query(`UPDATE audit_log SET reason = 'x' WHERE seq = 1`)).rejects.toThrow();
    await expect(test.database.db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow();
    await expect(test.database.db.query('TRUNCATE audit_log')).rejects.toThrow();
  });

  it('verifies an intact chain', async () => {
    const result = await verifyAuditChain(test.database.db);
    expect(result).toEqual({ ok: true, entries: await countAudit() });
  });

  it('detects an entry edited behind the application’s back', async () => {
    await asSuperuser(
      test.database,
      `ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
       UPDATE audit_log SET after = jsonb_set(after, '{displayName}', '"Mallory"') WHERE seq = 3;
       ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;`,
    );
    const result = await verifyAuditChain(test.database.db);
    expect(result).toMatchObject({ ok: false, brokenAtSeq: 3, problem: 'entry 3 was altered' });
  });

  it('detects a deleted entry', async () => {
    const other = await createTestApp();
    try {
      for (let i = 0; i < 5; i++) {
        await withTransaction(other.deps.db, (tx) =>
          recordAudit(tx, systemContext(), { action: 'create', entity: 'thing', entityId: i }),
        );
      }
      expect((await verifyAuditChain(other.database.db)).ok).toBe(true);
      await asSuperuser(
        other.database,
        `ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
         DELETE FROM audit_log WHERE seq = 2;
         ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;`,
      );
      expect(await verifyAuditChain(other.database.db)).toMatchObject({ ok: false, brokenAtSeq: 2 });
    } finally {
      await other.close();
    }
  });
});

describe('audit trail API', () => {
  it('lists entries for auditing roles with filters, and refuses everyone else', async () => {
    const response = await test.app.inject({
      url: '/api/audit?entity=user&action=update',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(
      body.items.every(
        (e: { entity: string; action: string }) => e.entity === 'user' && e.action === 'update',
      ),
    ).toBe(true);
    const repCookie = await signIn(test, 'rep');
    expect((await test.app.inject({ url: '/api/audit', headers: { cookie: repCookie } })).statusCode).toBe(
      403,
    );
  });

  it('verifies the chain through the API', async () => {
    const response = await test.app.inject({ url: '/api/audit/verify', headers: { cookie } });
    expect(response.json()).toMatchObject({ ok: false, brokenAtSeq: 3 });
  });
});
