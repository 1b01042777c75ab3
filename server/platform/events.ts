import type { Db, Queryable } from './db.ts';
import type { Logger } from './logger.ts';
import type { WriteStatement } from './writes.ts';

/** A domain event as stored in the outbox. */
export interface DomainEvent<P = Record<string, unknown>> {
  id: number;
  type: string;
  payload: P;
  createdAt: string;
}

export type EventHandler = (event: DomainEvent, db: Db) => Promise<void>;

/** The outbox write of an event, to batch with a transaction's other writes (`runWrites`). */
export function eventStatement(type: string, payload: Record<string, unknown>): WriteStatement {
  return {
    text: 'INSERT INTO outbox_events (type, payload) VALUES ($1, $2::jsonb)',
    values: [type, JSON.stringify(payload)],
  };
}

/** Writes an event in the caller's transaction; it is dispatched only if that transaction commits. */
export async function emitEvent(
  tx: Queryable,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await tx.query(eventStatement(type, payload));
}

/**
 * Delivers committed events to the handlers registered for their type. Several servers can
 * run dispatchers side by side: each event is claimed with FOR UPDATE SKIP LOCKED. A failing
 * handler leaves the event for a later attempt with backoff.
 */
export class OutboxDispatcher {
  private readonly handlers = new Map<string, EventHandler[]>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  on(type: string, handler: EventHandler): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler);
    this.handlers.set(type, list);
  }

  /** Dispatches every pending event once; returns how many were delivered. */
  async dispatchPending(limit = 100): Promise<number> {
    let delivered = 0;
    for (;;) {
      const client = await this.db.connect();
      let claimed = false;
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{
          id: number;
          type: string;
          payload: Record<string, unknown>;
          created_at: Date;
          attempts: number;
        }>(
          `SELECT id, type, payload, created_at, attempts FROM outbox_events
            WHERE dispatched_at IS NULL AND available_at <= now()
            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        const row = rows[0];
        if (!row) {
          await client.query('COMMIT');
          break;
        }
        claimed = true;
        const event: DomainEvent = {
          id: row.id,
          type: row.type,
          payload: row.payload,
          createdAt: row.created_at.toISOString(),
        };
        try {
          for (const handler of this.handlers.get(row.type) ?? []) await handler(event, this.db);
          await client.query(
            'UPDATE outbox_events SET dispatched_at = now(), attempts = attempts + 1 WHERE id = $1',
            [row.id],
          );
          delivered++;
        } catch (error) {
          const backoffSeconds = Math.min(3600, 2 ** row.attempts * 5);
          await client.query(
            `UPDATE outbox_events SET attempts = attempts + 1, last_error = $2,
                    available_at = now() + make_interval(secs => $3) WHERE id = $1`,
            [row.id, (error as Error).message, backoffSeconds],
          );
          this.logger.warn(
            { err: error, eventId: row.id, type: row.type },
            'event handler failed; will retry',
          );
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
      if (!claimed || delivered >= limit) break;
    }
    return delivered;
  }

  start(intervalMs = 1000): void {
    const tick = () => {
      this.running = this.dispatchPending()
        .then(() => undefined)
        .catch((error) => this.logger.error({ err: error }, 'outbox dispatch failed'))
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
