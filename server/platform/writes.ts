import type { Queryable } from './db.ts';
import { SqlParams } from './sql.ts';

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
