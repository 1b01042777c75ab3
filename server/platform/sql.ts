import { createHash } from 'node:crypto';

/**
 * Collects the values of a parameterised query so that fragments can be composed safely:
 * `const p = new SqlParams(); sql = \`... WHERE id = ${p.add(id)}\``.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Maps an allow-listed sort key ('name' or '-name') to an ORDER BY clause; unknown keys are refused. */
export function orderBy(
  sort: string | undefined,
  allowed: Record<string, string>,
  fallback: string,
): { sql: string } | { error: string } {
  if (!sort) return { sql: `ORDER BY ${fallback}` };
  const descending = sort.startsWith('-');
  const key = descending ? sort.slice(1) : sort;
  const column = Object.hasOwn(allowed, key) ? allowed[key] : undefined;
  if (!column) return { error: `cannot sort by "${key}"; allowed: ${Object.keys(allowed).join(', ')}` };
  return { sql: `ORDER BY ${column} ${descending ? 'DESC' : 'ASC'} NULLS LAST, ${fallback}` };
}

/** Escapes LIKE wildcards in user search text. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const statementNames = new Map<string, string>();

/**
 * A named statement: PostgreSQL parses and plans it once per connection instead of on every
 * call (for hot paths). The name follows from the text, so queries whose text varies (e.g.
 * with the caller's scope) get one prepared statement per variant; only for texts built from
 * our own fragments, never from input.
 */
export function preparedStatement(
  text: string,
  values: unknown[],
  prefix = 'stmt',
): { name: string; text: string; values: unknown[] } {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `${prefix}_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}
