import type { Db, Queryable } from './db.ts';
import type { Logger } from './logger.ts';

export interface Job {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export type JobHandler = (job: Job, db: Db) => Promise<void>;

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /** While a job with this key is queued or running, enqueueing another is a no-op. */
  uniqueKey?: string;
}

export async function enqueueJob(
  db: Queryable,
  kind: string,
  payload: Record<string, unknown> = {},
  options: EnqueueOptions = {},
): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO jobs (kind, payload, run_at, max_attempts, unique_key)
     VALUES ($1, $2::jsonb, coalesce($3, now()), $4, $5)
     ON CONFLICT (unique_key) WHERE status IN ('queued', 'running') DO NOTHING
     RETURNING id`,
    [
      kind,
      JSON.stringify(payload),
      options.runAt ?? null,
      options.maxAttempts ?? 5,
      options.uniqueKey ?? null,
    ],
  );
  return rows[0]?.id ?? null;
}

export interface RecurringJob {
  kind: string;
  /** When the next run after `from` is due. */
  nextRun: (from: Date) => Date;
}

/**
 * A small queue on PostgreSQL. Jobs are claimed with FOR UPDATE SKIP LOCKED and leased for
 * a while, so several servers share the work and a crashed server's jobs are picked up
 * again when the lease runs out. Failures retry with exponential backoff.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly recurring: RecurringJob[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly leaseSeconds = 300,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** A job that schedules its own next run each time it has run. */
  registerRecurring(kind: string, handler: JobHandler, nextRun: (from: Date) => Date): void {
    this.recurring.push({ kind, nextRun });
    this.register(kind, async (job, db) => {
      await handler(job, db);
      await enqueueJob(db, kind, {}, { runAt: nextRun(new Date()), uniqueKey: `recurring:${kind}` });
    });
  }

  /** Makes sure every recurring job has its next run queued. */
  async scheduleRecurring(now = new Date()): Promise<void> {
    for (const job of this.recurring) {
      await enqueueJob(
        this.db,
        job.kind,
        {},
        { runAt: job.nextRun(now), uniqueKey: `recurring:${job.kind}` },
      );
    }
  }

  /** Runs the jobs that are due now, one at a time; returns how many ran. */
  async runDue(limit = 50): Promise<number> {
    let ran = 0;
    while (ran < limit) {
      const job = await this.claim();
      if (!job) break;
      ran++;
      const handler = this.handlers.get(job.kind);
      try {
        if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
        await handler(job, this.db);
        await this.db.query(
          `UPDATE jobs SET status = 'done', finished_at = now(), locked_until = NULL WHERE id = $1`,
          [job.id],
        );
      } catch (error) {
        const message = (error as Error).message;
        this.logger.warn({ err: error, jobId: job.id, kind: job.kind }, 'job failed');
        await this.db.query(
          `UPDATE jobs
              SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                  last_error = $2, locked_until = NULL,
                  finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
                  run_at = now() + make_interval(secs => least(3600, 5 * power(2, attempts)))
            WHERE id = $1`,
          [job.id, message],
        );
      }
    }
    return ran;
  }

  private async claim(): Promise<Job | undefined> {
    const { rows } = await this.db.query<Job>(
      `UPDATE jobs SET status = 'running', attempts = attempts + 1,
              locked_until = now() + make_interval(secs => $1)
        WHERE id = (
          SELECT id FROM jobs
           WHERE (status = 'queued' AND run_at <= now())
              OR (status = 'running' AND locked_until < now())
           ORDER BY run_at, id
           LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, payload, attempts`,
      [this.leaseSeconds],
    );
    return rows[0];
  }

  start(intervalMs = 2000): void {
    const tick = () => {
      this.running = this.runDue()
        .then(() => undefined)
        .catch((error) => this.logger.error({ err: error }, 'job runner failed'))
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
