import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  postWebhook,
  retryDelaySeconds,
  SIGNATURE_HEADER,
  signatureHeader,
  verifyWebhookSignature,
} from './webhooks.delivery.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let port: number;
let received: Received[] = [];
let answer: { status: number; headers?: Record<string, string> } = { status: 200 };

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(answer.status, answer.headers ?? {});
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
  answer = { status: 200 };
});

const secret = 'whsec_test-secret';
const allowLoopback = () => true;

describe('webhook signature', () => {
  const body = JSON.stringify({ type: 'approval.approved', data: { approvalId: 7 } });
  const at = new Date('2026-03-02T08:00:00Z');

  it('is verifiable by the receiver with the shared secret', () => {
    const header = signatureHeader(secret, body, at);
    expect(header).toMatch(/^t=1772438400,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, { now: at })).toBe(true);
  });

  it('fails for another body, another secret or a stale timestamp', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifyWebhookSignature(secret, header, body.replace('7', '8'), { now: at })).toBe(false);
    expect(verifyWebhookSignature('whsec_other', header, body, { now: at })).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { now: new Date(at.getTime() + 301_000) })).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, 'v1=abc', body, { now: at })).toBe(false);
  });
});

describe('webhook delivery', () => {
  it('posts the signed body, which the receiver verifies', async () => {
    const body = JSON.stringify({ type: 'ping', data: { n: 1 } });
    const outcome = await postWebhook(
      { url: `http://127.0.0.1:${port}/hook`, secret },
      { eventType: 'ping', deliveryId: 42 },
      body,
      { isAddressAllowed: allowLoopback },
    );
    expect(outcome).toMatchObject({ ok: true, statusCode: 200, error: null });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.body).toBe(body);
    expect(request!.headers['x-pulse-event']).toBe('ping');
    expect(request!.headers['x-pulse-delivery']).toBe('42');
    expect(verifyWebhookSignature(secret, String(request!.headers[SIGNATURE_HEADER]), request!.body)).toBe(
      true,
    );
  });

  it('refuses a loopback address before connecting', async () => {
    const outcome = await postWebhook(
      { url: `http://127.0.0.1:${port}/hook`, secret },
      { eventType: 'ping', deliveryId: 1 },
      '{}',
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toContain('not allowed');
    expect(received).toHaveLength(0);
  });

  it('refuses a name that resolves to a loopback address (checked when connecting)', async () => {
    const outcome = await postWebhook(
      { url: `http://localhost:${port}/hook`, secret },
      { eventType: 'ping', deliveryId: 1 },
      '{}',
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toContain('not allowed');
    expect(received).toHaveLength(0);
  });

  it('refuses a public-looking name whose resolver answers with a private address', async () => {
    const outcome = await postWebhook(
      { url: `http://hooks.example.com:${port}/hook`, secret },
      { eventType: 'ping', deliveryId: 1 },
      '{}',
      {
        lookup: ((
          _host: string,
          _options: unknown,
          callback: (e: null, a: { address: string; family: number }[]) => void,
        ) =>
          callback(null, [
            { address: '93.184.216.34', family: 4 },
            { address: '10.0.0.5', family: 4 },
          ])) as never,
      },
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toContain('10.0.0.5');
    expect(received).toHaveLength(0);
  });

  it('checks the address the socket actually connected to', async () => {
    const seen: string[] = [];
    // Allowed when resolving, refused once connected: what DNS rebinding would look like.
    const policy = (address: string) => {
      seen.push(address);
      return seen.length === 1;
    };
    const outcome = await postWebhook(
      { url: `http://rebind.example.com:${port}/hook`, secret },
      { eventType: 'ping', deliveryId: 1 },
      '{}',
      {
        isAddressAllowed: policy,
        lookup: ((
          _host: string,
          _options: unknown,
          callback: (e: null, a: { address: string; family: number }[]) => void,
        ) => callback(null, [{ address: '127.0.0.1', family: 4 }])) as never,
      },
    );
    expect(seen).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toContain('connected address 127.0.0.1 is not allowed');
  });

  it('does not follow redirects', async () => {
    answer = { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } };
    const outcome = await postWebhook(
      { url: `http://127.0.0.1:${port}/hook`, secret },
      { eventType: 'ping', deliveryId: 1 },
      '{}',
      { isAddressAllowed: allowLoopback },
    );
    expect(outcome).toMatchObject({ ok: false, statusCode: 302, error: 'redirects are not followed' });
    expect(received).toHaveLength(1);
  });

  it('counts an error answer as a failure', async () => {
    answer = { status: 500 };
    const outcome = await postWebhook(
      { url: `http://127.0.0.1:${port}/hook`, secret },
      { eventType: 'ping', deliveryId: 1 },
      '{}',
      { isAddressAllowed: allowLoopback },
    );
    expect(outcome).toMatchObject({ ok: false, statusCode: 500 });
  });

  it('retries after 1 min, 5 min, 30 min, 2 h and 12 h, then gives up', () => {
    expect([1, 2, 3, 4, 5, 6].map(retryDelaySeconds)).toEqual([60, 300, 1800, 7200, 43_200, null]);
  });
});
