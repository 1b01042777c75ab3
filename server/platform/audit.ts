import type { RequestContext } from './auth-context.ts';
import type { Queryable } from './db.ts';
import type { WriteStatement } from './writes.ts';

export interface AuditEntry {
  /** e.g. 'create', 'update', 'delete', 'login', 'login_failed', 'authz_denied', 'approve'. */
  action: string;
  /** e.g. 'customer', 'user', 'session'. */
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/**
 * Appends one entry to the hash-chained audit trail. Call it inside the transaction that
 * makes the change, so the entry commits — or rolls back — with it.
 */
export async function recordAudit(
  tx: Queryable,
  ctx: RequestContext | null,
  entry: AuditEntry,
): Promise<number> {
  const result = await tx.query<{ seq: number }>(
    'SELECT audit_append($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9) AS seq',
    [
      ctx && ctx.userId > 0 ? ctx.userId : null,
      ctx?.username ?? null,
      entry.action,
      entry.entity,
      entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      entry.reason ?? null,
      ctx?.ip ?? null,
    ],
  );
  return result.rows[0]!.seq;
}

export type AuditVerification =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenAtSeq: number; problem: string };

/**
 * Walks the chain in order and reports the first entry whose stored hash, predecessor hash
 * or sequence number does not match what the chain requires.
 */
export async function verifyAuditChain(db: Queryable, batchSize = 5000): Promise<AuditVerification> {
  let expectedSeq = 1;
  let expectedPrev = '0'.repeat(64);
  let checked = 0;
  for (;;) {
    const { rows } = await db.query<{ seq: number; prev_hash: string; hash: string; recomputed: string }>(
      `SELECT seq, prev_hash, hash,
              audit_digest(prev_hash, seq, at, actor_id, actor_name, action, entity, entity_id, before, after,
                           reason, ip) AS recomputed
         FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
      [expectedSeq, batchSize],
    );
    if (rows.length === 0) return { ok: true, entries: checked };
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          entries: checked,
          brokenAtSeq: expectedSeq,
          problem: `entry ${expectedSeq} is missing`,
        };
      }
      if (row.prev_hash !== expectedPrev) {
        return {
          ok: false,
          entries: checked,
          brokenAtSeq: row.seq,
          problem: `entry ${row.seq} does not chain to entry ${row.seq - 1}`,
        };
      }
      if (row.recomputed !== row.hash) {
        return { ok: false, entries: checked, brokenAtSeq: row.seq, problem: `entry ${row.seq} was altered` };
      }
      expectedPrev = row.hash;
      expectedSeq++;
      checked++;
    }
  }
}

/**
 * Like recordAudit, but the entry joins the hash chain while the transaction commits (a
 * deferred trigger appends it), so the chain's lock is not held across the rest of the
 * transaction and the client's round trip to COMMIT. For hot paths (orders). The entry
 * commits or rolls back with the change; its sequence number is known only after commit.
 */
export async function recordAuditAtCommit(
  tx: Queryable,
  ctx: RequestContext | null,
  entry: AuditEntry,
): Promise<void> {
  await tx.query({ name: 'audit_at_commit_insert', ...auditAtCommitStatement(ctx, entry) });
}

/** recordAuditAtCommit's write, to batch with a transaction's other writes (`runWrites`). */
export function auditAtCommitStatement(ctx: RequestContext | null, entry: AuditEntry): WriteStatement {
  return {
    text: `INSERT INTO audit_at_commit (actor_id, actor_name, action, entity, entity_id, before, after, reason, ip)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9)`,
    values: [
      ctx && ctx.userId > 0 ? ctx.userId : null,
      ctx?.username ?? null,
      entry.action,
      entry.entity,
      entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      entry.reason ?? null,
      ctx?.ip ?? null,
    ],
  };
}
