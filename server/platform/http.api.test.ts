import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, signIn, type TestApp } from '../testing/test-app.ts';

let test: TestApp;
let cookie: string;

beforeAll(async () => {
  test = await createTestApp({ limits: { bodyBytes: 2048, maxPageSize: 500, maxExportRows: 2 } }, (app) => {
    app.get('/api/test/boom', { config: { access: 'public' } }, async () => {
      throw new Error(
        'duplicate key value violates unique constraint "users_pkey" at SELECT password_hash FROM users',
      );
    });
    app.get('/api/test/sql-error', { config: { access: 'public' } }, async () => {
      await test.deps.db.query('SELECT * FROM table_that_does_not_exist');
      return {};
    });
  });
  await createTestUser(test, 'boss', ['admin']);
  cookie = await signIn(test, 'boss');
});
afterAll(() => test.close());

describe('HTTP error handling', () => {
  it('answers an unexpected failure with 500 INTERNAL_ERROR and no stack, SQL or message leak', async () => {
    for (const url of ['/api/test/boom', '/api/test/sql-error']) {
      const response = await test.app.inject({ url, headers: { 'accept-language': 'en' } });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' },
      });
      expect(response.body).not.toMatch(/SELECT|users_pkey|table_that_does_not_exist|at .*\.ts/);
    }
  });

  it('refuses a body over the size cap with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'x'.repeat(5000), password: 'y' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses malformed JSON with 400 and a clear message', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      payload: '{"username": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The request is not valid: the body is not valid JSON',
    });
  });

  it('caps exports and answers EXPORT_TOO_LARGE beyond the cap', async () => {
    await test.deps.db.query(`
      INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES (1, NULL, 'country', 'CN', '中国', 'China');
      INSERT INTO customers (code, name, name_normalized, type, channel, region_id)
      SELECT 'C' || i, '客户' || i, '客户' || i, 'clinic', 'direct', 1 FROM generate_series(1, 3) i;`);
    const response = await test.app.inject({
      url: '/api/customers/export',
      headers: { cookie, 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'EXPORT_TOO_LARGE',
      message: 'Export is limited to 2 rows; narrow the filter',
    });
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const response = await test.app.inject({
      url: '/api/no-such-thing',
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'NOT_FOUND', message: '未找到' } });
  });

  it('reports health: database reachable and migrations current', async () => {
    const response = await test.app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      database: 'ok',
      migrations: { current: true, pending: [] },
    });
  });
});
