import type { Queryable } from './db.ts';
import { preparedStatement, SqlParams } from './sql.ts';

/**
 * Maps each writable field of a request to its column. Only fields listed here ever reach
 * SQL, so a request can never set a column it does not own (no mass assignment).
 */
export type ColumnMap<T> = { readonly [K in keyof T]-?: string };

/** Inserts one row from the mapped fields; returns its id. */
export async function insertRow<T extends object>(
  db: Queryable,
  table: string,
  columns: ColumnMap<T>,
  values: T,
): Promise<number> {
  const keys = Object.keys(columns) as (keyof T & string)[];
  const params = new SqlParams();
  const placeholders = keys.map((key) => params.add(values[key] ?? null));
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO ${table} (${keys.map((key) => columns[key]).join(', ')})
     VALUES (${placeholders.join(', ')}) RETURNING id`,
    params.values,
  );
  return rows[0]!.id;
}

/**
 * Applies the defined fields of `changes` to the row with this id and version, bumping the
 * version. Returns false when no row matched: the caller decides between 404 and 409.
 */
export async function updateVersionedRow<T extends object>(
  db: Queryable,
  table: string,
  columns: ColumnMap<T>,
  id: number,
  version: number,
  changes: Partial<T>,
): Promise<boolean> {
  const params = new SqlParams();
  const sets: string[] = [];
  for (const key of Object.keys(columns) as (keyof T & string)[]) {
    if (changes[key] !== undefined) sets.push(`${columns[key]} = ${params.add(changes[key])}`);
  }
  const { rowCount } = await db.query(
    `UPDATE ${table} SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
      WHERE id = ${params.add(id)} AND version = ${params.add(version)}`,
    params.values,
  );
  return rowCount === 1;
}

/** The fields of a PATCH body that carry a value (undefined means "leave as is"). */
export function definedChanges<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** A parameterised statement that changes rows; its text numbers its own parameters from $1. */
export interface WriteStatement {
  text: string;
  values: unknown[];
  /**
   * How many rows it must change, and the error that fails the transaction when it changes any
   * other number (e.g. a reservation whose condition found less stock than planned).
   */
  mustChange?: { rows: number; otherwise: () => Error };
}

/**
 * Runs independent INSERT/UPDATE/DELETE statements in one round trip, as the data-changing
 * parts of one WITH query, and returns how many rows each one changed. The parts share one
 * snapshot and cannot see each other's rows, so they must not depend on each other (an outbox
 * event, a stored response and an audit entry, say); each runs in full, triggers included.
 * Texts carry no RETURNING and no `$` other than their placeholders. The combined text is
 * parsed and planned once per connection. A statement's `mustChange` is checked here, so the
 * caller's transaction fails with its error.
 */
export async function runWrites(db: Queryable, statements: WriteStatement[]): Promise<number[]> {
  if (statements.length === 0) return [];
  let offset = 0;
  const values: unknown[] = [];
  const parts = statements.map((statement, i) => {
    if (/\breturning\b/i.test(statement.text))
      throw new Error('runWrites: a statement has its own RETURNING');
    const base = offset;
    offset += statement.values.length;
    values.push(...statement.values);
    return `w${i} AS (${statement.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + base}`)} RETURNING 1)`;
  });
  const text = `WITH ${parts.join(', ')} SELECT ${statements.map((_, i) => `(SELECT count(*)::int FROM w${i}) AS c${i}`).join(', ')}`;
  const { rows } = await db.query<Record<string, number>>(preparedStatement(text, values, 'writes'));
  const changed = statements.map((_, i) => rows[0]![`c${i}`]!);
  statements.forEach(({ mustChange }, i) => {
    if (mustChange && changed[i] !== mustChange.rows) throw mustChange.otherwise();
  });
  return changed;
}
