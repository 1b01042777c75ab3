import { preparedStatement } from '../../platform/sql.ts';

/**
 * A named statement for the order hot path: PostgreSQL parses and plans it once per
 * connection instead of on every call. The name follows from the text, so queries whose text
 * varies (e.g. with the caller's scope) get one prepared statement per variant.
 */
export function prepared(text: string, values: unknown[]): { name: string; text: string; values: unknown[] } {
  return preparedStatement(text, values, 'sales');
}
