import { createHash } from 'node:crypto';

const names = new Map<string, string>();

/**
 * A named statement for the order hot path: PostgreSQL parses and plans it once per
 * connection instead of on every call. The name follows from the text, so queries whose text
 * varies (e.g. with the caller's scope) get one prepared statement per variant.
 */
export function prepared(text: string, values: unknown[]): { name: string; text: string; values: unknown[] } {
  let name = names.get(text);
  if (name === undefined) {
    name = `sales_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return { name, text, values };
}
