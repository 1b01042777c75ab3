/**
 * Outgoing webhooks: subscriptions to domain events, a delivery per event and subscriber
 * (written when the outbox hands the event over, so only committed events leave), sent by a
 * job with retries and backoff, every attempt logged.
 */
import type {
  CreateWebhookRequest,
  UpdateWebhookRequest,
  Webhook,
  WebhookDelivery,
} from '../../../contracts/workflow.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events.ts';
import { enqueueJob } from '../../platform/jobs.ts';
import { pageClause } from '../../platform/listing.ts';
import { SqlParams } from '../../platform/sql.ts';
import { checkWebhookUrl } from './webhooks.address.ts';
import { generateSecret, type PostOptions, postWebhook, retryDelaySeconds } from './webhooks.delivery.ts';

export const DELIVER_JOB = 'workflow.webhook_deliver';

interface WebhookRow {
  id: number;
  name: string;
  url: string;
  secret: string;
  eventTypes: Webhook['eventTypes'];
  isActive: boolean;
  version: number;
  createdAt: Date;
  lastStatus: string | null;
  lastAt: Date | null;
}

const columns = `w.id, w.name, w.url, w.secret, w.event_types AS "eventTypes", w.is_active AS "isActive", w.version,
  w.created_at AS "createdAt",
  (SELECT d.status FROM workflow_webhook_deliveries d WHERE d.webhook_id = w.id ORDER BY d.id DESC LIMIT 1) AS "lastStatus",
  (SELECT coalesce(d.delivered_at, d.created_at) FROM workflow_webhook_deliveries d WHERE d.webhook_id = w.id
    ORDER BY d.id DESC LIMIT 1) AS "lastAt"`;

function present(row: WebhookRow): Webhook {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    eventTypes: row.eventTypes,
    isActive: row.isActive,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    lastDelivery:
      row.lastStatus && row.lastAt ? { status: row.lastStatus, at: row.lastAt.toISOString() } : null,
  };
}

async function findWebhook(db: Queryable, id: number): Promise<WebhookRow | undefined> {
  const { rows } = await db.query<WebhookRow>(`SELECT ${columns} FROM workflow_webhooks w WHERE w.id = $1`, [
    id,
  ]);
  return rows[0];
}

function assertUrl(url: string): void {
  const check = checkWebhookUrl(url);
  if (!check.ok) throw new AppError('WEBHOOK_URL_REFUSED', { detail: check.reason });
}

export async function listWebhooks(db: Queryable): Promise<Webhook[]> {
  const { rows } = await db.query<WebhookRow>(`SELECT ${columns} FROM workflow_webhooks w ORDER BY w.id`);
  return rows.map(present);
}

export async function createWebhook(db: Db, ctx: RequestContext, input: CreateWebhookRequest) {
  assertUrl(input.url);
  return withTransaction(db, async (tx) => {
    const secret = generateSecret();
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO workflow_webhooks (name, url, secret, event_types, is_active, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.name, input.url, secret, input.eventTypes, input.isActive, ctx.userId > 0 ? ctx.userId : null],
    );
    const id = rows[0]!.id;
    const created = present((await findWebhook(tx, id))!);
    // The secret stays out of the audit trail.
    await recordAudit(tx, ctx, { action: 'create', entity: 'webhook', entityId: id, after: created });
    return { ...created, secret };
  });
}

export async function updateWebhook(db: Db, ctx: RequestContext, id: number, input: UpdateWebhookRequest) {
  if (input.url !== undefined) assertUrl(input.url);
  return withTransaction(db, async (tx) => {
    const before = await findWebhook(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    const secret = input.rotateSecret ? generateSecret() : null;
    const result = await tx.query(
      `UPDATE workflow_webhooks
          SET name = coalesce($3, name), url = coalesce($4, url), event_types = coalesce($5, event_types),
              is_active = coalesce($6, is_active), secret = coalesce($7, secret), version = version + 1,
              updated_at = now()
        WHERE id = $1 AND version = $2`,
      [
        id,
        input.version,
        input.name ?? null,
        input.url ?? null,
        input.eventTypes ?? null,
        input.isActive ?? null,
        secret,
      ],
    );
    if (result.rowCount !== 1) throw new AppError('VERSION_CONFLICT');
    const after = present((await findWebhook(tx, id))!);
    await recordAudit(tx, ctx, {
      action: 'update',
      entity: 'webhook',
      entityId: id,
      before: present(before),
      after: { ...after, secretRotated: secret !== null },
    });
    return secret ? { ...after, secret } : after;
  });
}

export async function deleteWebhook(db: Db, ctx: RequestContext, id: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const before = await findWebhook(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    await tx.query('DELETE FROM workflow_webhooks WHERE id = $1', [id]);
    await recordAudit(tx, ctx, {
      action: 'delete',
      entity: 'webhook',
      entityId: id,
      before: present(before),
    });
  });
}

