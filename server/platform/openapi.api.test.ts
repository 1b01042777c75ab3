import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { permissions } from './permissions.ts';

let test: TestApp;

beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test.close());

describe('OpenAPI description', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const response = await test.app.inject({ url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every API route', async () => {
    const document = (await test.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, object>;
    };
    const documented = new Set(
      Object.entries(document.paths).flatMap(([url, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${url}`),
      ),
    );
    const registered = test.app.routeTable
      .filter((route) => !route.url.startsWith('/api/docs') && route.url !== '/api/openapi.json')
      .filter((route) => route.method !== 'HEAD')
      .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(registered).toContain('POST /api/auth/login');
    expect(registered).toContain('GET /api/users/{id}');
    for (const route of registered) expect(documented).toContain(route);
  });

  it('serves interactive documentation', async () => {
    const response = await test.app.inject({ url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger');
  });
});

describe('route access declarations', () => {
  it('every API route declares who may call it', () => {
    expect(test.app.routeTable.length).toBeGreaterThan(5);
    const allowed = ['public', 'authenticated', ...permissions];
    const undeclared = test.app.routeTable.filter((route) => !allowed.includes(route.access));
    expect(undeclared).toEqual([]);
  });

  it('refuses to start when a route declares no access', async () => {
    const bare = await import('fastify').then((m) => m.default());
    bare.addHook('onRoute', (route) => {
      if (!(route.config as { access?: string } | undefined)?.access)
        throw new Error(`${route.url} declares no access`);
    });
    expect(() => bare.get('/api/undeclared', async () => 'x')).toThrow('declares no access');
  });
});
