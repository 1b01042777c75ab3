/**
 * Sending one webhook request: HMAC-SHA256 signed, no redirects followed, and the address
 * checked where it matters — every address the name resolves to before connecting, and the
 * address the socket actually connected to (so DNS rebinding cannot slip a private address in).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { isForbiddenAddress } from './webhooks.address.ts';

export const SIGNATURE_HEADER = 'x-pulse-signature';

export function generateSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/** Hex HMAC-SHA256 of `${timestamp}.${body}` with the webhook's secret. */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The X-Pulse-Signature header: `t=<unix seconds>,v1=<hex HMAC>`. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${signPayload(secret, timestamp, body)}`;
}

/**
 * What a receiver does: recompute the HMAC over the raw body with the shared secret, compare
 * in constant time, and refuse stale timestamps (replays).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  rawBody: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  const parts = Object.fromEntries(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  );
  const timestamp = Number(parts.t);
  const given = parts.v1;
  if (!Number.isSafeInteger(timestamp) || typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given))
    return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signPayload(secret, timestamp, rawBody), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

export interface DeliveryAttempt {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  ok: boolean;
}

export interface PostOptions {
  /** Whether an address may be connected to; the strict default refuses private ranges. */
  isAddressAllowed?: (address: string) => boolean;
  timeoutMs?: number;
  now?: Date;
  /** Resolver (tests substitute one). */
  lookup?: typeof dns.lookup;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** POSTs the signed body once; never throws (the outcome says what happened). */
export async function postWebhook(
  target: { url: string; secret: string },
  headers: { eventType: string; deliveryId: number },
  body: string,
  options: PostOptions = {},
): Promise<DeliveryAttempt> {
  const started = Date.now();
  const allowed = options.isAddressAllowed ?? ((address: string) => !isForbiddenAddress(address));
  const done = (statusCode: number | null, error: string | null): DeliveryAttempt => ({
    statusCode,
    error,
    durationMs: Date.now() - started,
    ok: error === null && statusCode !== null && statusCode >= 200 && statusCode < 300,
  });
  const parsed = safeUrl(target.url);
  if (!parsed) return done(null, 'invalid URL');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && !allowed(host)) return done(null, `address ${host} is not allowed`);

  const resolver = options.lookup ?? dns.lookup;
  const lookup = (hostname: string, lookupOptions: dns.LookupOptions, callback: LookupCallback) => {
    resolver(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as dns.LookupAddress[];
      const refused = list.find((a) => !allowed(a.address));
      // One forbidden address among several is enough to refuse: the name points inside.
      if (refused || list.length === 0) {
        const problem = new Error(`address ${refused?.address ?? 'none'} of ${hostname} is not allowed`);
        return callback(problem as NodeJS.ErrnoException, []);
      }
      if (lookupOptions.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };

  const client = parsed.protocol === 'https:' ? https : http;
  const payload = Buffer.from(body, 'utf8');
  return new Promise<DeliveryAttempt>((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      resolve(done(statusCode, error));
    };
    const request = client.request(
      parsed,
      {
        method: 'POST',
        agent: false,
        lookup: lookup as unknown as net.LookupFunction,
        timeout: options.timeoutMs ?? 10_000,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(payload.length),
          'user-agent': 'Pulse-Webhooks/1',
          'x-pulse-event': headers.eventType,
          'x-pulse-delivery': String(headers.deliveryId),
          [SIGNATURE_HEADER]: signatureHeader(target.secret, body, options.now ?? new Date()),
        },
      },
      (response) => {
        const status = response.statusCode ?? null;
        response.resume();
        response.on('end', () => {
          if (status !== null && status >= 300 && status < 400) finish(status, 'redirects are not followed');
          else finish(status, status !== null && status >= 200 && status < 300 ? null : `HTTP ${status}`);
        });
        response.on('error', (error) => finish(status, error.message));
      },
    );
    request.on('socket', (socket) => {
      socket.on('connect', () => {
        const remote = socket.remoteAddress ?? '';
        if (!allowed(remote)) request.destroy(new Error(`connected address ${remote} is not allowed`));
      });
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error) => finish(null, error.message));
    request.end(payload);
  });
}

/** Syntax only: what may be reached is decided by the address checks when connecting. */
function safeUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Seconds before retry n (1-based) of a failed delivery; null when it has failed for good. */
export function retryDelaySeconds(attempt: number): number | null {
  const schedule = [60, 300, 1800, 7200, 43_200];
  return schedule[attempt - 1] ?? null;
}