export async function listDeliveries(
  db: Queryable,
  webhookId: number,
  query: { page: number; pageSize: number },
  maxPageSize: number,
) {
  if (!(await findWebhook(db, webhookId))) throw new AppError('NOT_FOUND');
  const params = new SqlParams();
  params.add(webhookId);
  const page = pageClause(query, maxPageSize, params);
  const { rows } = await db.query<WebhookDelivery & { total: number }>(
    `SELECT d.id, d.event_type AS "eventType", d.event_id AS "eventId", d.status, d.attempts,
            to_char(d.next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "nextAttemptAt",
            d.last_status AS "lastStatus", d.last_error AS "lastError",
            to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
            to_char(d.delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "deliveredAt",
            d.payload,
            coalesce((SELECT json_agg(json_build_object('attempt', a.attempt,
                        'at', to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                        'statusCode', a.status_code, 'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.attempt)
                        FROM workflow_webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS log,
            count(*) OVER ()::int AS total
       FROM workflow_webhook_deliveries d WHERE d.webhook_id = $1 ORDER BY d.id DESC ${page}`,
    params.values,
  );
  return {
    items: rows.map(({ total: _total, ...delivery }) => delivery),
    total: rows[0]?.total ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Queues a delivery of `payload` to one webhook; returns its id (null when this event was queued already). */
export async function queueDelivery(
  tx: Queryable,
  webhookId: number,
  eventType: string,
  eventId: number | null,
  payload: Record<string, unknown>,
): Promise<number | null> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO workflow_webhook_deliveries (webhook_id, event_type, event_id, payload, next_attempt_at)
     VALUES ($1, $2, $3, $4::jsonb, now())
     ON CONFLICT (webhook_id, event_id) WHERE event_id IS NOT NULL DO NOTHING RETURNING id`,
    [webhookId, eventType, eventId, JSON.stringify(payload)],
  );
  const id = rows[0]?.id ?? null;
  if (id !== null) await enqueueJob(tx, DELIVER_JOB, { deliveryId: id }, { uniqueKey: `webhook:${id}` });
  return id;
}

/** Outbox handler: one delivery per active webhook subscribed to the event's type. */
export async function queueEventDeliveries(db: Db, event: DomainEvent): Promise<number> {
  return withTransaction(db, async (tx) => {
    const { rows } = await tx.query<{ id: number }>(
      `SELECT id FROM workflow_webhooks WHERE is_active AND $1 = ANY(event_types) ORDER BY id`,
      [event.type],
    );
    let queued = 0;
    const body = { id: event.id, type: event.type, createdAt: event.createdAt, data: event.payload };
    for (const webhook of rows) {
      if ((await queueDelivery(tx, webhook.id, event.type, event.id, body)) !== null) queued++;
    }
    return queued;
  });
}

export async function sendTestPing(
  db: Db,
  ctx: RequestContext,
  webhookId: number,
  now: Date,
): Promise<number> {
  return withTransaction(db, async (tx) => {
    if (!(await findWebhook(tx, webhookId))) throw new AppError('NOT_FOUND');
    const id = await queueDelivery(tx, webhookId, 'ping', null, {
      type: 'ping',
      createdAt: now.toISOString(),
      data: { by: ctx.username },
    });
    return id!;
  });
}

export async function retryDelivery(db: Db, webhookId: number, deliveryId: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const result = await tx.query(
      `UPDATE workflow_webhook_deliveries SET status = 'pending', next_attempt_at = now()
        WHERE id = $1 AND webhook_id = $2 AND status = 'failed'`,
      [deliveryId, webhookId],
    );
    if (result.rowCount !== 1) throw new AppError('NOT_FOUND');
    await enqueueJob(tx, DELIVER_JOB, { deliveryId }, { uniqueKey: `webhook:${deliveryId}` });
  });
}

/**
 * One attempt of a delivery (the job). A failure schedules the next attempt with backoff
 * (1 min, 5 min, 30 min, 2 h, 12 h) and after the last marks the delivery failed.
 */
export async function attemptDelivery(
  db: Db,
  deliveryId: number,
  now: Date,
  options: PostOptions = {},
): Promise<'delivered' | 'retrying' | 'failed' | 'skipped'> {
  const { rows } = await db.query<{
    status: string;
    attempts: number;
    eventType: string;
    payload: Record<string, unknown>;
    url: string;
    secret: string;
    isActive: boolean;
  }>(
    `SELECT d.status, d.attempts, d.event_type AS "eventType", d.payload, w.url, w.secret, w.is_active AS "isActive"
       FROM workflow_webhook_deliveries d JOIN workflow_webhooks w ON w.id = d.webhook_id WHERE d.id = $1`,
    [deliveryId],
  );
  const delivery = rows[0];
  if (delivery?.status !== 'pending') return 'skipped';
  const attempt = delivery.attempts + 1;
  const outcome = delivery.isActive
    ? await postWebhook(
        { url: delivery.url, secret: delivery.secret },
        { eventType: delivery.eventType, deliveryId },
        JSON.stringify(delivery.payload),
        { ...options, now },
      )
    : { ok: false, statusCode: null, error: 'webhook is switched off', durationMs: 0 };
  const delay = outcome.ok || !delivery.isActive ? null : retryDelaySeconds(attempt);
  const status = outcome.ok ? 'delivered' : delay === null ? 'failed' : 'pending';
  return withTransaction(db, async (tx) => {
    await tx.query(
      `INSERT INTO workflow_webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (delivery_id, attempt) DO NOTHING`,
      [deliveryId, attempt, now, outcome.statusCode, outcome.error, outcome.durationMs],
    );
    const next = delay === null ? null : new Date(now.getTime() + delay * 1000);
    await tx.query(
      `UPDATE workflow_webhook_deliveries
          SET attempts = $2, status = $3, last_status = $4, last_error = $5, next_attempt_at = $6,
              delivered_at = CASE WHEN $3 = 'delivered' THEN $7::timestamptz END
        WHERE id = $1`,
      [deliveryId, attempt, status, outcome.statusCode, outcome.error, next, now],
    );
    if (next) await enqueueJob(tx, DELIVER_JOB, { deliveryId }, { runAt: next });
    return status === 'pending' ? 'retrying' : (status as 'delivered' | 'failed');
  });
}
