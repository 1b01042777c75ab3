import pg from 'pg';

// bigint (int8) and numeric come back as strings by default; money is bigint fen, and
// a fen amount beyond 2^53 is not a realistic risk for one document, but sums can be
// large, so we keep int8 as string only where it could overflow: parse counts as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds the safe integer range`);
  return n;
});
// Dates are business dates (calendar days), never instants: keep them as 'YYYY-MM-DD'.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Db = pg.Pool;
export type Tx = pg.PoolClient;
/** Anything that can run a query: the pool or a transaction's client. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export function createPool(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000 });
  // An idle client's error (e.g. the server restarted) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

/**
 * Opens a statement that runs as a transaction of its own (on the pool, outside BEGIN) and
 * whose commit need not wait for the disk: `${asyncCommit} INSERT … SELECT … FROM async_commit`.
 * The setting lasts until that statement's own commit (one round trip instead of BEGIN, SET
 * LOCAL, the statement and COMMIT). Only for bookkeeping that a later durable commit depends
 * on: WAL is flushed in order, so a document committed durably after it has made it durable
 * too, and what a crash loses was never relied on by anything durable.
 */
export const asyncCommit = `WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))`;

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

export interface TransactionOptions {
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
  maxAttempts?: number;
}

/**
 * Runs `work` in one transaction. Serialization failures and deadlocks retry the whole
 * transaction a bounded number of times, so `work` must have no effects outside it.
 */
export async function withTransaction<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const client = await db.connect();
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${options.isolation ?? 'READ COMMITTED'}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      const code = (error as { code?: string }).code;
      if (code && RETRYABLE.has(code) && attempt < maxAttempts) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        continue;
      }
      throw error;
    } finally {
      client.release();
    }
  }
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

export function isForeignKeyViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23503';
}
