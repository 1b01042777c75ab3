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
