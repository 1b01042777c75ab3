/**
 * Idempotency keys for POSTs that create documents (orders, shipments, quotes, …).
 *
 * 1. The key is claimed in its own short transaction: a row with status_code NULL means "in
 *    progress". A second request with the same key sees the row: 409 IDEMPOTENCY_IN_PROGRESS
 *    while it runs, 422 IDEMPOTENCY_KEY_REUSED when its body differs, and the stored response
 *    once it has finished.
 * 2. The work stores its response in the same transaction as the document (`store`), so a
 *    committed document always has its response on file and a crash before the commit leaves
 *    neither.
 * 3. When the work fails, the claim is deleted so that a retry can run.
 * 4. A claim left behind by a process that died mid-request (SIGKILL, power loss) is taken
 *    over by a retry once it is older than the lease; the stale holder, should it still be
 *    alive, can no longer store its response (its claim token no longer matches) and rolls
 *    back.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from './auth-context.ts';
import { asyncCommit, type Db, type Queryable } from './db.ts';
import { AppError } from './errors.ts';
import { runWrites, type WriteStatement } from './writes.ts';

/** Longer than any request may take; shorter than a user's patience after a crash. */
export const IDEMPOTENCY_LEASE_SECONDS = 60;

/**
 * Writes the response for the claimed key inside the caller's transaction. `along` are other
 * independent writes of that transaction (outbox event, audit entry) sent in the same round
 * trip; they run whether or not a key was given.
 */
export type StoreResponse = (
  tx: Queryable,
  statusCode: number,
  body: unknown,
  along?: WriteStatement[],
) => Promise<void>;

export interface IdempotentOutcome<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

interface Claim {
  key: string;
  userId: number;
  token: string;
}

/** For work that runs without a key: stores nothing, runs the writes that were to go along. */
export const storeNothing: StoreResponse = async (tx, _statusCode, _body, along = []) => {
  await runWrites(tx, along);
};

/** Key order and whitespace do not make two requests different. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function requestHash(fingerprint: unknown): string {
  return createHash('sha256').update(canonicalJson(fingerprint)).digest('hex');
}

async function claimKey(
  db: Db,
  userId: number,
  key: string,
  hash: string,
): Promise<{ claim: Claim } | { replay: { statusCode: number; body: unknown } }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const claimed = await db.query<{ token: string }>({
      // Named: parsed and planned once per connection (every document-creating POST runs it).
      // The claim's commit need not wait for the disk: the document's durable commit, which
      // stores the response on this row, flushes it too; a claim lost in a crash guarded nothing.
      name: 'idempotency_claim',
      text: `${asyncCommit}
             INSERT INTO idempotency_keys (key, user_id, request_hash)
             SELECT $1::text, $2::bigint, $3::text FROM async_commit
             ON CONFLICT (user_id, key) DO UPDATE SET created_at = clock_timestamp()
              WHERE idempotency_keys.status_code IS NULL AND idempotency_keys.request_hash = EXCLUDED.request_hash
                AND idempotency_keys.created_at < clock_timestamp() - make_interval(secs => $4)
             RETURNING created_at::text AS token`,
      values: [key, userId, hash, IDEMPOTENCY_LEASE_SECONDS],
    });
    if (claimed.rows[0]) return { claim: { key, userId, token: claimed.rows[0].token } };
    const { rows } = await db.query<{
      request_hash: string;
      status_code: number | null;
      response_body: unknown;
    }>(
      'SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
      [userId, key],
    );
    const existing = rows[0];
    // The holder failed and gave the key back between our two statements: claim again.
    if (!existing) continue;
    if (existing.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (existing.status_code === null) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
    return { replay: { statusCode: existing.status_code, body: existing.response_body } };
  }
  throw new AppError('IDEMPOTENCY_IN_PROGRESS');
}

function storeFor(claim: Claim): StoreResponse {
  return async (tx, statusCode, body, along = []) => {
    const [stored] = await runWrites(tx, [
      {
        text: `UPDATE idempotency_keys SET status_code = $3, response_body = $4::jsonb
                WHERE user_id = $1 AND key = $2 AND status_code IS NULL AND created_at = $5::timestamptz`,
        values: [claim.userId, claim.key, statusCode, JSON.stringify(body), claim.token],
      },
      ...along,
    ]);
    // Our lease was taken over by a retry: this attempt must not commit a second document.
    if (stored !== 1) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
  };
}

/**
 * Runs `work` at most once per (user, key). `work` receives `store`, which it calls inside its
 * own transaction with the response it is about to return. Without a key, `work` just runs.
 */
export async function runIdempotent<T>(
  db: Db,
  ctx: RequestContext,
  key: string | undefined,
  fingerprint: unknown,
  work: (store: StoreResponse) => Promise<{ statusCode: number; body: T }>,
): Promise<IdempotentOutcome<T>> {
  if (key === undefined) return { ...(await work(storeNothing)), replayed: false };
  const outcome = await claimKey(db, ctx.userId, key, requestHash(fingerprint));
  if ('replay' in outcome) {
    return { statusCode: outcome.replay.statusCode, body: outcome.replay.body as T, replayed: true };
  }
  const { claim } = outcome;
  let stored = false;
  const store = storeFor(claim);
  try {
    const result = await work(async (tx, statusCode, body, along) => {
      await store(tx, statusCode, body, along);
      stored = true;
    });
    // Work that could not store inside its transaction (none of ours) still records the result.
    if (!stored) await store(db, result.statusCode, result.body);
    return { ...result, replayed: false };
  } catch (error) {
    await db
      .query(
        `DELETE FROM idempotency_keys
          WHERE user_id = $1 AND key = $2 AND status_code IS NULL AND created_at = $3::timestamptz`,
        [claim.userId, claim.key, claim.token],
      )
      .catch(() => {});
    throw error;
  }
}

/**
 * Route glue: takes the Idempotency-Key header, fingerprints method, route, params and body,
 * and sends the (possibly replayed) response. A replay carries `Idempotent-Replayed: true`.
 */
export async function replyIdempotent<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  work: (store: StoreResponse) => Promise<{ statusCode: number; body: T }>,
) {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  const fingerprint = {
    method: request.method,
    route: request.routeOptions.url,
    params: request.params,
    body: request.body,
  };
  const outcome = await runIdempotent(db, ctx, key, fingerprint, work);
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(outcome.statusCode).send(outcome.body);
}
