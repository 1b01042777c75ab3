import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createTestUser,
  signIn,
  TEST_PASSWORD,
  type TestApp,
} from '../../testing/test-app.ts';

let test: TestApp;

beforeAll(async () => {
  test = await createTestApp({
    throttle: { windowMinutes: 15, maxFailuresPerAccount: 3, maxFailuresPerIp: 50 },
  });
  await createTestUser(test, 'alice', ['sales_director'], { displayName: '张丽' });
  await createTestUser(test, 'bob', ['sales_director']);
  await createTestUser(test, 'carol', ['sales_director']);
  await createTestUser(test, 'dave', ['sales_director']);
});
afterAll(() => test.close());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  test.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

describe('signing in and out', () => {
  it('signs in with the right password, sets an HttpOnly SameSite=Lax cookie and shows the user', async () => {
    const response = await login('alice', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({
      username: 'alice',
      displayName: '张丽',
      roles: ['sales_director'],
    });
    const cookie = response.cookies.find((c) => c.name === 'pulse_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await test.app.inject({
      url: '/api/auth/me',
      headers: { cookie: `pulse_session=${cookie.value}` },
    });
    expect(me.json().user.username).toBe('alice');
  });

  it('gives the same answer for an unknown user and a wrong password, in the caller’s language', async () => {
    const wrong = await login('alice', 'not the password', { 'accept-language': 'en' });
    const unknown = await login('nobody-here', 'not the password', { 'accept-language': 'en' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'Wrong username or password',
    });
    const chinese = await login('alice', 'not the password', { 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(chinese.json().error.message).toBe('用户名或密码错误');
  });

  it('ends the session on logout: the next request with the old cookie is refused', async () => {
    const cookie = await signIn(test, 'alice');
    expect((await test.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const out = await test.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const after = await test.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('rotates the session at sign-in: the token held before is ended', async () => {
    const first = await signIn(test, 'alice');
    const response = await login('alice', TEST_PASSWORD, { cookie: first });
    const second = response.cookies.find((c) => c.name === 'pulse_session')!.value;
    expect(`pulse_session=${second}`).not.toBe(first);
    expect((await test.app.inject({ url: '/api/auth/me', headers: { cookie: first } })).statusCode).toBe(401);
  });

  it('expires a session left idle longer than the idle timeout', async () => {
    const cookie = await signIn(test, 'bob');
    await test.database.db.query(
      `UPDATE sessions SET last_seen_at = now() - interval '31 minutes'
        WHERE user_id = (SELECT id FROM users WHERE username = 'bob')`,
    );
    const response = await test.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('keeps a session in use alive, writing its last activity at most once a minute', async () => {
    const cookie = await signIn(test, 'dave');
    const lastSeenAgo = async (ago: string) => {
      await test.database.db.query(
        `UPDATE sessions SET last_seen_at = now() - $1::interval
          WHERE user_id = (SELECT id FROM users WHERE username = 'dave') AND revoked_at IS NULL`,
        [ago],
      );
      expect((await test.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
      const { rows } = await test.database.db.query<{ seconds: number }>(
        `SELECT extract(epoch FROM now() - last_seen_at)::float8 AS seconds FROM sessions
          WHERE user_id = (SELECT id FROM users WHERE username = 'dave') AND revoked_at IS NULL`,
      );
      return rows[0]!.seconds;
    };
    // 29 minutes idle is still inside the 30-minute idle timeout: the request touches the session.
    expect(await lastSeenAgo('29 minutes')).toBeLessThan(5);
    // Seen 30 seconds ago: no write.
    expect(await lastSeenAgo('30 seconds')).toBeGreaterThanOrEqual(29);
  });

  it('expires a session at its absolute timeout even while in use', async () => {
    const cookie = await signIn(test, 'bob');
    await test.database.db.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second'
        WHERE user_id = (SELECT id FROM users WHERE username = 'bob') AND revoked_at IS NULL`,
    );
    const response = await test.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(response.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('refuses anonymous calls to protected routes with 401', async () => {
    const response = await test.app.inject({ url: '/api/auth/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('rejects unknown fields in a request body', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'alice', password: TEST_PASSWORD, isAdmin: true },
      headers: { 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('UNKNOWN_FIELD');
    expect(response.json().error.message).toContain('isAdmin');
  });

  it('records sign-ins and failed sign-ins in the audit trail', async () => {
    const { rows } = await test.database.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE action IN ('login', 'login_failed') GROUP BY action`,
    );
    const counts = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    expect(counts.login).toBeGreaterThanOrEqual(4);
    expect(counts.login_failed).toBeGreaterThanOrEqual(3);
  });
});

describe('login throttling', () => {
  it('answers 429 with Retry-After after too many failures for one account, even with the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await login('carol', 'wrong password')).statusCode).toBe(401);
    const blocked = await login('carol', TEST_PASSWORD, { 'accept-language': 'en' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it('throttles an unknown username exactly like a real one', async () => {
    for (let i = 0; i < 3; i++) await login('ghost', 'wrong password');
    expect((await login('ghost', 'wrong password')).statusCode).toBe(429);
  });

  it('counts failures per IP across accounts', async () => {
    const throttled = await createTestApp({
      throttle: { windowMinutes: 15, maxFailuresPerAccount: 100, maxFailuresPerIp: 4 },
    });
    try {
      const tryLogin = (username: string) =>
        throttled.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: 'wrong password' },
          remoteAddress: '203.0.113.7',
        });
      for (const name of ['u1', 'u2', 'u3', 'u4']) expect((await tryLogin(name)).statusCode).toBe(401);
      expect((await tryLogin('u5')).statusCode).toBe(429);
    } finally {
      await throttled.close();
    }
  });
});

describe('API keys', () => {
  it('shows a key once, stores only its hash, and lets it act as the user', async () => {
    const cookie = await signIn(test, 'dave');
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/auth/api-keys',
      headers: { cookie },
      payload: { name: 'ERP bridge' },
    });
    expect(created.statusCode).toBe(201);
    const { key, prefix } = created.json();
    expect(key).toMatch(new RegExp(`^pulse_${prefix}_`));

    const stored = await test.database.db.query('SELECT * FROM api_keys WHERE prefix = $1', [prefix]);
    const row = stored.rows[0] as Record<string, unknown>;
    expect(Object.values(row).some((value) => String(value).includes(key))).toBe(false);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);

    const listed = await test.app.inject({ url: '/api/auth/api-keys', headers: { cookie } });
    expect(JSON.stringify(listed.json())).not.toContain(key);

    const me = await test.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${key}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('dave');
  });

  it('stops working on the very next request after revocation', async () => {
    const cookie = await signIn(test, 'dave');
    const created = (
      await test.app.inject({
        method: 'POST',
        url: '/api/auth/api-keys',
        headers: { cookie },
        payload: { name: 'temp' },
      })
    ).json();
    const headers = { 'x-api-key': created.key, 'accept-language': 'en' };
    expect((await test.app.inject({ url: '/api/auth/me', headers })).statusCode).toBe(200);
    const revoked = await test.app.inject({
      method: 'DELETE',
      url: `/api/auth/api-keys/${created.id}`,
      headers: { cookie },
    });
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await test.app.inject({ url: '/api/auth/me', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('INVALID_API_KEY');
  });

  it('refuses a forged key with the right prefix', async () => {
    const cookie = await signIn(test, 'dave');
    const created = (
      await test.app.inject({
        method: 'POST',
        url: '/api/auth/api-keys',
        headers: { cookie },
        payload: { name: 'x' },
      })
    ).json();
    const forged = `pulse_${created.prefix}_${'A'.repeat(43)}`;
    expect(
      (await test.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${forged}` } }))
        .statusCode,
    ).toBe(401);
  });
});
